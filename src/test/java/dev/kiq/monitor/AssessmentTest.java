package dev.kiq.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.profile.Profile;
import dev.kiq.recommend.CurveFixtures;
import dev.kiq.recommend.Targets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Live windows against the fixture curve whose knee is 3357 output tok/s at 17.2 req/s with TTFT 180 ms and
 * 2.1 requests waiting (CurveFixtures); the expected numbers are worked out in the comments.
 */
class AssessmentTest {

    static final Profile PROFILE = CurveFixtures.deepseekOnA100();

    /** A pod whose TTFT p50 is the middle of (lo, hi]: every observation in that bucket. */
    static PodWindow pod(String name, double outputTokPerSec, double qps, double lo, double hi) {
        TreeMap<Double, Double> b = new TreeMap<>(Map.of(lo, 0.0, hi, 10.0, Double.POSITIVE_INFINITY, 10.0));
        BucketCounts ttft = new BucketCounts(b, 10, 10 * (lo + hi) / 2);
        return new PodWindow(name, 60, outputTokPerSec, outputTokPerSec * 1.16, qps, ttft, BucketCounts.EMPTY, ttft,
                new Gauges(OptionalDouble.of(0), OptionalDouble.of(40), OptionalDouble.of(0.3)), false);
    }

    static Assessment assess(Targets targets, Optional<HpaStatus> hpa, PodWindow... pods) {
        return Assessment.of(PROFILE, CurveFixtures.recommender(), targets, CurveFixtures.vllmV072Metrics(),
                LiveWindow.of(List.of(pods)), hpa);
    }

    @Test
    void twoReplicasAtAThirdOfTheKneeCouldBeOne() {
        // 1200 tok/s each = 35.7% of 3357; 14 req/s in all fit ceil(14 / 17.2) = 1 replica at the knee
        Assessment a = assess(Targets.none(), Optional.empty(), pod("a", 1200, 7, 0.04, 0.06), pod("b", 1200, 7, 0.04, 0.06));
        assertThat(a.position()).isEqualTo(Position.BELOW_KNEE);
        assertThat(a.loadFraction()).isCloseTo(1200 / 3357.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(a.plan().orElseThrow().replicas()).isEqualTo(1);
        assertThat(a.summary()).contains("2 replicas", "1200 output tok/s", "35.7% of the knee's 3357", "below the knee");
        assertThat(a.advice()).anyMatch(s -> s.startsWith("1 replica would carry the 14.0 req/s") && s.contains("Remove 1"));
    }

    @Test
    void withinTenPercentOfTheKneeIsAtIt() {
        // 3100 / 3357 = 0.923
        Assessment a = assess(Targets.none(), Optional.empty(), pod("a", 3100, 16, 0.1, 0.25));
        assertThat(a.position()).isEqualTo(Position.AT_KNEE);
        assertThat(a.advice()).anyMatch(s -> s.contains("keep 1 replica"));
    }

    @Test
    void moreThroughputThanTheKneeIsPastItAndNeedsReplicas() {
        // 3900 / 3357 = 1.16 > 1.1; 21 req/s need ceil(21 / 17.2) = 2 replicas; the HPA stops at 1
        HpaStatus hpa = new HpaStatus("vllm-hpa", 1, 1, 1, 1, "prometheus.googleapis.com|vllm:num_requests_waiting|gauge",
                OptionalDouble.of(9), OptionalDouble.of(10), List.of("ScalingLimited: True (TooManyReplicas)"));
        Assessment a = assess(Targets.none(), Optional.of(hpa), pod("a", 3900, 21, 0.1, 0.25));
        assertThat(a.position()).isEqualTo(Position.PAST_KNEE);
        assertThat(a.advice()).anyMatch(s -> s.startsWith("Add replicas: 2 replicas carry the 21.0 req/s") && s.contains("you run 1"));
        assertThat(a.advice()).anyMatch(s -> s.contains("maxReplicas from 1 to 2"));
        // the knee holds 2.1 waiting requests; the threshold is 20% lower: 1.68, and the HPA aims at 10
        assertThat(a.advice()).anyMatch(s -> s.contains("from 10.0 to 1.68 per pod"));
    }

    @Test
    void queueingAtTheKneesThroughputIsPastIt() {
        // 3400 tok/s is 1.013 of the knee, but TTFT p50 3000 ms (the middle of (1, 5]) is over 2 × 180 ms
        Assessment a = assess(Targets.none(), Optional.empty(), pod("a", 3400, 17, 1, 5));
        assertThat(a.position()).isEqualTo(Position.PAST_KNEE);
        assertThat(a.live().ttftMilliseconds()).isEqualTo(3000);
        assertThat(a.advice()).anyMatch(s -> s.startsWith("Requests queue (TTFT p50 3000 ms)"));
        assertThat(a.advice()).anyMatch(s -> s.startsWith("No HPA watches this release"));
    }

    @Test
    void anUnreachableTargetAsksForAnotherAccelerator() {
        // the curve's lowest NTPOT is 20 ms
        Assessment a = assess(Targets.ntpot(10), Optional.empty(), pod("a", 1200, 7, 0.04, 0.06));
        assertThat(a.plan()).isEmpty();
        assertThat(a.advice()).singleElement().asString().contains("below the minimum 20.0 ms").contains("different accelerator");
    }

    @Test
    void noTokensIsNoTraffic() {
        Assessment a = assess(Targets.none(), Optional.empty(), pod("a", 0, 0, 0.04, 0.06));
        assertThat(a.position()).isEqualTo(Position.NO_TRAFFIC);
        assertThat(new ArrayList<>(a.advice())).isEmpty();
    }

    /**
     * A profile of two rates has no knee (the knee rule needs three points): its usable curve ends at its highest rate
     * measured, 975 tok/s at 5 req/s, TTFT 45 ms, which is not known to be the server's maximum. The monitor called it
     * "the knee" ("97.4% of the knee's 975 tok/s ... at the knee", "gives about its maximum throughput").
     */
    @Test
    void aCurveWithoutAKneeIsPlacedAgainstItsHighestRateMeasuredAndSaysSo() {
        Profile two = new Profile(PROFILE.modelServerInfo(), PROFILE.acceleratorType(), PROFILE.tpuTopology(),
                PROFILE.instanceType(), PROFILE.resourcesUsed(), PROFILE.performanceStats().subList(0, 2),
                PROFILE.provenance(), PROFILE.serverConfig(), Optional.empty());
        Assessment a = Assessment.of(two, dev.kiq.recommend.Recommender.standard(), Targets.none(),
                CurveFixtures.vllmV072Metrics(), LiveWindow.of(List.of(pod("a", 950, 4.9, 0.04, 0.05))), Optional.empty());
        assertThat(a.end().knee()).isEmpty();
        assertThat(a.position()).isEqualTo(Position.AT_KNEE); // 950 / 975 = 0.974, within 10%
        assertThat(a.summary()).contains("97.4% of the highest rate measured's 975 tok/s", "against 45.0 ms at the highest"
                + " rate measured): at the highest rate measured.", "The profile has no knee: 2 rates measured")
                .doesNotContain("the knee");
        assertThat(a.advice()).isNotEmpty().allSatisfy(s -> assertThat(s).doesNotContain("the knee").doesNotContain("its maximum throughput"));
        assertThat(a.advice().get(0)).contains("the throughput of the highest rate measured, not known to be its maximum");
        Assessment past = Assessment.of(two, dev.kiq.recommend.Recommender.standard(), Targets.none(),
                CurveFixtures.vllmV072Metrics(), LiveWindow.of(List.of(pod("a", 1200, 6, 0.04, 0.05))), Optional.empty());
        assertThat(past.summary()).contains("past the highest rate measured").doesNotContain("the knee");
        assertThat(past.advice()).allSatisfy(s -> assertThat(s).doesNotContain("the knee"));
    }
}
