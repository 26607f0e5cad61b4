package dev.kiq.ui.service;

import dev.kiq.profile.PerformancePoint;
import java.util.List;
import java.util.Optional;

/**
 * What the recommendation engine says about one profile under one workload.
 *
 * @param knee           saturation point of the curve
 * @param idealRegion    measured points that meet the targets and are at or before the knee
 * @param operatingPoint the highest-throughput point in the ideal region (may be interpolated);
 *                       empty when the targets cannot be met
 * @param problem        why there is no operating point, naming the valid range
 * @param cost           at the operating point under the workload's pricing model, when the price is known
 * @param replicas       initial replicas for the expected QPS (1 without one)
 * @param hpa            the autoscaling summary (metric and threshold), when an HPA is recommended
 */
public record Analysis(
        Optional<PerformancePoint> knee,
        List<PerformancePoint> idealRegion,
        Optional<PerformancePoint> operatingPoint,
        Optional<String> problem,
        Optional<Cost> cost,
        int replicas,
        Optional<String> hpa) {

    public Analysis {
        idealRegion = List.copyOf(idealRegion);
    }

    public boolean feasible() {
        return operatingPoint.isPresent();
    }
}
