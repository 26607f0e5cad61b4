package dev.kiq.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.recommend.CurveFixtures;
import dev.kiq.recommend.HpaMetric;
import dev.kiq.recommend.HpaRecommendation;
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
        assertThat(a.advice()).anyMatch(s -> s.contains("keep 1 replica for this load"));
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
        assertThat(a.advice()).anyMatch(s -> s.startsWith("Requests queue (TTFT p50 3000 ms) although the request rate fits"
                + " 1 replica at"));
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

    /**
     * The position's edges are inclusive: exactly 10% below the knee's throughput (3357 × 0.9 = 3021.3 tok/s) and exactly
     * 10% above it are at the knee, and so is a TTFT of exactly twice the knee's 180 ms (360 ms, the middle of (0.3, 0.42]
     * s): queueing is more than twice. Just outside each edge the position changes.
     */
    @Test
    void theKneesToleranceIncludesItsEdges() {
        Assessment low = assess(Targets.none(), Optional.empty(), pod("a", 3021.3, 15, 0.1, 0.25));
        assertThat(low.loadFraction()).isEqualTo(0.9);
        assertThat(low.position()).isEqualTo(Position.AT_KNEE);
        assertThat(assess(Targets.none(), Optional.empty(), pod("a", 3021, 15, 0.1, 0.25)).position())
                .isEqualTo(Position.BELOW_KNEE);

        Assessment high = assess(Targets.none(), Optional.empty(), pod("a", 3357 * 1.1, 17, 0.1, 0.25));
        assertThat(high.loadFraction()).isEqualTo(1.1);
        assertThat(high.position()).isEqualTo(Position.AT_KNEE);
        assertThat(assess(Targets.none(), Optional.empty(), pod("a", 3693, 17, 0.1, 0.25)).position())
                .isEqualTo(Position.PAST_KNEE);

        Assessment twice = assess(Targets.none(), Optional.empty(), pod("a", 3357, 17, 0.3, 0.42));
        assertThat(twice.live().ttftMilliseconds()).isEqualTo(360);
        assertThat(twice.position()).isEqualTo(Position.AT_KNEE);
        assertThat(assess(Targets.none(), Optional.empty(), pod("a", 3357, 17, 0.3, 0.44)).position())
                .as("TTFT 370 ms").isEqualTo(Position.PAST_KNEE);
        // queueing counts from exactly 10% below the knee's throughput
        assertThat(assess(Targets.none(), Optional.empty(), pod("a", 3021.3, 15, 0.3, 0.44)).position())
                .isEqualTo(Position.PAST_KNEE);
    }

    /**
     * Past the knee by throughput alone (3900 tok/s = 1.16 of the knee) at 10 req/s, which ceil(10 / 17.2) = 1 replica
     * carries: the requests are longer than the profile's, so it says to measure them, not to add replicas; the HPA
     * must still be able to add one (it stops at 1: raise it to 2).
     */
    @Test
    void moreTokensAtFewRequestsAsksForAProfileOfThisTraffic() {
        HpaStatus hpa = new HpaStatus("vllm-hpa", 1, 1, 1, 1, "prometheus.googleapis.com|vllm:num_requests_waiting|gauge",
                OptionalDouble.of(0.5), OptionalDouble.of(1.5), List.of());
        Assessment a = assess(Targets.none(), Optional.of(hpa), pod("a", 3900, 10, 0.1, 0.25));
        assertThat(a.position()).isEqualTo(Position.PAST_KNEE);
        assertThat(a.plan().orElseThrow().replicas()).isEqualTo(1);
        assertThat(a.advice()).anyMatch(s -> s.startsWith("Each replica makes more tokens than at the knee, at 10.0 req/s:"
                + " the requests are longer than the profile's workload. Measure"));
        assertThat(a.advice()).noneMatch(s -> s.startsWith("Add replicas"));
        assertThat(a.advice()).anyMatch(s -> s.contains("maxReplicas from 1 to 2"));
        // its target 1.5 is within 10% of the recommended 1.68 (the knee's 2.1 waiting less 20%): nothing to lower
        assertThat(a.advice()).noneMatch(s -> s.startsWith("Lower the HPA"));
    }

    /**
     * One replica below the knee that the load needs: headroom, with its share of the knee's throughput (1200 / 3357 =
     * 35.7%).
     */
    @Test
    void oneReplicaBelowTheKneeHasHeadroom() {
        Assessment a = assess(Targets.none(), Optional.empty(), pod("a", 1200, 7, 0.04, 0.06));
        assertThat(a.advice()).containsExactly("Headroom: each replica runs at 35.7% of the knee's throughput; nothing to change.");
    }

    /**
     * The HPA's own metric is the one planned and judged: an HPA on batch size (vllm:num_requests_running) gets the batch
     * size's target, the knee's 110 running requests less 20% = 88 (not the queue size's 1.68, the default at the knee),
     * and a target more than 10% above it (88 × 1.1 = 96.8) is too high; at the knee a replica that the load needs and an
     * HPA that can hold it need nothing raised; an HPA that asks for more replicas than run says the new pods are not
     * ready.
     */
    @Test
    void atTheKneeTheHpaIsJudgedOnItsOwnMetric() {
        // with a target the plan carries an HPA, on the metric the HPA scales on (the knee's NTPOT, 72 ms, meets 100)
        Assessment tooHigh = assess(Targets.ntpot(100), Optional.of(batchHpa(1, 1, 97)), pod("a", 3100, 16, 0.1, 0.25));
        assertThat(tooHigh.position()).isEqualTo(Position.AT_KNEE);
        assertThat(tooHigh.advice()).anyMatch(s -> s.startsWith("Lower the HPA vllm-hpa's target of batch size from 97.0 to"
                + " 88.0 per pod (its value at the operating point, 110, less the 20% scale-up buffer)"));
        assertThat(tooHigh.advice()).noneMatch(s -> s.contains("maxReplicas")).noneMatch(s -> s.contains("already asks"));
        assertThat(tooHigh.plan().orElseThrow().hpa()).map(HpaRecommendation::metric)
                .contains(HpaMetric.BATCH_SIZE);

        // exactly 10% above the target (88 × 1.1) is within it
        Assessment within = assess(Targets.none(), Optional.of(batchHpa(1, 1, 110 * 0.8 * 1.1)), pod("a", 3100, 16, 0.1, 0.25));
        assertThat(within.advice()).noneMatch(s -> s.startsWith("Lower the HPA"));

        // an HPA whose maximum is the one replica the load needs has nothing to raise
        HpaStatus atMost1 = new HpaStatus("vllm-hpa", 1, 1, 1, 1, "prometheus.googleapis.com|vllm:num_requests_running|gauge",
                OptionalDouble.of(44), OptionalDouble.of(88), List.of());
        assertThat(assess(Targets.none(), Optional.of(atMost1), pod("a", 3100, 16, 0.1, 0.25)).advice())
                .noneMatch(s -> s.contains("maxReplicas"));

        Assessment scaling = assess(Targets.none(), Optional.of(batchHpa(1, 2, 88)), pod("a", 3100, 16, 0.1, 0.25));
        assertThat(scaling.advice()).contains("The HPA already asks for 2 replicas (1 now); the new pods are not ready yet.");
    }

    /** Below the knee the HPA is judged too: two replicas where one would do, and an HPA already scaling to three. */
    @Test
    void belowTheKneeTheHpaIsJudgedToo() {
        Assessment a = assess(Targets.none(), Optional.of(batchHpa(2, 3, 88)), pod("a", 1200, 7, 0.04, 0.06),
                pod("b", 1200, 7, 0.04, 0.06));
        assertThat(a.position()).isEqualTo(Position.BELOW_KNEE);
        assertThat(a.advice()).anyMatch(s -> s.contains("Remove 1"))
                .contains("The HPA already asks for 3 replicas (2 now); the new pods are not ready yet.");
    }

    /** An HPA on a metric that is none of vLLM's (CPU) gets no target of vLLM's metrics to compare with. */
    @Test
    void anHpaOnAnotherMetricIsNotGivenATarget() {
        HpaStatus cpu = new HpaStatus("vllm-hpa", 1, 1, 1, 4, "cpu", OptionalDouble.of(50), OptionalDouble.of(80), List.of());
        assertThat(Assessment.metricOf(cpu, CurveFixtures.vllmV072Metrics())).isEmpty();
        assertThat(Assessment.metricOf(batchHpa(1, 1, 88), CurveFixtures.vllmV072Metrics()))
                .contains(HpaMetric.BATCH_SIZE);
    }

    /**
     * A profile whose knee has no TTFT (0: not measured) cannot tell queueing by TTFT: at the knee's throughput with a
     * 3000 ms TTFT the replica is at the knee, not past it.
     */
    @Test
    void withoutTheKneesTtftQueueingIsNotJudged() {
        List<PerformancePoint> points = new ArrayList<>(PROFILE.performanceStats());
        PerformancePoint k = points.get(CurveFixtures.KNEE_INDEX);
        points.set(CurveFixtures.KNEE_INDEX, new PerformancePoint(k.queriesPerSecond(),
                k.outputTokensPerSecond(), k.inputTokensPerSecond(), k.ntpotMilliseconds(), 0, k.itlMilliseconds(),
                k.queueSize(), k.batchSize(), k.kvCacheUsage()));
        Profile noTtft = new Profile(PROFILE.modelServerInfo(), PROFILE.acceleratorType(), PROFILE.tpuTopology(),
                PROFILE.instanceType(), PROFILE.resourcesUsed(), points, PROFILE.provenance(), PROFILE.serverConfig(),
                Optional.of(points.get(CurveFixtures.KNEE_INDEX)));
        Assessment a = Assessment.of(noTtft, CurveFixtures.recommender(), Targets.none(), CurveFixtures.vllmV072Metrics(),
                LiveWindow.of(List.of(pod("a", 3357, 17, 1, 5))), Optional.empty());
        assertThat(a.live().ttftMilliseconds()).isEqualTo(3000);
        assertThat(a.position()).isEqualTo(Position.AT_KNEE);
    }

    @Test
    void figuresAreRoundedByTheirSize() {
        assertThat(Assessment.num(100)).isEqualTo("100");
        assertThat(Assessment.num(-150.4)).isEqualTo("-150");
        assertThat(Assessment.num(10)).isEqualTo("10.0");
        assertThat(Assessment.num(9.5)).isEqualTo("9.50");
        assertThat(Assessment.num(Double.NaN)).isEqualTo("-");
        assertThat(Assessment.num(Double.POSITIVE_INFINITY)).isEqualTo("-");
    }

    /** An HPA on vLLM's running requests (batch size) as Managed Prometheus names it, max 4 replicas. */
    private static HpaStatus batchHpa(int current, int desired, double target) {
        return new HpaStatus("vllm-hpa", current, desired, 1, 4, "prometheus.googleapis.com|vllm:num_requests_running|gauge",
                OptionalDouble.of(target / 2), OptionalDouble.of(target), List.of());
    }
}
