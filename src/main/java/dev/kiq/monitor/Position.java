package dev.kiq.monitor;

/** Where a live window sits on the profile's curve, relative to its knee. */
public enum Position {
    NO_TRAFFIC("no traffic"),
    BELOW_KNEE("below the knee"),
    AT_KNEE("at the knee"),
    PAST_KNEE("past the knee");

    private final String words;

    Position(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }
}
