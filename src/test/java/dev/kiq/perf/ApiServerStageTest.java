package dev.kiq.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The API server stage in front of the engine ({@link ApiServer}, {@link ApiServerQueue}) on small traces
 * whose timelines are worked out by hand: every engine iteration takes a fixed time, whatever it holds.
 */
class ApiServerStageTest {

    private static Supplier<ContinuousBatchingEngine> engines(double iterationSeconds, ApiServer api) {
        SchedulerSettings s = new SchedulerSettings(1024, 65_536, true, 16, 100_000, 4096);
        return () -> new ContinuousBatchingEngine(s, work -> iterationSeconds, Integer.MAX_VALUE, api);
    }

    private static RequestTrace burst(int n, int input, int output) {
        int[] in = new int[n];
        int[] out = new int[n];
        double[] at = new double[n];
        for (int i = 0; i < n; i++) {
            in[i] = input;
            out[i] = output;
            at[i] = i;
        }
        return RequestTrace.of(in, out, at);
    }

    /*
     * V1's async scheduling: the scheduler runs one step ahead of the GPU, so iteration n + 1 is scheduled when
     * iteration n starts. 10 ms iterations, no API server; request 0 (1 prompt token, 5 output tokens) arrives at
     * 0, request 1 (1 output token) at 15 ms, request 2 (1 output token) at 100 ms, when the engine is idle.
     * Without it: iterations [0, 10) prefill request 0, [10, 20) decode it, request 1 joins [20, 30): its only
     * token at 30 ms, TTFT 15 ms. Ahead: [20, 30) was scheduled at 10 ms, before request 1 arrived, so request 1
     * joins [30, 40), scheduled at 20 ms: TTFT 25 ms. Request 0's tokens come every 10 ms either way (10 ... 50).
     * Request 2 finds the engine idle, which schedules it at once: TTFT 10 ms either way.
     */
    @Test
    void withTheSchedulerOneStepAheadARequestArrivingMidIterationWaitsOneMore() {
        SchedulerSettings s = new SchedulerSettings(1024, 65_536, true, 16, 100_000, 4096);
        RequestTrace trace = RequestTrace.of(new int[] {1, 1, 1}, new int[] {5, 1, 1}, new double[] {0, 0.015, 0.100});
        for (boolean ahead : new boolean[] {false, true}) {
            LoadRun.Result r = LoadRun.run(
                    () -> new ContinuousBatchingEngine(s, work -> 0.010, Integer.MAX_VALUE).schedulingAhead(ahead),
                    trace, new Arrivals.Poisson(1.0), LoadRun.Window.WHOLE_RUN);
            // TTFTs 10, 15 or 25, 10 ms: the median is request 1's when ahead, 10 ms otherwise
            assertThat(r.latencies().ttft().mean()).as("ahead " + ahead)
                    .isCloseTo(ahead ? (10 + 25 + 10) / 3.0 : (10 + 15 + 10) / 3.0, within(0.01));
            assertThat(r.latencies().ttft().p99()).as("ahead " + ahead).isCloseTo(ahead ? 25 : 15, within(0.01));
            // request 0: 4 gaps of 10 ms after its first token
            assertThat(r.latencies().tpot().median()).isCloseTo(10, within(0.01));
            assertThat(r.windowSeconds()).isCloseTo(0.110, within(1e-9));
        }
    }

    /*
     * 10 ms of serial work per request, nothing per token, 1 ms iterations; 100 requests at once, one output
     * token each. The server takes them in one after another: request k reaches the engine at 10 (k + 1) ms,
     * is prefilled alone in 1 ms, and its only token is its first: TTFT 10 k + 11 ms, growing linearly with
     * its place in the queue. The run ends at 1001 ms: 100 requests / 1.001 s, the server's 1 / 10 ms.
     */
    @Test
    void aPerRequestCostCapsThroughputAtItsInverseAndTtftGrowsWithThePlaceInTheQueue() {
        ApiServer api = new ApiServer(0, 10.0, 0, 0);
        LoadRun.Result r = LoadRun.run(engines(0.001, api), burst(100, 10, 1), new Arrivals.Burst(),
                LoadRun.Window.WHOLE_RUN);
        assertThat(r.windowSeconds()).isCloseTo(1.001, within(1e-9));
        assertThat(r.point().queriesPerSecond()).isCloseTo(100 / 1.001, within(1e-6));
        assertThat(r.iterations()).isEqualTo(100);
        // TTFT 11, 21, ..., 1001 ms: mean 506, median 501 (the 50th), p99 991 (the 99th)
        assertThat(r.latencies().ttft().mean()).isCloseTo(506, within(0.5));
        assertThat(r.latencies().ttft().median()).isCloseTo(501, within(0.5));
        assertThat(r.latencies().ttft().p99()).isCloseTo(991, within(1.0));
    }

    /*
     * Nothing per request, 1 ms per streamed token, 0.1 ms iterations; 100 requests at once, 10 output tokens
     * each. The first iteration prefills all 100 (100 first tokens), the next nine decode all 100: the engine is
     * done after 1 ms, but each iteration's 100 tokens take the server 100 ms to stream, one iteration after the
     * other: the clients get them at 100.1, 200.1, ..., 1000.1 ms. 1000 tokens / 1.0001 s: the server's 1 / 1 ms;
     * TTFT 100.1 ms for everyone, TPOT and ITL 100 ms.
     */
    @Test
    void aPerTokenCostCapsTokenThroughputAtItsInverseAndSpacesTheTokensOut() {
        ApiServer api = new ApiServer(0, 0, 0, 1000.0);
        LoadRun.Result r = LoadRun.run(engines(0.0001, api), burst(100, 10, 10), new Arrivals.Burst(),
                LoadRun.Window.WHOLE_RUN);
        assertThat(r.iterations()).isEqualTo(10);
        assertThat(r.windowSeconds()).isCloseTo(1.0001, within(1e-9));
        assertThat(r.point().outputTokensPerSecond()).isCloseTo(1000 / 1.0001, within(1e-6));
        assertThat(r.latencies().ttft().median()).isCloseTo(100.1, within(0.1));
        assertThat(r.latencies().tpot().median()).isCloseTo(100, within(0.1));
        assertThat(r.latencies().itl().median()).isCloseTo(100, within(0.1));
    }

    /*
     * Both costs: 2 ms per request, 50 µs per streamed token, 100 output tokens per request, so one request costs
     * the server 2 + 100 x 0.05 = 7 ms. 2000 requests at once through a fast engine (1 ms iterations): the server
     * is the bottleneck and the run finishes at its pace, 1 / 7 ms = 142.9 requests/s (within the start and the
     * drain, 0.5%).
     */
    @Test
    void requestAndTokenCostsAddUpToTheServersCapacity() {
        ApiServer api = new ApiServer(0, 2.0, 0, 50.0);
        LoadRun.Result r = LoadRun.run(engines(0.001, api), burst(2000, 10, 100), new Arrivals.Burst(),
                LoadRun.Window.WHOLE_RUN);
        assertThat(r.point().queriesPerSecond()).isCloseTo(1 / 0.007, within(0.005 / 0.007));
    }

    /*
     * One request at light load (Poisson, far apart) behind 15 ms of latency, 2 ms per request plus 1 µs per
     * prompt token, 60 µs per streamed token; 5 ms iterations. TTFT = 2 + 0.5 (500 prompt tokens) + 5 (prefill)
     * + 0.06 (streamed) + 15 = 22.56 ms. E2E with 4 output tokens = 2.5 + 4 x 5 + 0.06 + 15 = 37.56 ms.
     */
    @Test
    void lightLoadTtftIsTheLatencyThePerRequestWorkThePrefillAndOneStreamedToken() {
        ApiServer api = new ApiServer(15.0, 2.0, 1.0, 60.0);
        int[] in = {500, 500};
        int[] out = {4, 4};
        double[] at = {0, 1};
        LoadRun.Result r = LoadRun.run(engines(0.005, api), RequestTrace.of(in, out, at), new Arrivals.Poisson(0.1),
                LoadRun.Window.WHOLE_RUN);
        assertThat(r.latencies().ttft().mean()).isCloseTo(22.56, within(0.01));
        assertThat(r.latencies().e2e().mean()).isCloseTo(37.56, within(0.01));
        assertThat(r.latencies().tpot().mean()).isCloseTo(5.0, within(0.01));
    }

    /*
     * A whole run ends when the client has the last token, as vLLM's benchmark client measures it (its duration runs
     * until every request has returned). One request alone behind 15 ms of latency, 2 ms per request plus 1 µs per
     * prompt token, 60 µs per streamed token, 5 ms iterations, 500 prompt and 4 output tokens: the server takes it in
     * 0-2.5 ms, prefills [2.5, 7.5), decodes [7.5, 12.5), [12.5, 17.5), [17.5, 22.5) and streams the last token by
     * 22.56 ms; the client has it 15 ms later, at 37.56 ms, its e2e latency. The run lasts 37.56 ms (not the server's
     * 22.56): 4 tokens / 37.56 ms = 106.5 tokens/s, 1 / 37.56 ms = 26.62 requests/s.
     */
    @Test
    void aWholeRunEndsWhenTheClientHasTheLastTokenNotWhenTheServerStreamedIt() {
        ApiServer api = new ApiServer(15.0, 2.0, 1.0, 60.0);
        LoadRun.Result r = LoadRun.run(engines(0.005, api), RequestTrace.of(new int[] {500}, new int[] {4}, new double[] {0}),
                new Arrivals.Poisson(1.0), LoadRun.Window.WHOLE_RUN);
        assertThat(r.latencies().e2e().mean()).isCloseTo(37.56, within(0.01));
        assertThat(r.windowSeconds()).isCloseTo(0.03756, within(1e-9));
        assertThat(r.point().outputTokensPerSecond()).isCloseTo(4 / 0.03756, within(1e-6));
        assertThat(r.point().queriesPerSecond()).isCloseTo(1 / 0.03756, within(1e-6));
    }

    /*
     * Streaming comes first: 10 ms per request, 4 ms per streamed token, 1 ms iterations, two requests at once with
     * two output tokens. r0 is taken in 0-10 ms; r1 starts at 10 ms. r0 is prefilled 10-11 ms; its first token
     * streams 11-15 ms, holding r1 up to 14 ms, so r1 reaches the engine at 24 ms. r0's second token (iteration
     * 11-12 ms) streams 15-19 ms (pushing r1 to 28 ms). r1: prefill 28-29, token streamed 29-33; decode 29-30,
     * streamed 33-37. TTFT: r0 15 ms, r1 33 ms.
     */
    @Test
    void tokensStreamBeforeTheRequestBeingTakenInWhichWaits() {
        ApiServer api = new ApiServer(0, 10.0, 0, 4000.0);
        LoadRun.Result r = LoadRun.run(engines(0.001, api), burst(2, 10, 2), new Arrivals.Burst(),
                LoadRun.Window.WHOLE_RUN);
        assertThat(r.latencies().ttft().mean()).isCloseTo((15 + 33) / 2.0, within(0.01));
        assertThat(r.windowSeconds()).isCloseTo(0.037, within(1e-9));
    }

    /*
     * A closed loop behind the API server (the clients of wmx-l4-v1, inference-bench): 2 clients, 2 ms of latency,
     * 1 ms of serial work per request, nothing per prompt or streamed token, 10 ms iterations, the scheduler not
     * ahead. Outputs 3, 2, 1, 1 tokens. r0 and r1 arrive at 0: r0 is taken in 0-1 ms, r1 1-2 ms. The idle engine
     * takes r0 at once: [1, 11) prefills r0 (its first token at 11); r1, in the engine since 2 ms, joins
     * [11, 21) (first token at 21, r0's second); [21, 31) gives both their last token. Each client has it one
     * latency later and sends at once: r2 and r3 arrive at 31 + 2 = 33 ms. The engine is idle: r2 is taken in
     * 33-34 and prefilled [34, 44) alone; r3, taken in 34-35, joins [44, 54).
     * TTFT (the engine's first token - arrival + latency): r0 11 + 2 = 13, r1 21 + 2 = 23, r2 44 - 33 + 2 = 13,
     * r3 54 - 33 + 2 = 23 ms: mean 18, median 13, p99 23. E2E: r0 and r1 31 + 2 = 33, r2 13, r3 23 ms: mean 25.5.
     * The whole run: from the first arrival to the moment the client has the last token, r3's 54 + 2 = 56 ms (r3's
     * arrival 33 plus its e2e 23; were the next request sent when the server streamed the last token, without the
     * latency, r2 and r3 would arrive at 31 and the run end at 52 + 2 = 54 ms).
     */
    @Test
    void aClosedLoopClientSendsOneLatencyAfterItsLastTokenAndReturningRequestsAreTakenInOneAfterAnother() {
        ApiServer api = new ApiServer(2.0, 1.0, 0, 0);
        RequestTrace trace = RequestTrace.of(new int[] {10, 10, 10, 10}, new int[] {3, 2, 1, 1},
                new double[] {0, 1, 2, 3});
        LoadRun.Result r = LoadRun.run(engines(0.010, api), trace, new Arrivals.Concurrency(2),
                LoadRun.Window.WHOLE_RUN);
        assertThat(r.iterations()).isEqualTo(5);
        assertThat(r.windowSeconds()).isCloseTo(0.056, within(1e-9));
        assertThat(r.latencies().ttft().mean()).isCloseTo(18, within(0.01));
        assertThat(r.latencies().ttft().median()).isCloseTo(13, within(0.01));
        assertThat(r.latencies().ttft().p99()).isCloseTo(23, within(0.05));
        assertThat(r.latencies().e2e().mean()).isCloseTo(25.5, within(0.01));
    }
}
