package dev.kiq.ui.accelerator;

import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.recommend.OperatingPoint;
import dev.kiq.recommend.ProfileOption;
import dev.kiq.ui.service.Cost;
import java.util.Optional;

/**
 * One accelerator choice: the core's {@link ProfileOption} for its profile under the workload. The figures
 * are at the operating point, or at the knee when the targets cannot be met (then {@link #reason()} says why).
 *
 * @param rankNote the core's sentence ({@link dev.kiq.recommend.Ranking}) when the row stands above cheaper ones
 *                 because their costs agree within the expected errors and its figures are better founded
 */
public record AcceleratorRow(ProfileOption option, Optional<String> rankNote) {

    /** A row in cost order, moved by no tie-break. */
    public AcceleratorRow(ProfileOption option) {
        this(option, Optional.empty());
    }

    public Profile profile() {
        return option.profile();
    }

    public String accelerator() {
        return profile().acceleratorType() + profile().tpuTopology().map(t -> " " + t).orElse("");
    }

    public int count() {
        return profile().acceleratorCount();
    }

    public String instanceType() {
        return profile().instanceType();
    }

    public boolean feasible() {
        return option.achievable();
    }

    public String reason() {
        return option.reason().orElse("");
    }

    /** The point the row's figures describe. */
    public Optional<PerformancePoint> point() {
        return Optional.of(option.operatingPoint().map(OperatingPoint::point)
                .orElseGet(() -> option.recommendation().knee()));
    }

    /** The core's sentence when users would wait seconds for the first token at the row's point. */
    public Optional<String> ttftWarning() {
        return dev.kiq.recommend.TtftGuidance.warning(option);
    }

    public Optional<Cost> cost() {
        return option.costPerMillionOutputTokens()
                .map(out -> new Cost(option.costPerMillionInputTokens().orElseThrow(), out));
    }

    public String provenance() {
        return profile().provenance().kind().name();
    }

    /** How far the row's figures can be trusted: {@code measured}, the expected error such as {@code ±12%}, or {@code uncalibrated}. */
    public String accuracy() {
        return profile().provenance().accuracyLabel();
    }

    /** Whether the figures come from estimated factors with no measured error: the table marks such rows. */
    public boolean uncalibrated() {
        return profile().provenance().basis() == dev.kiq.profile.Basis.uncalibrated;
    }

    /** One sentence on what the figures rest on. */
    public String accuracyDescription() {
        return profile().provenance().accuracyDescription();
    }
}
