package dev.kiq.cli;

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
        root.desktop.run();
        return 0;
    }
}
