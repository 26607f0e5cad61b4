package dev.kiq.perf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryPlanTest {

    @Test
    void deepSeek7bOnOneA100LeavesAboutTwentyGigabytesOfKvCache() {
        MemoryPlan p = MemoryPlan.of(Fixtures.DEEPSEEK_7B, Fixtures.A100_40, 1, 0.9, 2048, 256, 16);
        // 40 GiB * 0.9 = 38.7 GB; weights 15.2 GB; runtime ~2.2 GB
        assertThat(p.weightBytes()).isBetween(15.2e9, 15.3e9);
        assertThat(p.kvBytesPerToken()).isEqualTo(57344);
        assertThat(p.kvCapacityTokens() * 57344.0).isBetween(19e9, 22e9);
        assertThat(p.kvBlocks() % 1).isZero();
    }

    @Test
    void tensorParallelismSplitsWeightsAndKvHeads() {
        MemoryPlan one = MemoryPlan.of(Fixtures.GEMMA_2_27B, Fixtures.H100_80, 1, 0.9, 8192, 256, 16);
        MemoryPlan two = MemoryPlan.of(Fixtures.GEMMA_2_27B, Fixtures.H100_80, 2, 0.9, 8192, 256, 16);
        assertThat(two.weightBytes()).isEqualTo(one.weightBytes() / 2);
        assertThat(two.kvBytesPerToken()).isEqualTo(one.kvBytesPerToken() / 2);
        assertThat(two.kvBlocks()).isGreaterThan(2 * one.kvBlocks());
    }

    @Test
    void gemma27bDoesNotFitOneA100With40Gigabytes() {
        MemoryPlan p = MemoryPlan.of(Fixtures.GEMMA_2_27B, Fixtures.A100_40, 1, 0.9, 8192, 256, 16);
        assertThat(p.kvBlocks()).isZero();
    }
}
