package dev.kiq.profile;

import java.util.Optional;

/**
 * Where a profile's numbers come from and how far they can be trusted.
 *
 * @param kind          {@code measured} or {@code modeled}
 * @param tool          e.g. {@code kiq-perf-model}, {@code kiq-bench}, {@code inference-benchmark}
 * @param toolVersion   version of that tool
 * @param date          ISO date the numbers were produced
 * @param workload      dataset/workload description, e.g. {@code sharegpt-shaped}
 * @param basis         what the numbers rest on ({@link Basis})
 * @param expectedError the model's expected error per metric for a modeled profile
 *                      ({@link ExpectedError#NONE} when none is known, and for measured profiles)
 * @param shape         the workload's use case and mean lengths; empty for the chatbot (ShareGPT)
 *                      workload, so that profiles written before use cases read the same
 */
public record Provenance(Kind kind, String tool, String toolVersion, String date, String workload,
                         Basis basis, ExpectedError expectedError, Optional<WorkloadShape> shape) {

    public Provenance(Kind kind, String tool, String toolVersion, String date, String workload,
                      Basis basis, ExpectedError expectedError) {
        this(kind, tool, toolVersion, date, workload, basis, expectedError, Optional.empty());
    }

    /** The same provenance for the workload {@code shape} (empty: the chatbot workload). */
    public Provenance withShape(Optional<WorkloadShape> newShape) {
        return new Provenance(kind, tool, toolVersion, date, workload, basis, expectedError, newShape);
    }

    /** The workload this profile is for ({@link WorkloadShape#CHATBOT} when it names none). */
    public WorkloadShape workloadShape() {
        return shape.orElse(WorkloadShape.CHATBOT);
    }

    public enum Kind {
        measured, modeled
    }

    /** A provenance whose basis follows from its kind ({@link Basis#defaultFor}) with no expected error. */
    public Provenance(Kind kind, String tool, String toolVersion, String date, String workload) {
        this(kind, tool, toolVersion, date, workload, Basis.defaultFor(kind), ExpectedError.NONE);
    }

    public Provenance {
        if (kind == Kind.measured && basis != Basis.measured) {
            throw new IllegalArgumentException("a measured profile's basis is measured, not " + basis);
        }
        if (kind == Kind.modeled && basis == Basis.measured) {
            throw new IllegalArgumentException("a modeled profile's basis is calibrated, extrapolated or uncalibrated");
        }
    }

    /** One sentence for a reader of a chart or a report: what the numbers rest on and how far to trust them. */
    public String accuracyDescription() {
        return switch (basis) {
            case measured -> "Measured (" + tool + ", " + date + ").";
            case uncalibrated -> "Modeled with estimated factors: no published measurement of this accelerator family bounds its error.";
            case calibrated -> "Modeled, calibrated on published measurements of this accelerator"
                    + expectedError.curve().stream().mapToObj(e -> ": expected error " + ExpectedError.percent(e) + perMetric())
                            .findFirst().orElse("") + ".";
            case extrapolated -> "Modeled from measurements of other accelerators of its family"
                    + expectedError.curve().stream().mapToObj(e -> ": expected error " + ExpectedError.percent(e) + " or more" + perMetric())
                            .findFirst().orElse("") + ".";
        };
    }

    /** The errors per metric behind the one figure, so a band drawn for one latency matches a figure said. */
    private String perMetric() {
        return " (median out-of-sample: " + expectedError.perMetric() + ")";
    }

    /**
     * One short label for tables: {@code measured}, {@code uncalibrated}, or the curve's expected
     * error such as {@code ±12%} ({@code ±12% extrapolated} for an extrapolated profile).
     */
    public String accuracyLabel() {
        return switch (basis) {
            case measured -> "measured";
            case uncalibrated -> "uncalibrated";
            case calibrated -> expectedError.curve().stream().mapToObj(ExpectedError::percent).findFirst().orElse("calibrated");
            case extrapolated -> expectedError.curve().stream().mapToObj(e -> ExpectedError.percent(e) + " extrapolated")
                    .findFirst().orElse("extrapolated");
        };
    }
}
