package dev.kiq.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.kiq.profile.PerformancePoint;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The kinds of arrivals and the two measurement windows on tiny traces whose timelines are
 * worked out by hand: every iteration takes 10 ms, whatever it holds.
 */
class LoadRunTest {

    private static final double ITERATION = 0.010;

    private static Supplier<ContinuousBatchingEngine> engines(int maxNumSeqs) {
        SchedulerSettings s = new SchedulerSettings(maxNumSeqs, 2048, true, 16, 10_000, 4096);
        return () -> new ContinuousBatchingEngine(s, work -> ITERATION, Integer.MAX_VALUE);
    }

    /** Prompts of 10 tokens, these outputs, unit arrivals 0, 1, 2, ... (also LoadRunEdgeCaseTest's). */
    static RequestTrace trace(int... output) {
        int[] input = new int[output.length];
        double[] at = new double[output.length];
        for (int i = 0; i < output.length; i++) {
            input[i] = 10;
            at[i] = i;
        }
        return RequestTrace.of(input, output, at);
    }

    /*
     * Concurrency 2, outputs 3, 1, 2, 2:
     *   0-10 ms  prefill r0, r1 (first tokens); r1 done -> r2 sent at 10 ms
     *  10-20 ms  r0 token 2, r2 prefill (token 1)
     *  20-30 ms  r0 token 3 (done), r2 token 2 (done) -> r3 sent at 30 ms
     *  30-50 ms  r3 tokens 1 and 2 (done at 50 ms)
     * Whole run: 50 ms, 8 tokens (160 tok/s), 4 requests (80 req/s); e2e 30, 10, 20, 20 ms; TTFT 10 ms each.
     */
    @Test
    void closedLoopSendsTheNextRequestWhenOneFinishes() {
        LoadRun.Result r = LoadRun.run(engines(256), trace(new int[] {3, 1, 2, 2}), new Arrivals.Concurrency(2),
                LoadRun.Window.WHOLE_RUN);
        assertThat(r.windowSeconds()).isCloseTo(0.050, within(1e-9));
        assertThat(r.iterations()).isEqualTo(5);
        PerformancePoint p = r.point();
        assertThat(p.outputTokensPerSecond()).isCloseTo(160, within(1e-6));
        assertThat(p.queriesPerSecond()).isCloseTo(80, within(1e-6));
        assertThat(r.latencies().e2e().mean()).isCloseTo((30 + 10 + 20 + 20) / 4.0, within(0.01));
        assertThat(r.latencies().ttft().mean()).isCloseTo(10, within(0.01));
        // batch: 2 running in every iteration but the last two (r3 alone): (3*2 + 2*1) * 10 ms / 50 ms
        assertThat(p.batchSize()).isCloseTo(8 * 0.010 / 0.050, within(1e-9));
        assertThat(r.measuredRequests()).isEqualTo(4);
    }

    /*
     * Concurrency 2, ten requests of 2 output tokens: pairs finish every 20 ms, requests 2k and 2k+1
     * are sent at 20k ms. Warm-up: max(10% of 10, 2 clients) = 2 requests; the window runs from
     * request 2's arrival (20 ms) to request 9's (80 ms): 6 iterations of 2 tokens, 6 requests done.
     */
    @Test
    void closedLoopSteadyStateSkipsTheFirstWaveAndEndsAtTheLastSend() {
        int[] out = new int[10];
        java.util.Arrays.fill(out, 2);
        LoadRun.Result r = LoadRun.run(engines(256), trace(out), new Arrivals.Concurrency(2),
                LoadRun.Window.STEADY_STATE);
        assertThat(r.windowSeconds()).isCloseTo(0.060, within(1e-9));
        assertThat(r.point().outputTokensPerSecond()).isCloseTo(12 / 0.060, within(1e-6));
        assertThat(r.point().queriesPerSecond()).isCloseTo(6 / 0.060, within(1e-6));
        assertThat(r.point().batchSize()).isCloseTo(2, within(1e-9));
        assertThat(r.measuredRequests()).isEqualTo(8);
        assertThat(r.point().ttftMilliseconds()).isCloseTo(10, within(0.01));
        assertThat(r.point().ntpotMilliseconds()).isCloseTo(10, within(0.01));
    }

    /*
     * A burst of three requests (outputs 4, 1, 1), at most 2 running:
     *   0-10 ms  r0, r1 prefill; r1 done
     *  10-20 ms  r0 token 2, r2 prefill (done)
     *  20-40 ms  r0 tokens 3 and 4 (the drain)
     * Whole run: 40 ms, 6 tokens (150 tok/s), 3 requests (75 req/s), TTFT 10, 10, 20 ms.
     * Capacity window: the queue is empty and 2 of 3 are done at 20 ms: 4 tokens in 20 ms (200 tok/s).
     */
    @Test
    void finiteBurstIncludesItsDrainInAWholeRunButNotInTheCapacityWindow() {
        RequestTrace t = trace(new int[] {4, 1, 1});
        LoadRun.Result whole = LoadRun.run(engines(2), t, new Arrivals.Burst(), LoadRun.Window.WHOLE_RUN);
        assertThat(whole.windowSeconds()).isCloseTo(0.040, within(1e-9));
        assertThat(whole.point().outputTokensPerSecond()).isCloseTo(150, within(1e-6));
        assertThat(whole.point().queriesPerSecond()).isCloseTo(75, within(1e-6));
        assertThat(whole.latencies().ttft().mean()).isCloseTo(40 / 3.0, within(0.01));
        assertThat(whole.latencies().ttft().median()).isCloseTo(10, within(0.01));
        assertThat(whole.latencies().e2e().p99()).isCloseTo(40, within(0.05));
        // queue: r2 waits during the first iteration only
        assertThat(whole.point().queueSize()).isCloseTo(0.010 / 0.040, within(1e-9));

        LoadRun.Result capacity = LoadRun.run(engines(2), t, new Arrivals.Burst(), LoadRun.Window.STEADY_STATE);
        assertThat(capacity.windowSeconds()).isCloseTo(0.020, within(1e-9));
        assertThat(capacity.point().outputTokensPerSecond()).isCloseTo(200, within(1e-6));
    }

    /*
     * Poisson at 10 req/s with unit arrivals 0, 1, 2: requests at 0, 100 and 200 ms, each alone for
     * 3 iterations (30 ms). Whole run: 230 ms, 9 tokens; busy 90 ms of 230 with one request running. Its request
     * rate is what vLLM's benchmark prints, completed requests over the run, 3 / 230 ms = 13.0/s (not the offered 10:
     * three arrivals 100 ms apart span 200 ms, and the last one's 30 ms follow).
     */
    @Test
    void poissonArrivalsLeaveTheEngineIdleBetweenRequests() {
        LoadRun.Result r = LoadRun.run(engines(256), trace(new int[] {3, 3, 3}), new Arrivals.Poisson(10),
                LoadRun.Window.WHOLE_RUN);
        assertThat(r.windowSeconds()).isCloseTo(0.230, within(1e-9));
        assertThat(r.point().outputTokensPerSecond()).isCloseTo(9 / 0.230, within(1e-6));
        assertThat(r.point().queriesPerSecond()).isCloseTo(3 / 0.230, within(1e-9));
        assertThat(r.point().batchSize()).isCloseTo(0.090 / 0.230, within(1e-9));
        assertThat(r.latencies().e2e().median()).isCloseTo(30, within(0.05));
        assertThat(r.latencies().tpot().mean()).isCloseTo(10, within(0.01));
        assertThat(r.latencies().itl().mean()).isCloseTo(10, within(0.01));
    }

    /*
     * Poisson at 10 req/s, ten requests of 10 prompt and 1 output token at unit arrivals 0..9: request i
     * arrives at 100 i ms and is done 10 ms later (one prefill iteration gives its only token). Steady state:
     * the first 10% (request 0) warms up; the window runs from request 1's arrival (100 ms) to request 9's
     * (900 ms), 800 ms, and holds the iterations ending at 110, 210, ..., 810 ms: requests 1 to 8, 8 tokens
     * (10 tok/s) and 8 x 10 prompt tokens (100 tok/s). Request 9's iteration starts at the window's end and
     * counts nowhere. One request runs 8 x 10 ms of the 800 ms (batch 0.1) holding 1 of 10 000 blocks.
     */
    @Test
    void poissonSteadyStateSkipsTheWarmUpAndEndsAtTheLastArrival() {
        int[] out = new int[10];
        java.util.Arrays.fill(out, 1);
        LoadRun.Result r = LoadRun.run(engines(256), trace(out), new Arrivals.Poisson(10), LoadRun.Window.STEADY_STATE);
        assertThat(r.windowSeconds()).isCloseTo(0.800, within(1e-9));
        assertThat(r.iterations()).isEqualTo(10);
        assertThat(r.measuredRequests()).isEqualTo(9);
        PerformancePoint p = r.point();
        assertThat(p.queriesPerSecond()).isEqualTo(10);
        assertThat(p.outputTokensPerSecond()).isCloseTo(10, within(1e-6));
        assertThat(p.inputTokensPerSecond()).isCloseTo(100, within(1e-6));
        assertThat(p.batchSize()).isCloseTo(0.1, within(1e-9));
        assertThat(p.queueSize()).isZero();
        assertThat(p.kvCacheUsage()).isCloseTo(0.1 * 1e-4, within(1e-12));
        // one output token: no time per output token after the first; TTFT and NTPOT are the 10 ms iteration
        assertThat(p.itlMilliseconds()).isZero();
        assertThat(p.ttftMilliseconds()).isCloseTo(10, within(0.01));
        assertThat(p.ntpotMilliseconds()).isCloseTo(10, within(0.01));
        assertThat(r.latencies().tpot()).isEqualTo(new LoadRun.Statistic(0, 0, 0, 0));
        assertThat(r.latencies().e2e().p90()).isCloseTo(10, within(0.01));
    }

    /*
     * Poisson at 100 req/s (unit arrivals 0..3: due at 0, 10, 20 and 30 ms), at most 1 in flight, outputs 3, 1, 1, 1:
     *   r0 sent at 0 ms, tokens at 10, 20 and 30 ms (done); r1, due at 10 ms, waits for r0's slot: sent at 30 ms,
     *   done at 40 ms; r2 (due at 20) sent at 40, done at 50; r3 (due at 30) sent at 50, done at 60 ms.
     * Whole run: 60 ms, 6 tokens (100 tok/s), 4 requests (66.7 req/s), 6 iterations of one request; TTFT 10 ms each
     * (counted from the send, as vLLM's client times it, not from the due time), e2e 30, 10, 10, 10 ms.
     * Without the limit r1 and r2 join r0's iterations (done at 20 and 30 ms) and r3 is done at 40 ms: 4 iterations.
     */
    @Test
    void aConcurrencyLimitHoldsDueRequestsBackUntilASlotFrees() {
        RequestTrace t = trace(new int[] {3, 1, 1, 1});
        LoadRun.Result r = LoadRun.run(engines(256), t, new Arrivals.CappedPoisson(100, 1), LoadRun.Window.WHOLE_RUN);
        assertThat(r.windowSeconds()).isCloseTo(0.060, within(1e-9));
        assertThat(r.iterations()).isEqualTo(6);
        assertThat(r.point().outputTokensPerSecond()).isCloseTo(6 / 0.060, within(1e-6));
        assertThat(r.point().queriesPerSecond()).isCloseTo(4 / 0.060, within(1e-6));
        assertThat(r.point().batchSize()).isCloseTo(1, within(1e-9));
        assertThat(r.latencies().ttft().mean()).isCloseTo(10, within(0.01));
        assertThat(r.latencies().e2e().mean()).isCloseTo((30 + 10 + 10 + 10) / 4.0, within(0.01));

        LoadRun.Result open = LoadRun.run(engines(256), t, new Arrivals.Poisson(100), LoadRun.Window.WHOLE_RUN);
        assertThat(open.windowSeconds()).isCloseTo(0.040, within(1e-9));
        assertThat(open.iterations()).isEqualTo(4);
    }

    /*
     * A limit that a slow rate never reaches: at 10 req/s requests 0-3 are due at 0, 100, 200, 300 ms and each is done
     * 10 ms after it is sent (one token), so each is sent when due, not when the slot frees: the run ends at 310 ms, as
     * plain Poisson's does (sending each as soon as the slot frees would end it at 40 ms).
     */
    @Test
    void underAConcurrencyLimitARequestIsSentWhenItIsDueNotBefore() {
        RequestTrace t = trace(new int[] {1, 1, 1, 1});
        LoadRun.Result capped = LoadRun.run(engines(256), t, new Arrivals.CappedPoisson(10, 1), LoadRun.Window.WHOLE_RUN);
        assertThat(capped.windowSeconds()).isCloseTo(0.310, within(1e-9));
        assertThat(capped.iterations()).isEqualTo(4);
        assertThat(capped.point().queriesPerSecond()).isCloseTo(4 / 0.310, within(1e-6));
        assertThat(capped.latencies().e2e().mean()).isCloseTo(10, within(0.01));
        LoadRun.Result open = LoadRun.run(engines(256), t, new Arrivals.Poisson(10), LoadRun.Window.WHOLE_RUN);
        assertThat(open.point()).isEqualTo(capped.point());
    }

    /* One request of 3 tokens, alone: tokens at 10, 20 and 30 ms, two inter-token latencies of 10 ms, both counted. */
    @Test
    void theFirstMeasuredRequestsInterTokenLatenciesAreCounted() {
        LoadRun.Result r = LoadRun.run(engines(256), trace(new int[] {3}), new Arrivals.Burst(), LoadRun.Window.WHOLE_RUN);
        assertThat(r.latencies().itl().mean()).isCloseTo(10, within(0.01));
        assertThat(r.latencies().ttft().mean()).isCloseTo(10, within(0.01));
        assertThat(r.latencies().e2e().mean()).isCloseTo(30, within(0.01));
    }

    /*
     * The burst of finiteBurstIncludesItsDrainInAWholeRunButNotInTheCapacityWindow: its capacity window delivers 200
     * tok/s, and the outputs average (4 + 1 + 1) / 3 = 2 tokens, so the capacity is 100 req/s, from the cheaper entry
     * point the sweeps use as from the whole run, which keeps its latencies.
     */
    @Test
    void aBurstsCapacityIsItsTokenRateOverTheMeanOutput() {
        RequestTrace t = trace(new int[] {4, 1, 1});
        assertThat(LoadRun.capacityQps(engines(2), t)).isCloseTo(100, within(1e-6));
        LoadRun.Result capacity = LoadRun.run(engines(2), t, new Arrivals.Burst(), LoadRun.Window.STEADY_STATE);
        assertThat(capacity.point().queriesPerSecond()).isCloseTo(100, within(1e-6));
        assertThat(capacity.latencies()).isNotNull();
        assertThat(capacity.latencies().ttft().median()).isCloseTo(10, within(0.01));
    }

    /* A limit the run never reaches (4 requests, at most 4 in flight) changes nothing. */
    @Test
    void aConcurrencyLimitOfTheTraceLengthIsPlainPoisson() {
        RequestTrace t = trace(new int[] {3, 1, 1, 1});
        LoadRun.Result capped = LoadRun.run(engines(256), t, new Arrivals.CappedPoisson(100, 4), LoadRun.Window.WHOLE_RUN);
        LoadRun.Result open = LoadRun.run(engines(256), t, new Arrivals.Poisson(100), LoadRun.Window.WHOLE_RUN);
        assertThat(capped.point()).isEqualTo(open.point());
    }

    @Test
    void aConcurrencyAtLeastTheTraceLengthIsABurst() {
        RequestTrace t = trace(new int[] {4, 1, 1});
        LoadRun.Result closed = LoadRun.run(engines(2), t, new Arrivals.Concurrency(5), LoadRun.Window.WHOLE_RUN);
        LoadRun.Result burst = LoadRun.run(engines(2), t, new Arrivals.Burst(), LoadRun.Window.WHOLE_RUN);
        assertThat(closed.point()).isEqualTo(burst.point());
    }

    @Test
    void arrivalsRefuseNonPositiveValues() {
        assertThatThrownBy(() -> new Arrivals.Poisson(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Arrivals.Poisson(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Arrivals.Concurrency(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Arrivals.Poisson(2.5).describe()).isEqualTo("Poisson 2.5 req/s");
        assertThat(new Arrivals.Concurrency(64).describe()).isEqualTo("concurrency 64");
        assertThatThrownBy(() -> new Arrivals.CappedPoisson(2, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Arrivals.CappedPoisson(0, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Arrivals.CappedPoisson(2.5, 96).describe()).isEqualTo("Poisson 2.5 req/s, at most 96 in flight");
    }
}
