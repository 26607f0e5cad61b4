package dev.kiq;

import dev.kiq.cli.KiqCommand;
import dev.kiq.settings.Logs;
import dev.kiq.settings.UserFolders;
import dev.kiq.ui.Display;
import dev.kiq.ui.KiqApp;
import javafx.application.Application;

/**
 * Entry point of the runnable jar; it wires the CLI to the desktop app so that neither imports the other.
 * It must not extend {@code javafx.application.Application}: a shaded jar started from such a class
 * fails with "JavaFX runtime components are missing".
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        if (Version.askedAlone(args)) {
            // the same line picocli prints (KiqCommandTest), without loading picocli: that was half of this command's start-up
            System.out.println(Version.line());
            return;
        }
        // fabric8 and Vert.x log through SLF4J into java.util.logging (slf4j-jdk14): warnings on stderr, one line
        // each; the desktop app also keeps a log file in the user's data folder
        Logs.forCommandLine();
        System.exit(KiqCommand.run(() -> {
            Display.require();
            Logs.forDesktop(UserFolders.forCurrentUser());
            Display.quiet();
            Application.launch(KiqApp.class);
        }, args));
    }
}
