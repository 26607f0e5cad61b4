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

    public boolean atKnee() {
        return limitedBy == Limit.KNEE;
    }
}
