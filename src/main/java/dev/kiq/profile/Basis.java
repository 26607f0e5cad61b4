package dev.kiq.profile;

/**
 * What a profile's numbers rest on, most trustworthy first: measured on real hardware, modeled
 * for an accelerator whose published measurements give the model's error (factors.yaml says
 * whether they also moved its factors), modeled for an accelerator whose family has measurements
 * but not this accelerator, or modeled with estimated factors and no measured error.
 */
public enum Basis {
    measured, calibrated, extrapolated, uncalibrated;

    /** The basis a file states nothing about: measured profiles are measured, modeled ones uncalibrated. */
    public static Basis defaultFor(Provenance.Kind kind) {
        return kind == Provenance.Kind.measured ? measured : uncalibrated;
    }

    /**
     * How a short text (the wizard's side summary, a chart's operating point, a ranking note) says this basis:
     * {@code measured}, {@code validated}, {@code extrapolated}, {@code uncalibrated}. The file value {@code calibrated}
     * says that published measurements give the accelerator's error, not that they moved its factors: the shipped
     * factors are prior estimates held to the published knees (profiles/calibration/factors.yaml), and "calibrated,
     * ±6%" beside a TPU whose factors no TPU run set read as fitted to TPU runs (Xvfb walk, 2026-12-03). What is true
     * of every such profile is that its error was checked out of sample against published runs: validated.
     */
    public String word() {
        return this == calibrated ? "validated" : name();
    }

    /** Whether this basis is more trustworthy than the other. */
    public boolean isBetterThan(Basis other) {
        return ordinal() < other.ordinal();
    }
}
