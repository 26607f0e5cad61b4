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

    /** Whether this basis is more trustworthy than the other. */
    public boolean isBetterThan(Basis other) {
        return ordinal() < other.ordinal();
    }
}
