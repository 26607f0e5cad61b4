package dev.kiq.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiq.bench.BenchListener;
import dev.kiq.bench.BenchPlan;
import dev.kiq.bench.GoodputTargets;
import dev.kiq.bench.LoadGenerator;
import dev.kiq.bench.OpenAiStreamClient;
import dev.kiq.bench.RateResult;
import dev.kiq.bench.SyntheticWorkload;
import dev.kiq.bench.emulator.EmulatedReplica;
import dev.kiq.bench.emulator.EmulatorServer;
import dev.kiq.bench.emulator.PerfBatchEngine;
import dev.kiq.catalog.Catalog;
import dev.kiq.profile.ProfileRepository;
import dev.kiq.recommend.Recommender;
import dev.kiq.recommend.Targets;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code try} and {@code monitor} against a running emulator (in-process, port 0) under load from the bench's
 * load generator: the monitor's live window, read from the emulator's /metrics, lands within 10% of what the
 * load generator itself measured over the same stretch of time.
 */
class LiveEndToEndTest {

    static final String MODEL = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";
    static final String ACCELERATOR = "nvidia-tesla-a100";
    /** The emulator runs this many times faster than the modeled A100, so seconds of wall time are enough. */
    static final double TIME_SCALE = 2;

    static EmulatorServer server;
    static URI base;

    @BeforeAll
    static void start() {
        EmulatedReplica replica = EmulatedReplica.resolve(Catalog.bundled(), MODEL, ACCELERATOR, OptionalInt.of(1), Optional.of("v0.7.2"));
        server = new EmulatorServer(new EmulatorServer.Config(MODEL, "v0.7.2", replica.version().metrics(),
                replica.setup().maxModelLen(), TIME_SCALE, "127.0.0.1", 0, () -> 64), new PerfBatchEngine(replica.setup().newEngine()));
        base = URI.create("http://127.0.0.1:" + server.start());
        // a cold server on a busy host can take seconds for its first page; the figures start after that
        dev.kiq.bench.MetricsScraper warm = new dev.kiq.bench.MetricsScraper(URI.create(base + "/metrics"), Duration.ofSeconds(1));
        for (int i = 0; i < 10 && warm.fetch().page().isEmpty(); i++) {
            LockSupport.parkNanos(500_000_000L);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void tryStreamsTheReplyAndTimesIt() {
        StringBuilder streamed = new StringBuilder();
        Trial.Result r = Trial.run(base, Optional.empty(), OpenAiStreamClient.Api.CHAT, "Say hello.", 32, Duration.ofSeconds(30),
                streamed::append);
        assertThat(r.model()).isEqualTo(MODEL);
        assertThat(r.tokens()).isBetween(1, 32);
        assertThat(streamed.toString()).isEqualTo(r.text()).isNotEmpty();
        assertThat(r.ttftMillis()).isPositive().isLessThan(r.seconds() * 1000);
        assertThat(r.tokensPerSecond()).isCloseTo(r.tokens() / r.seconds(), withinPercentage(0.01));
        assertThat(r.summary()).startsWith("TTFT ").contains(r.tokens() + " tokens in ");
    }

    @Test
    void theLivePointMatchesTheLoadGeneratorsOwnMeasurement() throws Exception {
        Catalog catalog = Catalog.bundled();
        double rate = 4; // req/s of the modeled A100, about a quarter of its knee
        double wallSeconds = 6;
        BenchPlan plan = new BenchPlan(List.of(rate), false, Optional.of(Duration.ofMillis((long) (wallSeconds * TIME_SCALE * 1000))),
                OptionalInt.empty(), 0, GoodputTargets.NONE, TIME_SCALE, 7, Duration.ofSeconds(60), Duration.ofSeconds(1));
        Watched watched = Watched.resolve(catalog, ProfileRepository.shipped(), MODEL, "vllm", "v0.7.2", Optional.of(ACCELERATOR),
                OptionalInt.of(1));
        assertThat(watched.profile()).isPresent();
        AtomicLong tokens = new AtomicLong();
        AtomicLong prompts = new AtomicLong();
        AtomicLong succeeded = new AtomicLong();
        java.util.Queue<dev.kiq.bench.RequestRecord> records = new java.util.concurrent.ConcurrentLinkedQueue<>();
        try (OpenAiStreamClient client = new OpenAiStreamClient(base, MODEL, OpenAiStreamClient.Api.COMPLETIONS, 1000, Duration.ofSeconds(60));
             Monitor whole = new Monitor(new EndpointSource(URI.create(base + "/metrics")), watched.metrics(),
                     Duration.ofMinutes(10), TIME_SCALE);
             Monitor steady = new Monitor(new EndpointSource(URI.create(base + "/metrics")), watched.metrics(),
                     Duration.ofMinutes(10), TIME_SCALE)) {
            LoadGenerator generator = new LoadGenerator(client, SyntheticWorkload.shareGpt(), Optional.empty(), BenchListener.SILENT,
                    r -> {
                        if (r.succeeded()) {
                            records.add(r);
                            tokens.addAndGet(r.outputTokens());
                            prompts.addAndGet(r.promptTokens());
                            succeeded.incrementAndGet();
                        }
                    });
            assertThat(whole.refresh().notes()).isEmpty();
            long start = System.nanoTime();
            CompletableFuture<RateResult> bench = CompletableFuture.supplyAsync(() -> generator.run(rate, plan, 7, () -> false));
            // the load generator measures from the send of the first request after its 10% warm-up to its last send
            sleepUntil(start + (long) (wallSeconds * 0.1 * 1e9));
            Monitor.Refresh first = steady.refresh();
            sleepUntil(start + (long) (wallSeconds * 1e9));
            Monitor.Refresh live = steady.refresh();
            RateResult measured = bench.get();
            Monitor.Refresh all = whole.refresh();

            // every request the generator saw succeed, counted by the server's own counters and histograms
            LiveWindow w = all.window();
            assertThat(all.notes()).isEmpty();
            assertThat(Math.round(w.outputTokensPerSecond() * w.seconds())).isEqualTo(tokens.get());
            assertThat(Math.round(w.inputTokensPerSecond() * w.seconds())).isEqualTo(prompts.get());
            assertThat(Math.round(w.e2e().count())).isEqualTo(succeeded.get()).isEqualTo(measured.succeeded());

            LiveWindow s = live.window();
            // req/s: the monitor counts requests that FINISHED in its window (the e2e histogram's count, as vLLM's
            // request counters do), the bench's achieved rate counts requests SENT. In steady state the two agree;
            // over a window that opens with the load, completions lag sends by the e2e latency (seconds here), so
            // the monitor reads less. Counting the bench's own completions in the monitor's window must agree.
            long finishedInWindow = records.stream().filter(r -> r.endNanos() > live.startNanos() && r.endNanos() <= live.endNanos())
                    .count();
            double benchCompleted = finishedInWindow / ((live.endNanos() - live.startNanos()) / 1e9 * TIME_SCALE);
            System.out.printf("bench: %.1f output tok/s, %.2f req/s sent, %.2f req/s finished in the monitor's window,"
                            + " TTFT p50 %.1f ms, e2e p50 %.0f ms; monitor: %.1f output tok/s, %.2f req/s finished, TTFT p50 %.1f ms"
                            + " over %.1f s%n", measured.outputTokensPerSecond(), measured.achievedRate(), benchCompleted,
                    measured.ttft().p50(), measured.e2e().p50(), s.outputTokensPerSecond(), s.requestsPerSecond(),
                    LiveWindow.millis(s.ttft(), 0.5).orElse(Double.NaN), s.seconds());
            double profileTtft = Recommender.standard().knee(watched.profile().get()).ttftMilliseconds();
            assumeTrue(first.notes().isEmpty() && live.notes().isEmpty() && measured.ttft().p50() < 10 * profileTtft,
                    "the host is too busy for the emulator to keep its clock (TTFT p50 " + Math.round(measured.ttft().p50())
                            + " ms, the profile's knee has " + Math.round(profileTtft) + " ms; scrapes: " + first.notes()
                            + live.notes() + "), so a rate over a short window says nothing about kiq");
            assertThat(s.replicas()).isEqualTo(1);
            // the client sees a request end a little after the server counts it: requests finishing during a scrape
            assertThat(s.requestsPerSecond()).isCloseTo(benchCompleted, withinPercentage(10));
            assertThat(s.outputTokensPerSecond()).isCloseTo(measured.outputTokensPerSecond(), withinPercentage(10));
            assertThat(s.inputTokensPerSecond()).isCloseTo(measured.inputTokensPerSecond(), withinPercentage(10));

            Assessment a = Assessment.of(watched.profile().get(), Recommender.standard(), Targets.none(), watched.metrics(), s,
                    Optional.empty());
            assertThat(a.position()).isEqualTo(Position.BELOW_KNEE);
            assertThat(a.summary()).contains("below the knee");
        }
    }

    static void sleepUntil(long nanos) {
        while (System.nanoTime() < nanos) {
            LockSupport.parkNanos(Math.min(50_000_000L, nanos - System.nanoTime()));
        }
    }
}
