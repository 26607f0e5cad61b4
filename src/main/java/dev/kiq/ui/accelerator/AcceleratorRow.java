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
 * A row whose profile for the workload is still being modeled has no option: it names the accelerator and
 * says so, with no figures ({@link #pending(Profile)}).
 *
 * @param profile  the row's profile; for a pending row, a profile of the same configuration for another
 *                 workload, which only names the accelerator
 * @param judged   the core's option for the profile; empty while the profile is being modeled
 * @param rankNote the core's sentence ({@link dev.kiq.recommend.Ranking}) when the row stands above cheaper ones
 *                 because their costs agree within the expected errors and its figures are better founded
 */
public record AcceleratorRow(Profile profile, Optional<ProfileOption> judged, Optional<String> rankNote) {

    public AcceleratorRow(ProfileOption option, Optional<String> rankNote) {
        this(option.profile(), Optional.of(option), rankNote);
    }

    /** A row in cost order, moved by no tie-break. */
    public AcceleratorRow(ProfileOption option) {
        this(option, Optional.empty());
    }

    /** A configuration still being modeled for the workload, named by one of its profiles for another workload. */
    public static AcceleratorRow pending(Profile like) {
        return new AcceleratorRow(like, Optional.empty(), Optional.empty());
    }

    /** False while the row's profile for the workload is being modeled (it has no figures yet and cannot be chosen). */
    public boolean modeled() {
        return judged.isPresent();
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
        return judged.map(ProfileOption::achievable).orElse(false);
    }

    public String reason() {
        return judged.flatMap(ProfileOption::reason).orElse("");
    }

    /** The point the row's figures describe; empty while the row is being modeled. */
    public Optional<PerformancePoint> point() {
        return judged.map(o -> o.operatingPoint().map(OperatingPoint::point)
                .orElseGet(() -> o.recommendation().end().point()));
    }

    /** The core's sentence when the row's figures are at the highest rate of a curve without a knee (not its maximum). */
    public Optional<String> noKneeNote() {
        return judged.flatMap(ProfileOption::noKneeNote);
    }

    /** The core's sentence when users would wait seconds for the first token at the row's point. */
    public Optional<String> ttftWarning() {
        return judged.flatMap(dev.kiq.recommend.TtftGuidance::warning);
    }

    public Optional<Cost> cost() {
        return judged.flatMap(o -> o.costPerMillionOutputTokens()
                .map(out -> new Cost(o.costPerMillionInputTokens().orElseThrow(), out)));
    }

    /**
     * How far the row's figures can be trusted: {@code measured}, the expected error such as {@code ±12%}, or
     * {@code uncalibrated}; {@code modeling…} while the row is being modeled.
     */
    public String accuracy() {
        // a row modeled with the user's own factors says so where its error is read (its tooltip says whose error it is)
        return modeled() ? profile().accuracyLabel() + (profile().provenance().userMeasurements().isPresent()
                ? ", " + dev.kiq.profile.Provenance.YOUR_FACTORS : "") : "modeling…";
    }

    /**
     * The expected error of the row's cost, such as {@code ±11%} or {@code ±22% or more}: the core's, the one its
     * tie-break uses ({@link dev.kiq.recommend.Ranking#costErrorText}); empty when not known.
     */
    public Optional<String> costError() {
        return judged.flatMap(dev.kiq.recommend.Ranking::costErrorText);
    }

    /** Whether the figures come from estimated factors with no measured error: the table marks such rows. */
    public boolean uncalibrated() {
        return modeled() && profile().provenance().basis() == dev.kiq.profile.Basis.uncalibrated;
    }

    /** One sentence on what the figures rest on. */
    public String accuracyDescription() {
        return modeled() ? profile().accuracyDescription()
                : "Being modeled for this workload: its figures appear here when it is done, and the rows are sorted by"
                        + " fit once every accelerator is done.";
    }
}
