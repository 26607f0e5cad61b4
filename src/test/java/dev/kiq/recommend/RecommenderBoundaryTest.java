package dev.kiq.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kiq.profile.Basis;
import dev.kiq.profile.ExpectedError;
import dev.kiq.profile.ModelServerInfo;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.profile.Provenance;
import dev.kiq.profile.ResourcesUsed;
import dev.kiq.profile.ServerConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The recommender's rules at their edges: a target exactly equal to what the curve reaches, a cost crossing between the
 * last measured point and an interpolated operating point, ties, a knee index past the curve's end. Each expected value
 * is worked out by hand in the comments.
 *
 * <p>Most cases use a made-up curve whose figures are exact in binary, so that "exactly equal" is exact: no input
 * tokens, output 256, 512 and 1536 tok/s at NTPOT 10, 20 and 40 ms (TTFT ten times NTPOT), its knee at the last point,
 * priced at $3600 an hour ($1 a second). A million output tokens then cost 1e6 / (output tok/s) dollars: $3906.25,
 * $1953.125 and $651.04. An NTPOT target of 30 ms binds halfway from 512 to 1536 tok/s (t = (30 - 20) / (40 - 20)):
 * 1024 tok/s, $976.5625.
 */
class RecommenderBoundaryTest {

    private static final PerformancePoint P0 = point(1, 256, 10, 100);
    private static final PerformancePoint P1 = point(2, 512, 20, 200);
    private static final PerformancePoint P2 = point(6, 1536, 40, 400);
    private static final CostModel DOLLAR_A_SECOND = CostModel.of(3600);
    private static final Recommender KNEE_AT_2 = new Recommender(p -> 2);

    /** qps, output tok/s, NTPOT, TTFT; no input tokens, ITL 0.8 of NTPOT. */
    private static PerformancePoint point(double qps, double out, double ntpot, double ttft) {
        return new PerformancePoint(qps, out, 0, ntpot, ttft, 0.8 * ntpot, 0, 2 * qps, 0.1 * qps);
    }

    private static Profile profile(String accelerator, Optional<String> topology, int count, Provenance provenance,
            List<PerformancePoint> points) {
        return new Profile(new ModelServerInfo("org/model", "vllm", "v0.7.2"), accelerator, topology, "machine",
                new ResourcesUsed(count), points, provenance, new ServerConfig(4096, 256, 2048, 0.9), Optional.empty());
    }

    private static Profile exact() {
        return exact("nvidia-l4");
    }

    private static Profile exact(String accelerator) {
        return profile(accelerator, Optional.empty(), 1, new Provenance(Provenance.Kind.modeled, "test", "0",
                "2026-12-02", "made-up"), List.of(P0, P1, P2));
    }

    private static Recommendation.Achievable achievable(Recommendation r) {
        assertThat(r).isInstanceOf(Recommendation.Achievable.class);
        return (Recommendation.Achievable) r;
    }

    private static String reason(Recommendation r) {
        assertThat(r).isInstanceOf(Recommendation.Unachievable.class);
        return ((Recommendation.Unachievable) r).reason();
    }

    private static Targets outputCost(double dollars) {
        return Targets.none().withCostPerMillionOutputTokens(OptionalDouble.of(dollars));
    }

    @Test
    void aLatencyTargetEqualToTheLowestTheCurveReachesIsMetAtThatPoint() {
        // NTPOT 10 ms is the first point's: met there, and the next point (20 ms) is over it, so the operating point is the
        // first point itself (crossing at t = (10 - 10) / (20 - 10) = 0), not an interpolated copy
        var r = achievable(KNEE_AT_2.recommend(exact(), Targets.ntpot(10), Optional.empty()));
        assertThat(r.operatingPoint().point()).isSameAs(P0);
        assertThat(r.operatingPoint().interpolated()).isFalse();
        assertThat(r.operatingPoint().limitedBy()).isEqualTo(OperatingPoint.Limit.NTPOT);
        assertThat(r.idealRegion().points()).containsExactly(P0);
    }

    @Test
    void aCostTargetEqualToTheOperatingPointsCostIsMetAndTheRegionIsThatOnePoint() {
        // at NTPOT 30 ms the operating point serves 1024 tok/s: $976.5625 per million output tokens, exactly the target
        var r = achievable(KNEE_AT_2.recommend(exact(), Targets.ntpot(30).withCostPerMillionOutputTokens(
                OptionalDouble.of(976.5625)), Optional.of(DOLLAR_A_SECOND)));
        assertThat(r.operatingPoint().point().outputTokensPerSecond()).isEqualTo(1024);
        assertThat(r.idealRegion().start()).isSameAs(r.operatingPoint().point());
        assertThat(r.idealRegion().points()).containsExactly(r.operatingPoint().point());
        // the same on input tokens: an input token costs a quarter of an output token, $244.140625
        var input = achievable(KNEE_AT_2.recommend(exact(), Targets.ntpot(30).withCostPerMillionInputTokens(
                OptionalDouble.of(244.140625)), Optional.of(DOLLAR_A_SECOND)));
        assertThat(input.idealRegion().points()).containsExactly(input.operatingPoint().point());
    }

    @Test
    void aCostTargetJustBelowTheOperatingPointsCostSaysWhereTheLowestCostIs() {
        // within the latency target the lowest cost is the operating point's $976.5625, printed to 3 decimals: 976.563
        Recommendation below = KNEE_AT_2.recommend(exact(), Targets.ntpot(30).withCostPerMillionOutputTokens(
                OptionalDouble.of(976.5)), Optional.of(DOLLAR_A_SECOND));
        assertThat(reason(below)).contains("target cost per million output tokens $976.5 is below the lowest cost"
                + " $976.563 that 1x nvidia-l4 (vllm v0.7.2) reaches within the latency targets; choose $976.563 or more.");
        // a quarter of it per million input tokens: $244.140625, printed 244.141
        Recommendation input = KNEE_AT_2.recommend(exact(), Targets.ntpot(30).withCostPerMillionInputTokens(
                OptionalDouble.of(244.14)), Optional.of(DOLLAR_A_SECOND));
        assertThat(reason(input)).contains("target cost per million input tokens $244.14 is below the lowest cost"
                + " $244.141 that 1x nvidia-l4 (vllm v0.7.2) reaches within the latency targets; choose $244.141 or more.");
        // without a knee the lowest cost is at the highest rate measured: two points, the second the cheaper ($1953.125)
        Profile twoRates = profile("nvidia-l4", Optional.empty(), 1, exact().provenance(), List.of(P0, P1));
        Recommendation noKnee = Recommender.standard().recommend(twoRates, outputCost(1000), Optional.of(DOLLAR_A_SECOND));
        assertThat(reason(noKnee)).contains("$1000 is below the lowest cost $1953.125 that 1x nvidia-l4 (vllm v0.7.2)"
                + " reaches at its highest rate measured (it has no knee); choose $1953.125 or more.");
    }

    @Test
    void aCostTargetMetOnlyPastTheLastMeasuredPointStartsTheRegionBetweenItAndTheOperatingPoint() {
        // NTPOT 30 ms: the measured points meeting it are 256 and 512 tok/s ($3906.25, $1953.125), the operating point
        // 1024 tok/s ($976.5625). $1500 is crossed between 512 tok/s and the operating point at
        // t = (1953.125 - 1500) / (1953.125 - 976.5625) = 453.125 / 976.5625 = 0.464: 512 + 0.464 x 512 = 749.568 tok/s,
        // 2 + 0.464 x 2 = 2.928 req/s, NTPOT 20 + 0.464 x 10 = 24.64 ms
        var r = achievable(KNEE_AT_2.recommend(exact(), Targets.ntpot(30).withCostPerMillionOutputTokens(
                OptionalDouble.of(1500)), Optional.of(DOLLAR_A_SECOND)));
        PerformancePoint start = r.idealRegion().start();
        assertThat(start.outputTokensPerSecond()).isCloseTo(749.568, within(1e-9));
        assertThat(start.queriesPerSecond()).isCloseTo(2.928, within(1e-12));
        assertThat(start.ntpotMilliseconds()).isCloseTo(24.64, within(1e-12));
        // the region: the start, then the operating point (no measured point lies between them)
        assertThat(r.idealRegion().points()).containsExactly(start, r.operatingPoint().point());
        // an input-token target of $375 is a ceiling of 4 x 375 = $1500 per million output tokens: the same start
        var input = achievable(KNEE_AT_2.recommend(exact(), Targets.ntpot(30).withCostPerMillionInputTokens(
                OptionalDouble.of(375)), Optional.of(DOLLAR_A_SECOND)));
        assertThat(input.idealRegion().start().outputTokensPerSecond()).isCloseTo(749.568, within(1e-9));
    }

    @Test
    void aCostTargetEqualToAMeasuredPointsCostStartsTheRegionAtThatPointListedOnce() {
        // $3906.25 is the first point's cost, $1953.125 the second's; no latency target: the operating point is the knee
        var first = achievable(KNEE_AT_2.recommend(exact(), outputCost(3906.25), Optional.of(DOLLAR_A_SECOND)));
        assertThat(first.idealRegion().start()).isSameAs(P0);
        assertThat(first.idealRegion().points()).containsExactly(P0, P1, P2);
        var second = achievable(KNEE_AT_2.recommend(exact(), outputCost(1953.125), Optional.of(DOLLAR_A_SECOND)));
        assertThat(second.idealRegion().start()).isSameAs(P1);
        assertThat(second.idealRegion().points()).containsExactly(P1, P2);
    }

    @Test
    void noPointMeetingEveryLatencyTargetTogetherNamesTheTargets() {
        // a made-up curve whose TTFT falls as NTPOT rises (300, 200, 50 ms): NTPOT 15 ms alone is met at the first point,
        // TTFT 200 ms alone at the second, both together nowhere
        Profile crossed = profile("nvidia-l4", Optional.empty(), 1, exact().provenance(),
                List.of(point(1, 256, 10, 300), point(2, 512, 20, 200), point(6, 1536, 40, 50)));
        Targets both = Targets.ntpot(15).withTtft(OptionalDouble.of(200));
        Recommendation r = KNEE_AT_2.recommend(crossed, both, Optional.empty());
        assertThat(reason(r)).contains("no point of 1x nvidia-l4 (vllm v0.7.2) meets all the latency targets together"
                + " (NTPOT 15 ms, TTFT 200 ms); relax one of them.");
        // the lowest of each at or before the knee: NTPOT 10 ms at the first point, TTFT 50 ms at the knee itself
        assertThat(KNEE_AT_2.lowestReachable(crossed, both)).containsExactly(Map.entry("NTPOT", 10.0), Map.entry("TTFT", 50.0));
    }

    @Test
    void twoTargetsBindingAtTheSameRateNameTheFirstOfNtpotTtftItl() {
        // NTPOT 30 ms and TTFT 300 ms both bind halfway from 512 to 1536 tok/s (TTFT is ten times NTPOT on this curve)
        var both = achievable(KNEE_AT_2.recommend(exact(), Targets.ntpot(30).withTtft(OptionalDouble.of(300)),
                Optional.empty()));
        assertThat(both.operatingPoint().limitedBy()).isEqualTo(OperatingPoint.Limit.NTPOT);
        assertThat(both.operatingPoint().point().outputTokensPerSecond()).isEqualTo(1024);
        var ttftItl = achievable(KNEE_AT_2.recommend(exact(), Targets.none().withTtft(OptionalDouble.of(300))
                .withItl(OptionalDouble.of(24)), Optional.empty()));
        assertThat(ttftItl.operatingPoint().limitedBy()).isEqualTo(OperatingPoint.Limit.TTFT);
    }

    @Test
    void aKneeIndexPastTheCurvesEndIsItsLastPoint() {
        Recommender pastTheEnd = new Recommender(p -> 7);
        assertThat(pastTheEnd.end(exact()).point()).isSameAs(P2);
        assertThat(pastTheEnd.knee(exact())).containsSame(P2);
    }

    @Test
    void aCurveWithoutAKneeWhoseThroughputStoppedRisingEndsAtTheLowerRate() {
        // two rates (the knee rule needs three), both 512 tok/s: the second only adds latency, so the curve ends at the first
        PerformancePoint flat = point(3, 512, 50, 500);
        Profile p = profile("nvidia-l4", Optional.empty(), 1, exact().provenance(), List.of(P1, flat));
        assertThat(Recommender.standard().end(p).point()).isSameAs(P1);
        assertThat(Recommender.standard().end(p).knee()).isEmpty();
    }

    @Test
    void aTargetNoProfileReachesNamesTheFirstOfProfilesTiedAtTheLowest() {
        // both curves reach NTPOT 10 ms at best: a 9 ms target is below both, the message names the first listed
        List<Profile> tied = List.of(exact("nvidia-l4"), exact("nvidia-tesla-a100"));
        assertThat(KNEE_AT_2.noneMeets(tied, Targets.ntpot(9))).contains("target NTPOT 9 ms is below the lowest NTPOT any"
                + " profile reaches: 10.0 ms on 1x nvidia-l4 (vllm v0.7.2); choose 10.0 ms or more.");
        // 10 ms exactly is reached
        assertThat(KNEE_AT_2.noneMeets(tied, Targets.ntpot(10))).isEmpty();
    }

    @Test
    void aTpuProfileIsDescribedWithItsTopology() {
        Profile tpu = profile("tpu-v5-lite-podslice", Optional.of("2x4"), 8, exact().provenance(), List.of(P0, P1, P2));
        assertThat(Recommender.describe(tpu)).isEqualTo("8x tpu-v5-lite-podslice 2x4 (vllm v0.7.2)");
    }

    @Test
    void anOperatingPointServingNothingHasNoThroughputSpread() {
        // a calibrated profile (throughput ±30%) of one point: at 0 tok/s no fraction of the throughput can be given
        Provenance calibrated = new Provenance(Provenance.Kind.modeled, "kiq-perf-model", "t", "2026-12-02", "sharegpt",
                Basis.calibrated, new ExpectedError(OptionalDouble.of(0.3), OptionalDouble.empty(), OptionalDouble.empty(),
                        OptionalDouble.empty()));
        Recommender only = new Recommender(p -> 0);
        Profile idle = profile("nvidia-l4", Optional.empty(), 1, calibrated, List.of(point(0, 0, 10, 100)));
        assertThat(achievable(only.recommend(idle, Targets.none(), Optional.empty())).spread()).isEmpty();
        // the same point serving 256 tok/s has one: ±30%
        Profile serving = profile("nvidia-l4", Optional.empty(), 1, calibrated, List.of(P0));
        assertThat(achievable(only.recommend(serving, Targets.none(), Optional.empty())).spread())
                .hasValueSatisfying(s -> assertThat(s.text()).isEqualTo("±30%"));
    }

    /**
     * A latency that may be 100% lower than modeled does not bind at all on the fast side. On {@link CurveFixtures}
     * (throughput ±30%, NTPOT ±100%) under NTPOT 40 ms the operating point serves 1950 + 7/15 x 975 = 2405 tok/s. Fast
     * side: no NTPOT target, so the knee, 3357 tok/s: 3357 x 1.3 / 2405 = 1.81459. Slow side: 40 / 2 = 20 ms, the
     * curve's lowest NTPOT, met only at its first point, 390 tok/s: 390 x 0.7 / 2405 = 0.11351.
     */
    @Test
    void aLatencyErrorOfExactlyOneHundredPercentLeavesTheFastSideUnbound() {
        Profile fixture = CurveFixtures.deepseekOnA100();
        Profile uncertain = new Profile(fixture.modelServerInfo(), fixture.acceleratorType(), fixture.tpuTopology(),
                fixture.instanceType(), fixture.resourcesUsed(), fixture.performanceStats(), new Provenance(
                        Provenance.Kind.modeled, "kiq-perf-model", "t", "2026-12-02", "sharegpt", Basis.calibrated,
                        new ExpectedError(OptionalDouble.of(0.3), OptionalDouble.of(1.0), OptionalDouble.empty(),
                                OptionalDouble.empty())), fixture.serverConfig(), fixture.knee());
        var r = achievable(CurveFixtures.recommender().recommend(uncertain, Targets.ntpot(40), Optional.empty()));
        assertThat(r.operatingPoint().point().outputTokensPerSecond()).isCloseTo(2405, within(1e-9));
        assertThat(r.spread()).hasValueSatisfying(s -> {
            assertThat(s.high()).isCloseTo(3357 * 1.3 / 2405, within(1e-12));
            assertThat(s.low()).isCloseTo(390 * 0.7 / 2405, within(1e-12));
        });
    }
}
