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
}
