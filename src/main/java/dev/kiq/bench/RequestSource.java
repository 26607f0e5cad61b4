package dev.kiq.bench;

import java.util.OptionalDouble;
import java.util.SplittableRandom;

/** Where benchmark requests come from: a synthetic ShareGPT-shaped workload or a real dataset. */
public interface RequestSource {

    /** The next request of the current rate. */
    BenchRequest next(SplittableRandom random);

    /** How the profile's provenance names this workload, e.g. {@code sharegpt-shaped}. */
    String description();

    /** A rate starts: a source that replays a fixed trace starts it over. */
    default void restart() {
    }

    /**
     * When the source fixes arrival times too (a replayed trace), the time of the {@code index}-th request
     * at {@code rate}, seconds after the first; empty lets the load generator draw Poisson gaps.
     */
    default OptionalDouble arrivalSeconds(int index, double rate) {
        return OptionalDouble.empty();
    }
}
