package dev.kiq.ui.accelerator;

import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.ui.service.Analysis;
import dev.kiq.ui.service.Cost;
import java.util.Optional;

/**
 * One accelerator choice: its profile judged under the workload. The figures are at the operating
 * point, or at the knee when the targets cannot be met (then {@link #reason()} says why).
 */
public record AcceleratorRow(Profile profile, Analysis analysis) {

    public String accelerator() {
        return profile.acceleratorType() + profile.tpuTopology().map(t -> " " + t).orElse("");
    }

    public int count() {
        return profile.acceleratorCount();
    }

    public String instanceType() {
        return profile.instanceType();
    }

    public boolean feasible() {
        return analysis.feasible();
    }

    public String reason() {
        return analysis.problem().orElse("");
    }

    /** The point the row's figures describe. */
    public Optional<PerformancePoint> point() {
        return analysis.operatingPoint().or(analysis::knee);
    }

    public Optional<Cost> cost() {
        return analysis.cost();
    }

    public String provenance() {
        return profile.provenance().kind().name();
    }
}
