package dev.kiq.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.PricingModel;
import dev.kiq.profile.Basis;
import dev.kiq.profile.ExpectedError;
import dev.kiq.profile.Profile;
import dev.kiq.profile.Provenance;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The error a one-line recommendation and each figure of its operating point carry ({@link ProfileOption#accuracySummary},
 * {@link ProfileOption#errorOf}), worked out by hand on {@link CurveFixtures#deepseekOnA100}: the throughput's spread at
 * the operating point, the NTPOT error unless an NTPOT target pins the NTPOT.
 */
class ProfileOptionAccuracyTest {

    /**
     * The fixture's curve, calibrated with throughput ±2%, NTPOT ±13% (when given), TTFT ±25% and no TPOT error: not the
     * shipped accuracy of the A100, so every summary ends "other calibration".
     */
    private static ProfileOption option(Targets targets, OptionalDouble ntpotError) {
        Profile base = CurveFixtures.deepseekOnA100();
        Provenance provenance = new Provenance(Provenance.Kind.modeled, "kiq-perf-model", "test", "2026-12-01",
                "sharegpt-shaped", Basis.calibrated, new ExpectedError(OptionalDouble.of(0.02), ntpotError,
                        OptionalDouble.empty(), OptionalDouble.of(0.25)));
        Profile p = new Profile(base.modelServerInfo(), base.acceleratorType(), base.tpuTopology(), base.instanceType(),
                base.resourcesUsed(), base.performanceStats(), provenance, base.serverConfig(), base.knee());
        return ProfileOption.evaluate(List.of(p), Catalog.bundled(), CurveFixtures.recommender(), targets,
                PricingModel.ON_DEMAND, CostModel.DEFAULT_OUTPUT_TO_INPUT_COST_RATIO).get(0);
    }

    /*
     * At the knee (no target) the throughput's spread is its own error, ±2%, and the summary takes the larger of it and
     * the NTPOT error: ±13%. Without an NTPOT error the 2% is a lower bound: "±2% or more". The figures keep the
     * profile's own errors: NTPOT ±13%, TTFT ±25%, TPOT not known.
     */
    @Test
    void atTheKneeTheSummaryIsTheLargerOfTheThroughputAndNtpotErrors() {
        ProfileOption knee = option(Targets.none(), OptionalDouble.of(0.13));
        assertThat(knee.operatingPoint().orElseThrow().limitedBy()).isEqualTo(OperatingPoint.Limit.KNEE);
        assertThat(knee.accuracySummary()).isEqualTo("validated, ±13%, other calibration");
        assertThat(knee.errorOf("throughput")).hasValue("±2%");
        assertThat(knee.errorOf("ntpot")).hasValue("±13%");
        assertThat(knee.errorOf("ttft")).hasValue("±25%");
        assertThat(knee.errorOf("tpot")).hasValue("(error not known)");
        assertThat(option(Targets.none(), OptionalDouble.empty()).accuracySummary()).isEqualTo("validated, ±2% or more, other calibration");
    }

    /*
     * An NTPOT target of 60 ms binds between (15 req/s, 2925 tok/s, 48 ms) and (17.2, 3357, 72): t = 12/24 = 0.5, 3141
     * tok/s. The NTPOT error moves that point along the curve: 13% slower, the target binds at 60 / 1.13 = 53.097 ms,
     * t = 5.097/24 = 0.21239, 2925 + 0.21239 * 432 = 3016.75 tok/s, times 0.98 is 0.9412 of 3141; 13% faster, at
     * 60 / 0.87 = 68.966 ms, t = 20.966/24 = 0.87356, 3302.38 tok/s, times 1.02 is 1.0724 of 3141. The spread is
     * -5.9% / +7.2%, printed ±7%, and it is the summary's whole error: the NTPOT is the target's (its ±13% would say ±13%),
     * and the NTPOT figure has no error of its own; TTFT keeps its ±25%.
     */
    @Test
    void underAnNtpotTargetTheSummaryIsTheThroughputsSpreadAlone() {
        ProfileOption pinned = option(Targets.ntpot(60), OptionalDouble.of(0.13));
        assertThat(pinned.operatingPoint().orElseThrow().limitedBy()).isEqualTo(OperatingPoint.Limit.NTPOT);
        assertThat(pinned.operatingPoint().orElseThrow().point().outputTokensPerSecond())
                .isCloseTo(3141, org.assertj.core.api.Assertions.within(1e-6));
        ThroughputSpread s = pinned.spread().orElseThrow();
        assertThat(s.below()).isCloseTo(1 - 3016.752 * 0.98 / 3141, org.assertj.core.api.Assertions.within(1e-5));
        assertThat(s.above()).isCloseTo(3302.379 * 1.02 / 3141 - 1, org.assertj.core.api.Assertions.within(1e-5));
        assertThat(pinned.accuracySummary()).isEqualTo("validated, ±7%, other calibration");
        assertThat(pinned.errorOf("throughput")).hasValue("±7%");
        assertThat(pinned.errorOf("ntpot")).isEmpty();
        assertThat(pinned.errorOf("ttft")).hasValue("±25%");
        // a 10 ms target no point meets (the lowest NTPOT is 20 ms): no operating point, no spread, the profile's own ±2%
        ProfileOption unmet = option(Targets.ntpot(10), OptionalDouble.of(0.13));
        assertThat(unmet.achievable()).isFalse();
        assertThat(unmet.errorOf("throughput")).hasValue("±2%");
    }

    /** A measured profile has no spread: its summary is the profile's own. */
    @Test
    void aMeasuredProfilesSummaryIsItsOwn() {
        Profile base = CurveFixtures.deepseekOnA100();
        Profile measured = new Profile(base.modelServerInfo(), base.acceleratorType(), base.tpuTopology(),
                base.instanceType(), base.resourcesUsed(), base.performanceStats(),
                new Provenance(Provenance.Kind.measured, "kiq-bench", "test", "2026-12-01", "sharegpt"), base.serverConfig(),
                base.knee());
        ProfileOption o = ProfileOption.evaluate(List.of(measured), Catalog.bundled(), CurveFixtures.recommender(),
                Targets.none(), PricingModel.ON_DEMAND, CostModel.DEFAULT_OUTPUT_TO_INPUT_COST_RATIO).get(0);
        assertThat(o.spread()).isEmpty();
        assertThat(o.accuracySummary()).isEqualTo(measured.accuracySummary()).isEqualTo("measured");
    }
}
