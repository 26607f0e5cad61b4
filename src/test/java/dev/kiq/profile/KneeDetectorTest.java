package dev.kiq.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The knee as the first point on the throughput plateau: no point of higher latency, up to 4x its latency (at least
 * the next one), has more than {@code tokens · 1.02 · (latency ratio)^0.03}. Every expected knee below is worked by hand
 * in its comment.
 */
class KneeDetectorTest {

    private static PerformancePoint point(double qps, double tokensPerSecond, double ntpotMs) {
        return new PerformancePoint(qps, tokensPerSecond, tokensPerSecond, ntpotMs, ntpotMs, ntpotMs, 0, 0, 0);
    }

    /**
     * Throughput follows the load up to 600 tok/s, latency is flat then explodes past saturation: (q, 100·min(q, 6) + 1
     * past 6, 20 + q up to 6 then 26 + 60·(q − 6)). At 5 req/s (500 @ 25 ms) the next point has 600 > 500 · 1.02 ·
     * (26/25)^0.03 = 510.6; at 6 req/s (600 @ 26) the only point within 4 × 26 = 104 ms is 601 @ 86, under 600 · 1.02 ·
     * (86/26)^0.03 = 634.4: the knee is 6 req/s.
     */
    private static List<PerformancePoint> saturatingCurve() {
        List<PerformancePoint> pts = new ArrayList<>();
        for (int q = 1; q <= 10; q++) {
            double thr = Math.min(q, 6) * 100 + (q > 6 ? 1 : 0);
            double lat = q <= 6 ? 20 + q : 26 + (q - 6) * 60;
            pts.add(point(q, thr, lat));
        }
        return pts;
    }

    @Test
    void kneeIsTheFirstPointOnTheThroughputPlateau() {
        assertThat(KneeDetector.knee(saturatingCurve()).orElseThrow().queriesPerSecond()).isEqualTo(6);
        assertThat(KneeDetector.whyNoKnee(saturatingCurve())).isEmpty();
    }

    @Test
    void kneeDoesNotDependOnTheOrderOfThePoints() {
        List<PerformancePoint> shuffled = new ArrayList<>(saturatingCurve());
        Collections.reverse(shuffled);
        assertThat(KneeDetector.knee(shuffled).orElseThrow().queriesPerSecond()).isEqualTo(6);
        assertThat(KneeDetector.kneeIndex(shuffled, PerformancePoint::ntpotMilliseconds)).hasValue(4);
    }

    @Test
    void otherLatencyAxesCanBeUsed() {
        List<PerformancePoint> pts = saturatingCurve();
        assertThat(KneeDetector.knee(pts, PerformancePoint::ttftMilliseconds)).contains(pts.get(5));
    }

    /*
     * A plateau that keeps creeping up as the queue deepens (kiq's steady-state sweeps gain 2-7% between 1.1x and 3x
     * capacity): 300 @ 50, 600 @ 52, 900 @ 55, 1000 @ 80, 1010 @ 150, 1030 @ 300, 1150 @ 600 ms. 900 @ 55 fails: 1000 >
     * 900 · 1.02 · (80/55)^0.03 = 928.4. 1000 @ 80 holds over its window (up to 320 ms): 1010 <= 1020 · (150/80)^0.03 =
     * 1039.4, 1030 <= 1020 · 3.75^0.03 = 1061.2. The last point, 7.5 times its latency, would not (1150 > 1020 · 7.5^0.03
     * = 1083.5) but lies beyond the window. "At least 96% of the highest throughput" would give 1150 @ 600 ms itself.
     */
    @Test
    void aCreepingPlateauDoesNotCarryTheKneeDeepIntoTheQueue() {
        PerformancePoint knee = point(4, 1000, 80);
        List<PerformancePoint> pts = List.of(point(1, 300, 50), point(2, 600, 52), point(3, 900, 55), knee,
                point(5, 1010, 150), point(6, 1030, 300), point(7, 1150, 600));
        assertThat(KneeDetector.knee(pts)).hasValue(knee);
    }

    /*
     * GKE Inference Quickstart's own curves for google/gemma-2-27b-it on vLLM v0.7.2 (GoogleCloudPlatform/
     * kubernetes-engine-samples, ai-ml/notebooks/giq_visualizations.ipynb at b5edab20, cell 23's figure; every marker
     * located in the PNG, ±0.7%; tok/s @ NTPOT ms, the rates are not in the notebook, so they are numbered). GKE prints
     * 2050 @ 67 (a3-highgpu-1g) and 425 @ 1085 (g2-standard-48) as their profiles, and the rule finds those points:
     *   H100: 1801 @ 54 fails (2052 > 1801 · 1.02 · (67/54)^0.03 = 1849); 2052 @ 67 has no point within 268 ms, and the
     *         next, 2093 @ 615, is under 2052 · 1.02 · (615/67)^0.03 = 2237.
     *   4x L4: 388 @ 197 fails on the next point (425 > 388 · 1.02 · (1085/197)^0.03 = 416.5); 425 @ 1085 holds up to
     *         4340 ms: 434 @ 2012 <= 433.5 · (2012/1085)^0.03 = 441.6, 439 @ 2714 <= 445.6, 425, 439 @ 3398 <= 448.6.
     * GKE prints 1243 @ 70 for a2-highgpu-2g, at 85.5% of that curve's highest throughput; the rule gives the next rate,
     * 1396 @ 156 (1396 > 1241 · 1.02 · (156/70)^0.03 = 1296.6). No rule of throughput and latency alone picks both the
     * A100's 70 ms and the L4's 1085 ms point (docs/performance-model.md §6).
     */
    @Test
    void gkesOwnCurvesHaveTheirKneeWhereGkePrintsItsProfileForH100AndL4() {
        List<PerformancePoint> h100 = numbered(new double[][]{{172, 34}, {861, 40}, {1424, 47}, {1801, 54}, {2052, 67},
                {2093, 615}, {2079, 1538}, {2106, 2322}, {2066, 2631}});
        List<PerformancePoint> l4 = numbered(new double[][]{{145, 118}, {233, 151}, {364, 180}, {388, 197}, {425, 1085},
                {434, 2012}, {439, 2714}, {425, 3172}, {439, 3398}, {442, 5291}});
        List<PerformancePoint> a100 = numbered(new double[][]{{172, 34}, {567, 47}, {801, 54}, {1040, 58}, {1241, 70},
                {1396, 156}, {1396, 741}, {1433, 1268}, {1433, 1358}, {1424, 2101}, {1452, 2293}, {1452, 2783}});
        assertThat(KneeDetector.knee(h100)).hasValue(h100.get(4));
        assertThat(KneeDetector.knee(l4)).hasValue(l4.get(4));
        assertThat(KneeDetector.knee(a100)).hasValue(a100.get(5));
    }

    private static List<PerformancePoint> numbered(double[][] tokensAndNtpot) {
        List<PerformancePoint> pts = new ArrayList<>();
        for (int i = 0; i < tokensAndNtpot.length; i++) {
            pts.add(point(i + 1, tokensAndNtpot[i][0], tokensAndNtpot[i][1]));
        }
        return pts;
    }

    /*
     * Five measured rates with noise: 400 @ 30, 790 @ 35, 1150 @ 34 (faster than the rate before it), 1180 @ 95,
     * 1165 @ 260 (a dip). By latency: 400 @ 30 fails (1150 > 408 · (34/30)^0.03); 1150 @ 34 holds up to 136 ms: 790 is
     * lower, 1180 <= 1173 · (95/34)^0.03 = 1209.7. The knee is 6 req/s; the dip and the inverted latency do not move it.
     */
    @Test
    void aFewNoisyMeasuredRatesHaveTheirKneeAtTheFirstRateOnThePlateau() {
        PerformancePoint knee = point(6, 1150, 34);
        List<PerformancePoint> pts = List.of(point(2, 400, 30), point(4, 790, 35), knee, point(8, 1180, 95),
                point(10, 1165, 260));
        assertThat(KneeDetector.knee(pts)).hasValue(knee);
    }

    /*
     * Two points of the same latency: the lower rate comes first. 250 @ 30 fails (500 > 255 · (40/30)^0.03); 500 @ 40 at
     * 2 req/s holds (500 at 3 req/s, 505 @ 120 <= 510 · 3^0.03 = 527.1): the knee is the 2 req/s point, listed third.
     */
    @Test
    void aTieInLatencyGoesToTheLowerRateWhereverItIsListed() {
        PerformancePoint atTwo = point(2, 500, 40);
        List<PerformancePoint> pts = List.of(point(1, 250, 30), point(3, 500, 40), atTwo, point(4, 505, 120));
        assertThat(KneeDetector.kneeIndex(pts, PerformancePoint::ntpotMilliseconds)).hasValue(2);
    }

    /*
     * Of two points on the plateau, the one of lower latency is the knee even at the higher rate (measured noise):
     * 300 @ 40 fails (1000 > 306 · (50/40)^0.03); 1000 @ 50 at 3 req/s holds (1000 @ 60 and 1010 @ 200 <= 1020 ·
     * 4^0.03 = 1063.4), so the knee is that point, not the 2 req/s one.
     */
    @Test
    void ofTwoPointsOnThePlateauTheLowerLatencyIsTheKnee() {
        PerformancePoint faster = point(3, 1000, 50);
        assertThat(KneeDetector.knee(List.of(point(1, 300, 40), point(2, 1000, 60), faster, point(4, 1010, 200))))
                .hasValue(faster);
    }

    /*
     * The window includes a point at exactly 4x the latency, and every point within it counts, not only the next:
     * 1000 @ 50 holds against 1015 @ 60 (<= 1020 · 1.2^0.03 = 1025.6) but not against 1100 @ 200 (> 1020 · 4^0.03 =
     * 1063.4); 1015 @ 60 fails on it too (> 1035.3 · (200/60)^0.03 = 1073.4); 1100 @ 200 holds (1110 @ 400 <= 1122 ·
     * 2^0.03 = 1145.6) and is the knee.
     */
    @Test
    void everyPointWithinFourTimesTheLatencyCountsTheFourthTimeIncluded() {
        PerformancePoint knee = point(4, 1100, 200);
        assertThat(KneeDetector.knee(List.of(point(1, 500, 40), point(2, 1000, 50), point(3, 1015, 60), knee,
                point(5, 1110, 400)))).hasValue(knee);
    }

    /* A point exactly 2% above at the same latency is on the same plateau: 100 @ 20 is the knee beside 102 @ 20. */
    @Test
    void exactlyTwoPercentMoreAtTheSameLatencyIsStillThePlateau() {
        PerformancePoint knee = point(2, 100, 20);
        assertThat(KneeDetector.knee(List.of(point(1, 50, 10), knee, point(3, 102, 20)))).hasValue(knee);
    }

    /*
     * Three points are enough: 100 @ 10 fails (200 > 102 · (20/10)^0.03), 200 @ 20 holds (203 <= 204 · (60/20)^0.03 =
     * 210.8).
     */
    @Test
    void threePointsHaveAKnee() {
        PerformancePoint middle = point(2, 200, 20);
        assertThat(KneeDetector.knee(List.of(point(1, 100, 10), middle, point(3, 203, 60)))).hasValue(middle);
    }

    @Test
    void noKneeForTooFewPointsAndItSaysWhy() {
        assertNoKnee(List.of(point(1, 100, 10), point(2, 200, 20)), "2 rates measured, and a knee needs at least 3");
    }

    /* Throughput 100, 200, 300 at 10, 20, 30 ms: 200 @ 20 fails on 300 > 204 · 1.5^0.03 = 206.5; the sweep ends rising. */
    @Test
    void threeRatesStillRisingHaveNoKneeBecauseNoPlateauWasReached() {
        assertNoKnee(List.of(point(1, 100, 10), point(2, 200, 20), point(3, 300, 30)), STILL_RISING);
    }

    /*
     * A latency of 0 (a profile that recorded none) leaves no ratio to allow creep by: throughput alone counts, 2% at most.
     * 50 and 100 at 0 ms, 150 at 5 ms: each point is followed by more than 2% more, so the rates never level off.
     */
    @Test
    void aZeroLatencyAllowsNoCreep() {
        assertNoKnee(List.of(point(1, 50, 0), point(2, 100, 0), point(3, 150, 5)), STILL_RISING);
    }

    /* Flat throughput: the lowest-latency point is already on the plateau, and nothing rises before it. */
    @Test
    void aCurveOnItsPlateauFromTheFirstRateHasNoKnee() {
        assertNoKnee(List.of(point(1, 100, 10), point(2, 100, 10), point(3, 101, 40)), "throughput is already at its plateau"
                + " at the lowest latency of the 3 rates (they start past saturation, or throughput is flat)");
    }

    private static final String STILL_RISING = "throughput still rises at the highest latency of the 3 rates (they end before"
            + " the server saturates)";

    /** {@code points} have no knee, and the reason given is {@code why}. */
    private static void assertNoKnee(List<PerformancePoint> points, String why) {
        assertThat(KneeDetector.knee(points)).isEmpty();
        assertThat(KneeDetector.whyNoKnee(points)).hasValue("no knee: " + why);
    }
}
