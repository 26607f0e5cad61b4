package dev.kiq.recommend;

import dev.kiq.profile.PerformancePoint;
import java.util.List;

/**
 * The stretch of the curve that meets every target and lies at or before the knee (drawn blue).
 *
 * @param start  its lowest-throughput end (the first measured point, or where a cost target is first met)
 * @param end    its highest-throughput end, the operating point
 * @param points its measured points, in curve order, with the interpolated ends where they differ
 */
public record IdealRegion(PerformancePoint start, PerformancePoint end, List<PerformancePoint> points) {

    public IdealRegion {
        points = List.copyOf(points);
    }

    public boolean contains(PerformancePoint p) {
        return p.outputTokensPerSecond() >= start.outputTokensPerSecond() - 1e-9
                && p.outputTokensPerSecond() <= end.outputTokensPerSecond() + 1e-9;
    }
}
