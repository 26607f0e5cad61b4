package dev.kiq.cli;

import java.util.List;
import picocli.CommandLine;

/** A mistyped flag or a missing required one: one line naming it and where the help is, exit code 2. */
final class ParameterErrorHandler implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        String suggestion = "";
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                suggestion = "; did you mean " + String.join(" or ", suggestions) + "?";
            }
        }
        cl.getErr().println("ERROR: " + ex.getMessage().strip().replace('\n', ' ') + suggestion
                + " (see " + cl.getCommandSpec().qualifiedName() + " --help)");
        cl.getErr().flush();
        return 2;
    }
}
