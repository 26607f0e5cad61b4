package dev.kiq.profile;

import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Finds the knee of a latency profile: the point where throughput stops increasing and latency
 * starts to rise sharply.
 *
 * <p>Algorithm: Kneedle (Satopää et al., "Finding a 'Kneedle' in a Haystack", ICDCS 2011) in its
 * offline form, on the throughput-latency curve. Seen with latency on the x axis and throughput on
 * the y axis, a sweep is concave and increasing: throughput climbs at almost constant latency,
 * then flattens while latency grows. Kneedle
 * <ol>
 *   <li>normalises both axes to [0, 1] with the curve's own min and max,</li>
 *   <li>takes the difference curve {@code d = throughput_n - latency_n} (the vertical distance
 *       above the diagonal from the lowest to the highest point), and</li>
 *   <li>returns the point where {@code d} is largest.</li>
 * </ol>
 * Kneedle's online threshold (sensitivity {@code S}) exists to stop early on streaming data; a
 * profile is complete, so the global maximum of the difference curve is used, which is Kneedle's
 * answer for curves with a single bend. Ties go to the lower request rate. The difference is
 * computed per point, so the result does not depend on the order of the points; points are
 * returned as given.
 *
 * <p>There is no knee (empty) with fewer than three points, when throughput or latency is constant,
 * or when no point lies above the diagonal (latency grows at least in proportion to throughput
 * from the first point on: the curve has no bend).
 */
public final class KneeDetector {

    /** The fewest points with which a curve can have a knee: two points have no bend to find. */
    public static final int MIN_POINTS = 3;

    private KneeDetector() {
    }

    /**
     * Why the NTPOT-vs-output-throughput curve of {@code points} has no knee, in plain words for a table note or the
     * wizard (e.g. {@code no knee: 2 rates measured, and a knee needs at least 3}); empty when it has one. Without a knee
     * the highest rate is only the highest one measured, not where the server saturates.
     */
    public static Optional<String> whyNoKnee(List<PerformancePoint> points) {
        if (kneeIndex(points, PerformancePoint::ntpotMilliseconds).isPresent()) {
            return Optional.empty();
        }
        if (points.size() < MIN_POINTS) {
            return Optional.of("no knee: " + points.size() + " rate" + (points.size() == 1 ? "" : "s")
                    + " measured, and a knee needs at least " + MIN_POINTS);
        }
        return Optional.of("no knee: latency does not bend upwards over the " + points.size()
                + " rates (throughput or latency is flat, or latency grows in proportion to throughput from the first rate)");
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
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (PerformancePoint p : points) {
            double x = latency.applyAsDouble(p);
            double y = p.outputTokensPerSecond();
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
        }
        if (!(maxX > minX) || !(maxY > minY)) {
            return Optional.empty();
        }
        int best = -1;
        double bestD = 0;
        for (int i = 0; i < points.size(); i++) {
            PerformancePoint p = points.get(i);
            double d = (p.outputTokensPerSecond() - minY) / (maxY - minY)
                    - (latency.applyAsDouble(p) - minX) / (maxX - minX);
            if (d > bestD + 1e-12 || (best >= 0 && Math.abs(d - bestD) <= 1e-12
                    && p.queriesPerSecond() < points.get(best).queriesPerSecond())) {
                best = i;
                bestD = d;
            }
        }
        return best < 0 ? Optional.empty() : Optional.of(best);
    }
}
