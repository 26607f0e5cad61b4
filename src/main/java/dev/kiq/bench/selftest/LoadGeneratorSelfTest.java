package dev.kiq.bench.selftest;

import dev.kiq.bench.BenchListener;
import dev.kiq.bench.BenchPlan;
import dev.kiq.bench.BenchRequest;
import dev.kiq.bench.GoodputTargets;
import dev.kiq.bench.LoadGenerator;
import dev.kiq.bench.OpenAiStreamClient;
import dev.kiq.bench.RateResult;
import dev.kiq.bench.RequestSource;
import dev.kiq.bench.TokenEstimate;
import dev.kiq.bench.emulator.EmulatedReplica;
import dev.kiq.bench.emulator.EmulatorServer;
import dev.kiq.bench.emulator.PerfBatchEngine;
import dev.kiq.catalog.Catalog;
import dev.kiq.perf.ServingSetup;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Measures the load generator against an in-process emulator on this machine (a benchmark, not a
 * test): (1) for each offered rate, whether the achieved rate is within {@value #RATE_TOLERANCE} of
 * it with no failure, and how much the client adds to TTFT (client TTFT minus the emulator's own
 * server-side TTFT of the same response, paired by response id); (2) for each concurrency, whether the
 * client holds that many streams open at once without a failure.
 */
public final class LoadGeneratorSelfTest {

    static final double RATE_TOLERANCE = 0.02;
    /**
     * The most a sustained rate's client may add to TTFT at p99: vLLM's own light-load TTFT for a short prompt is
     * 20-60 ms (docs/performance-model.md §10), so a client adding more would blur what it measures.
     */
    static final double ADDED_TTFT_P99_LIMIT_MS = 10;
    static final String MODEL = "meta-llama/Llama-3.2-1B-Instruct";
    static final String ACCELERATOR = "nvidia-h200-141gb";

    /**
     * @param addedTtftP50Ms client TTFT minus server TTFT, median over the rate's requests
     */
    public record RateCheck(double offered, double scheduled, double achieved, int sent, int failed, double lagP99Ms,
                            double addedTtftP50Ms, double addedTtftP99Ms, boolean sustained) {
    }

    public record StreamCheck(int concurrency, int peakInFlight, int succeeded, int failed, boolean held) {
    }

    public record Report(List<RateCheck> rates, List<StreamCheck> streams) {

        public Optional<RateCheck> highestSustained() {
            return rates.stream().filter(RateCheck::sustained).reduce((a, b) -> b.offered() > a.offered() ? b : a);
        }

        public Optional<StreamCheck> mostStreams() {
            return streams.stream().filter(StreamCheck::held).reduce((a, b) -> b.concurrency() > a.concurrency() ? b : a);
        }
    }

    private LoadGeneratorSelfTest() {
    }

    /** A fixed request shape: the generator's cost does not depend on prompt realism. */
    static RequestSource fixed(int in, int out) {
        return new RequestSource() {
            @Override
            public BenchRequest next(SplittableRandom random) {
                return new BenchRequest(TokenEstimate.syntheticText(in, random.nextLong()), in, out);
            }

            @Override
            public String description() {
                return "fixed " + in + "/" + out + " tokens";
            }
        };
    }

    public static Report run(Catalog catalog, List<Double> rates, Duration perRate, List<Integer> concurrencies,
                             Consumer<String> log) {
        List<RateCheck> rateChecks = new ArrayList<>();
        EmulatedReplica replica = EmulatedReplica.resolve(catalog, MODEL, ACCELERATOR, OptionalInt.of(1), Optional.empty());
        if (!rates.isEmpty()) {
            try (EmulatorServer server = emulator(replica, replica.setup(), 1.0)) {
                try (OpenAiStreamClient client = new OpenAiStreamClient(URI.create("http://127.0.0.1:" + server.port()), MODEL,
                        OpenAiStreamClient.Api.COMPLETIONS, 20_000, Duration.ofSeconds(60))) {
                    // as kiq bench run does: the client and the emulator run compiled code before anything is measured
                    log.accept("warm-up: " + client.warmUp(OpenAiStreamClient.WARM_UP_REQUESTS) + " of "
                            + OpenAiStreamClient.WARM_UP_REQUESTS + " short requests succeeded, not measured");
                    server.recordTimings(true);
                    for (double rate : rates) {
                        Histogram added = new Histogram(60_000_000L, 3);
                        LoadGenerator gen = new LoadGenerator(client, fixed(64, 16), Optional.empty(), BenchListener.SILENT, r -> {
                            if (r.succeeded()) {
                                server.serverTtftNanos(r.responseId()).ifPresent(s -> {
                                    synchronized (added) {
                                        added.recordValue(Math.max(0, Math.min(60_000_000L, (r.ttftNanos() - s) / 1000)));
                                    }
                                });
                            }
                        });
                        BenchPlan plan = new BenchPlan(List.of(rate), false, Optional.of(perRate), OptionalInt.empty(), 0,
                                GoodputTargets.NONE, 1.0, 7, Duration.ofSeconds(60), Duration.ofSeconds(1));
                        RateResult r = gen.run(rate, plan, 7 + (long) rate, () -> false);
                        double addedP99 = added.getValueAtPercentile(99) / 1000.0;
                        Optional<String> shortfall = shortfall(rate, r.achievedRate(), r.failed(), addedP99);
                        RateCheck check = new RateCheck(rate, r.scheduledRate(), r.achievedRate(), r.sent(), r.failed(),
                                r.scheduleLagMs().p99(), added.getValueAtPercentile(50) / 1000.0, addedP99, shortfall.isEmpty());
                        rateChecks.add(check);
                        log.accept(String.format(Locale.ROOT,
                                "rate %6.0f req/s: sample %.1f, achieved %.1f req/s (%+.2f%%), %d sent, %d failed, send lag p99 %.2f ms, "
                                        + "added TTFT p50 %.3f ms p99 %.3f ms -> %s",
                                rate, r.scheduledRate(), r.achievedRate(), (r.achievedRate() / rate - 1) * 100, r.sent(), r.failed(),
                                r.scheduleLagMs().p99(), check.addedTtftP50Ms(), check.addedTtftP99Ms(),
                                shortfall.map(why -> "NOT sustained (" + why + ")").orElse("sustained")));
                        server.recordTimings(true);
                    }
                }
            }
        }
        List<StreamCheck> streamChecks = new ArrayList<>();
        if (!concurrencies.isEmpty()) {
            // a scheduler that lets every stream run at once, ten times slower than real time, so thousands of
            // streams stay open for seconds while the chunk rate stays within what two cores carry
            ServingSetup s = replica.setup();
            ServingSetup wide = new ServingSetup(s.model(), s.accelerator(), s.acceleratorCount(), 16_384, 16_384, true,
                    s.gpuMemoryUtilization(), s.maxModelLen(), s.blockSize());
            try (EmulatorServer server = emulator(replica, wide, 0.1)) {
                for (int c : concurrencies) {
                    try (OpenAiStreamClient client = new OpenAiStreamClient(URI.create("http://127.0.0.1:" + server.port()), MODEL,
                            OpenAiStreamClient.Api.COMPLETIONS, c, Duration.ofSeconds(120))) {
                        LoadGenerator gen = new LoadGenerator(client, fixed(32, 64), Optional.empty(), BenchListener.SILENT);
                        BenchPlan plan = new BenchPlan(List.of(c * 2.0), false, Optional.empty(), OptionalInt.of(c), c,
                                GoodputTargets.NONE, 1.0, 11, Duration.ofSeconds(120), Duration.ofSeconds(1));
                        RateResult r = gen.run(c * 2.0, plan, 11, () -> false);
                        StreamCheck check = new StreamCheck(c, r.peakInFlight(), r.succeeded(), r.failed(),
                                r.failed() == 0 && r.peakInFlight() >= c);
                        streamChecks.add(check);
                        log.accept(String.format(Locale.ROOT, "streams %5d: peak %d open at once, %d ok, %d failed%s -> %s", c,
                                r.peakInFlight(), r.succeeded(), r.failed(),
                                r.faultExamples().isEmpty() ? "" : " " + r.faultExamples(), check.held() ? "held" : "NOT held"));
                    }
                }
            }
        }
        return new Report(rateChecks, streamChecks);
    }

    /**
     * Why an offered rate was not sustained, or empty if it was: no request failed, the achieved rate is within
     * {@value #RATE_TOLERANCE} of the offered one, and the client added at most {@value #ADDED_TTFT_P99_LIMIT_MS} ms to
     * TTFT at p99.
     */
    static Optional<String> shortfall(double offered, double achieved, int failed, double addedTtftP99Ms) {
        if (failed > 0) {
            return Optional.of(failed + " failed");
        }
        if (Math.abs(achieved / offered - 1) > RATE_TOLERANCE) {
            return Optional.of(String.format(Locale.ROOT, "achieved rate off by more than %.0f%%", RATE_TOLERANCE * 100));
        }
        if (addedTtftP99Ms > ADDED_TTFT_P99_LIMIT_MS) {
            return Optional.of(String.format(Locale.ROOT, "the client adds more than %.0f ms to TTFT at p99", ADDED_TTFT_P99_LIMIT_MS));
        }
        return Optional.empty();
    }

    private static EmulatorServer emulator(EmulatedReplica replica, ServingSetup setup, double timeScale) {
        EmulatorServer server = new EmulatorServer(new EmulatorServer.Config(MODEL, replica.version().version(),
                replica.version().metrics(), setup.maxModelLen(), timeScale, "127.0.0.1", 0, () -> 128),
                new PerfBatchEngine(setup.newEngine()));
        server.start();
        return server;
    }
}
