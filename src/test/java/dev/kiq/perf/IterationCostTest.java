package dev.kiq.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class IterationCostTest {

    private static IterationCost.Work decode(int batch, int context) {
        return new IterationCost.Work(batch, batch, batch, (long) batch * context, (long) batch * context,
                (double) batch * context, (double) batch * context);
    }

    @Test
    void singleDecodeIsBoundByReadingTheWeights() {
        EfficiencyFactors f = EfficiencyFactors.forAccelerator(Fixtures.H100_80);
        IterationCost cost = new IterationCost(Fixtures.DEEPSEEK_7B, Fixtures.H100_80, 1, f);
        IterationCost.Breakdown b = cost.breakdown(decode(1, 100));
        // weights without the input embedding (not read by a decode): 7.62e9 - 152064*3584 params, bf16
        double weightBytes = (7_615_616_512L - 152064.0 * 3584) * 2;
        assertThat(b.memorySeconds()).isCloseTo(weightBytes / (3350e9 * f.bandwidthFraction()), within(2e-4));
        assertThat(b.memorySeconds()).isGreaterThan(b.computeSeconds());
        assertThat(b.commSeconds()).isZero();
    }

    @Test
    void largePrefillIsBoundByCompute() {
        IterationCost cost = new IterationCost(Fixtures.DEEPSEEK_7B, Fixtures.A100_40, 1,
                EfficiencyFactors.forAccelerator(Fixtures.A100_40));
        IterationCost.Breakdown b = cost.breakdown(new IterationCost.Work(1, 2048, 1, 2048, 2048,
                2048.0 * 2049 / 2, 2048.0 * 2049 / 2));
        assertThat(b.computeSeconds()).isGreaterThan(b.memorySeconds());
    }

    @Test
    void moeReadsOnlyTheRoutedExpertsForOneTokenAndAllForABatch() {
        EfficiencyFactors f = EfficiencyFactors.forAccelerator(Fixtures.H100_80);
        IterationCost cost = new IterationCost(Fixtures.MIXTRAL_8X7B, Fixtures.H100_80, 2, f);
        double one = cost.breakdown(decode(1, 10)).memorySeconds();
        double many = cost.breakdown(decode(256, 10)).memorySeconds();
        double bw = 3350e9 * f.bandwidthFraction();
        // 2 of 8 experts: about 13B of 46.7B parameters, per chip over 2 chips
        assertThat(one * bw * 2 / 2).isBetween(11e9, 15e9);
        assertThat(many * bw * 2 / 2).isBetween(44e9, 50e9);
    }

    @Test
    void tensorParallelismSplitsTheWorkAndAddsAllReduces() {
        EfficiencyFactors f = EfficiencyFactors.forAccelerator(Fixtures.H100_80);
        IterationCost tp1 = new IterationCost(Fixtures.GEMMA_2_27B, Fixtures.H100_80, 1, f);
        IterationCost tp4 = new IterationCost(Fixtures.GEMMA_2_27B, Fixtures.H100_80, 4, f);
        IterationCost.Breakdown a = tp1.breakdown(decode(64, 500));
        IterationCost.Breakdown b = tp4.breakdown(decode(64, 500));
        assertThat(b.memorySeconds()).isCloseTo(a.memorySeconds() / 4, within(a.memorySeconds() * 0.05));
        assertThat(b.commSeconds()).isPositive();
        assertThat(b.totalSeconds()).isLessThan(a.totalSeconds());
    }

    @Test
    void slidingWindowLayersReadAtMostTheWindow() {
        IterationCost cost = new IterationCost(Fixtures.GEMMA_2_27B, Fixtures.H100_80, 1,
                EfficiencyFactors.forAccelerator(Fixtures.H100_80));
        IterationCost.Work capped = new IterationCost.Work(1, 1, 1, 8000, 4096, 8000, 4096);
        IterationCost.Work uncapped = new IterationCost.Work(1, 1, 1, 8000, 8000, 8000, 8000);
        assertThat(cost.seconds(capped)).isLessThan(cost.seconds(uncapped));
    }
}
