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
        System.exit(KiqCommand.run(() -> Application.launch(KiqApp.class), args));
    }
}
