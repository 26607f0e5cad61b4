package dev.kiq.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * vLLM's automatic prefix caching, against small cases computed by hand: the hit is whole blocks of the
 * cached prefix, at least one prompt token is computed, the prefill computes only the missed tokens while
 * attending to the cached ones, and the blocks of the whole prompt are still allocated.
 */
class PrefixCachingTest {

    /** Block 16, a 64-token budget, room for 100 blocks: chunked prefill (V1). */
    private static final SchedulerSettings V1 = new SchedulerSettings(8, 64, true, 16, 100, 4096);

    /** An engine that records every iteration's work and takes 1 ms per token. */
    private static ContinuousBatchingEngine engine(SchedulerSettings settings, List<IterationCost.Work> works) {
        return new ContinuousBatchingEngine(settings, w -> {
            works.add(w);
            return w.tokens() * 1e-3;
        }, Integer.MAX_VALUE);
    }

    @Test
    void aCachedPromptIsPrefilledFromItsLastPartialBlockOnly() {
        List<IterationCost.Work> works = new ArrayList<>();
        ContinuousBatchingEngine e = engine(V1, works);
        // 100 prompt tokens, all cached: 6 whole blocks (96 tokens) hit, the last 4 are computed
        e.submit(1, 100, 2, 100);
        var it = e.step();
        assertThat(it.prefillTokens()).isEqualTo(4);
        assertThat(it.tokens()).containsExactly(1L);          // the first token after one 4-token iteration
        assertThat(it.seconds()).isEqualTo(0.004);
        IterationCost.Work w = works.get(0);
        assertThat(w.tokens()).isEqualTo(4);
        assertThat(w.contextTokensGlobal()).isEqualTo(100);    // the 4 new tokens attend to 96 cached + themselves
        assertThat(w.attentionPairsGlobal()).isEqualTo(4 * 96 + 4 * 5 / 2.0);
        // the cache holds the whole prompt: 7 blocks of 16 for 100 tokens, as without a hit
        assertThat(it.kvCacheUsage()).isCloseTo(0.07, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void withoutAHitTheSamePromptTakesTwoChunks() {
        List<IterationCost.Work> works = new ArrayList<>();
        ContinuousBatchingEngine e = engine(V1, works);
        e.submit(1, 100, 2);
        assertThat(e.step().prefillTokens()).isEqualTo(64);
        var second = e.step();
        assertThat(second.prefillTokens()).isEqualTo(36);
        assertThat(second.tokens()).containsExactly(1L);
    }

    @Test
    void aPartlyCachedPrefixHitsWholeBlocksOnlyAndAWholeBlockPromptRecomputesItsLastBlock() {
        List<IterationCost.Work> works = new ArrayList<>();
        ContinuousBatchingEngine e = engine(V1, works);
        e.submit(1, 60, 1, 40);   // 40 cached tokens = 2 whole blocks (32) + 8: 28 tokens computed
        e.submit(2, 64, 1, 64);   // 4 whole blocks cached, but the last token must be computed: 3 blocks hit, 16 computed
        e.submit(3, 30, 1, 15);   // less than a block cached: no hit
        var it = e.step();
        // budget 64: 28 + 16 + 20 of request 3's 30
        assertThat(it.prefillTokens()).isEqualTo(64);
        assertThat(it.tokens()).containsExactly(1L, 2L);
        assertThat(works.get(0).contextTokensGlobal()).isEqualTo(60 + 64 + 20);
        assertThatThrownBy(() -> e.submit(4, 10, 1, -1)).hasMessageContaining("negative");
    }

    @Test
    void v0PromptBatchesCountOnlyTheMissedTokensAgainstTheBudget() {
        // V0 without chunked prefill: a prompt batch takes whole prompts while they fit the budget of 64
        SchedulerSettings v0 = new SchedulerSettings(8, 64, false, 16, 100, 4096);
        List<IterationCost.Work> works = new ArrayList<>();
        ContinuousBatchingEngine e = engine(v0, works);
        e.submit(1, 60, 1, 48);   // 12 to compute
        e.submit(2, 60, 1, 48);   // 12
        e.submit(3, 60, 1);       // 60: 12 + 12 + 60 > 64, waits for the next batch
        var it = e.step();
        assertThat(it.prefillTokens()).isEqualTo(24);
        assertThat(it.tokens()).containsExactly(1L, 2L);
        assertThat(e.step().tokens()).containsExactly(3L);
    }

    @Test
    void aPreemptedRequestFindsItsCachedPrefixAgain() {
        // 8 blocks: two requests of 64 + 64 tokens cannot both grow; the younger is preempted and recomputed
        SchedulerSettings small = new SchedulerSettings(8, 256, true, 16, 9, 4096);
        List<IterationCost.Work> works = new ArrayList<>();
        ContinuousBatchingEngine e = engine(small, works);
        e.submit(1, 64, 40);
        e.submit(2, 64, 40, 64);      // 48 tokens hit, 16 computed
        var first = e.step();
        assertThat(first.prefillTokens()).isEqualTo(64 + 16);
        int recomputed = -1;
        while (e.hasWork()) {
            var it = e.step();
            if (it.preempted().length > 0) {
                assertThat(it.preempted()).containsExactly(2L);
            }
            if (recomputed < 0 && it.prefillTokens() > 0) {
                recomputed = it.prefillTokens();
            }
        }
        // re-admitted after request 1 finished: prompt (64) + generated tokens minus the 48 cached ones
        assertThat(recomputed).isGreaterThan(16).isEqualTo(works.stream()
                .skip(1).filter(w -> w.tokens() > 1).findFirst().orElseThrow().tokens());
    }

    @Test
    void aTraceCarriesEachRequestsCachedPrefixCappedAtItsPrompt() {
        RequestTrace t = RequestTrace.of(new int[] {100, 50}, new int[] {1, 1}, new double[] {0, 1});
        assertThat(t.cachedPrefixTokens(0)).isZero();
        RequestTrace cached = t.withCachedPrefix(new int[] {100, 80});
        assertThat(cached.cachedPrefixTokens(0)).isEqualTo(100);
        assertThat(cached.cachedPrefixTokens(1)).isEqualTo(50);
        assertThat(t.cachedPrefixTokens(1)).isZero();
    }
}
