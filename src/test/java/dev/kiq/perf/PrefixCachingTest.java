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
    void requestsOfOnePrefixGroupHoldItsCachedBlocksOnce() {
        // 20 blocks of 16 (watermark 1% of 20 = 0 blocks). A 64-token prompt with its 64 tokens cached hits 48 tokens,
        // 3 whole blocks (the last token is computed), and needs 4 blocks in all.
        SchedulerSettings twenty = new SchedulerSettings(8, 256, true, 16, 20, 4096);
        ContinuousBatchingEngine shared = engine(twenty, new ArrayList<>());
        shared.submit(1, 64, 2, 64, 0);
        shared.submit(2, 64, 2, 64, 0);
        shared.submit(3, 64, 2, 64, 1);
        var it = shared.step();
        // group 0: its 3 prefix blocks once, plus 1 block each of requests 1 and 2: 5; group 1: 3 + 1 more: 9 of 20
        assertThat(it.kvCacheUsage()).isCloseTo(9 / 20.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(it.prefillTokens()).isEqualTo(3 * 16);
        // the same three with private prefixes (each its own repeated prompt): 4 blocks each, 12 of 20
        ContinuousBatchingEngine own = engine(twenty, new ArrayList<>());
        for (long id = 1; id <= 3; id++) {
            own.submit(id, 64, 2, 64);
        }
        assertThat(own.step().kvCacheUsage()).isCloseTo(12 / 20.0, org.assertj.core.api.Assertions.within(1e-12));
        // the second token of each: 65 tokens need a 5th block each (its own): group 0 5 + 2, group 1 4 + 1 = 12
        assertThat(shared.step().kvCacheUsage()).isCloseTo(12 / 20.0, org.assertj.core.api.Assertions.within(1e-12));
        // all finished: the last holder of each prefix gave its blocks back
        assertThat(shared.hasWork()).isFalse();
        assertThat(shared.kvCacheUsage()).isZero();
        assertThatThrownBy(() -> shared.submit(9, 64, 2, 64, -2)).hasMessageContaining("prefix group");
    }

    /*
     * 5 blocks of 16 (watermark 0). Request 1 (private, a 40-token prompt) takes 3. Request 2 of prefix group 0, a
     * 40-token prompt whose first 32 tokens are cached, needs its 2 prefix blocks (no running request of its group holds
     * them) plus 1 of its own: 3 blocks, one more than the 2 left, so it waits.
     */
    @Test
    void aGroupsFirstRequestNeedsRoomForItsPrefixBlocksToo() {
        ContinuousBatchingEngine e = engine(new SchedulerSettings(8, 256, true, 16, 5, 4096), new ArrayList<>());
        e.submit(1, 40, 8);
        e.submit(2, 40, 8, 32, 0);
        var it = e.step();
        assertThat(it.runningRequests()).isEqualTo(1);
        assertThat(it.waitingRequests()).isEqualTo(1);
        assertThat(it.kvCacheUsage()).isCloseTo(3 / 5.0, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void aSharedPrefixLetsMoreRequestsRunInTheSameCache() {
        // 10 blocks (watermark 0). Each request: 64 prompt tokens, 48 of them (3 blocks) a cached prefix, 20 to generate.
        // Private prefixes: 4 blocks each at admission, 4 + 4 = 8, the third (4 more) does not fit 10: two run.
        // One shared prefix: 3 blocks once + 1 each: 4, 5, 6: all three run.
        SchedulerSettings ten = new SchedulerSettings(8, 256, true, 16, 10, 4096);
        ContinuousBatchingEngine own = engine(ten, new ArrayList<>());
        ContinuousBatchingEngine shared = engine(ten, new ArrayList<>());
        for (long id = 1; id <= 3; id++) {
            own.submit(id, 64, 20, 64);
            shared.submit(id, 64, 20, 64, 0);
        }
        var a = own.step();
        assertThat(a.runningRequests()).isEqualTo(2);
        assertThat(a.waitingRequests()).isEqualTo(1);
        var b = shared.step();
        assertThat(b.runningRequests()).isEqualTo(3);
        assertThat(b.kvCacheUsage()).isCloseTo(6 / 10.0, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void aTraceCarriesEachRequestsPrefixGroup() {
        RequestTrace t = RequestTrace.of(new int[] {100, 50}, new int[] {1, 1}, new double[] {0, 1});
        assertThat(t.prefixGroup(0)).isEqualTo(ContinuousBatchingEngine.PRIVATE_PREFIX);
        RequestTrace grouped = t.withCachedPrefix(new int[] {96, 48}, new int[] {0, 0});
        assertThat(grouped.prefixGroup(1)).isZero();
        assertThat(t.withCachedPrefix(new int[] {96, 48}).prefixGroup(1)).isEqualTo(ContinuousBatchingEngine.PRIVATE_PREFIX);
        assertThatThrownBy(() -> t.withCachedPrefix(new int[] {96, 48}, new int[] {0, -3})).hasMessageContaining("prefix group");
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
