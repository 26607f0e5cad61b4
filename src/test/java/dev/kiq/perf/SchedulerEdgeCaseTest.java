package dev.kiq.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's edge cases that the tests of whole runs pass through without looking (PIT's surviving mutants of
 * {@link ContinuousBatchingEngine}): exact fits of the token budget and of the KV cache, several preemptions in one
 * decode step, the batch after an abort, the counting of a one-token prompt, and a prefill chunk that crosses a
 * sliding window. Every expected value is worked out in the comment above it; iterations take a fixed time, or their
 * {@link IterationCost.Work} is recorded, so that only the scheduler is under test.
 */
class SchedulerEdgeCaseTest {

    private static ContinuousBatchingEngine engine(SchedulerSettings s) {
        return new ContinuousBatchingEngine(s, work -> 0.010, Integer.MAX_VALUE);
    }

    private static List<Long> ids(long[] ids) {
        List<Long> out = new ArrayList<>();
        for (long id : ids) {
            out.add(id);
        }
        return out;
    }

    /*
     * V0's default scheduler, 10 blocks of 16 tokens (watermark: 1% of 10 = 0 blocks). Ten requests of 16 prompt and
     * 3 output tokens each need one block: all ten are admitted together (160 prompt tokens, within the 4096 budget)
     * and fill the cache. Their first decode writes the 17th token, which needs a second block, and none is free:
     *   request 0 preempts the youngest, 9 (1 block freed, 1 needed: taken, no further preemption);
     *   request 1 preempts 8, 2 preempts 7, 3 preempts 6, 4 preempts 5;
     *   then the five survivors hold 2 blocks each: the cache is full (usage 1.0) and 5 wait.
     * The preempted go back to the front of the queue in arrival order (5, 6, 7, 8, 9). Requests 0-4 finish at their
     * third token; the five then recompute prompt plus their one generated token (17 tokens, 2 blocks each: 10 blocks,
     * all of the cache) in one prefill of 5 x 17 = 85 tokens, and finish one decode later.
     */
    @Test
    void aFullCachePreemptsTheYoungestOneByOneUntilEachOlderDecodeHasItsBlock() {
        ContinuousBatchingEngine e = engine(new SchedulerSettings(16, 4096, false, 16, 10, 4096));
        for (int id = 0; id < 10; id++) {
            e.submit(id, 16, 3);
        }
        var prefill = e.step();
        assertThat(prefill.prefillTokens()).isEqualTo(160);
        assertThat(prefill.kvCacheUsage()).isEqualTo(1.0);

        var decode = e.step();
        assertThat(ids(decode.preempted())).containsExactly(9L, 8L, 7L, 6L, 5L);
        assertThat(ids(decode.tokens())).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(decode.runningRequests()).isEqualTo(5);
        assertThat(decode.waitingRequests()).isEqualTo(5);
        assertThat(decode.kvCacheUsage()).isEqualTo(1.0);
        assertThat(e.preemptions()).isEqualTo(5);

        var third = e.step();
        assertThat(ids(third.finished())).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(third.preempted()).isEmpty();

        var recompute = e.step();
        assertThat(recompute.prefillTokens()).isEqualTo(85);
        assertThat(ids(recompute.tokens())).containsExactly(5L, 6L, 7L, 8L, 9L);
        assertThat(recompute.kvCacheUsage()).isEqualTo(1.0);
        var last = e.step();
        assertThat(ids(last.finished())).containsExactly(5L, 6L, 7L, 8L, 9L);
        assertThat(e.hasWork()).isFalse();
        assertThat(e.kvCacheUsage()).isZero();
    }

    /*
     * V0's default scheduler with a budget of 32 tokens: two 16-token prompts fill it exactly and run together (vLLM's
     * SchedulingBudget.can_schedule: num_batched_tokens + num_new_tokens <= token_budget); a third waits.
     */
    @Test
    void promptsThatFillTheTokenBudgetExactlyRunTogether() {
        ContinuousBatchingEngine e = engine(new SchedulerSettings(16, 32, false, 16, 100, 4096));
        e.submit(0, 16, 2);
        e.submit(1, 16, 2);
        e.submit(2, 16, 2);
        var first = e.step();
        assertThat(first.prefillTokens()).isEqualTo(32);
        assertThat(first.sequences()).isEqualTo(2);
        assertThat(first.waitingRequests()).isEqualTo(1);
        assertThat(e.runningCount()).isEqualTo(2);
        assertThat(e.waitingCount()).isEqualTo(1);
    }

    /*
     * 200 blocks of 16 tokens keep a watermark of 1% = 2 blocks free at admission (vLLM V0's block manager answers
     * NEVER when total - required < watermark): a request may need at most 198 blocks = 3168 tokens. 3167 prompt + 1
     * output token fit; 3168 + 1 need 199 blocks and are refused at once.
     */
    @Test
    void aRequestNeedingMoreThanTheCacheLessItsWatermarkIsRefused() {
        SchedulerSettings s = new SchedulerSettings(16, 8192, true, 16, 200, 8192);
        assertThat(s.watermarkBlocks()).isEqualTo(2);
        engine(s).submit(0, 3167, 1);
        assertThatThrownBy(() -> engine(s).submit(0, 3168, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("can never fit in the KV cache of 200 blocks");
    }

    /*
     * Three running requests (one prompt token, five output tokens each); the middle one is aborted after the prefill.
     * The next iteration decodes requests 0 and 2, in arrival order, and the batch holds two.
     */
    @Test
    void abortingARunningRequestTakesExactlyItOutOfTheBatch() {
        ContinuousBatchingEngine e = engine(new SchedulerSettings(16, 4096, true, 16, 100, 4096));
        for (int id = 0; id < 3; id++) {
            e.submit(id, 1, 5);
        }
        e.step();
        assertThat(e.runningCount()).isEqualTo(3);
        assertThat(e.abort(1)).isTrue();
        assertThat(e.runningCount()).isEqualTo(2);
        var next = e.step();
        assertThat(ids(next.tokens())).containsExactly(0L, 2L);
        assertThat(next.runningRequests()).isEqualTo(2);
        assertThat(e.abort(1)).isFalse();
    }

    /*
     * A one-token prompt: its prefill is one prompt token (not a decode, although one token is pending), then each
     * further iteration is one decode.
     */
    @Test
    void aOneTokenPromptsPrefillCountsAsPromptWork() {
        ContinuousBatchingEngine e = engine(new SchedulerSettings(16, 4096, true, 16, 100, 4096));
        e.submit(0, 1, 3);
        var prefill = e.step();
        assertThat(prefill.prefillTokens()).isEqualTo(1);
        assertThat(prefill.decodeTokens()).isZero();
        var decode = e.step();
        assertThat(decode.prefillTokens()).isZero();
        assertThat(decode.decodeTokens()).isEqualTo(1);
    }

    /*
     * Multi-step scheduling (4 steps), as vLLM V0 runs it: a group keeps its batch for all its steps (the engine skips
     * the scheduler while the group has steps left, LLMEngine._has_remaining_steps; the worker reuses the group's first
     * model input), and hands the group's outputs over at its last step.
     * Request 0 (16 prompt, 2 output tokens) gets its first token from the prefill (iteration 1); iteration 2 is a
     * decodes-only batch, so it starts a group of 4 (iterations 2-5), and request 0 gets its second and last token in
     * it. Request 1 (16, 1) is submitted then. Iterations 3 and 4 still decode request 0 alone (a batch of 1, no
     * token reported, no prompt admitted); iteration 5 ends the group: request 0's last token and finish are reported
     * there. Request 1's prompt runs in iteration 6 (its 16 prompt tokens, its only token: finished).
     */
    @Test
    void aMultiStepGroupWhoseSequencesAllFinishedRunsItsRemainingStepsBeforeAnyAdmission() {
        ContinuousBatchingEngine e = engine(new SchedulerSettings(8, 4096, false, 16, 100, 4096, 4));
        e.submit(0, 16, 2);
        assertThat(ids(e.step().tokens())).containsExactly(0L);   // 1: prefill, first token
        var groupStart = e.step();                                // 2: starts the group; request 0's last token
        assertThat(groupStart.tokens()).isEmpty();
        assertThat(groupStart.finished()).isEmpty();
        e.submit(1, 16, 1);
        for (int i = 3; i <= 4; i++) {
            var inside = e.step();
            assertThat(inside.sequences()).as("iteration %d", i).isEqualTo(1);
            assertThat(inside.decodeTokens()).as("iteration %d", i).isEqualTo(1);
            assertThat(inside.prefillTokens()).as("iteration %d", i).isZero();
            assertThat(inside.tokens()).as("iteration %d", i).isEmpty();
            assertThat(e.runningCount()).as("iteration %d: vLLM still holds request 0", i).isEqualTo(1);
        }
        var groupEnd = e.step();                                  // 5: the group's last step
        assertThat(groupEnd.prefillTokens()).isZero();
        assertThat(ids(groupEnd.tokens())).containsExactly(0L);
        assertThat(ids(groupEnd.finished())).containsExactly(0L);
        assertThat(e.runningCount()).isZero();
        var admission = e.step();                                 // 6: request 1's prompt
        assertThat(admission.prefillTokens()).isEqualTo(16);
        assertThat(ids(admission.finished())).containsExactly(1L);
        assertThat(e.hasWork()).isFalse();
    }

    /*
     * The same group with nobody waiting: the engine still has work until the group's last step (vLLM's engine loop
     * sees the group's requests unfinished until their outputs are processed at that step): 1 prefill + 4 group
     * iterations, the finish in the last.
     */
    @Test
    void aMultiStepGroupRunsToItsEndWithNobodyWaiting() {
        ContinuousBatchingEngine e = engine(new SchedulerSettings(8, 4096, false, 16, 100, 4096, 4));
        e.submit(0, 16, 2);
        int iterations = 0;
        long[] finished = {};
        while (e.hasWork()) {
            finished = e.step().finished();
            iterations++;
        }
        assertThat(iterations).isEqualTo(5);
        assertThat(ids(finished)).containsExactly(0L);
    }

    /*
     * A sliding window of 8 tokens, chunks of 6 (chunked prefill, budget 6), a 12-token prompt and 2 output tokens.
     * A query at position p (1-based) attends p keys in a full-attention layer and min(p, 8) in a windowed one.
     *   chunk 1, positions 1-6:  global 1+...+6 = 21 pairs, context 6;   windowed the same (all within 8)
     *   chunk 2, positions 7-12: global 7+...+12 = 57, context 12;       windowed 7+8+8+8+8+8 = 47, context 8
     *   decode, position 13:     global 13, context 13;                  windowed 8, context 8
     */
    @Test
    void aChunkCrossingTheSlidingWindowAttendsAtMostTheWindowPerQuery() {
        List<IterationCost.Work> work = new ArrayList<>();
        ContinuousBatchingEngine e = new ContinuousBatchingEngine(new SchedulerSettings(16, 6, true, 16, 100, 4096),
                w -> {
                    work.add(w);
                    return 0.010;
                }, 8);
        e.submit(0, 12, 2);
        while (e.hasWork()) {
            e.step();
        }
        assertThat(work).hasSize(3);
        assertThat(work.get(0).attentionPairsGlobal()).isEqualTo(21);
        assertThat(work.get(0).attentionPairsLocal()).isEqualTo(21);
        assertThat(work.get(0).contextTokensLocal()).isEqualTo(6);
        assertThat(work.get(1).attentionPairsGlobal()).isEqualTo(57);
        assertThat(work.get(1).contextTokensGlobal()).isEqualTo(12);
        assertThat(work.get(1).attentionPairsLocal()).isEqualTo(47);
        assertThat(work.get(1).contextTokensLocal()).isEqualTo(8);
        assertThat(work.get(2).attentionPairsGlobal()).isEqualTo(13);
        assertThat(work.get(2).attentionPairsLocal()).isEqualTo(8);
        assertThat(work.get(2).contextTokensLocal()).isEqualTo(8);
    }

    /**
     * vLLM refuses to start with a token budget below max_num_seqs (a step holds one token of each running sequence), and
     * without chunked prefill with one below max_model_len (a step holds a whole prompt); each boundary on both sides.
     */
    @Test
    void vllmRefusesABudgetBelowMaxNumSeqsAndWithoutChunkedPrefillOneBelowMaxModelLen() {
        java.util.OptionalInt seqs256 = java.util.OptionalInt.of(256);
        assertThat(SchedulerSettings.startupRefusal(255, seqs256, 4096, true))
                .contains(SchedulerSettings.StartupRefusal.BUDGET_BELOW_MAX_NUM_SEQS);
        assertThat(SchedulerSettings.startupRefusal(256, seqs256, 4096, true)).isEmpty();
        // max_num_seqs not known: only the other check
        assertThat(SchedulerSettings.startupRefusal(255, java.util.OptionalInt.empty(), 4096, true)).isEmpty();
        assertThat(SchedulerSettings.startupRefusal(4095, seqs256, 4096, false))
                .contains(SchedulerSettings.StartupRefusal.BUDGET_BELOW_MAX_MODEL_LEN);
        assertThat(SchedulerSettings.startupRefusal(4096, seqs256, 4096, false)).isEmpty();
        assertThat(SchedulerSettings.startupRefusal(2048, seqs256, 4096, true)).isEmpty();
        // both: the sequences' refusal is said first
        assertThat(SchedulerSettings.startupRefusal(255, seqs256, 4096, false))
                .contains(SchedulerSettings.StartupRefusal.BUDGET_BELOW_MAX_NUM_SEQS);
        assertThat(SchedulerSettings.StartupRefusal.BUDGET_BELOW_MAX_MODEL_LEN.reason()).isEqualTo("a step holds a whole prompt");
    }
}
