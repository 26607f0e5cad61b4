package dev.kiq;

/**
 * A failure the user can act on (bad input, missing file, unreachable cluster). Its message is one
 * clear sentence that names the input and what would be valid; the CLI prints it without a stack trace.
 */
public class KiqException extends RuntimeException {

    public KiqException(String message) {
        super(message);
    }

    public KiqException(String message, Throwable cause) {
        super(message, cause);
    }
}
