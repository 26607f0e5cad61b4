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
import dev.kiq.bench.RequestRecord;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code try} and {@code monitor} against a running emulator (in-process, port 0) under load from the bench's
 * load generator: the monitor's live window, read from the emulator's /metrics, lands where the load generator's own
 * records of the same stretch of time say it can.
 */
class LiveEndToEndTest {

    static final String MODEL = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";
    static final String ACCELERATOR = "nvidia-tesla-a100";
    /**
     * The emulator runs at the modeled A100's own speed: faster, it would pack several tokens into one streamed chunk
     * and the client could no longer tell when each token came (the time scale's arithmetic is MonitorTest's and
     * MetricMathTest's, by hand).
     */
    static final double TIME_SCALE = 1;

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

    /**
     * The monitor's live rates against the load generator's own records over the same stretch of time: the stretch is
     * the monitor's two scrapes, and what a correct monitor may read in it is bounded from the run itself (the
     * client's events, how late this host delivered them, how long each scrape took), not by a fixed percentage that
     * a loaded host exceeds. Before, the bench's window (warm-up to last send) was compared with the monitor's (its
     * two scrapes) within 10%: both open with the load, while the rates still climb, so a scrape that came late on a
     * loaded host moved the two apart (14.8% at load 30).
     */
    @Test
    void theLivePointMatchesTheLoadGeneratorsOwnMeasurement() throws Exception {
        Catalog catalog = Catalog.bundled();
        double rate = 4; // req/s of the modeled A100, about a quarter of its knee
        double wallSeconds = 10;
        BenchPlan plan = new BenchPlan(List.of(rate), false, Optional.of(Duration.ofMillis((long) (wallSeconds * TIME_SCALE * 1000))),
                OptionalInt.empty(), 0, GoodputTargets.NONE, TIME_SCALE, 7, Duration.ofSeconds(60), Duration.ofSeconds(1));
        Watched watched = Watched.resolve(catalog, ProfileRepository.shipped(), MODEL, "vllm", "v0.7.2", Optional.of(ACCELERATOR),
                OptionalInt.of(1));
        assertThat(watched.profile()).isPresent();
        AtomicLong tokens = new AtomicLong();
        AtomicLong prompts = new AtomicLong();
        AtomicLong succeeded = new AtomicLong();
        Queue<RequestRecord> records = new ConcurrentLinkedQueue<>();
        server.recordTimings(true);
        TimedSource timed = new TimedSource(new EndpointSource(URI.create(base + "/metrics")));
        try (OpenAiStreamClient client = new OpenAiStreamClient(base, MODEL, OpenAiStreamClient.Api.COMPLETIONS, 1000, Duration.ofSeconds(60));
             Monitor whole = new Monitor(new EndpointSource(URI.create(base + "/metrics")), watched.metrics(),
                     Duration.ofMinutes(10), TIME_SCALE);
             Monitor steady = new Monitor(timed, watched.metrics(), Duration.ofMinutes(10), TIME_SCALE)) {
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
            // the window opens once the requests in flight have had time to build up (e2e p50 is about 4 s)
            sleepUntil(start + (long) (wallSeconds * 0.4 * 1e9));
            Monitor.Refresh first = steady.refresh();
            sleepUntil(start + (long) (wallSeconds * 1e9));
            Monitor.Refresh live = steady.refresh();
            RateResult measured = bench.get(120, TimeUnit.SECONDS);
            Monitor.Refresh all = whole.refresh();

            // every request the generator saw succeed, counted by the server's own counters and histograms
            LiveWindow w = all.window();
            assertThat(all.notes()).isEmpty();
            assertThat(Math.round(w.outputTokensPerSecond() * w.seconds())).isEqualTo(tokens.get());
            assertThat(Math.round(w.inputTokensPerSecond() * w.seconds())).isEqualTo(prompts.get());
            assertThat(Math.round(w.e2e().count())).isEqualTo(succeeded.get()).isEqualTo(measured.succeeded());

            LiveWindow s = live.window();
            assertThat(timed.scrapes).hasSize(2);
            Scrape a = timed.scrapes.get(0);
            Scrape b = timed.scrapes.get(1);
            // at real time the emulator streams every token as its own chunk, so the client knows when each token came
            assertThat(records).allSatisfy(r -> assertThat(r.tokenGapsNanos()).hasSize(r.outputTokens() - 1));
            Map<RequestRecord, Long> stepEnd = new HashMap<>();
            records.forEach(r -> stepEnd.put(r, server.firstTokenStepEndNanos(r.responseId()).orElseThrow()));
            // the longest the host took from the end of an engine step to the client's read of its token, over the first
            // tokens that reached the client while the window was open
            long lag = records.stream().filter(r -> r.firstTokenNanos() >= a.sent() && r.firstTokenNanos() <= b.received())
                    .mapToLong(r -> r.firstTokenNanos() - stepEnd.get(r)).max().orElseThrow();
            // the moments the server rendered the two pages the monitor read: its counters then held every event before
            long readA = readInside(a);
            long readB = readInside(b);
            // when the server counted each event, as far as the client's records tell: a prompt after it was sent and
            // before its first token's step ended; a first token from its step's end until the client read it; a later token
            // at most the lag before the client read it; a request's end with its last token
            Bracket out = Bracket.of(records, readA, readB, r -> tokenTimes(r, stepEnd.get(r), lag));
            Bracket in = Bracket.of(records, readA, readB, r -> List.of(new double[] {r.sendNanos(), stepEnd.get(r), r.promptTokens()}));
            Bracket done = Bracket.of(records, readA, readB, r -> {
                long last = r.firstTokenNanos() + java.util.Arrays.stream(r.tokenGapsNanos()).sum();
                return List.of(new double[] {last - lag, last, 1});
            });
            // the monitor times its window by its own scrapes: somewhere inside each
            double shortest = (b.sent() - a.received()) / 1e9 * TIME_SCALE;
            double longest = (b.received() - a.sent()) / 1e9 * TIME_SCALE;
            long outputs = Math.round(s.outputTokensPerSecond() * s.seconds());
            long inputs = Math.round(s.inputTokensPerSecond() * s.seconds());
            long finished = Math.round(s.requestsPerSecond() * s.seconds());
            System.out.printf("monitor over %.2f s (its scrapes allow %.2f-%.2f): %d output tokens (the bench's records allow %.0f-%.0f),"
                            + " %d input tokens (%.0f-%.0f), %d requests finished (%.0f-%.0f); host delay up to %.0f ms, scrapes took"
                            + " %.0f and %.0f ms; %.1f output tok/s, TTFT p50 %.1f ms; bench over its own window: %.1f output tok/s,"
                            + " TTFT p50 %.1f ms, e2e p50 %.0f ms%n", s.seconds(), shortest, longest, outputs, out.low(), out.high(),
                    inputs, in.low(), in.high(), finished, done.low(), done.high(), lag / 1e6, (a.received() - a.sent()) / 1e6,
                    (b.received() - b.sent()) / 1e6, s.outputTokensPerSecond(), LiveWindow.millis(s.ttft(), 0.5).orElse(Double.NaN),
                    measured.outputTokensPerSecond(), measured.ttft().p50(), measured.e2e().p50());
            double profileTtft = Recommender.standard().knee(watched.profile().get()).orElseThrow().ttftMilliseconds();
            assumeTrue(first.notes().isEmpty() && live.notes().isEmpty() && measured.ttft().p50() < 10 * profileTtft,
                    "the host is too busy for the emulator to keep its clock (TTFT p50 " + Math.round(measured.ttft().p50())
                            + " ms, the profile's knee has " + Math.round(profileTtft) + " ms; scrapes: " + first.notes()
                            + live.notes() + "), so a rate over a short window says nothing about kiq");
            // bounds this wide would let a monitor off by half pass (one reading prompts for outputs, or the wrong window);
            // the input and request bounds are checked whatever their width (the tens of requests in the window make them
            // coarser than the thousands of tokens)
            assumeTrue(longest < 1.5 * shortest && out.high() < 1.5 * out.low(),
                    "the host delayed tokens by up to " + Math.round(lag / 1e6) + " ms and the scrapes took "
                            + Math.round((a.received() - a.sent()) / 1e6) + " and " + Math.round((b.received() - b.sent()) / 1e6)
                            + " ms, so the bench's records bound the live window only within a factor of 1.5 or more");
            assertThat(s.seconds()).isBetween(shortest, longest);
            assertThat((double) finished).isBetween(done.low(), done.high());
            assertThat((double) outputs).isBetween(out.low(), out.high());
            assertThat((double) inputs).isBetween(in.low(), in.high());
            assertThat(s.replicas()).isEqualTo(1);

            Assessment assessment = Assessment.of(watched.profile().get(), Recommender.standard(), Targets.none(), watched.metrics(), s,
                    Optional.empty());
            assertThat(assessment.position()).isEqualTo(Position.BELOW_KNEE);
            assertThat(assessment.summary()).contains("below the knee");
        } finally {
            server.recordTimings(false);
        }
    }

    /**
     * When the server counted each token of a request (one token per streamed chunk): the first between its step's end
     * and the client's read, each later one at most {@code lag} before the client read it.
     */
    static List<double[]> tokenTimes(RequestRecord r, long firstStepEnd, long lag) {
        List<double[]> times = new ArrayList<>();
        long t = r.firstTokenNanos();
        times.add(new double[] {firstStepEnd, t, 1});
        for (long g : r.tokenGapsNanos()) {
            t += g;
            times.add(new double[] {t - lag, t, 1});
        }
        return times;
    }

    /** When a scrape was sent and when its page came back: the server read its counters in between. */
    record Scrape(long sent, long received) {
    }

    /** A source that notes when each scrape was sent and when its page came back. */
    static final class TimedSource implements MetricsSource {
        final MetricsSource inner;
        final List<Scrape> scrapes = new CopyOnWriteArrayList<>();

        TimedSource(MetricsSource inner) {
            this.inner = inner;
        }

        @Override
        public List<PodPage> scrape() {
            long sent = System.nanoTime();
            List<PodPage> pages = inner.scrape();
            scrapes.add(new Scrape(sent, System.nanoTime()));
            return pages;
        }

        @Override
        public List<String> notes() {
            return inner.notes();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    /** The moment the server rendered the page a scrape read (exactly one inside it). */
    static long readInside(Scrape scrape) {
        List<Long> reads = server.metricsReadNanos().stream().filter(t -> t >= scrape.sent() && t <= scrape.received()).toList();
        assertThat(reads).hasSize(1);
        return reads.get(0);
    }

    /**
     * The counts a correct monitor can read between two pages the server rendered at readA and readB. Each event of a
     * request is {earliest, latest, weight}: the server counted it (weight times) between earliest and latest. Low:
     * the events surely between the two pages; high: every event possibly between them.
     */
    record Bracket(double low, double high) {
        static Bracket of(Collection<RequestRecord> records, long readA, long readB, Function<RequestRecord, List<double[]>> events) {
            double sure = 0;
            double possible = 0;
            for (RequestRecord r : records) {
                for (double[] e : events.apply(r)) {
                    if (e[0] > readA && e[1] < readB) {
                        sure += e[2];
                    }
                    if (e[1] > readA && e[0] < readB) {
                        possible += e[2];
                    }
                }
            }
            return new Bracket(sure, possible);
        }
    }

    static void sleepUntil(long nanos) {
        while (System.nanoTime() < nanos) {
            LockSupport.parkNanos(Math.min(50_000_000L, nanos - System.nanoTime()));
        }
    }
}
