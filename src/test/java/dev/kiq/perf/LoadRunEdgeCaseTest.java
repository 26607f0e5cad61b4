package dev.kiq.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kiq.profile.PerformancePoint;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The measurement windows' edges, on tiny traces whose timelines are worked
 * out by hand (PIT's surviving mutants of {@link LoadRun} and {@link ApiServerQueue}). Iterations take a fixed time
 * whatever they hold; where a token lands exactly on a window's edge the time is a power of two (1/64 s), so that
 * the sums are exact in binary.
 */
class LoadRunEdgeCaseTest {

    private static Supplier<ContinuousBatchingEngine> engines(int maxNumSeqs, double iteration, ApiServer api) {
        SchedulerSettings s = new SchedulerSettings(maxNumSeqs, 2048, true, 16, 10_000, 4096);
        return () -> new ContinuousBatchingEngine(s, work -> iteration, Integer.MAX_VALUE, api);
    }

    private static RequestTrace trace(int... output) {
        return LoadRunTest.trace(output);
    }

    /*
     * A steady-state burst (rate=inf) of four requests, outputs 1, 1, 3, 3, at most 2 running, 10 ms iterations:
     *    0-10 ms  r0, r1 prefill (their only tokens: done); r2, r3 wait
     *   10-20 ms  r2, r3 prefill (first tokens); the queue is empty and 2 of 4 (half) are done: the window closes at 20 ms
     *   20-40 ms  r2, r3 tokens 2 and 3 (the drain, outside the window)
     * Window 20 ms: 4 tokens (200 tok/s), 4 x 10 prompt tokens (2000 tok/s); request rate = 200 / mean output
     * (8 / 4 = 2) = 100 req/s; queue 2 requests during 10 of the 20 ms (1.0); batch 2 throughout.
     * Every request is measured: TTFT 10, 10, 20, 20 ms (median 10); NTPOT 10, 10, 40/3, 40/3 ms (median 10);
     * TPOT of r2, r3 (40 - 20) / 2 = 10 ms.
     */
    @Test
    void aBurstsCapacityWindowClosesWhenTheQueueIsEmptyAndHalfTheRequestsAreDone() {
        Supplier<ContinuousBatchingEngine> engines = engines(2, 0.010, ApiServer.NONE);
        RequestTrace t = trace(1, 1, 3, 3);
        LoadRun.Result r = LoadRun.run(engines, t, Double.POSITIVE_INFINITY);
        assertThat(r.windowSeconds()).isCloseTo(0.020, within(1e-9));
        PerformancePoint p = r.point();
        assertThat(p.outputTokensPerSecond()).isCloseTo(200, within(1e-6));
        assertThat(p.inputTokensPerSecond()).isCloseTo(2000, within(1e-6));
        assertThat(p.queriesPerSecond()).isCloseTo(100, within(1e-6));
        assertThat(p.queueSize()).isCloseTo(1.0, within(1e-9));
        assertThat(p.batchSize()).isCloseTo(2.0, within(1e-9));
        assertThat(p.ttftMilliseconds()).isCloseTo(10, within(0.01));
        assertThat(p.ntpotMilliseconds()).isCloseTo(10, within(0.01));
        assertThat(p.itlMilliseconds()).isCloseTo(10, within(0.01));
        assertThat(r.measuredRequests()).isEqualTo(4);
        assertThat(r.latencies().ntpot().p99()).isCloseTo(40 / 3.0, within(0.02));

        // the same capacity from the cheaper entry points the rate sweeps use
        assertThat(LoadRun.capacityQps(engines, t)).isCloseTo(100, within(1e-6));
        assertThat(LoadRun.point(engines, t, new Arrivals.Burst(), LoadRun.Window.STEADY_STATE).point()).isEqualTo(p);
        // four clients for four requests: every request in flight from the start, which is the burst
        assertThat(LoadRun.run(engines, t, new Arrivals.Concurrency(4), LoadRun.Window.STEADY_STATE).point()).isEqualTo(p);
    }

    /*
     * The capacity's request rate is its token rate over the mean output, not the requests that happened to finish in
     * the window. Outputs 1, 2, 2, 5, at most 3 running, 10 ms iterations:
     *    0-10 ms  r0, r1, r2 prefill (r0 done); r3 waits
     *   10-20 ms  r1, r2 second tokens (done), r3 prefill; the queue is empty and 3 of 4 are done: the window closes
     * 6 tokens in 20 ms = 300 tok/s; mean output 10 / 4 = 2.5: 120 req/s (3 finished in 20 ms would say 150).
     * Queue: 1 request during 10 of the 20 ms, 0.5.
     */
    @Test
    void aBurstsRequestRateIsItsTokenRateOverTheMeanOutput() {
        LoadRun.Result r = LoadRun.run(engines(3, 0.010, ApiServer.NONE), trace(1, 2, 2, 5), Double.POSITIVE_INFINITY);
        assertThat(r.windowSeconds()).isCloseTo(0.020, within(1e-9));
        assertThat(r.point().outputTokensPerSecond()).isCloseTo(300, within(1e-6));
        assertThat(r.point().queriesPerSecond()).isCloseTo(120, within(1e-6));
        assertThat(r.point().queueSize()).isCloseTo(0.5, within(1e-9));
    }

    /* A finite rate is a Poisson run: its request rate is the offered one. */
    @Test
    void aFiniteRateIsAPoissonRunAtThatRate() {
        LoadRun.Result r = LoadRun.run(engines(2, 0.010, ApiServer.NONE), trace(1, 1, 1), 4.0);
        assertThat(r.point().queriesPerSecond()).isEqualTo(4.0);
        // arrivals at 0, 250 and 500 ms, each served alone in 10 ms
        assertThat(r.point().ttftMilliseconds()).isCloseTo(10, within(0.01));
    }

    /*
     * Poisson at 64 req/s with unit arrivals 0..9: request i arrives at i/64 s and is served alone in one 1/64 s
     * iteration, so its only token comes exactly when request i + 1 arrives. Warm-up 10%: request 0. The window
     * (request 1's arrival, request 9's] = (1/64, 9/64] s, 1/8 s long. Request 0's token, delivered at 1/64 s, is on
     * the window's open start: out; request 8's, at 9/64 s, on its closed end: in; request 9's at 10/64 s: out.
     * 8 tokens (r1..r8) in 1/8 s = 64 tok/s.
     */
    @Test
    void theSteadyStateWindowIsOpenAtItsStartAndClosedAtItsEnd() {
        LoadRun.Result r = LoadRun.run(engines(256, 1 / 64.0, ApiServer.NONE), trace(1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
                new Arrivals.Poisson(64), LoadRun.Window.STEADY_STATE);
        assertThat(r.windowSeconds()).isEqualTo(0.125);
        assertThat(r.point().outputTokensPerSecond()).isCloseTo(64, within(1e-9));
        assertThat(r.point().inputTokensPerSecond()).isCloseTo(640, within(1e-9));
    }

    /*
     * The API server takes a request in for exactly 10 ms (10 ms per request, nothing per prompt token), from 0 to
     * 10 ms. An iteration's token streamed from 10 ms on (1 ms per token) starts when the intake has just ended: the
     * intake is not held up and the request reaches the engine at 10 ms; the token reaches the client at 11 ms.
     * Had the intake still been running at 10 ms, it would have waited for the 1 ms of streaming.
     */
    @Test
    void tokensStreamedWhenAnIntakeHasJustEndedDoNotHoldItUp() {
        ApiServerQueue q = new ApiServerQueue(new ApiServer(0, 10, 0, 1000));
        assertThat(q.startInput(0, 100)).isEqualTo(0.010);
        assertThat(q.output(0.010, 1)).isCloseTo(0.011, within(1e-15));
        assertThat(q.inputEnd()).isEqualTo(0.010);
        // an intake still running when tokens start streaming is pushed back by their 1 ms
        ApiServerQueue busy = new ApiServerQueue(new ApiServer(0, 10, 0, 1000));
        busy.startInput(0, 100);
        assertThat(busy.output(0.005, 1)).isCloseTo(0.006, within(1e-15));
        assertThat(busy.inputEnd()).isCloseTo(0.011, within(1e-15));
    }
}
