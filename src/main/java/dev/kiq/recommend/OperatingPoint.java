package dev.kiq.recommend;

import dev.kiq.profile.PerformancePoint;

/**
 * Where one replica should run: the highest-throughput point of the ideal region.
 *
 * @param point        the measured or interpolated point (every field interpolated linearly)
 * @param interpolated true when it lies between two measured points
 * @param limitedBy    what stopped the operating point from going further up the curve
 */
public record OperatingPoint(PerformancePoint point, boolean interpolated, Limit limitedBy) {

    /** What bounds the operating point. */
    public enum Limit {
        /** No target (or a target above the curve's maximum): the knee, maximum useful throughput. */
        KNEE("the knee (maximum throughput)"),
        /**
         * No target (or one above the curve's maximum) on a curve without a knee: the highest rate measured, which is
         * not known to be the server's maximum.
         */
        HIGHEST_RATE("the highest rate measured (the curve has no knee, so more may be possible)"),
        NTPOT("the NTPOT target"),
        TTFT("the TTFT target"),
        ITL("the ITL target");

        private final String description;

        Limit(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** The same operating point with {@code factor} times the requests and tokens per second (a throughput off by {@code factor - 1}). */
    OperatingPoint scaledThroughput(double factor) {
        PerformancePoint p = point;
        return new OperatingPoint(new PerformancePoint(p.queriesPerSecond() * factor, p.outputTokensPerSecond() * factor,
                p.inputTokensPerSecond() * factor, p.ntpotMilliseconds(), p.ttftMilliseconds(), p.itlMilliseconds(),
                p.queueSize(), p.batchSize(), p.kvCacheUsage()), interpolated, limitedBy);
    }

    public boolean atKnee() {
        return limitedBy == Limit.KNEE;
    }

    /** At the end of the usable curve ({@link CurveEnd}): its knee, or its highest rate measured when it has none; no target bounds it. */
    public boolean atCurveEnd() {
        return limitedBy == Limit.KNEE || limitedBy == Limit.HIGHEST_RATE;
    }
}
