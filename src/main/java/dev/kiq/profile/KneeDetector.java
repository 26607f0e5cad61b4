package dev.kiq.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Finds the knee of a latency profile: the point where throughput stops increasing and latency starts to rise sharply
 * (SPEC), read as <em>the first point on the throughput plateau</em>, which is where GKE Inference Quickstart's printed
 * profiles sit on their own curves (docs/performance-model.md §6).
 *
 * <p>Rule. Take the points in order of latency (ties: the lower request rate first). A point is on the plateau when no
 * point of higher latency, up to {@value #PLATEAU_WINDOW} times its latency (and at least the next point), has more
 * output throughput than
 * <pre>
 *     throughput_i · (1 + {@value #PLATEAU_TOLERANCE}) · (latency_j / latency_i)^{@value #PLATEAU_CREEP}
 * </pre>
 * i.e. more than 2% above it, plus a creep of 3% per e-fold of latency (about 2% per doubling). The knee is the first
 * such point. Below saturation every further rate adds throughput roughly in proportion to the load at little latency,
 * so a point there fails; past saturation the batch is full and more load buys latency, not throughput. The creep
 * allowance and the window keep a slowly rising plateau (a deeper queue keeps a large batch fuller: kiq's sweeps gain
 * 2-7% between 1.1x and 3x capacity, GKE's own curves about 4%) from pushing the knee to a point already seconds deep
 * in queueing, where "at least 96% of the highest throughput" would put it.
 *
 * <p>There is no knee (empty) with fewer than {@value #MIN_POINTS} points, when the lowest-latency point is already on
 * the plateau (nothing rises before it: the rates start past saturation or throughput is flat), or when no point
 * before the highest-latency one is (throughput still rises at the last rate: the sweep ends before saturation). The
 * result does not depend on the order of the points; points are returned as given.
 */
public final class KneeDetector {

    /** The fewest points with which a curve can have a knee: a rise before it and a point after it. */
    public static final int MIN_POINTS = 3;

    /** How much more throughput a point of higher latency may have and still be on the same plateau (2%). */
    public static final double PLATEAU_TOLERANCE = 0.02;

    /** The plateau's allowed slope: log throughput per log latency (3% more throughput per e-fold of latency). */
    public static final double PLATEAU_CREEP = 0.03;

    /** How far in latency (a factor) the plateau is judged beyond a point; at least the next point is. */
    public static final double PLATEAU_WINDOW = 4.0;

    private KneeDetector() {
    }

    /**
     * Why the NTPOT-vs-output-throughput curve of {@code points} has no knee, in plain words for a table note or the
     * wizard (e.g. {@code no knee: 2 rates measured, and a knee needs at least 3}); empty when it has one. Without a knee
     * the highest rate is only the highest one measured, not where the server saturates.
     */
    public static Optional<String> whyNoKnee(List<PerformancePoint> points) {
        if (points.size() < MIN_POINTS) {
            return Optional.of("no knee: " + points.size() + " rate" + (points.size() == 1 ? "" : "s")
                    + " measured, and a knee needs at least " + MIN_POINTS);
        }
        ToDoubleFunction<PerformancePoint> latency = PerformancePoint::ntpotMilliseconds;
        List<Integer> order = byLatency(points, latency);
        int first = firstOnPlateau(points, latency, order);
        if (first > 0) {
            return Optional.empty();
        }
        return Optional.of(first == 0
                ? "no knee: throughput is already at its plateau at the lowest latency of the " + points.size()
                        + " rates (they start past saturation, or throughput is flat)"
                : "no knee: throughput still rises at the highest latency of the " + points.size()
                        + " rates (they end before the server saturates)");
    }

    /** The knee of the NTPOT-vs-output-throughput curve. */
    public static Optional<PerformancePoint> knee(List<PerformancePoint> points) {
        return kneeIndex(points, PerformancePoint::ntpotMilliseconds).map(points::get);
    }

    /** The knee with another latency (e.g. {@link PerformancePoint#ttftMilliseconds}) on the latency axis. */
    public static Optional<PerformancePoint> knee(List<PerformancePoint> points, ToDoubleFunction<PerformancePoint> latency) {
        return kneeIndex(points, latency).map(points::get);
    }

    /** Index in {@code points} of the knee of output throughput against {@code latency}. */
    public static Optional<Integer> kneeIndex(List<PerformancePoint> points, ToDoubleFunction<PerformancePoint> latency) {
        if (points.size() < MIN_POINTS) {
            return Optional.empty();
        }
        List<Integer> order = byLatency(points, latency);
        int first = firstOnPlateau(points, latency, order);
        return first <= 0 ? Optional.empty() : Optional.of(order.get(first));
    }

    private static List<Integer> byLatency(List<PerformancePoint> points, ToDoubleFunction<PerformancePoint> latency) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> latency.applyAsDouble(points.get(i)))
                .thenComparingDouble(i -> points.get(i).queriesPerSecond()));
        return order;
    }

    /**
     * The position in {@code order} of the first point on the plateau; -1 when only the last point (which has nothing
     * after it to show a plateau) or none is.
     */
    private static int firstOnPlateau(List<PerformancePoint> points, ToDoubleFunction<PerformancePoint> latency,
                                      List<Integer> order) {
        for (int k = 0; k < order.size() - 1; k++) {
            PerformancePoint p = points.get(order.get(k));
            if (onPlateau(p, latency, points, order.subList(k + 1, order.size()))) {
                return k;
            }
        }
        return -1;
    }

    private static boolean onPlateau(PerformancePoint p, ToDoubleFunction<PerformancePoint> latency,
                                     List<PerformancePoint> points, List<Integer> later) {
        double lat = latency.applyAsDouble(p);
        double tokens = p.outputTokensPerSecond();
        for (int n = 0; n < later.size(); n++) {
            PerformancePoint q = points.get(later.get(n));
            double ratio = lat > 0 ? latency.applyAsDouble(q) / lat : 1;
            if (n > 0 && ratio > PLATEAU_WINDOW) {
                break; // later points are sorted by latency: the rest lie beyond the window
            }
            double allowed = tokens * (1 + PLATEAU_TOLERANCE) * Math.pow(Math.max(ratio, 1), PLATEAU_CREEP);
            if (q.outputTokensPerSecond() > allowed) {
                return false;
            }
        }
        return true;
    }
}
