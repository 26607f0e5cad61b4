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

    /*
     * vLLM V0 multi-step (--num-scheduler-steps 3): the GPU runs a group's batch for its 3 steps, so a sequence that
     * finishes inside the group keeps decoding (its tokens dropped) until the group ends, and only then is its last token
     * reported and its request finished. Its decode is work like any other: one token, one sampled token, context
     * c + 1 (capped by the window of 7) and c + 1 pairs. The group's steps pay a third of the host work each.
     * A: 5-token prompt, 2 output tokens; B: 3-token prompt, 4 output tokens; blocks of 4, a budget of 8.
     */
    @Test
    void aSequenceThatFinishesInsideAMultiStepGroupDecodesOnUntilTheGroupEnds() {
        List<IterationCost.Work> work = new ArrayList<>();
        ContinuousBatchingEngine e = recording(new SchedulerSettings(4, 8, false, 4, 100, 64, 3), 1.0, 7, work);
        e.submit(1, 5, 2);
        e.submit(2, 3, 4);
        // 1: both prompts (5 + 3 = 8 tokens, the budget): pairs 15 + 6 = 21, both sample their first token
        e.step();
        assertThat(work.get(0)).isEqualTo(new IterationCost.Work(2, 8, 2, 8, 8, 21, 21, 1.0));
        // 2: decodes only, so a group of 3 starts: A (c = 5) context 6, B (c = 3) context 4. A samples its last token
        ContinuousBatchingEngine.Iteration second = e.step();
        assertThat(work.get(1)).isEqualTo(new IterationCost.Work(2, 2, 2, 10, 10, 10, 10, 1.0 / 3));
        assertThat(second.tokens()).containsExactly(2L);
        assertThat(second.finished()).isEmpty();
        // 3: A decodes on (c = 6: context 7, inside the window) beside B (c = 4: context 5); both are in the batch
        ContinuousBatchingEngine.Iteration third = e.step();
        assertThat(work.get(2)).isEqualTo(new IterationCost.Work(2, 2, 2, 12, 12, 12, 12, 1.0 / 3));
        assertThat(third.runningRequests()).isEqualTo(2);
        assertThat(third.tokens()).containsExactly(2L);
        assertThat(third.finished()).isEmpty();
        // 4, the group's last step: A (c = 7) context 8, capped at the window 7, and 7 windowed pairs; B (c = 5) context 6
        // samples its last token; then A's last token is reported and both finish
        ContinuousBatchingEngine.Iteration fourth = e.step();
        assertThat(work.get(3)).isEqualTo(new IterationCost.Work(2, 2, 2, 14, 13, 14, 13, 1.0 / 3));
        assertThat(fourth.runningRequests()).isEqualTo(2);
        assertThat(fourth.tokens()).containsExactly(2L, 1L);
        assertThat(fourth.finished()).containsExactly(2L, 1L);
        assertThat(e.hasWork()).isFalse();
        assertThat(e.kvCacheUsage()).isZero();
    }

    /* Nine sequences finish in the same group (more than the engine's first room for them): all nine are reported at its end. */
    @Test
    void nineSequencesFinishingInOneGroupAreAllReportedAtItsEnd() {
        ContinuousBatchingEngine e = new ContinuousBatchingEngine(new SchedulerSettings(16, 64, false, 4, 100, 64, 3),
                w -> 1.0, Integer.MAX_VALUE);
        for (int id = 1; id <= 9; id++) {
            e.submit(id, 1, 2);
        }
        assertThat(e.step().tokens()).hasSize(9);   // nine 1-token prompts, each samples its first token
        assertThat(e.step().finished()).isEmpty();  // the group's first step: each samples its last token
        assertThat(e.step().finished()).isEmpty();
        assertThat(e.step().finished()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(e.hasWork()).isFalse();
    }

    /* A group whose every request was aborted ends: the next step schedules afresh and admits the waiting request. */
    @Test
    void aGroupWithNoSequenceLeftEndsAndTheNextStepAdmitsTheWaitingRequest() {
        List<IterationCost.Work> work = new ArrayList<>();
        ContinuousBatchingEngine e = recording(new SchedulerSettings(4, 8, false, 4, 100, 64, 3), 1.0, Integer.MAX_VALUE, work);
        e.submit(1, 4, 10);
        e.step();                                    // A's prompt
        e.step();                                    // A's first decode starts a group of 3
        e.submit(2, 4, 2);
        assertThat(e.abort(1)).isTrue();
        ContinuousBatchingEngine.Iteration next = e.step();
        assertThat(next.prefillTokens()).isEqualTo(4);
        assertThat(next.tokens()).containsExactly(2L);
        assertThat(work.get(2)).isEqualTo(new IterationCost.Work(1, 4, 1, 4, 4, 10, 10, 1.0));
    }

    /*
     * The token budget is shared: a running decode takes 1 of the 8 tokens, so a new 10-token prompt gets a 7-token
     * chunk; a prompt that takes the whole budget leaves none, and the next request waits (it is not admitted with an
     * empty chunk).
     */
    @Test
    void runningSequencesTakeTheirTokensFromTheBudgetBeforeAdmissions() {
        List<IterationCost.Work> work = new ArrayList<>();
        ContinuousBatchingEngine e = recording(new SchedulerSettings(4, 8, true, 4, 100, 64), 1.0, Integer.MAX_VALUE, work);
        e.submit(1, 2, 5);
        e.step();
        e.submit(2, 10, 1);
        ContinuousBatchingEngine.Iteration mixed = e.step();
        assertThat(mixed.decodeTokens()).isEqualTo(1);
        assertThat(mixed.prefillTokens()).isEqualTo(7);

        ContinuousBatchingEngine full = recording(new SchedulerSettings(4, 8, true, 4, 100, 64), 1.0, Integer.MAX_VALUE,
                work = new ArrayList<>());
        full.submit(1, 8, 1);
        full.submit(2, 3, 1);
        ContinuousBatchingEngine.Iteration first = full.step();
        assertThat(work.get(0).sequences()).isEqualTo(1);
        assertThat(first.waitingRequests()).isEqualTo(1);
        assertThat(first.runningRequests()).isEqualTo(1);
    }

    /* V0's default scheduler admits at most max_num_seqs (2) prompts, even when a third fits the token budget. */
    @Test
    void theDefaultSchedulerAdmitsNoMoreThanMaxNumSeqs() {
        List<IterationCost.Work> work = new ArrayList<>();
        ContinuousBatchingEngine e = recording(new SchedulerSettings(2, 64, false, 4, 100, 64), 1.0, Integer.MAX_VALUE, work);
        e.submit(1, 4, 2);
        e.submit(2, 4, 2);
        e.submit(3, 4, 2);
        ContinuousBatchingEngine.Iteration first = e.step();
        assertThat(work.get(0).sequences()).isEqualTo(2);
        assertThat(first.waitingRequests()).isEqualTo(1);
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
