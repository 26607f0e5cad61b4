package dev.kiq.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The request-length distributions and the engine options against values worked out by hand from their
 * definitions (quantile function with log-linear or linear joins, rounding and clipping; vLLM's version
 * rules), each in the comment above its assertion.
 */
class LengthDistributionArithmeticTest {

    /** Knots 10 at quantile 0, 40 at 0.5, 160 at 1: each half multiplies the length by 4. */
    private static final TokenLengthDistribution GEOMETRIC = new TokenLengthDistribution(
            new double[] {0, 0.5, 1}, new double[] {10, 40, 160});

    @Test
    void aLogLinearJoinIsGeometricBetweenKnots() {
        // halfway through a segment the geometric join gives the geometric mean: sqrt(10 x 40) = 20,
        // sqrt(40 x 160) = 80; at a knot its value
        assertThat(GEOMETRIC.quantile(0.25)).isCloseTo(20, within(1e-9));
        assertThat(GEOMETRIC.quantile(0.5)).isCloseTo(40, within(1e-9));
        assertThat(GEOMETRIC.quantile(0.75)).isCloseTo(80, within(1e-9));
        // a quarter of the way into the second half: 40 x 4^(1/4) = 56.57
        assertThat(GEOMETRIC.quantile(0.625)).isCloseTo(40 * Math.sqrt(2), within(1e-9));
        // outside [0, 1] the end knots
        assertThat(GEOMETRIC.quantile(-0.5)).isEqualTo(10);
        assertThat(GEOMETRIC.quantile(1.5)).isEqualTo(160);
        assertThat(GEOMETRIC.lengthAt(0.625)).isEqualTo(57);
        assertThat(GEOMETRIC.percentile(0.25)).isEqualTo(20);
        assertThat(GEOMETRIC.min()).isEqualTo(10);
        assertThat(GEOMETRIC.max()).isEqualTo(160);
    }

    @Test
    void theContinuousMeanIntegratesEachExponentialSegment() {
        // the mean of x(u) = a (b/a)^(u/w) over a segment of width w is (b - a) / ln(b/a):
        // 0.5 x 30 / ln 4 + 0.5 x 120 / ln 4 = 75 / ln 4 = 54.10
        assertThat(GEOMETRIC.continuousMean()).isCloseTo(75 / Math.log(4), within(1e-9));
        // a flat segment (a = b) has mean a, not 0/0: {0: 5, 0.5: 5, 1: 15} -> 0.5 x 5 + 0.5 x 10 / ln 3
        TokenLengthDistribution flatThenUp = new TokenLengthDistribution(new double[] {0, 0.5, 1}, new double[] {5, 5, 15});
        assertThat(flatThenUp.continuousMean()).isCloseTo(2.5 + 5 / Math.log(3), within(1e-9));
        // the drawn (rounded) mean of a fixed length is the length
        assertThat(TokenLengthDistribution.fixed(7).mean()).isEqualTo(7);
        assertThat(TokenLengthDistribution.fixed(7).continuousMean()).isEqualTo(7);
    }

    @Test
    void uniformLengthsGiveEachWholeNumberAnEqualShare() {
        // uniform 3..6: the quantile function runs from 2.5 to 6.4999 so that each of 3, 4, 5, 6 takes a quarter
        TokenLengthDistribution u = TokenLengthDistribution.uniform(3, 6);
        assertThat(u.lengthAt(0)).isEqualTo(3);
        assertThat(u.lengthAt(0.2)).isEqualTo(3);
        assertThat(u.lengthAt(0.3)).isEqualTo(4);
        assertThat(u.lengthAt(0.7)).isEqualTo(5);
        assertThat(u.lengthAt(0.8)).isEqualTo(6);
        assertThat(u.lengthAt(1)).isEqualTo(6);
        assertThat(u.min()).isEqualTo(3);
        assertThat(u.max()).isEqualTo(6);
        // linear join: halfway is (2.5 + 6.4999) / 2
        assertThat(u.quantile(0.5)).isCloseTo(4.49995, within(1e-9));
        assertThat(u.mean()).isCloseTo(4.5, within(0.001));
        // the lowest length 1 starts at 0.5, not 0 (a length is at least one token)
        assertThat(TokenLengthDistribution.uniform(1, 2).quantile(0)).isEqualTo(0.5);
        assertThat(TokenLengthDistribution.uniform(1, 1).lengthAt(0.99)).isEqualTo(1);
    }

    @Test
    void empiricalLengthsAreTheSortedDataAtEvenlySpacedQuantiles() {
        // sorted 1 2 3 4 5 at quantiles 0, 0.5, 1: data[0] = 1, data[floor(0.5 x 5)] = data[2] = 3, the largest 5
        TokenLengthDistribution d = TokenLengthDistribution.empirical(new int[] {5, 1, 3, 2, 4}, 3);
        double[][] knots = d.knots();
        assertThat(knots[0]).containsExactly(0, 0.5, 1);
        assertThat(knots[1]).containsExactly(1, 3, 5);
        // joined linearly: a quarter is 2
        assertThat(d.quantile(0.25)).isCloseTo(2, within(1e-12));
        // at most one knot more than there are values: two values, 100 knots asked -> 3 knots 7, data[1] = 9, 9
        TokenLengthDistribution two = TokenLengthDistribution.empirical(new int[] {9, 7}, 100);
        assertThat(two.knots()[1]).containsExactly(7, 9, 9);
        // at least two knots: one value and one knot asked -> the value at 0 and 1
        assertThat(TokenLengthDistribution.empirical(new int[] {4}, 1).knots()[1]).containsExactly(4, 4);
        assertThatThrownBy(() -> TokenLengthDistribution.empirical(new int[0], 3)).hasMessageContaining("no lengths");
        assertThatThrownBy(() -> TokenLengthDistribution.empirical(new int[] {3, 0}, 3)).hasMessageContaining("at least 1");
    }

    @Test
    void scalingMultipliesEveryKnotWithinOneTokenAndTheCap() {
        // x 2 capped at 100: 20, 80, min(320, 100)
        assertThat(GEOMETRIC.scaled(2, 100).knots()[1]).containsExactly(20, 80, 100);
        // x 0.01 floored at 1 token: max(1, 0.1), max(1, 0.4), 1.6
        assertThat(GEOMETRIC.scaled(0.01, 1000).knots()[1]).containsExactly(1, 1, 1.6);
        assertThatThrownBy(() -> GEOMETRIC.scaled(0, 100)).hasMessageContaining("positive");
        // a mean at or above the cap is every request at the cap
        assertThat(GEOMETRIC.scaledToMean(500, 300)).isEqualTo(TokenLengthDistribution.fixed(300));
        assertThatThrownBy(() -> GEOMETRIC.scaledToMean(0, 300)).hasMessageContaining("at least 1");
        // without a cap in reach the factor is mean / continuous mean: 108.2 / 54.10 = 2
        TokenLengthDistribution doubled = GEOMETRIC.scaledToMean(108, 100_000);
        assertThat(doubled.knots()[1][1]).isCloseTo(80 * 108 / (150 / Math.log(4)), within(0.5));
        assertThat(doubled.mean()).isCloseTo(108, within(108 * 0.002));
    }

    @Test
    void knotsMustSpanTheQuantilesAndIncrease() {
        assertThatThrownBy(() -> new TokenLengthDistribution(new double[] {0.1, 1}, new double[] {1, 2}))
                .hasMessageContaining("span");
        assertThatThrownBy(() -> new TokenLengthDistribution(new double[] {0, 0.9}, new double[] {1, 2}))
                .hasMessageContaining("span");
        assertThatThrownBy(() -> new TokenLengthDistribution(new double[] {0}, new double[] {1}))
                .hasMessageContaining("span");
        assertThatThrownBy(() -> new TokenLengthDistribution(new double[] {0, 1}, new double[] {1, 2, 3}))
                .hasMessageContaining("span");
        assertThatThrownBy(() -> new TokenLengthDistribution(new double[] {0, 0.5, 0.5, 1}, new double[] {1, 2, 3, 4}))
                .hasMessageContaining("increase");
        assertThatThrownBy(() -> new TokenLengthDistribution(new double[] {0, 0.5, 1}, new double[] {1, 3, 2}))
                .hasMessageContaining("increase");
        assertThatThrownBy(() -> new TokenLengthDistribution(new double[] {0, 1}, new double[] {0, 2}))
                .hasMessageContaining("increase");
        // equal neighbours are allowed (a flat stretch)
        assertThat(new TokenLengthDistribution(new double[] {0, 1}, new double[] {2, 2}).max()).isEqualTo(2);
        assertThatThrownBy(() -> TokenLengthDistribution.fixed(0)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> TokenLengthDistribution.uniform(0, 5)).hasMessageContaining("1 <= low <= high");
        assertThatThrownBy(() -> TokenLengthDistribution.uniform(6, 5)).hasMessageContaining("1 <= low <= high");
    }

    @Test
    void distributionsAreEqualWhenTheirKnotsAndJoinsAre() {
        assertThat(TokenLengthDistribution.fixed(5)).isEqualTo(TokenLengthDistribution.fixed(5))
                .hasSameHashCodeAs(TokenLengthDistribution.fixed(5));
        assertThat(TokenLengthDistribution.fixed(5)).isNotEqualTo(TokenLengthDistribution.fixed(6));
        // the same knots joined log-linearly are another distribution
        assertThat(TokenLengthDistribution.fixed(5))
                .isNotEqualTo(new TokenLengthDistribution(new double[] {0, 1}, new double[] {5, 5}));
        assertThat(TokenLengthDistribution.fixed(5).hashCode())
                .isNotEqualTo(new TokenLengthDistribution(new double[] {0, 1}, new double[] {5, 5}).hashCode());
        assertThat(GEOMETRIC).isNotEqualTo("GEOMETRIC");
    }

    @Test
    void vllmsRandomDatasetDrawsEachLengthUniformlyAroundItsTarget() {
        // --random-input-len 10 --random-output-len 4 --random-range-ratio 0.5: inputs 5..15, outputs 2..6
        Workload w = Workload.random(10, 4, 0.5);
        assertThat(w.input()).isEqualTo(TokenLengthDistribution.uniform(5, 15));
        assertThat(w.output()).isEqualTo(TokenLengthDistribution.uniform(2, 6));
        assertThat(w.name()).isEqualTo("random 10 in / 4 out (range ratio 0.5)");
        assertThat(w.longestRequest()).isEqualTo(21);
        // 1 token with ratio 0.9: floor(0.1) = 0 raised to 1, floor(1.9) = 1
        assertThat(Workload.random(1, 1, 0.9).input()).isEqualTo(TokenLengthDistribution.uniform(1, 1));
        // ratio 0 is fixed lengths
        assertThat(Workload.random(5, 6, 0)).isEqualTo(Workload.fixed(5, 6));
        assertThat(Workload.fixed(5, 6).name()).isEqualTo("fixed 5 in / 6 out");
        for (double bad : new double[] {1, -0.1, Double.NaN}) {
            assertThatThrownBy(() -> Workload.random(10, 10, bad)).as("" + bad).hasMessageContaining("[0, 1)");
        }
        assertThat(Workload.fixed(5, 6).named("x").name()).isEqualTo("x");
        assertThat(Workload.fixed(5, 6).sample(new java.util.SplittableRandom(1)))
                .isEqualTo(new Workload.RequestShape(5, 6));
    }

    @Test
    void vllmVersionsMapToTheirEnginesAtTheBoundaries() {
        // V1 became the default in 0.8.0; async scheduling in 0.14 (the v0.14.0 release notes)
        assertThat(EngineOptions.forVllmVersion("0.7.9")).isEqualTo(EngineOptions.V0_DEFAULTS.withTorchXlaTpu(true));
        // before 0.6 the V0 engine processed outputs between the steps (async output processing came in 0.6.0)
        assertThat(EngineOptions.forVllmVersion("0.6.0")).isEqualTo(EngineOptions.V0_DEFAULTS.withTorchXlaTpu(true));
        assertThat(EngineOptions.forVllmVersion("v0.5.4"))
                .isEqualTo(new EngineOptions(EngineOptions.Engine.V0, 1, false, false, false, true, true));
        assertThatThrownBy(() -> new EngineOptions(EngineOptions.Engine.V1, 1, false, false, false, true)).hasMessageContaining("V0");
        assertThat(EngineOptions.forVllmVersion("v0.8"))
                .isEqualTo(new EngineOptions(EngineOptions.Engine.V1, 1, false, false).withTorchXlaTpu(true));
        assertThat(EngineOptions.forVllmVersion("0.13.9").asyncScheduling()).isFalse();
        // full decode CUDA graphs from 0.11.0 (the v0.11.0 release notes: FULL_AND_PIECEWISE becomes the default)
        assertThat(EngineOptions.forVllmVersion("0.10.2"))
                .isEqualTo(new EngineOptions(EngineOptions.Engine.V1, 1, false, false).withTorchXlaTpu(true));
        assertThat(EngineOptions.forVllmVersion("0.11.0"))
                .isEqualTo(new EngineOptions(EngineOptions.Engine.V1, 1, false, false, false, false, false, true));
        assertThat(EngineOptions.forVllmVersion("  V0.14.0  "))
                .isEqualTo(new EngineOptions(EngineOptions.Engine.V1, 1, true, false, false, false, false, true));
        assertThat(EngineOptions.forVllmVersion("1.0.0"))
                .isEqualTo(new EngineOptions(EngineOptions.Engine.V1, 1, true, false, false, false, false, true));
        assertThatThrownBy(() -> new EngineOptions(EngineOptions.Engine.V0, 1, false, false, false, false, false, true))
                .hasMessageContaining("V1");
        assertThatThrownBy(() -> EngineOptions.forVllmVersion("latest")).hasMessageContaining("not a vLLM version: latest");
        assertThatThrownBy(() -> new EngineOptions(null, 1, false, false)).hasMessageContaining("engine");
        assertThatThrownBy(() -> new EngineOptions(EngineOptions.Engine.V0, 0, false, false))
                .hasMessageContaining("at least 1, got 0");
        assertThatThrownBy(() -> new EngineOptions(EngineOptions.Engine.V0, 1, true, false)).hasMessageContaining("V1");
        // the with-ers change one option
        EngineOptions v0 = EngineOptions.V0_DEFAULTS;
        assertThat(v0.withNumSchedulerSteps(8)).isEqualTo(new EngineOptions(EngineOptions.Engine.V0, 8, false, false));
        assertThat(v0.withFp8KvCache(true).kvCacheBytes()).isEqualTo(1);
        assertThat(v0.kvCacheBytes()).isEqualTo(2);
        EngineOptions v1 = new EngineOptions(EngineOptions.Engine.V1, 1, false, true);
        assertThat(v1.withAsyncScheduling(true)).isEqualTo(new EngineOptions(EngineOptions.Engine.V1, 1, true, true));
        assertThat(v1.withFullDecodeCudaGraphs(true).withAsyncScheduling(true).withFp8KvCache(false).withColdStart(true)
                .withTorchXlaTpu(true)).isEqualTo(new EngineOptions(EngineOptions.Engine.V1, 1, true, false, true, false, true, true));
        assertThat(EngineOptions.isFp8KvCacheDtype(Optional.of("FP8_E5M2"))).isTrue();
        assertThat(EngineOptions.isFp8KvCacheDtype(Optional.of("auto"))).isFalse();
        assertThat(EngineOptions.isFp8KvCacheDtype(Optional.empty())).isFalse();
    }
}
