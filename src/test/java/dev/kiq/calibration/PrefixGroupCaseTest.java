package dev.kiq.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.catalog.Catalog;
import dev.kiq.corpus.PrefixCache;
import dev.kiq.corpus.PublishedCorpus;
import dev.kiq.perf.ContinuousBatchingEngine;
import dev.kiq.perf.RequestTrace;
import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * A corpus point's {@code prefixCache} reaches the replayed requests: how many prompt tokens each finds cached and
 * which prefix group it shares them with ({@link CaseBuilder#withPrefixCache}).
 */
class PrefixGroupCaseTest {

    @Test
    void tenSharedDocumentsGroupThePromptsInTurn() {
        int[] in = new int[12];
        Arrays.fill(in, 1800);
        int[] out = new int[12];
        Arrays.fill(out, 512);
        double[] at = new double[12];
        for (int i = 0; i < at.length; i++) {
            at[i] = i;
        }
        RequestTrace t = CaseBuilder.withPrefixCache(RequestTrace.of(in, out, at),
                new PrefixCache(OptionalInt.empty(), OptionalInt.of(1760), OptionalDouble.empty(), 10));
        // every prompt starts with one of the 10 documents of 1760 tokens: prompt 0 and 10 the first, 1 and 11 the second
        assertThat(t.cachedPrefixTokens(11)).isEqualTo(1760);
        assertThat(t.prefixGroup(0)).isZero();
        assertThat(t.prefixGroup(10)).isZero();
        assertThat(t.prefixGroup(11)).isEqualTo(1);
        assertThat(t.prefixGroup(9)).isEqualTo(9);
        // the first 3 prompts served before: their own prompts, shared with no one
        RequestTrace repeated = CaseBuilder.withPrefixCache(RequestTrace.of(in, out, at),
                new PrefixCache(OptionalInt.of(3), OptionalInt.empty(), OptionalDouble.empty()));
        assertThat(repeated.cachedPrefixTokens(2)).isEqualTo(1800);
        assertThat(repeated.cachedPrefixTokens(3)).isZero();
        assertThat(repeated.prefixGroup(2)).isEqualTo(ContinuousBatchingEngine.PRIVATE_PREFIX);
    }

    @Test
    void theL4LongRunsShareTheirTenDocuments() {
        CalibrationCase c = CorpusCalibration.of(PublishedCorpus.bundled(), Catalog.bundled()).cases().stream()
                .filter(k -> k.id().endsWith("/l4-long-c64")).findFirst().orElseThrow();
        // 1800-token prompts (the generator's target), the first 1760 tokens a document; prompt 13 reads document 3
        assertThat(c.trace().cachedPrefixTokens(13)).isEqualTo(1760);
        assertThat(c.trace().prefixGroup(13)).isEqualTo(3);
        assertThat(c.trace().prefixGroup(20)).isZero();
    }
}
