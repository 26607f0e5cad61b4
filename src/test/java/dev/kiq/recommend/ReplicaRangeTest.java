package dev.kiq.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.MetricNames;
import dev.kiq.profile.Basis;
import dev.kiq.profile.ExpectedError;
import dev.kiq.profile.Profile;
import dev.kiq.profile.Provenance;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * A replica count from a modeled profile carries the profile's throughput error: it was shown bare ("3 replicas") beside
 * figures whose throughput may be 30% off. The fixture's knee serves 17.2 req/s per replica; 40 req/s expected.
 */
class ReplicaRangeTest {

    private static final MetricNames METRICS = Catalog.bundled().modelServerVersion("vllm", "v0.7.2").metrics();

    private static Profile with(Provenance provenance) {
        Profile p = CurveFixtures.deepseekOnA100();
        return new Profile(p.modelServerInfo(), p.acceleratorType(), p.tpuTopology(), p.instanceType(), p.resourcesUsed(),
                p.performanceStats(), provenance, p.serverConfig(), p.knee());
    }

    private static Provenance calibrated(double throughputError) {
        return new Provenance(Provenance.Kind.modeled, "kiq-perf-model", "t", "2026-12-02", "sharegpt", Basis.calibrated,
                new ExpectedError(OptionalDouble.of(throughputError), OptionalDouble.of(0.1), OptionalDouble.empty(),
                        OptionalDouble.empty()));
    }

    /** 40 / 17.2 = 2.33 -> 3; at 1.3 x 17.2 = 22.36 req/s, 1.79 -> 2; at 0.7 x 17.2 = 12.04 req/s, 3.32 -> 4. */
    @Test
    void aModeledCountComesWithTheCountsItsThroughputErrorAllows() {
        ServingPlan plan = ServingPlan.of(CurveFixtures.recommender(), with(calibrated(0.3)), Targets.none(), Optional.empty(),
                METRICS, Optional.empty(), OptionalDouble.of(40));
        assertThat(plan.replicas()).isEqualTo(3);
        assertThat(plan.fewestReplicas()).isEqualTo(2);
        assertThat(plan.mostReplicas()).isEqualTo(4);
        assertThat(plan.replicaRange()).contains("2–4");
        assertThat(plan.replicasText()).isEqualTo("3 replicas (2–4 within the expected throughput error ±30%)");
    }

    /** Under an NTPOT target the operating point moves with the NTPOT error too: the range is said to be a lower bound. */
    @Test
    void underALatencyTargetTheRangeSaysItIsAtLeastThat() {
        ServingPlan plan = ServingPlan.of(CurveFixtures.recommender(), with(calibrated(0.3)), Targets.ntpot(40),
                Optional.empty(), METRICS, Optional.empty(), OptionalDouble.of(40));
        assertThat(plan.operatingPoint().atCurveEnd()).isFalse();
        assertThat(plan.replicasText()).contains("or more: the latency's error moves the operating point too");
        assertThat(plan.hpaCaveat()).hasValueSatisfying(c -> assertThat(c).contains("is modeled and no published measurement"
                + " bounds its error"));
    }

    @Test
    void aMeasuredCountOrOneWithoutAnExpectedLoadHasNoRange() {
        ServingPlan measured = ServingPlan.of(CurveFixtures.recommender(), with(new Provenance(Provenance.Kind.measured,
                "kiq-bench", "1", "2026-12-02", "sharegpt")), Targets.ntpot(40), Optional.empty(), METRICS, Optional.empty(),
                OptionalDouble.of(40));
        assertThat(measured.replicaRange()).isEmpty();
        assertThat(measured.replicasText()).isEqualTo(dev.kiq.Plural.of(measured.replicas(), "replica"));
        assertThat(measured.hpaCaveat()).isEmpty();
        ServingPlan noLoad = ServingPlan.of(CurveFixtures.recommender(), with(calibrated(0.3)), Targets.none(),
                Optional.empty(), METRICS, Optional.empty(), OptionalDouble.empty());
        assertThat(noLoad.replicasText()).isEqualTo("1 replica");
    }

    @Test
    void eachFiguresErrorIsItsMetricsAndAnExtrapolatedOneIsALowerBound() {
        assertThat(calibrated(0.3).errorOf("throughput")).contains("±30%");
        assertThat(calibrated(0.3).errorOf("ttft")).contains("(error not known)");
        Provenance extrapolated = new Provenance(Provenance.Kind.modeled, "m", "t", "2026-12-02", "w", Basis.extrapolated,
                new ExpectedError(OptionalDouble.of(0.2), OptionalDouble.of(0.1), OptionalDouble.empty(), OptionalDouble.empty()));
        assertThat(extrapolated.errorOf("ntpot")).contains("±10% or more");
        assertThat(new Provenance(Provenance.Kind.measured, "kiq-bench", "1", "2026-12-02", "w").errorOf("throughput")).isEmpty();
    }

    /**
     * Under an NTPOT target the NTPOT at the operating point is the target (it said "NTPOT 50.0 ms ±10%" in the Xvfb walk)
     * and the NTPOT error moves the point along the curve: the throughput is off by its own error or more.
     */
    @Test
    void underATargetTheTargetHasNoErrorAndTheThroughputsIsALowerBound() {
        Profile p = with(calibrated(0.3));
        ProfileOption targeted = new ProfileOption(p, CurveFixtures.recommender().recommend(p, Targets.ntpot(40),
                Optional.empty()), dev.kiq.catalog.PricingModel.ON_DEMAND, Optional.empty());
        assertThat(targeted.errorOf("ntpot")).isEmpty();
        assertThat(targeted.errorOf("throughput")).contains("±30% or more");
        ProfileOption atKnee = new ProfileOption(p, CurveFixtures.recommender().recommend(p, Targets.none(),
                Optional.empty()), dev.kiq.catalog.PricingModel.ON_DEMAND, Optional.empty());
        assertThat(atKnee.errorOf("ntpot")).contains("±10%");
        assertThat(atKnee.errorOf("throughput")).contains("±30%");
    }
}
