package dev.kiq.bench;

import dev.kiq.profile.WorkloadShape;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/** Where benchmark requests come from: a synthetic ShareGPT-shaped workload or a real dataset. */
public interface RequestSource {

    /** The next request of the current rate. */
    BenchRequest next(SplittableRandom random);

    /** How the profile's provenance names this workload, e.g. {@code sharegpt-shaped}. */
    String description();

    /**
     * The workload as profiles record it (use case and mean lengths), so the measured profile answers
     * for that workload; empty for the chat (ShareGPT) workload.
     */
    default Optional<WorkloadShape> shape() {
        return Optional.empty();
    }

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

    /**
     * The requests as a server whose context is {@code maxModelLen} tokens (prompt + output) can take them: a
     * request longer than that is cut, as {@code kiq simulate} cuts the same workload for such a server, so no
     * request is refused for its length.
     *
     * @param model the served model, for the message
     * @throws dev.kiq.KiqException (bad input) when the workload's mean lengths alone exceed the context
     */
    default RequestSource within(int maxModelLen, String model) {
        return this;
    }
}
