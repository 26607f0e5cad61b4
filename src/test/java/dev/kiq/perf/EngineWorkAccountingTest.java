package dev.kiq.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the engine tells the roofline about each iteration ({@link IterationCost.Work}) and what it reports
 * back ({@link ContinuousBatchingEngine.Iteration}), step by step on a case small enough to follow by hand:
 * blocks of 4 tokens, 100 blocks (a watermark of 1), a budget of 8 tokens per iteration, chunked prefill and
 * a sliding window of 6 tokens. Request 1 has a 10-token prompt and 2 output tokens; request 2, sent after
 * the second iteration, a 3-token prompt and 1 output token.
 *
 * <p>The causal (query, key) pairs of n new tokens after c cached ones are n c + n (n + 1) / 2; under a
 * window w each new token sees at most w keys.
 */
class EngineWorkAccountingTest {

    /** An engine whose iterations each take {@code seconds} and whose Work goes into {@code into}. */
    private static ContinuousBatchingEngine recording(SchedulerSettings settings, double seconds, int window,
                                                      List<IterationCost.Work> into) {
        return new ContinuousBatchingEngine(settings, w -> {
            into.add(w);
            return seconds;
        }, window);
    }

    @Test
    void eachIterationsWorkAndOutcomeAreWhatTheSchedulerScheduled() {
        List<IterationCost.Work> work = new ArrayList<>();
        ContinuousBatchingEngine e = recording(new SchedulerSettings(4, 8, true, 4, 100, 64), 0.5, 6, work);
        e.submit(1, 10, 2);

        // 1: request 1 is admitted with ceil(10 / 4) = 3 blocks and prefills 8 of its 10 prompt tokens
        ContinuousBatchingEngine.Iteration first = e.step();
        // context 8, capped 6; pairs 8 x 9 / 2 = 36, windowed 6 x 7 / 2 = 21 for the first 6 + 2 x 6 = 33
        assertThat(work.get(0)).isEqualTo(new IterationCost.Work(1, 8, 0, 8, 6, 36, 33, 1.0));
        assertThat(first.seconds()).isEqualTo(0.5);
        assertThat(first.prefillTokens()).isEqualTo(8);
        assertThat(first.decodeTokens()).isZero();
        assertThat(first.tokens()).isEmpty();
        assertThat(first.kvCacheUsage()).isCloseTo(0.03, within(1e-12));
        assertThat(first.runningRequests()).isEqualTo(1);
        assertThat(first.waitingRequests()).isZero();

        // 2: the last 2 prompt tokens (c = 8): context 10, capped 6; pairs 2 x 8 + 3 = 19, windowed 2 x 6 = 12;
        // the prompt is complete, so it samples its first token
        ContinuousBatchingEngine.Iteration second = e.step();
        assertThat(work.get(1)).isEqualTo(new IterationCost.Work(1, 2, 1, 10, 6, 19, 12, 1.0));
        assertThat(second.prefillTokens()).isEqualTo(2);
        assertThat(second.tokens()).containsExactly(1L);
        assertThat(second.finished()).isEmpty();

        // 3: request 1 decodes (c = 10: context 11, capped 6; pairs 10 + 1 = 11, windowed 6) and request 2 is
        // admitted (1 block) and prefills its 3 tokens (context 3; pairs 3 x 4 / 2 = 6, inside the window).
        // Both sample, both are then done.
        e.submit(2, 3, 1);
        ContinuousBatchingEngine.Iteration third = e.step();
        assertThat(work.get(2)).isEqualTo(new IterationCost.Work(2, 4, 2, 14, 9, 17, 12, 1.0));
        assertThat(third.sequences()).isEqualTo(2);
        assertThat(third.decodeTokens()).isEqualTo(1);
        assertThat(third.prefillTokens()).isEqualTo(3);
        assertThat(third.tokens()).containsExactly(1L, 2L);
        assertThat(third.finished()).containsExactly(1L, 2L);
        assertThat(third.preempted()).isEmpty();
        // 3 + 1 of 100 blocks in use during the iteration, none after
        assertThat(third.kvCacheUsage()).isCloseTo(0.04, within(1e-12));
        assertThat(third.runningRequests()).isEqualTo(2);
        assertThat(e.kvCacheUsage()).isZero();
        assertThat(e.hasWork()).isFalse();
        assertThat(e.runningCount()).isZero();
        assertThat(e.waitingCount()).isZero();
        assertThat(e.preemptions()).isZero();
        // a finished request is gone: aborting it does nothing
        assertThat(e.abort(1)).isFalse();
    }

    @Test
    void theDefaultSchedulerRunsWholePromptsUpToTheBudgetThenDecodesEveryone() {
        List<IterationCost.Work> work = new ArrayList<>();
        // V0 without chunked prefill: a budget of 8 tokens, no window
        ContinuousBatchingEngine e = recording(new SchedulerSettings(4, 8, false, 4, 100, 64), 1.0, Integer.MAX_VALUE,
                work);
        e.submit(1, 5, 2);
        e.submit(2, 3, 2);
        e.submit(3, 4, 2);
        // 1: prompts 5 + 3 = 8 fit the budget; 4 more would not: request 3 waits
        ContinuousBatchingEngine.Iteration prompts = e.step();
        // pairs 5 x 6 / 2 + 3 x 4 / 2 = 15 + 6 = 21; both sample
        assertThat(work.get(0)).isEqualTo(new IterationCost.Work(2, 8, 2, 8, 8, 21, 21, 1.0));
        assertThat(prompts.waitingRequests()).isEqualTo(1);
        assertThat(prompts.tokens()).containsExactly(1L, 2L);
        // 2: a prompt is waiting and fits: it runs alone (prompts first), 4 x 5 / 2 = 10 pairs
        e.step();
        assertThat(work.get(1)).isEqualTo(new IterationCost.Work(1, 4, 1, 4, 4, 10, 10, 1.0));
        // 3: no prompt left: one decode of each running request; contexts 6, 4, 5 (cached + 1); pairs 5+1, 3+1, 4+1
        ContinuousBatchingEngine.Iteration decodes = e.step();
        assertThat(work.get(2)).isEqualTo(new IterationCost.Work(3, 3, 3, 15, 15, 15, 15, 1.0));
        assertThat(decodes.decodeTokens()).isEqualTo(3);
        assertThat(decodes.finished()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aRequestExactlyAsLongAsTheContextOrTheCacheIsAcceptedOneTokenMoreIsNot() {
        // max_model_len 64: 60 + 4 = 64 tokens fit, 61 + 4 do not
        ContinuousBatchingEngine e = new ContinuousBatchingEngine(new SchedulerSettings(4, 8, true, 4, 100, 64),
                w -> 1.0, Integer.MAX_VALUE);
        e.submit(1, 60, 4);
        assertThatThrownBy(() -> e.submit(2, 61, 4)).hasMessageContaining("61 + 4 tokens exceed max_model_len 64");
        assertThatThrownBy(() -> e.submit(3, 0, 4)).hasMessageContaining("at least one input and one output token");
        assertThatThrownBy(() -> e.submit(4, 4, 0)).hasMessageContaining("at least one input and one output token");
        assertThatThrownBy(() -> e.submit(1, 4, 4)).hasMessageContaining("already in the engine");
        // 10 blocks of 4 tokens (a watermark of floor(0.1) = 0): 40 tokens take all 10 blocks, 41 would need 11
        ContinuousBatchingEngine small = new ContinuousBatchingEngine(new SchedulerSettings(4, 8, true, 4, 10, 64),
                w -> 1.0, Integer.MAX_VALUE);
        small.submit(1, 36, 4);
        assertThatThrownBy(() -> small.submit(2, 37, 4)).hasMessageContaining("can never fit in the KV cache of 10 blocks");
        // the 36-token prompt is admitted with ceil(36 / 4) = 9 blocks, all but one
        small.step();
        assertThat(small.kvCacheUsage()).isCloseTo(0.9, within(1e-12));
    }

    @Test
    void anEngineWithoutCacheBlocksReportsNoUsage() {
        ContinuousBatchingEngine e = new ContinuousBatchingEngine(new SchedulerSettings(4, 8, true, 4, 0, 64),
                w -> 1.0, Integer.MAX_VALUE);
        assertThat(e.kvCacheUsage()).isZero();
        assertThat(e.hasWork()).isFalse();
    }
}
