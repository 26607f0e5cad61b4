package dev.kiq.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Decode stretches ({@code ContinuousBatchingEngine.startStretch}): iterations in which the whole batch decodes are
 * applied from the batch's sums, and the decoding region ({@code decodeLeading}): the head of the batch that decodes at
 * every iteration, applied from its sums and its events (blocks, finishes, the sliding window). Both must give exactly
 * what scheduling each iteration in full gives.
 */
class DecodeStretchTest {

    /** A cost that tells every field of the work apart, the local context with its own weight. */
    private static final ToDoubleFunction<IterationCost.Work> COST = w -> 1e-3 + 2e-4 * w.sequences() + 3e-6 * w.tokens()
            + 5e-6 * w.sampledTokens() + 7e-8 * w.contextTokensGlobal() + 1.1e-7 * w.contextTokensLocal()
            + 1.3e-9 * w.attentionPairsGlobal() + 1.7e-9 * w.attentionPairsLocal() + 1e-4 * w.hostShare();

    @Test
    void aLoneDecodeRunsAsAStretchUntilTheIterationThatFinishesItAndTakesItsThirdBlockAtToken33() {
        List<IterationCost.Work> work = new ArrayList<>();
        ContinuousBatchingEngine e = new ContinuousBatchingEngine(new SchedulerSettings(8, 2048, true, 16, 100, 4096),
                w -> {
                    work.add(w);
                    return 0.01;
                }, Integer.MAX_VALUE);
        e.submit(1, 30, 8);
        List<Long> blocks = new ArrayList<>();
        List<Integer> tokens = new ArrayList<>();
        while (e.hasWork()) {
            ContinuousBatchingEngine.Iteration it = e.step();
            blocks.add(Math.round(it.kvCacheUsage() * 100));
            tokens.add(it.tokens().length);
            if (e.hasWork()) {
                assertThat(it.finished()).isEmpty();
            } else {
                assertThat(it.finished()).containsExactly(1L);
            }
        }
        // the prefill (30 tokens in 2 blocks), then decodes of tokens 31 .. 37: the 33rd needs a third block
        assertThat(blocks).containsExactly(2L, 2L, 2L, 3L, 3L, 3L, 3L, 3L);
        assertThat(tokens).containsOnly(1);
        assertThat(work.stream().map(IterationCost.Work::contextTokensGlobal).toList())
                .containsExactly(30L, 31L, 32L, 33L, 34L, 35L, 36L, 37L);
        assertThat(work.stream().map(IterationCost.Work::attentionPairsGlobal).toList().subList(1, 8))
                .containsExactly(31.0, 32.0, 33.0, 34.0, 35.0, 36.0, 37.0);
        // iterations 2 to 7 decode in a stretch; the 8th, which finishes the request, is scheduled in full
        assertThat(e.stretchIterations()).isEqualTo(6);
    }

    /**
     * Random arrivals, lengths and aborts into two engines, one without stretches: every iteration the same, with a
     * cache small enough to preempt and a sliding window some contexts pass.
     */
    @ParameterizedTest
    @CsvSource({
            "true, 16, 400, 64, 2048, 1",
            "false, 16, 400, 64, 2048, 2",
            "true, 16, 120, 16, 256, 3",
            "false, 16, 90, 32, 4096, 4",
            "true, 1, 1500, 24, 2048, 5",
            "true, 5, 300, 48, 300, 6",
            "false, 7, 200, 8, 2048, 7"})
    void everyIterationIsTheSameWithAndWithoutStretchesAndTheDecodingRegion(boolean chunked, int blockSize, int kvBlocks, int maxSeqs,
                                                        int window, long seed) {
        SchedulerSettings settings = new SchedulerSettings(maxSeqs, 512, chunked, blockSize, kvBlocks, 2048);
        // both shortcuts, the decoding region alone, stretches alone, and neither
        ContinuousBatchingEngine fast = new ContinuousBatchingEngine(settings, COST, window);
        ContinuousBatchingEngine regionOnly = new ContinuousBatchingEngine(settings, COST, window).withoutStretches();
        ContinuousBatchingEngine stretchOnly = new ContinuousBatchingEngine(settings, COST, window).withoutRegion();
        ContinuousBatchingEngine full = new ContinuousBatchingEngine(settings, COST, window).withoutShortcuts();
        List<ContinuousBatchingEngine> shortcuts = List.of(fast, regionOnly, stretchOnly);
        SplittableRandom random = new SplittableRandom(seed);
        long next = 0;
        int iterations = 0;
        for (int step = 0; step < 30_000; step++) {
            // bursts of requests, then lulls in which the batch drains, and now and then an abort of an earlier one
            if (random.nextInt(step % 4000 < 1000 ? 12 : 3000) == 0) {
                int in = 1 + random.nextInt(random.nextBoolean() ? 40 : 600);
                int out = 1 + random.nextInt(random.nextBoolean() ? 30 : 700);
                int max = blockSize * (kvBlocks - settings.watermarkBlocks());
                if (in + out <= Math.min(2048, max)) {
                    for (ContinuousBatchingEngine e : shortcuts) {
                        e.submit(next, in, out);
                    }
                    full.submit(next, in, out);
                    next++;
                }
            }
            if (next > 0 && random.nextInt(500) == 0) {
                long id = random.nextLong(next);
                boolean aborted = full.abort(id);
                for (ContinuousBatchingEngine e : shortcuts) {
                    assertThat(e.abort(id)).isEqualTo(aborted);
                }
            }
            for (ContinuousBatchingEngine e : shortcuts) {
                assertThat(e.hasWork()).isEqualTo(full.hasWork());
            }
            if (!full.hasWork()) {
                continue;
            }
            ContinuousBatchingEngine.Iteration b = full.step();
            for (ContinuousBatchingEngine e : shortcuts) {
                ContinuousBatchingEngine.Iteration a = e.step();
                if (!same(a, b)) {
                    assertThat(a).as("iteration %d", iterations).usingRecursiveComparison().isEqualTo(b); // says what differs
                }
                assertThat(e.kvCacheUsage()).isEqualTo(full.kvCacheUsage());
                assertThat(e.runningCount()).isEqualTo(full.runningCount());
            }
            iterations++;
        }
        for (ContinuousBatchingEngine e : shortcuts) {
            assertThat(e.preemptions()).isEqualTo(full.preemptions());
        }
        assertThat(stretchOnly.stretchIterations()).as("iterations run as stretch steps, of %d", iterations)
                .isGreaterThan(50);
        assertThat(regionOnly.regionSteps()).as("iterations in which the decoding region decoded from its sums, of %d",
                iterations).isGreaterThan(50);
        assertThat(fast.stretchIterations() + fast.regionSteps()).isGreaterThan(50);
        assertThat(full.stretchIterations()).isZero();
        assertThat(full.regionSteps()).isZero();
    }

    /** Every field the same, the doubles to the bit (a recursive comparison at each of 30 000 iterations is slow). */
    private static boolean same(ContinuousBatchingEngine.Iteration a, ContinuousBatchingEngine.Iteration b) {
        return Double.compare(a.seconds(), b.seconds()) == 0 && a.sequences() == b.sequences()
                && a.prefillTokens() == b.prefillTokens() && a.decodeTokens() == b.decodeTokens()
                && Arrays.equals(a.tokens(), b.tokens()) && Arrays.equals(a.finished(), b.finished())
                && Arrays.equals(a.preempted(), b.preempted()) && a.waitingRequests() == b.waitingRequests()
                && a.runningRequests() == b.runningRequests() && Double.compare(a.kvCacheUsage(), b.kvCacheUsage()) == 0;
    }

    /** The offline driver's results are the same number for number, with and without stretches (V0 and V1 engines). */
    @ParameterizedTest
    @CsvSource({"false, v0.7.2", "true, v0.7.2", "true, v0.19.1"})
    void aLoadRunsResultsAreTheSameWithAndWithoutStretches(boolean chunked, String version) {
        ServingSetup setup = new ServingSetup(Fixtures.DEEPSEEK_7B, Fixtures.A100_40, 1, 256, chunked ? 512 : 4096,
                chunked, 0.9, 4096, 16, EngineOptions.forVllmVersion(version));
        IterationCost cost = setup.iterationCost();
        RequestTrace trace = RequestTrace.generate(Workload.shareGpt(), 600, 7);
        SchedulerSettings s = setup.schedulerSettings();
        for (double qps : new double[] {0.5, 3, 12, 40}) {
            Arrivals poisson = new Arrivals.Poisson(qps);
            LoadRun.Result fast = LoadRun.run(() -> new ContinuousBatchingEngine(s, cost), trace, poisson,
                    LoadRun.Window.WHOLE_RUN);
            LoadRun.Result full = LoadRun.run(() -> new ContinuousBatchingEngine(s, cost).withoutShortcuts(), trace,
                    poisson, LoadRun.Window.WHOLE_RUN);
            assertThat(fast).as("%s qps, every latency", qps).usingRecursiveComparison().isEqualTo(full);
            LoadRun.Result fastPoint = LoadRun.point(() -> new ContinuousBatchingEngine(s, cost), trace, poisson,
                    LoadRun.Window.STEADY_STATE);
            LoadRun.Result fullPoint = LoadRun.point(() -> new ContinuousBatchingEngine(s, cost).withoutShortcuts(),
                    trace, poisson, LoadRun.Window.STEADY_STATE);
            assertThat(fastPoint).as("%s qps, the point", qps).usingRecursiveComparison().isEqualTo(fullPoint);
        }
    }
}
