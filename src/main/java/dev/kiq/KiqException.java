package dev.kiq;

/**
 * A failure the user can act on. Its message is one clear sentence that names the input and what would be valid;
 * the CLI prints it as one {@code ERROR:} line on stderr, without a stack trace, and exits with {@link #exitCode()}:
 * <ul>
 *   <li>{@value #BAD_INPUT} (the constructors): bad input, a flag, file or value the user can correct;</li>
 *   <li>{@value #FAILED} ({@link #failed}): the cluster, an endpoint or the system refused or failed
 *       (unreachable cluster, permission denied, a full disk).</li>
 * </ul>
 */
public class KiqException extends RuntimeException {

    /** Exit code of a command that worked. */
    public static final int OK = 0;
    /** Exit code when the cluster, an endpoint or the system refused or failed. */
    public static final int FAILED = 1;
    /** Exit code for bad input. */
    public static final int BAD_INPUT = 2;

    private final int exitCode;

    /** Bad input (exit code {@value #BAD_INPUT}). */
    public KiqException(String message) {
        this(message, null, BAD_INPUT);
    }

    /** Bad input (exit code {@value #BAD_INPUT}). */
    public KiqException(String message, Throwable cause) {
        this(message, cause, BAD_INPUT);
    }

    protected KiqException(String message, Throwable cause, int exitCode) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The cluster, an endpoint or the system refused or failed (exit code {@value #FAILED}). */
    public static KiqException failed(String message) {
        return new KiqException(message, null, FAILED);
    }

    /** The cluster, an endpoint or the system refused or failed (exit code {@value #FAILED}). */
    public static KiqException failed(String message, Throwable cause) {
        return new KiqException(message, cause, FAILED);
    }

    /** {@value #BAD_INPUT} for bad input, {@value #FAILED} when something outside kiq refused or failed. */
    public int exitCode() {
        return exitCode;
    }
}
