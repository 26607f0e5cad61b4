package dev.kiq.cli;

import dev.kiq.KiqException;
import picocli.CommandLine;

/** Turns a known user error into one clear line and exit code 2; anything else is a bug and keeps its trace. */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        if (ex instanceof KiqException) {
            cl.getErr().println("ERROR: " + ex.getMessage());
            cl.getErr().flush();
            return 2;
        }
        throw new RuntimeException(ex);
    }
}
