package dev.kiq;

import dev.kiq.cli.KiqCommand;
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
        // kiq ships no SLF4J binding; name the built-in no-op one so fabric8's logging does not print
        // "No SLF4J providers were found" on every run (and never logs request bodies)
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOPServiceProvider");
        }
        System.exit(KiqCommand.run(() -> Application.launch(KiqApp.class), args));
    }
}
