package dev.kiq.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class RateRecorderTest {

    static final long MS = 1_000_000L;

    /** A request sent at {@code sendMs} whose tokens stream every 10 ms after a 50 ms TTFT. */
    static RequestRecord request(long sendMs, int tokens) {
        long[] gaps = new long[tokens - 1];
        java.util.Arrays.fill(gaps, 10 * MS);
        long first = (sendMs + 50) * MS;
        return new RequestRecord(sendMs * MS, first, first + (tokens - 1) * 10 * MS, 100, tokens, gaps,
                Optional.empty(), "", "");
    }

    @Test
    void steadyStateWindowSkipsWarmUpAndCountsTokensStreamedWithinIt() {
        RateRecorder rec = new RateRecorder(GoodputTargets.NONE, 1.0);
        // 20 requests, one every 100 ms, 11 tokens each (50 ms TTFT + 10 x 10 ms)
        for (int i = 0; i < 20; i++) {
            rec.sent(i * 100 * MS, 0, 1);
        }
        for (int i = 0; i < 20; i++) {
            rec.add(request(i * 100, 11));
        }
        RateResult r = rec.result(10, ServerMetrics.none(), false);
        // window: send of request #2 (200 ms) to last send (1900 ms) = 1.7 s; each request streams
        // 11 tokens over 150 ms, one per 100 ms: steady 110 tokens/s
        assertThat(r.outputTokensPerSecond()).isCloseTo(110, within(6.0));
        assertThat(r.ttft().p50()).isCloseTo(50, within(0.1));
        assertThat(r.ttft().count()).isEqualTo(18);
        // e2e 150 ms over 11 tokens
        assertThat(r.ntpot().p50()).isCloseTo(150 / 11.0, within(0.05));
        assertThat(r.itl().p50()).isCloseTo(10, within(0.02));
        assertThat(r.achievedRate()).isCloseTo(10, within(1e-9));
    }

    /** A request sent at 0 whose {@code tokens} tokens stream every 10 ms from {@code firstMs}. */
    static RequestRecord burst(long firstMs, int tokens) {
        long[] gaps = new long[tokens - 1];
        java.util.Arrays.fill(gaps, 10 * MS);
        return new RequestRecord(0, firstMs * MS, (firstMs + (tokens - 1) * 10) * MS, 100, tokens, gaps, Optional.empty(), "", "");
    }

    /** A recorder of {@code records}, all sent at 0 in their order (the burst a capacity probe sends). */
    private static RateRecorder sentAtOnce(RequestRecord... records) {
        RateRecorder recorder = new RateRecorder(GoodputTargets.NONE, 1.0);
        for (int i = 0; i < records.length; i++) {
            recorder.sent(0, 0, i + 1);
        }
        for (RequestRecord r : records) {
            recorder.add(r);
        }
        return recorder;
    }

    @Test
    void burstCapacityCountsTokensUntilTheQueueEmptiedAndHalfTheRequestsFinished() {
        // a batch of two: requests 0 and 1 stream 10 tokens from 10 to 100 ms; 2 and 3 are admitted when they finish
        // and have their first tokens at 130 ms. The window ends at the last first token (130 ms, after half finished
        // at 100 ms): 10 + 10 + 1 + 1 = 22 tokens in 0.13 s over a mean output of 10 tokens = 16.92 requests/s
        RateRecorder queued = sentAtOnce(burst(10, 10), burst(10, 10), burst(130, 10), burst(130, 10));
        assertThat(queued.burstCapacity().getAsDouble()).isCloseTo(22 / 0.13 / 10, within(1e-9));

        // all four in one batch, the short one done at 50 ms: the queue is empty at once, so the window ends when half
        // of the requests have finished (the second finish, 100 ms): 3 x 10 + 2 = 32 tokens in 0.1 s over a mean
        // output of 8 = 40 requests/s (ending at the last first token, 40 ms, would give 13 / 0.04 / 8 = 40.6)
        RateRecorder batch = sentAtOnce(burst(10, 10), burst(10, 10), burst(10, 10), burst(40, 2));
        assertThat(batch.burstCapacity().getAsDouble()).isCloseTo(40, within(1e-9));
    }

    @Test
    void timeScaleConvertsWallTimeToTargetTime() {
        RateRecorder rec = new RateRecorder(GoodputTargets.NONE, 10.0);
        for (int i = 0; i < 20; i++) {
            rec.sent(i * 100 * MS, 0, 1);
            rec.add(request(i * 100, 11));
        }
        RateResult r = rec.result(1, ServerMetrics.none(), false);
        assertThat(r.achievedRate()).isCloseTo(1, within(1e-9));
        assertThat(r.ttft().p50()).isCloseTo(500, within(1.0));
        assertThat(r.outputTokensPerSecond()).isCloseTo(11, within(0.6));
    }

    @Test
    void goodputCountsOnlyRequestsMeetingEveryTarget() {
        RateRecorder rec = new RateRecorder(new GoodputTargets(OptionalDouble.of(60), OptionalDouble.empty(),
                OptionalDouble.of(14)), 1.0);
        for (int i = 0; i < 20; i++) {
            rec.sent(i * 100 * MS, 0, 1);
            // even requests 11 tokens (NTPOT 13.6 ms), odd ones 5 tokens (NTPOT 18 ms)
            rec.add(request(i * 100, i % 2 == 0 ? 11 : 5));
        }
        RateResult r = rec.result(10, ServerMetrics.none(), false);
        assertThat(r.goodputRate()).isCloseTo(9 / 1.7, within(1e-6));
    }
}
