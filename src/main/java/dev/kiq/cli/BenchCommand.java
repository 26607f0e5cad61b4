package dev.kiq.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kiq bench}: measure an endpoint, import other tools' results, measure the load generator itself. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark an OpenAI-compatible endpoint into a measured profile, or import benchmark results.",
        subcommands = {BenchRunCommand.class, BenchImportCommand.class, BenchSelftestCommand.class})
final class BenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
