package dev.kiq.cli;

import dev.kiq.KiqException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code kiq ui}: opens the desktop wizard. */
@Command(name = "ui", mixinStandardHelpOptions = true, description = "Open the desktop wizard on the bundled profiles.")
final class UiCommand implements Callable<Integer> {

    @ParentCommand
    KiqCommand root;

    @Override
    public Integer call() {
        try {
            root.desktop.run();
        } catch (RuntimeException e) {
            throw missingDesktop(e).orElseThrow(() -> e);
        }
        return 0;
    }

    /**
     * When the desktop could not start because the machine lacks what JavaFX needs (seen on a fresh Debian machine
     * without GTK 3: a 14-line stack trace ending in "Unable to load glass GTK library"): one plain message saying
     * what to install or set. Empty for any other failure, which keeps its trace (a bug).
     */
    static Optional<KiqException> missingDesktop(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("Unable to load glass GTK library")) {
                return Optional.of(KiqException.failed("kiq ui needs GTK 3, which this machine lacks (JavaFX: " + m
                        + "); install it (Debian/Ubuntu: apt-get install libgtk-3-0) or use the kiq commands without"
                        + " the wizard."));
            }
            if (m.contains("Unable to open DISPLAY")) {
                return Optional.of(KiqException.failed("kiq ui needs a display, and DISPLAY is not set or cannot be"
                        + " opened (JavaFX: " + m + "); run it on a desktop session, or use the kiq commands without the"
                        + " wizard."));
            }
        }
        return Optional.empty();
    }
}
