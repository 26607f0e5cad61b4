package dev.kiq;

/** A count with its noun in the right number, for every message: {@code 1 replica}, {@code 3 replicas}, never {@code replica(s)}. */
public final class Plural {

    private Plural() {
    }

    /** {@code n} and the noun, adding {@code s} unless {@code n} is 1. */
    public static String of(long n, String singular) {
        return of(n, singular, singular + "s");
    }

    /** {@code n} and the noun with an irregular plural, e.g. {@code of(2, "TPU chip", "TPU chips")}. */
    public static String of(long n, String singular, String plural) {
        return n + " " + pick(n, singular, plural);
    }

    /** The word that agrees with {@code n}, e.g. a verb: {@code pick(n, "makes", "make")}. */
    public static String pick(long n, String one, String many) {
        return n == 1 ? one : many;
    }
}
