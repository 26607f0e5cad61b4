package dev.kiq.ui;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the wizard must never say (issue 11, defect 7): a CLI flag or a kiq command. Commands of other tools quoted
 * for a terminal ({@code `kubectl ...`}, {@code `gcloud ...`}) are the same for CLI and wizard users and may carry
 * their flags.
 */
public final class CliWords {

    /** A flag as a CLI names it: two dashes and a letter. */
    private static final Pattern FLAG = Pattern.compile("--[a-z][a-z-]*");
    /** A kiq command: the wizard speaks of its buttons and steps instead. */
    private static final Pattern KIQ_COMMAND = Pattern.compile("\\bkiq (deploy|undeploy|status|manifests|try|monitor|ui)\\b");
    private static final Pattern TERMINAL_COMMAND = Pattern.compile("`(kubectl|gcloud) [^`]*`");

    private CliWords() {
    }

    /** The first CLI flag or kiq command in {@code text} outside a quoted kubectl/gcloud command, if any. */
    public static Optional<String> in(String text) {
        String outside = TERMINAL_COMMAND.matcher(text).replaceAll("");
        for (Pattern p : new Pattern[] {FLAG, KIQ_COMMAND}) {
            Matcher m = p.matcher(outside);
            if (m.find()) {
                return Optional.of(m.group());
            }
        }
        return Optional.empty();
    }
}
