package dev.kiq.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kiq.catalog.PricingModel;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * Where a cost target starts the ideal region, which points the region holds, and the order and costs of the
 * options a table shows, on {@link CurveFixtures#deepseekOnA100()} at $3.60 an hour with the default output:input
 * cost ratio 4. The costs are worked out by hand: $ per million output tokens = 3.6 / 3600 / (input tok/s / 4 +
 * output tok/s) x 1e6 = 1000 / (input / 4 + output).
 */
class CostRegionArithmeticTest {

    private final Recommender recommender = CurveFixtures.recommender();
    private final Profile profile = CurveFixtures.deepseekOnA100();
    private final CostModel cost = CostModel.of(3.6);

    @Test
    void aCostTargetStartsTheRegionWhereTheCostCrossesItBetweenTwoPoints() {
        // 5 QPS: 1130 / 4 + 975 = 1257.5 weighted tok/s, $0.7952; 10 QPS: 565 + 1950 = 2515, exactly half: $0.3976.
        // $0.50 is crossed at t = (c5 - 0.5) / (c5 - c10) = (c5 - 0.5) / (c5 / 2) = 2 - 1 / c5 = 2 - 1.2575 = 0.7425
        // of the way from 5 to 10 QPS: 975 + 0.7425 x 975 = 1698.9375 output tok/s, 8.7125 QPS
        Targets targets = Targets.none().withCostPerMillionOutputTokens(OptionalDouble.of(0.5));
        var r = (Recommendation.Achievable) recommender.recommend(profile, targets, Optional.of(cost));
        PerformancePoint start = r.idealRegion().start();
        assertThat(start.outputTokensPerSecond()).isCloseTo(1698.9375, within(1e-9));
        assertThat(start.queriesPerSecond()).isCloseTo(8.7125, within(1e-9));
        // every field moves the same 0.7425 of the way: NTPOT 24 + 0.7425 x 9 = 30.6825 ms
        assertThat(start.ntpotMilliseconds()).isCloseTo(30.6825, within(1e-9));
        // the region: the start, then the measured points from 10 QPS up to the knee (17.2 QPS), which ends it
        assertThat(r.idealRegion().points()).extracting(PerformancePoint::queriesPerSecond)
                .usingElementComparator((a, b) -> Math.abs(a - b) < 1e-9 ? 0 : Double.compare(a, b))
                .containsExactly(8.7125, 10.0, 15.0, 17.2);
        assertThat(r.idealRegion().end()).isEqualTo(profile.performanceStats().get(CurveFixtures.KNEE_INDEX));
        // the knee: 3887 / 4 + 3357 = 4328.75 weighted tok/s: $0.23101 per million output tokens
        assertThat(r.costPerMillionOutputTokens()).hasValueSatisfying(v -> assertThat(v).isCloseTo(1000 / 4328.75, within(1e-9)));
        // the region holds throughputs from its start to its end, ends included
        IdealRegion region = r.idealRegion();
        assertThat(region.contains(withOutput(1698.9375))).isTrue();
        assertThat(region.contains(withOutput(1698.93))).isFalse();
        assertThat(region.contains(withOutput(3357))).isTrue();
        assertThat(region.contains(withOutput(3357.01))).isFalse();
        assertThat(region.contains(withOutput(2500))).isTrue();
    }

    @Test
    void aCostTargetTheFirstPointAlreadyMeetsStartsTheRegionThere() {
        // 2 QPS: 452 / 4 + 390 = 503 weighted tok/s, $1.988: a $2 target is met from the first point on
        Targets targets = Targets.none().withCostPerMillionOutputTokens(OptionalDouble.of(2.0));
        var r = (Recommendation.Achievable) recommender.recommend(profile, targets, Optional.of(cost));
        assertThat(r.idealRegion().start()).isEqualTo(profile.performanceStats().get(0));
        assertThat(r.idealRegion().points()).hasSize(CurveFixtures.KNEE_INDEX + 1);
    }

    @Test
    void optionsAreOfferedCheapestFirstThenUnpricedByThroughputThenUnachievable() {
        Recommendation atKnee = recommender.recommend(profile, Targets.none(), Optional.of(cost));
        // $3.60 an hour: $0.23101 at the knee (see above); $7.20 an hour: twice that
        ProfileOption cheap = new ProfileOption(profile, atKnee, PricingModel.ON_DEMAND, Optional.of(cost));
        ProfileOption dear = new ProfileOption(profile, atKnee, PricingModel.ON_DEMAND, Optional.of(CostModel.of(7.2)));
        ProfileOption unpriced = new ProfileOption(profile, atKnee, PricingModel.ON_DEMAND, Optional.empty());
        // an NTPOT of 1 ms is below the curve's lowest (20 ms): unachievable, so neither cost nor throughput
        Recommendation impossible = recommender.recommend(profile, Targets.ntpot(1), Optional.of(cost));
        ProfileOption unachievable = new ProfileOption(profile, impossible, PricingModel.ON_DEMAND, Optional.of(cost));
        // an unpriced option of a curve whose operating point serves less: every point at half the throughput
        ProfileOption unpricedSlower = new ProfileOption(halved(profile), recommender.recommend(halved(profile),
                Targets.none(), Optional.empty()), PricingModel.ON_DEMAND, Optional.empty());

        List<ProfileOption> shuffled = new ArrayList<>(List.of(unachievable, unpricedSlower, dear, unpriced, cheap));
        shuffled.sort(ProfileOption.CHEAPEST_FIRST);
        assertThat(shuffled).containsExactly(cheap, dear, unpriced, unpricedSlower, unachievable);

        assertThat(cheap.achievable()).isTrue();
        assertThat(unachievable.achievable()).isFalse();
        assertThat(cheap.reason()).isEmpty();
        assertThat(unachievable.reason()).hasValueSatisfying(s -> assertThat(s).contains("NTPOT"));
        assertThat(unachievable.costPerMillionOutputTokens()).isEmpty();
        assertThat(unpriced.costPerMillionInputTokens()).isEmpty();
        assertThat(dear.costPerMillionOutputTokens()).hasValueSatisfying(v -> assertThat(v).isCloseTo(2000 / 4328.75, within(1e-9)));
        // an input token costs a quarter of an output token
        assertThat(cheap.costPerMillionInputTokens()).hasValueSatisfying(v -> assertThat(v).isCloseTo(250 / 4328.75, within(1e-9)));
    }

    private static PerformancePoint withOutput(double outputTokensPerSecond) {
        return new PerformancePoint(1, outputTokensPerSecond, 1, 1, 1, 1, 0, 1, 0.1);
    }

    private static Profile halved(Profile p) {
        List<PerformancePoint> points = p.performanceStats().stream().map(x -> new PerformancePoint(x.queriesPerSecond() / 2,
                x.outputTokensPerSecond() / 2, x.inputTokensPerSecond() / 2, x.ntpotMilliseconds(), x.ttftMilliseconds(),
                x.itlMilliseconds(), x.queueSize(), x.batchSize(), x.kvCacheUsage())).toList();
        return new Profile(p.modelServerInfo(), p.acceleratorType(), p.tpuTopology(), p.instanceType(),
                p.resourcesUsed(), points, p.provenance(), p.serverConfig(), Optional.empty());
    }
}
