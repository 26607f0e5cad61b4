package dev.kiq.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.kiq.KiqException;
import dev.kiq.catalog.PricingModel;
import dev.kiq.profile.Profile;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class RecommenderTest {

    private final Profile profile = CurveFixtures.deepseekOnA100();
    private final Recommender recommender = CurveFixtures.recommender();

    @Test
    void standardRecommenderFindsTheKneeOfKneeDetector() {
        assertThat(Recommender.standard().knee(profile)).contains(profile.performanceStats().get(CurveFixtures.KNEE_INDEX));
    }

    /**
     * Two points are too few for a knee: the curve has no knee, and its usable part ends at its highest-throughput
     * point, here the first (the second rate overloads the server: more latency, fewer tokens), not at the last point
     * nor at a knee stored in the file.
     */
    @Test
    void aCurveWithoutAKneeSaturatesAtItsHighestThroughputPoint() {
        var fast = new dev.kiq.profile.PerformancePoint(1, 500, 400, 20, 60, 18, 0, 8, 0.3);
        var overloaded = new dev.kiq.profile.PerformancePoint(2, 450, 360, 80, 900, 70, 6, 16, 0.9);
        var twoPoints = new Profile(profile.modelServerInfo(), profile.acceleratorType(), profile.tpuTopology(),
                profile.instanceType(), profile.resourcesUsed(), java.util.List.of(fast, overloaded),
                profile.provenance(), profile.serverConfig(), Optional.of(overloaded));
        assertThat(Recommender.standard().knee(twoPoints)).isEmpty();
        assertThat(Recommender.standard().end(twoPoints).point()).isEqualTo(fast);
        var r = (Recommendation.Achievable) Recommender.standard().recommend(twoPoints, Targets.none(), Optional.empty());
        assertThat(r.operatingPoint().point()).isEqualTo(fast);
    }

    @Test
    void aTargetNoProfileReachesNamesTheLowestAnyReachesAndWhere() {
        // the same curve twice as fast on an H100: its lowest NTPOT is 10 ms (the A100's 20 ms, halved)
        var faster = new Profile(profile.modelServerInfo(), "nvidia-h100-80gb", Optional.empty(), "a3-highgpu-1g",
                profile.resourcesUsed(), profile.performanceStats().stream().map(p -> new dev.kiq.profile.PerformancePoint(
                        p.queriesPerSecond(), p.outputTokensPerSecond(), p.inputTokensPerSecond(), p.ntpotMilliseconds() / 2,
                        p.ttftMilliseconds(), p.itlMilliseconds(), p.queueSize(), p.batchSize(), p.kvCacheUsage())).toList(),
                profile.provenance(), profile.serverConfig(), Optional.empty());
        String why = Recommender.standard().noneMeets(java.util.List.of(profile, faster), Targets.ntpot(5)).orElseThrow();
        assertThat(why).isEqualTo("target NTPOT 5 ms is below the lowest NTPOT any profile reaches: 10.0 ms on 1x"
                + " nvidia-h100-80gb (" + profile.modelServerInfo().modelServer() + " "
                + profile.modelServerInfo().modelServerVersion() + "); choose 10.0 ms or more.");
    }

    @Test
    void withoutTargetsTheOperatingPointIsTheKnee() {
        var r = (Recommendation.Achievable) recommender.recommend(profile, Targets.none(), Optional.empty());
        assertThat(r.operatingPoint().atKnee()).isTrue();
        assertThat(r.operatingPoint().point().outputTokensPerSecond()).isEqualTo(3357);
        assertThat(r.operatingPoint().point().ntpotMilliseconds()).isEqualTo(72);
        assertThat(r.idealRegion().points()).hasSize(5);
        assertThat(r.idealRegion().start()).isEqualTo(profile.performanceStats().get(0));
    }

    @Test
    void ntpotTargetBetweenMeasuredPointsIsInterpolated() {
        var r = (Recommendation.Achievable) recommender.recommend(profile, Targets.ntpot(40), Optional.empty());
        var op = r.operatingPoint();
        assertThat(op.interpolated()).isTrue();
        assertThat(op.limitedBy()).isEqualTo(OperatingPoint.Limit.NTPOT);
        // 33 ms at 10 QPS, 48 ms at 15 QPS: 40 ms is 7/15 of the way
        assertThat(op.point().ntpotMilliseconds()).isCloseTo(40, within(1e-9));
        assertThat(op.point().queriesPerSecond()).isCloseTo(10 + 5 * 7.0 / 15, within(1e-9));
        assertThat(op.point().outputTokensPerSecond()).isCloseTo(1950 + 975 * 7.0 / 15, within(1e-9));
        assertThat(r.idealRegion().points()).hasSize(4).last().isEqualTo(op.point());
    }

    @Test
    void targetOnAMeasuredPointGivesThatPoint() {
        var r = (Recommendation.Achievable) recommender.recommend(profile, Targets.ntpot(48), Optional.empty());
        assertThat(r.operatingPoint().point()).isEqualTo(profile.performanceStats().get(3));
        assertThat(r.operatingPoint().interpolated()).isFalse();
    }

    @Test
    void targetBelowMinimumLatencyGivesNoRecommendation() {
        var r = recommender.recommend(profile, Targets.ntpot(10), Optional.empty());
        assertThat(r).isInstanceOf(Recommendation.Unachievable.class);
        assertThat(((Recommendation.Unachievable) r).reason())
                .isEqualTo("target NTPOT 10 ms is below the minimum 20.0 ms that 1x nvidia-tesla-a100 (vllm v0.7.2)"
                        + " reaches; choose a target between 20.0 and 72.0 ms (72.0 ms or more gives maximum throughput).");
    }

    @Test
    void targetAboveMaximumLatencyGivesMaximumThroughput() {
        var r = (Recommendation.Achievable) recommender.recommend(profile, Targets.ntpot(500), Optional.empty());
        assertThat(r.operatingPoint().atKnee()).isTrue();
        assertThat(r.knee()).contains(r.operatingPoint().point());
    }

    @Test
    void theTightestOfSeveralLatencyTargetsBoundsTheOperatingPoint() {
        // TTFT 75 ms crosses between 10 and 15 QPS at t = 0.5, ITL 40 ms at t = 10/12: TTFT binds
        Targets targets = Targets.none().withTtft(OptionalDouble.of(75)).withItl(OptionalDouble.of(40));
        var r = (Recommendation.Achievable) recommender.recommend(profile, targets, Optional.empty());
        assertThat(r.operatingPoint().limitedBy()).isEqualTo(OperatingPoint.Limit.TTFT);
        assertThat(r.operatingPoint().point().queriesPerSecond()).isCloseTo(12.5, within(1e-9));
        assertThat(r.operatingPoint().point().itlMilliseconds()).isCloseTo(36, within(1e-9));
    }

    @Test
    void ttftTargetBelowTheCurveNamesTtftAndItsRange() {
        var r = recommender.recommend(profile, Targets.none().withTtft(OptionalDouble.of(5)), Optional.empty());
        assertThat(((Recommendation.Unachievable) r).reason()).startsWith("target TTFT 5 ms is below the minimum 40.0 ms")
                .contains("between 40.0 and 180.0 ms");
    }

    @Test
    void costPerMillionTokensFollowsTheSpecFormula() {
        CostModel cost = CostModel.of(3.6734);
        var knee = profile.performanceStats().get(CurveFixtures.KNEE_INDEX);
        double expectedOutput = 3.6734 / 3600 / (3887 / 4.0 + 3357) * 1e6;
        assertThat(cost.costPerMillionOutputTokens(knee)).isCloseTo(expectedOutput, within(1e-12)).isCloseTo(0.2357, within(1e-4));
        assertThat(cost.costPerMillionInputTokens(knee)).isCloseTo(expectedOutput / 4, within(1e-12));
        CostModel ratio2 = new CostModel(3.6734, 2);
        assertThat(ratio2.costPerMillionOutputTokens(knee)).isCloseTo(3.6734 / 3600 / (3887 / 2.0 + 3357) * 1e6, within(1e-12));
    }

    @Test
    void everyPricingModelGetsItsOwnCost() {
        var knee = profile.performanceStats().get(CurveFixtures.KNEE_INDEX);
        var estimates = Pricing.estimates(CurveFixtures.a100(), profile, knee, 4);
        assertThat(estimates).extracting(Pricing.CostEstimate::pricingModel).containsExactly(PricingModel.values());
        assertThat(estimates.get(1).costPerMillionOutputTokens()).hasValueSatisfying(
                v -> assertThat(v).isCloseTo(1.9280 / 3600 / (3887 / 4.0 + 3357) * 1e6, within(1e-12)));
        assertThat(estimates.get(3).hourlyPrice()).contains(1.2857);
    }

    @Test
    void unknownPriceGivesNoCost() {
        var h100Profile = new Profile(profile.modelServerInfo(), "nvidia-tesla-a100", Optional.empty(), "a2-highgpu-2g",
                new dev.kiq.profile.ResourcesUsed(2), profile.performanceStats(), profile.provenance(),
                profile.serverConfig(), Optional.empty());
        assertThat(Pricing.costModel(CurveFixtures.a100(), h100Profile, PricingModel.ON_DEMAND, 4)).isEmpty();
    }

    @Test
    void costTargetBelowTheLowestCostGivesNoRecommendation() {
        Targets targets = Targets.none().withCostPerMillionOutputTokens(OptionalDouble.of(0.1));
        var r = recommender.recommend(profile, targets, Optional.of(CostModel.of(3.6734)));
        assertThat(((Recommendation.Unachievable) r).reason())
                .isEqualTo("target cost per million output tokens $0.1 is below the lowest cost $0.236 that"
                        + " 1x nvidia-tesla-a100 (vllm v0.7.2) reaches at its knee; choose $0.236 or more.");
    }

    @Test
    void costTargetStartsTheIdealRegionWhereTheCostFallsBelowIt() {
        CostModel cost = CostModel.of(3.6734);
        // $0.5/M output: between 5 QPS (~$0.81) and 10 QPS (~$0.41)
        Targets targets = Targets.none().withCostPerMillionOutputTokens(OptionalDouble.of(0.5));
        var r = (Recommendation.Achievable) recommender.recommend(profile, targets, Optional.of(cost));
        assertThat(r.operatingPoint().atKnee()).isTrue();
        var start = r.idealRegion().start();
        assertThat(start.queriesPerSecond()).isBetween(5.0, 10.0);
        assertThat(cost.costPerMillionOutputTokens(start)).isCloseTo(0.5, within(0.05));
        assertThat(r.idealRegion().points()).first().isEqualTo(start);
        assertThat(r.idealRegion().points()).noneMatch(p -> p.queriesPerSecond() < start.queriesPerSecond());
        assertThat(r.costPerMillionOutputTokens()).hasValueSatisfying(v -> assertThat(v).isLessThan(0.5));
    }

    @Test
    void costTargetOnInputTokensConvertsThroughTheRatio() {
        Targets targets = Targets.none().withCostPerMillionInputTokens(OptionalDouble.of(0.05));
        var r = recommender.recommend(profile, targets, Optional.of(CostModel.of(3.6734)));
        assertThat(((Recommendation.Unachievable) r).reason()).contains("input tokens $0.05").contains("$0.059");
    }

    @Test
    void costTargetWithoutAKnownPriceCannotBeChecked() {
        Targets targets = Targets.none().withCostPerMillionOutputTokens(OptionalDouble.of(1));
        var r = recommender.recommend(profile, targets, Optional.empty());
        assertThat(((Recommendation.Unachievable) r).reason()).contains("no price is known for a2-highgpu-1g");
    }

    @Test
    void nonPositiveTargetsAreRejected() {
        assertThatThrownBy(() -> Targets.ntpot(0)).isInstanceOf(KiqException.class)
                .hasMessage("target NTPOT must be a positive number of ms, got 0.");
        assertThatThrownBy(() -> Targets.none().withCostPerMillionOutputTokens(OptionalDouble.of(-1)))
                .isInstanceOf(KiqException.class).hasMessageContaining("got -1");
    }
}
