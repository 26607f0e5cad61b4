package dev.kiq.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * A client reading vLLM's chat-completions stream ({@link LoadRun#run(java.util.function.Supplier, RequestTrace,
 * Arrivals, LoadRun.Window, boolean)}): vLLM's role-only first chunk comes with the first token, and
 * {@code vllm bench serve --backend openai-chat} records one inter-token latency of about zero between the two.
 */
class ChatStreamItlTest {

    /*
     * 10 ms iterations, no API server. Request 0 (1 prompt token, 4 output tokens) arrives at 0 s: tokens at 10, 20,
     * 30, 40 ms. Request 1 (2 output tokens) arrives at 1 s, when the engine is idle: tokens at 1.010 and 1.020 s.
     * Completions stream: gaps {10, 10, 10} and {10}: mean 10 ms. Chat stream: {0, 10, 10, 10} and {0, 10}: mean
     * 40 / 6 = 6.667 ms; sorted {0, 0, 10, 10, 10, 10}, so the median (the 3rd of 6) stays 10 ms and the lowest
     * third of the gaps is 0. TTFT (10 ms each) and TPOT (30 / 3 and 10 / 1 = 10 ms each) are the same for both.
     * The published 4-token case: GPUStack's random 128/4 bursts print a mean ITL of 0.750 times their mean TPOT on
     * all four (e.g. Qwen3-14B on H100: 393.98 / 525.31 ms), the (N - 1) / N of N = 4 tokens.
     */
    @Test
    void aChatStreamAddsOneZeroGapPerRequestAndLeavesTtftAndTpotAlone() {
        SchedulerSettings s = new SchedulerSettings(1024, 65_536, true, 16, 100_000, 4096);
        RequestTrace trace = RequestTrace.of(new int[] {1, 1}, new int[] {4, 2}, new double[] {0, 1.0});
        LoadRun.Result completions = LoadRun.run(() -> new ContinuousBatchingEngine(s, work -> 0.010, Integer.MAX_VALUE),
                trace, new Arrivals.Poisson(1.0), LoadRun.Window.WHOLE_RUN, false);
        LoadRun.Result chat = LoadRun.run(() -> new ContinuousBatchingEngine(s, work -> 0.010, Integer.MAX_VALUE),
                trace, new Arrivals.Poisson(1.0), LoadRun.Window.WHOLE_RUN, true);

        assertThat(completions.latencies().itl().mean()).isCloseTo(10.0, within(0.01));
        assertThat(completions.latencies().itl().median()).isCloseTo(10.0, within(0.01));
        assertThat(chat.latencies().itl().mean()).isCloseTo(40.0 / 6, within(0.01));
        assertThat(chat.latencies().itl().median()).isCloseTo(10.0, within(0.01));
        assertThat(chat.latencies().itl().p99()).isCloseTo(10.0, within(0.01));
        for (LoadRun.Result r : new LoadRun.Result[] {completions, chat}) {
            assertThat(r.latencies().ttft().mean()).isCloseTo(10.0, within(0.01));
            assertThat(r.latencies().tpot().mean()).isCloseTo(10.0, within(0.01));
        }
        // what the fit sees: the mean ITL of a run of 4-token requests is 3/4 of its mean TPOT
        RequestTrace four = RequestTrace.of(new int[] {1}, new int[] {4}, new double[] {0});
        LoadRun.Result r = LoadRun.run(() -> new ContinuousBatchingEngine(s, work -> 0.010, Integer.MAX_VALUE),
                four, new Arrivals.Poisson(1.0), LoadRun.Window.WHOLE_RUN, true);
        assertThat(r.latencies().itl().mean() / r.latencies().tpot().mean()).isCloseTo(0.75, within(1e-6));
    }
}
