package dev.kiq.monitor;

/**
 * Where a live window sits on the profile's curve, relative to its knee, or, on a curve without one, to its highest rate
 * measured ({@link dev.kiq.recommend.CurveEnd}), which is not known to be the server's maximum.
 */
public enum Position {
    NO_TRAFFIC("no traffic"),
    BELOW_KNEE("below "),
    AT_KNEE("at "),
    PAST_KNEE("past ");

    private final String words;

    Position(String words) {
        this.words = words;
    }

    /** {@code below the knee}; {@code below the highest rate measured} where the curve has no knee. */
    public String words(dev.kiq.recommend.CurveEnd end) {
        return this == NO_TRAFFIC ? words : words + (end.knee().isPresent() ? "the knee" : "the highest rate measured");
    }
}
