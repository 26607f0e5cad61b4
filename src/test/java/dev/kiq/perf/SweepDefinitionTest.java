package dev.kiq.perf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The sweep's definition, by hand: GKE's rate x 300 s requests a rate, capped at 20000, over 30 capacity fractions. */
class SweepDefinitionTest {

    @Test
    void eachRateSendsThreeHundredSecondsOfRequestsAtLeastOneAtMostTwentyThousand() {
        assertThat(RateSweep.requestsAt(17.7)).isEqualTo(5310); // 17.7 x 300
        assertThat(RateSweep.requestsAt(0.001)).isEqualTo(1); // 0.3 rounds to 0: one request at least
        assertThat(RateSweep.requestsAt(66.6)).isEqualTo(19980);
        assertThat(RateSweep.requestsAt(100)).isEqualTo(20000); // 30000 capped
        assertThat(RateSweep.WINDOW).isEqualTo(LoadRun.Window.WHOLE_RUN);
    }

    @Test
    void thirtyRatesWithTwoPercentStepsFromPointNineTwoToOnePointTwo() {
        assertThat(RateSweep.PUBLISHED_LOAD_FRACTIONS).containsExactly(0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85,
                0.9, 0.92, 0.94, 0.96, 0.98, 1.0, 1.02, 1.04, 1.06, 1.08, 1.1, 1.12, 1.14, 1.16, 1.18, 1.2, 1.25, 1.5, 2.0,
                3.0);
    }
}
