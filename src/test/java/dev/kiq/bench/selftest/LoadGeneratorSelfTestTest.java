package dev.kiq.bench.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoadGeneratorSelfTestTest {

    @Test
    void aRateIsSustainedOnlyWithoutFailuresWithinTwoPercentAndWithASmallAddedTtft() {
        assertThat(LoadGeneratorSelfTest.shortfall(1000, 990, 0, 3.0)).isEmpty();
        assertThat(LoadGeneratorSelfTest.shortfall(1000, 1000, 0, 10.0)).isEmpty();
        assertThat(LoadGeneratorSelfTest.shortfall(1000, 1000, 1, 3.0)).contains("1 failed");
        assertThat(LoadGeneratorSelfTest.shortfall(1000, 970, 0, 3.0)).contains("achieved rate off by more than 2%");
        assertThat(LoadGeneratorSelfTest.shortfall(1000, 1025, 0, 3.0)).contains("achieved rate off by more than 2%");
        // the case seen at load 8: the rate held, but the client added 796 ms to TTFT at p99
        assertThat(LoadGeneratorSelfTest.shortfall(250, 251.6, 0, 795.6))
                .contains("the client adds more than 10 ms to TTFT at p99");
    }
}
