package dev.kiq.cli;

import dev.kiq.KiqException;
import picocli.CommandLine;

/**
 * Turns a known failure into one {@code ERROR:} line on stderr and its exit code ({@link KiqException#exitCode()}:
 * 2 bad input, 1 the cluster, an endpoint or the system refused or failed); anything else is a bug and keeps its
 * trace.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        if (ex instanceof KiqException known) {
            cl.getErr().println("ERROR: " + oneLine(known.getMessage()));
            cl.getErr().flush();
            return known.exitCode();
        }
        throw new RuntimeException(ex);
    }

    /** One line, so a script's {@code grep ERROR:} sees the whole message. */
    static String oneLine(String message) {
        return message == null ? "unknown error" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
