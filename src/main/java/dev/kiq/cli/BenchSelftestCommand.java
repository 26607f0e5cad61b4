package dev.kiq.cli;

import dev.kiq.bench.selftest.LoadGeneratorSelfTest;
import dev.kiq.catalog.Catalog;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kiq bench selftest}: how good the load generator is on this machine, against an in-process emulator. */
@Command(name = "selftest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure the load generator against an in-process emulator: the highest rate it sends within 2%% "
                + "of the offered rate with no failure and at most 10 ms added to TTFT at p99 (client TTFT minus the "
                + "emulator's own), and how many concurrent streams it holds."})
final class BenchSelftestCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--rates", split = ",", paramLabel = "QPS", description = "Offered rates to try (default 250,500,750,1000,1500,2000).")
    List<Double> rates = new ArrayList<>(List.of(250.0, 500.0, 750.0, 1000.0, 1500.0, 2000.0));

    @Option(names = "--duration", defaultValue = "20", paramLabel = "SECONDS", description = "Seconds per rate (default ${DEFAULT-VALUE}).")
    double duration;

    @Option(names = "--streams", split = ",", paramLabel = "N", description = "Concurrent streams to try (default 1000,2000,4000,8000).")
    List<Integer> streams = new ArrayList<>(List.of(1000, 2000, 4000, 8000));

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        LoadGeneratorSelfTest.Report report = LoadGeneratorSelfTest.run(Catalog.bundled(), rates,
                Duration.ofMillis(Math.round(duration * 1000)), streams, line -> {
                    out.println(line);
                    out.flush();
                });
        report.highestSustained().ifPresentOrElse(r -> out.printf(Locale.ROOT,
                        "highest sustained rate: %.0f req/s (achieved %.1f); added TTFT p50 %.3f ms, p99 %.3f ms%n",
                        r.offered(), r.achieved(), r.addedTtftP50Ms(), r.addedTtftP99Ms()),
                () -> out.println("no rate was sustained"));
        report.mostStreams().ifPresentOrElse(s -> out.printf(Locale.ROOT, "concurrent streams held: %d%n", s.concurrency()),
                () -> out.println("no stream count was held"));
        out.flush();
        return 0;
    }
}
