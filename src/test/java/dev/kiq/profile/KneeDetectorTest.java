package dev.kiq.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class KneeDetectorTest {

    private static PerformancePoint point(double qps, double tokensPerSecond, double ntpotMs) {
        return new PerformancePoint(qps, tokensPerSecond, tokensPerSecond, ntpotMs, ntpotMs, ntpotMs, 0, 0, 0);
    }

    /** Throughput follows the load up to 1000 tok/s, latency is flat then explodes past saturation. */
    private static List<PerformancePoint> saturatingCurve() {
        List<PerformancePoint> pts = new ArrayList<>();
        double[] qps = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        for (double q : qps) {
            double thr = Math.min(q, 6) * 100 + (q > 6 ? 1 : 0);
            double lat = q <= 6 ? 20 + q : 26 + (q - 6) * 60;
            pts.add(point(q, thr, lat));
        }
        return pts;
    }

    @Test
    void kneeIsTheLastPointBeforeLatencyRisesAtFlatThroughput() {
        PerformancePoint knee = KneeDetector.knee(saturatingCurve()).orElseThrow();
        assertThat(knee.queriesPerSecond()).isEqualTo(6);
    }

    @Test
    void kneeDoesNotDependOnTheOrderOfThePoints() {
        List<PerformancePoint> shuffled = new ArrayList<>(saturatingCurve());
        Collections.reverse(shuffled);
        assertThat(KneeDetector.knee(shuffled).orElseThrow().queriesPerSecond()).isEqualTo(6);
    }

    @Test
    void gradualCurveHasItsKneeWhereTheDistanceAboveTheDiagonalPeaks() {
        // throughput = 1000 * (1 - exp(-q/3)), latency = 10 + q^2
        List<PerformancePoint> pts = new ArrayList<>();
        double best = -1;
        double bestQ = -1;
        for (int q = 1; q <= 12; q++) {
            double thr = 1000 * (1 - Math.exp(-q / 3.0));
            double lat = 10 + q * q;
            pts.add(point(q, thr, lat));
        }
        double minT = pts.get(0).outputTokensPerSecond();
        double maxT = pts.get(11).outputTokensPerSecond();
        for (PerformancePoint p : pts) {
            double d = (p.outputTokensPerSecond() - minT) / (maxT - minT) - (p.ntpotMilliseconds() - 11) / (154 - 11);
            if (d > best) {
                best = d;
                bestQ = p.queriesPerSecond();
            }
        }
        assertThat(KneeDetector.knee(pts).orElseThrow().queriesPerSecond()).isEqualTo(bestQ);
        assertThat(bestQ).isBetween(3.0, 6.0);
    }

    @Test
    void otherLatencyAxesCanBeUsed() {
        List<PerformancePoint> pts = saturatingCurve();
        assertThat(KneeDetector.knee(pts, PerformancePoint::ttftMilliseconds)).contains(pts.get(5));
    }

    @Test
    void noKneeForTooFewPointsOrAFlatOrStraightCurve() {
        assertThat(KneeDetector.knee(List.of(point(1, 100, 10), point(2, 200, 20)))).isEmpty();
        assertThat(KneeDetector.knee(List.of(point(1, 100, 10), point(2, 100, 10), point(3, 100, 10)))).isEmpty();
        // latency rising in proportion to throughput: nothing above the diagonal
        assertThat(KneeDetector.knee(List.of(point(1, 100, 10), point(2, 200, 20), point(3, 300, 30)))).isEmpty();
    }

    /*
     * Kneedle by hand on four points (rate, tok/s, NTPOT ms): P0 (1, 100, 10), Q (2.5, 180, 20), R (2, 170, 17),
     * P1 (3, 200, 40). Normalised by the ranges 100..200 tok/s and 10..40 ms: P0 0 - 0 = 0; Q 0.8 - 1/3 = 0.4667;
     * R 0.7 - 7/30 = 0.4667; P1 1 - 1 = 0. Q and R tie; the tie goes to the lower rate, R (2 req/s), even when Q comes
     * first in the list and is its first point. Without R, Q is the knee, at index 0 when listed first. Three points are
     * enough for a knee: P0, Q, P1 give Q.
     */
    @Test
    void aTieGoesToTheLowerRateWhereverItIsListedAndThreePointsHaveAKnee() {
        PerformancePoint p0 = point(1, 100, 10);
        PerformancePoint q = point(2.5, 180, 20);
        PerformancePoint r = point(2, 170, 17);
        PerformancePoint p1 = point(3, 200, 40);
        assertThat(KneeDetector.knee(List.of(q, p0, r, p1))).hasValue(r);
        assertThat(KneeDetector.knee(List.of(p0, q, r, p1))).hasValue(r);
        assertThat(KneeDetector.kneeIndex(List.of(q, p0, p1), PerformancePoint::ntpotMilliseconds)).hasValue(0);
        assertThat(KneeDetector.knee(List.of(p0, q, p1))).hasValue(q);
        assertThat(KneeDetector.whyNoKnee(List.of(p0, q, p1))).isEmpty();
    }

    /*
     * The same bend far from the origin: NTPOT 30, 40, 60 ms and 1100, 1180, 1200 tok/s normalise to the same 0, 1/3, 1
     * and 0, 0.8, 1, so the middle point is the knee (0.4667); the curve's minimum is taken off each axis, not added.
     */
    @Test
    void theAxesAreNormalisedFromTheirMinimum() {
        PerformancePoint middle = point(2.5, 1180, 40);
        assertThat(KneeDetector.knee(List.of(point(1, 1100, 30), middle, point(3, 1200, 60)))).hasValue(middle);
    }

    /* Three rates on a straight line (100, 200, 300 tok/s at 10, 20, 30 ms): enough rates, but no bend, and it says so. */
    @Test
    void threeRatesOnAStraightLineHaveNoKneeBecauseNothingBends() {
        List<PerformancePoint> line = List.of(point(1, 100, 10), point(2, 200, 20), point(3, 300, 30));
        assertThat(KneeDetector.knee(line)).isEmpty();
        assertThat(KneeDetector.whyNoKnee(line)).hasValue("no knee: latency does not bend upwards over the 3 rates (throughput "
                + "or latency is flat, or latency grows in proportion to throughput from the first rate)");
        assertThat(KneeDetector.whyNoKnee(line.subList(0, 2))).hasValue("no knee: 2 rates measured, and a knee needs at least 3");
    }
}
