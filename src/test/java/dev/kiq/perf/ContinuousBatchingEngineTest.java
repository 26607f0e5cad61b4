package dev.kiq.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContinuousBatchingEngineTest {

    private static final IterationCost COST = new IterationCost(Fixtures.DEEPSEEK_7B, Fixtures.A100_40, 1,
            EfficiencyFactors.forAccelerator(Fixtures.A100_40));

    private static ContinuousBatchingEngine engine(int maxSeqs, int budget, boolean chunked, int blocks) {
        return new ContinuousBatchingEngine(new SchedulerSettings(maxSeqs, budget, chunked, 16, blocks, 4096), COST);
    }

    /** Runs the engine dry and returns tokens received per id, checking invariants on every iteration. */
    private static Map<Long, Integer> drain(ContinuousBatchingEngine e, int maxSeqs, int budget) {
        Map<Long, Integer> tokens = new HashMap<>();
        int guard = 0;
        while (e.hasWork()) {
            ContinuousBatchingEngine.Iteration it = e.step();
            assertThat(it.seconds()).isPositive();
            assertThat(it.runningRequests()).isLessThanOrEqualTo(maxSeqs);
            assertThat(it.prefillTokens() + it.decodeTokens()).isLessThanOrEqualTo(Math.max(budget, 4096));
            assertThat(it.kvCacheUsage()).isBetween(0.0, 1.0);
            for (long id : it.tokens()) {
                tokens.merge(id, 1, Integer::sum);
            }
            assertThat(++guard).isLessThan(1_000_000);
        }
        return tokens;
    }

    /**
     * An engine without aborts (the offline driver's: its ids are the trace's indices) serves the same iterations as one
     * that keeps its requests by id, and refuses an abort instead of answering "unknown".
     */
    @Test
    void anEngineWithoutAbortsServesTheSameAndRefusesAnAbort() {
        ContinuousBatchingEngine kept = engine(4, 2048, true, 10_000);
        ContinuousBatchingEngine plain = engine(4, 2048, true, 10_000).withoutAborts();
        for (ContinuousBatchingEngine e : List.of(kept, plain)) {
            e.submit(1, 300, 40);
            e.submit(2, 100, 7);
            e.submit(3, 50, 90);
        }
        assertThat(drain(plain, 4, 2048)).isEqualTo(drain(kept, 4, 2048)).containsEntry(3L, 90).containsEntry(2L, 7);
        assertThat(kept.abort(2)).as("finished: unknown").isFalse();
        assertThatThrownBy(() -> plain.abort(2)).isInstanceOf(IllegalStateException.class).hasMessageContaining("withoutAborts");
    }

    @Test
    void singleRequestGetsItsFirstTokenFromThePrefillAndThenOneTokenPerIteration() {
        ContinuousBatchingEngine e = engine(256, 2048, true, 10_000);
        e.submit(1, 500, 10);
        ContinuousBatchingEngine.Iteration prefill = e.step();
        assertThat(prefill.prefillTokens()).isEqualTo(500);
        assertThat(prefill.tokens()).containsExactly(1L);
        int iterations = 1;
        while (e.hasWork()) {
            ContinuousBatchingEngine.Iteration it = e.step();
            assertThat(it.decodeTokens()).isEqualTo(1);
            iterations++;
            if (!e.hasWork()) {
                assertThat(it.finished()).containsExactly(1L);
            }
        }
        assertThat(iterations).isEqualTo(10);
        assertThat(e.kvCacheUsage()).isZero();
    }

    @Test
    void chunkedPrefillSplitsALongPromptAcrossIterationsWithinTheTokenBudget() {
        ContinuousBatchingEngine e = engine(256, 512, true, 10_000);
        e.submit(1, 1300, 2);
        assertThat(e.step().prefillTokens()).isEqualTo(512);
        assertThat(e.step().prefillTokens()).isEqualTo(512);
        ContinuousBatchingEngine.Iteration last = e.step();
        assertThat(last.prefillTokens()).isEqualTo(276);
        assertThat(last.tokens()).containsExactly(1L);
    }

    @Test
    void chunkedPrefillMixesDecodesOfRunningRequestsWithNewPrompts() {
        ContinuousBatchingEngine e = engine(256, 2048, true, 10_000);
        e.submit(1, 100, 50);
        e.step();
        e.submit(2, 300, 50);
        ContinuousBatchingEngine.Iteration mixed = e.step();
        assertThat(mixed.decodeTokens()).isEqualTo(1);
        assertThat(mixed.prefillTokens()).isEqualTo(300);
        assertThat(mixed.tokens()).containsExactly(1L, 2L);
    }

    @Test
    void defaultV0SchedulerRunsPromptsAloneBeforeDecoding() {
        ContinuousBatchingEngine e = engine(256, 2048, false, 10_000);
        e.submit(1, 100, 50);
        e.step();
        e.submit(2, 300, 50);
        ContinuousBatchingEngine.Iteration prefillOnly = e.step();
        assertThat(prefillOnly.decodeTokens()).isZero();
        assertThat(prefillOnly.prefillTokens()).isEqualTo(300);
        assertThat(e.step().decodeTokens()).isEqualTo(2);
    }

    @Test
    void maxNumSeqsCapsTheBatchAndTheRestWaits() {
        ContinuousBatchingEngine e = engine(4, 2048, true, 10_000);
        for (int i = 0; i < 10; i++) {
            e.submit(i, 50, 20);
        }
        ContinuousBatchingEngine.Iteration first = e.step();
        assertThat(first.runningRequests()).isEqualTo(4);
        assertThat(first.waitingRequests()).isEqualTo(6);
        Map<Long, Integer> tokens = drain(e, 4, 2048);
        assertThat(tokens).hasSize(10);
    }

    @Test
    void aFullCachePreemptsTheYoungestRequestWhichRecomputesAndStillFinishes() {
        // 40 blocks of 16 tokens = 640 tokens; four requests growing to 300 tokens each cannot all stay
        ContinuousBatchingEngine e = engine(256, 2048, true, 40);
        for (int i = 0; i < 4; i++) {
            e.submit(i, 100, 200);
        }
        Map<Long, Integer> tokens = drain(e, 256, 2048);
        assertThat(e.preemptions()).isPositive();
        for (long i = 0; i < 4; i++) {
            assertThat(tokens.get(i)).as("tokens of request %d", i).isEqualTo(200);
        }
        assertThat(e.kvCacheUsage()).isZero();
    }

    @Test
    void everyRequestReceivesExactlyItsOutputTokensUnderLoad() {
        RequestTrace trace = RequestTrace.generate(Workload.shareGpt(), 300, 11);
        ContinuousBatchingEngine e = engine(64, 1024, true, 3000);
        for (int i = 0; i < trace.size(); i++) {
            e.submit(i, trace.inputTokens(i), trace.outputTokens(i));
        }
        Map<Long, Integer> tokens = drain(e, 64, 1024);
        for (int i = 0; i < trace.size(); i++) {
            assertThat(tokens.get((long) i)).isEqualTo(trace.outputTokens(i));
        }
    }

    @Test
    void abortFreesTheRequestsBlocks() {
        ContinuousBatchingEngine e = engine(256, 2048, true, 1000);
        e.submit(1, 800, 100);
        e.step();
        assertThat(e.kvCacheUsage()).isPositive();
        assertThat(e.abort(1)).isTrue();
        assertThat(e.kvCacheUsage()).isZero();
        assertThat(e.hasWork()).isFalse();
        assertThat(e.abort(1)).isFalse();
    }

    @Test
    void requestsThatCanNeverRunAreRefused() {
        ContinuousBatchingEngine e = engine(256, 2048, true, 10);
        assertThatThrownBy(() -> e.submit(1, 4000, 200)).hasMessageContaining("max_model_len");
        assertThatThrownBy(() -> e.submit(2, 1000, 10)).hasMessageContaining("never fit");
        e.submit(3, 10, 10);
        assertThatThrownBy(() -> e.submit(3, 10, 10)).hasMessageContaining("already");
    }
}
