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

    /** How a modeled profile's tool version says its factors were refitted to the user's own measurements. */
    private static final java.util.regex.Pattern USER_CALIBRATED =
            java.util.regex.Pattern.compile(" \\(calibrated with (\\d+) user measurements\\)$");

    /**
     * The tool version of a profile modeled with factors refitted to {@code measurements} of the user's own measured
     * figures ({@code kiq calibrate --from}), such as {@code 2 (calibrated with 32 user measurements)}.
     */
    public static String userCalibrated(String toolVersion, int measurements) {
        return toolVersion + " (" + userCalibration(measurements) + ")";
    }

    /** How factors refitted to {@code measurements} of the user's own figures are described: the factors' basis, the tool version, the caption. */
    public static String userCalibration(int measurements) {
        return "calibrated with " + measurements + " user measurements";
    }

    /** How many of the user's measured figures the factors of this modeled profile were refitted to, if any. */
    public java.util.OptionalInt userMeasurements() {
        java.util.regex.Matcher m = USER_CALIBRATED.matcher(toolVersion == null ? "" : toolVersion);
        return kind == Kind.modeled && m.find() ? java.util.OptionalInt.of(Integer.parseInt(m.group(1))) : java.util.OptionalInt.empty();
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

    /**
     * kiq's calibration {@code now} (the basis and expected error it gives the profile's accelerator,
     * {@link ModelAccuracy#uncertainty}) when this modeled profile, which shows an error (calibrated or extrapolated), was
     * modeled with another calibration: its basis or its errors differ from {@code now}'s. Empty when they agree, for a
     * measured profile, and for an uncalibrated one (it shows no error: "uncalibrated" is true of its figures). Such a
     * profile keeps its own basis and errors, since they are those of the calibration its figures come from; the
     * descriptions given the result
     * say so and name {@code now}'s (seen in the Xvfb walk: TPU profiles re-modeled into the per-user folder by an earlier
     * {@code kiq calibrate --from} showed ±34% as if it were the current calibration's, which gives that family ±10%).
     */
    public Optional<ModelAccuracy.Uncertainty> otherCalibration(ModelAccuracy.Uncertainty now) {
        boolean showsAnError = basis == Basis.calibrated || basis == Basis.extrapolated;
        return showsAnError && (basis != now.basis() || !expectedError.sameAs(now.expectedError()))
                ? Optional.of(now) : Optional.empty();
    }

    /**
     * What the numbers rest on and how far to trust them, for a reader of a table or a report: the headline
     * figure is the curve's ({@link ExpectedError#curve()}, said to be the larger of the throughput and NTPOT
     * errors), followed by every metric's error.
     */
    public String accuracyDescription() {
        return describe(Optional.empty(), Optional.empty());
    }

    /** As {@link #accuracyDescription()}, then, for a profile of {@code other} calibration ({@link #otherCalibration}), that it is, and what it says. */
    public String accuracyDescription(Optional<ModelAccuracy.Uncertainty> other) {
        return describe(Optional.empty(), other);
    }

    /** As {@link #accuracyDescription(String)}, then, for a profile of {@code other} calibration ({@link #otherCalibration}), that it is, and what it says. */
    public String accuracyDescription(String latency, Optional<ModelAccuracy.Uncertainty> other) {
        return describe(Optional.of(latency), other);
    }

    /**
     * As {@link #accuracyDescription()} under a chart of one latency ({@code NTPOT}, {@code TTFT}, {@code ITL} or
     * {@code TPOT}): the headline is that latency's own error, the one its band shows, or says it is not known. A
     * figure of another metric must not stand as the chart's headline (a TPU chart of NTPOT said "expected error
     * ±34%", its throughput error, while no NTPOT error was known).
     */
    public String accuracyDescription(String latency) {
        return describe(Optional.of(latency), Optional.empty());
    }

    private String describe(Optional<String> latency, Optional<ModelAccuracy.Uncertainty> other) {
        return describe(latency) + other.map(now -> " " + otherCalibrationSentence(now)).orElse("");
    }

    /** Says that the figures and errors are another calibration's, what kiq's calibration {@code now} gives, and how to use it. */
    private String otherCalibrationSentence(ModelAccuracy.Uncertainty now) {
        String says = now.basis() == Basis.uncalibrated || now.expectedError().isEmpty()
                ? "knows no error for this accelerator"
                : "gives its family " + now.expectedError().perMetric()
                        + (now.basis() == Basis.extrapolated ? " (measured on other accelerators of the family)" : "");
        String how = userMeasurements().isPresent()
                ? "Calibrate again from your measurements to model it with this kiq's calibration."
                : "Model it again, or remove its file from your profile folder, to use this kiq's calibration.";
        return "These figures and errors come from another calibration than this kiq's; this kiq's calibration " + says + ". " + how;
    }

    private String describe(Optional<String> latency) {
        String rests = switch (basis) {
            case measured -> "Measured (" + tool + ", " + date + ")";
            case uncalibrated -> "Modeled with estimated factors: no published measurement of this accelerator family bounds its error";
            // the shipped factors need not be fitted to those measurements (since the ninth calibration they are the
            // priors held to the published knees): what the measurements give is the error
            case calibrated -> "Modeled for an accelerator whose published measurements give its error";
            case extrapolated -> "Modeled for an accelerator without published measurements: its error is that of the other accelerators of its family";
        };
        // factors refitted to the user's own measurements (seen in the Xvfb walk: after calibrate --from the wizard said
        // only "calibrated on published measurements", with the published fit's errors, of a curve that had moved 11%)
        java.util.OptionalInt mine = userMeasurements();
        if (mine.isPresent()) {
            rests += ", then " + userCalibration(mine.getAsInt());
        }
        if (basis == Basis.measured || basis == Basis.uncalibrated || expectedError.isEmpty()) {
            return rests + ".";
        }
        // an extrapolated profile's error is its family's, at least
        String orMore = errorIsLowerBound() ? " or more" : "";
        String headline = latency.map(l -> expectedError.forLatency(l).stream()
                        .mapToObj(e -> "Expected " + l + " error " + ExpectedError.percent(e) + orMore).findFirst()
                        .orElse(l + " error not known: no published measurement of its family gives it"))
                .orElseGet(() -> expectedError.curve().stream().mapToObj(e -> "Expected error " + ExpectedError.percent(e)
                                + (expectedError.curveKnown() ? orMore + ", the larger of its throughput and NTPOT errors"
                                        : " or more: its " + (expectedError.throughput().isEmpty() ? "throughput" : "NTPOT")
                                                + " error is not known"))
                        .findFirst().orElse("No throughput or NTPOT error known"));
        // under a chart the band is drawn only where both of its errors are known (ExpectedError.band): say which, also
        // when the latency's own error is the one missing (a TPU chart of NTPOT drew no band and said nothing of it,
        // beside charts of other accelerators with bands: read as exact)
        String band = latency.map(l -> expectedError.band(l)
                        .map(b -> " The band spans it and the throughput error " + ExpectedError.percent(b.throughput())
                                + orMore + " across.")
                        .orElseGet(() -> " No band is drawn: " + (expectedError.forLatency(l).isPresent()
                                ? "the throughput error is not known, so nothing bounds where along throughput the curve lies."
                                : expectedError.throughput().stream().mapToObj(t -> "a band of the throughput error "
                                        + ExpectedError.percent(t) + orMore + " alone would show " + l + " as exact.")
                                        .findFirst().orElse("neither its " + l + " nor its throughput error is known."))))
                .orElse("");
        return rests + ". " + headline + "." + band + " Median out-of-sample errors of its family: " + expectedError.perMetric() + "."
                + (mine.isPresent() ? " " + PUBLISHED_ERRORS : "");
    }

    /** Said wherever the errors of a profile modeled with the user's own factors are shown: whose errors they are. */
    private static final String PUBLISHED_ERRORS = "These errors are the published calibration's, before your measurements.";

    /**
     * For a profile modeled with the user's own factors ({@link #userMeasurements()}), what a table row's Accuracy label
     * does not say: that, and whose its error is. The tables print it as a note (the wizard's tooltip and caption say it
     * in {@link #accuracyDescription()}); empty for any other profile.
     */
    public Optional<String> userCalibrationNote() {
        java.util.OptionalInt mine = userMeasurements();
        if (mine.isEmpty()) {
            return Optional.empty();
        }
        boolean errors = (basis == Basis.calibrated || basis == Basis.extrapolated) && !expectedError.isEmpty();
        return Optional.of("modeled with your factors, " + userCalibration(mine.getAsInt())
                + " (kiq calibrate --reset returns to the shipped factors)." + (errors ? " " + PUBLISHED_ERRORS : ""));
    }

    /**
     * The expected error to print beside one figure of a modeled profile, by metric name ({@link ExpectedError#METRICS}):
     * {@code ±10%}, {@code ±10% or more} for an extrapolated profile (its family's error, at least), {@code (error not
     * known)} where its family's cross-validation has no figure of that metric (a bare figure beside others with errors
     * read as exact: the TPU family's NTPOT); empty for a measured or uncalibrated profile (the basis says it).
     */
    public Optional<String> errorOf(String metric) {
        if (basis != Basis.calibrated && basis != Basis.extrapolated) {
            return Optional.empty();
        }
        return Optional.of(expectedError.of(metric).stream().mapToObj(e -> ExpectedError.percent(e)
                + (errorIsLowerBound() ? " or more" : "")).findFirst().orElse("(error not known)"));
    }

    /** Whether the expected errors are a lower bound: an extrapolated profile's are its family's, at least. */
    public boolean errorIsLowerBound() {
        return basis == Basis.extrapolated;
    }

    /**
     * What the numbers rest on ({@link Basis#word()}) and the curve's expected error in one short line, for a summary
     * that has no column heading to say it: {@code validated, ±11%}; {@code validated, ±10% or more} when only one of the curve's two
     * errors is known; {@code extrapolated, ±22%} (its family's error: the word says it may be more, as the table's
     * {@code ±22% extrapolated} does; the whole sentence says "or more"); {@code uncalibrated} (no error is known: the word
     * says it, as in the tables); {@code measured}. Short enough for the wizard's side summary at 1024x700.
     */
    public String accuracySummary() {
        return accuracySummary(Optional.empty());
    }

    /** As {@link #accuracySummary()}, followed by {@value #OTHER_CALIBRATION} for a profile of {@code other} calibration ({@link #otherCalibration}). */
    public String accuracySummary(Optional<ModelAccuracy.Uncertainty> other) {
        return summary() + userCalibrationSuffix() + other.map(now -> ", " + OTHER_CALIBRATION).orElse("");
    }

    /**
     * {@code ", then calibrated with N user measurements"} for a profile modeled with the user's own factors ({@link
     * #userMeasurements()}), else empty: what a short summary adds, as the description does (the wizard's sidebar said
     * "validated, ±6%" of a curve refitted to the user's benchmark).
     */
    public String userCalibrationSuffix() {
        java.util.OptionalInt mine = userMeasurements();
        return mine.isPresent() ? ", then " + userCalibration(mine.getAsInt()) : "";
    }

    /**
     * How a short label says that a profile was modeled with the user's own factors ({@link #userMeasurements()}):
     * its error is still the published calibration's, which the label alone would not tell.
     */
    public static final String YOUR_FACTORS = "your factors";

    /** How a short label says that a profile's figures and errors come from another calibration than this kiq's. */
    public static final String OTHER_CALIBRATION = "other calibration";

    private String summary() {
        return switch (basis) {
            case measured -> "measured";
            case uncalibrated -> "uncalibrated";
            case calibrated, extrapolated -> basis.word() + expectedError.curve().stream().mapToObj(e -> ", "
                    + ExpectedError.percent(e) + (expectedError.curveKnown() ? "" : " or more"))
                    .findFirst().orElse(": error not known");
        };
    }

    /**
     * One short label for tables: {@code measured}, {@code uncalibrated}, or the curve's expected
     * error such as {@code ±12%} ({@code ±12% or more} when only one of its two errors is known,
     * {@code ±12% extrapolated} for an extrapolated profile, whose error is its family's or more).
     */
    public String accuracyLabel() {
        return accuracyLabel(Optional.empty());
    }

    /** As {@link #accuracyLabel()}, followed by {@value #OTHER_CALIBRATION} for a profile of {@code other} calibration ({@link #otherCalibration}). */
    public String accuracyLabel(Optional<ModelAccuracy.Uncertainty> other) {
        return label() + other.map(now -> ", " + OTHER_CALIBRATION).orElse("");
    }

    private String label() {
        return switch (basis) {
            case measured -> "measured";
            case uncalibrated -> "uncalibrated";
            // with the throughput or NTPOT error unknown the curve's error is at least the known one's
            case calibrated -> expectedError.curve().stream()
                    .mapToObj(e -> ExpectedError.percent(e) + (expectedError.curveKnown() ? "" : " or more")).findFirst()
                    .orElse(basis.word());
            case extrapolated -> expectedError.curve().stream().mapToObj(e -> ExpectedError.percent(e) + " extrapolated")
                    .findFirst().orElse("extrapolated");
        };
    }
}
