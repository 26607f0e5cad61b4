package dev.kiq.corpus;

import java.util.OptionalDouble;

/**
 * Token lengths of a run's prompts or outputs as the source gives them: a fixed length, or
 * whichever statistics it printed (a mean is often the printed total divided by the request count).
 */
public record Lengths(OptionalDouble fixed, OptionalDouble min, OptionalDouble median, OptionalDouble mean,
                      OptionalDouble p90, OptionalDouble p99, OptionalDouble max) {

    /** The field names a corpus file may use, in this order. */
    public static final java.util.List<String> FIELDS = java.util.List.of("fixed", "min", "median", "mean", "p90", "p99", "max");

    /** The source does not give the lengths (the dataset's usual sampling applies). */
    public static final Lengths UNSTATED = new Lengths(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
            OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());

    /** Whether the source gives any statistic of the lengths. */
    public boolean isStated() {
        return !equals(UNSTATED);
    }

    /** The mean length: the fixed length, else the mean, if the source gives either. */
    public OptionalDouble average() {
        return fixed.isPresent() ? fixed : mean;
    }
}
