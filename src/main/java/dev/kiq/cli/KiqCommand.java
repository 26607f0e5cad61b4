package dev.kiq.cli;

import dev.kiq.Version;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root of the {@code kiq} command line; each verb group is one subcommand class. */
@Command(name = "kiq",
        mixinStandardHelpOptions = true,
        versionProvider = KiqCommand.VersionProvider.class,
        description = "Kubernetes Inference Quickstart: pick a model server, accelerator and autoscaling for an open LLM.",
        subcommands = {
                UiCommand.class,
                DeployCommand.class,
                UndeployCommand.class,
                StatusCommand.class,
                ListingCommands.Models.class,
                ListingCommands.ModelServers.class,
                ListingCommands.ModelServerVersions.class,
                AcceleratorsCommand.class,
                ProfilesCommand.class,
                BenchmarksCommand.class,
                ManifestsCommand.class,
                SimulateCommand.class,
                BenchCommand.class,
                EmulatorCommand.class,
                CommandLine.HelpCommand.class
        })
public final class KiqCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Opens the desktop wizard; handed in by the launcher so the CLI never imports the UI. */
    final Runnable desktop;

    public KiqCommand(Runnable desktop) {
        this.desktop = desktop;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Builds the configured command line; tests use it to run verbs in-process. */
    public static CommandLine commandLine(Runnable desktop) {
        CommandLine cl = new CommandLine(new KiqCommand(desktop));
        cl.setExecutionExceptionHandler(new UserErrorHandler());
        cl.setParameterExceptionHandler(new ParameterErrorHandler());
        return cl;
    }

    public static int run(Runnable desktop, String... args) {
        return commandLine(desktop).execute(args);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"kiq " + Version.current()};
        }
    }
}
