package dev.kiq.cli;

import dev.kiq.Version;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root of the {@code kiq} command line; each verb group is one subcommand class. */
@Command(name = "kiq",
        mixinStandardHelpOptions = true,
        versionProvider = KiqCommand.VersionProvider.class,
        description = "Kubernetes Inference Quickstart: pick a model server, accelerator and autoscaling for an open LLM.")
public final class KiqCommand implements Callable<Integer> {

    /** The verbs, in the order {@code kiq --help} lists them. */
    static final List<Class<?>> VERBS = List.of(
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
            UseCasesCommand.class,
            CalibrateCommand.class,
            BenchCommand.class,
            EmulatorCommand.class,
            TryCommand.class,
            MonitorCommand.class,
            CommandLine.HelpCommand.class);

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

    /** Builds the configured command line with every verb; tests use it to run verbs in-process. */
    public static CommandLine commandLine(Runnable desktop) {
        return commandLine(desktop, VERBS);
    }

    private static CommandLine commandLine(Runnable desktop, List<Class<?>> verbs) {
        CommandLine cl = new CommandLine(new KiqCommand(desktop));
        for (Class<?> verb : verbs) {
            cl.addSubcommand(verb);
        }
        cl.setExecutionExceptionHandler(new UserErrorHandler());
        cl.setParameterExceptionHandler(new ParameterErrorHandler());
        documentExitCodes(cl);
        return cl;
    }

    /** The exit codes every verb keeps, in the order a script checks them; the README's table says the same. */
    static final java.util.Map<String, String> EXIT_CODES = exitCodes();

    private static java.util.Map<String, String> exitCodes() {
        java.util.Map<String, String> codes = new java.util.LinkedHashMap<>();
        codes.put("0", "Done.");
        codes.put("1", "The cluster, an endpoint or the system refused or failed (unreachable cluster, rollout failed,"
                + " permission denied, disk full).");
        codes.put("2", "Bad input: a flag, value or file to correct (one ERROR: line on stderr names it).");
        return java.util.Collections.unmodifiableMap(codes);
    }

    /** Adds the exit codes to the help of the root and of every verb, including verbs added later. */
    private static void documentExitCodes(CommandLine cl) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(EXIT_CODES);
        cl.getSubcommands().values().forEach(KiqCommand::documentExitCodes);
    }

    /**
     * Runs one command line. When it starts with a verb's name, only that verb is built: picocli builds each
     * verb's model by reflection (and loads the classes its options name), which is about half of the start-up
     * time of a quick verb like {@code kiq models list}. {@code kiq --version} builds no verb. Everything else ({@code --help}, {@code help}, an
     * unknown verb, no verb) gets the whole tree.
     */
    public static int run(Runnable desktop, String... args) {
        return commandLine(desktop, verbsFor(args)).execute(args);
    }

    /** The verbs to build for {@code args}: none for the version alone, only the one named first, or all of them. */
    static List<Class<?>> verbsFor(String... args) {
        if (Version.askedAlone(args)) {
            return List.of();
        }
        if (args.length > 0) {
            for (Class<?> verb : VERBS) {
                Command command = verb.getAnnotation(Command.class);
                if (verb != CommandLine.HelpCommand.class && command.name().equals(args[0]) && command.aliases().length == 0) {
                    return List.of(verb);
                }
            }
        }
        return VERBS;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {Version.line()};
        }
    }
}
