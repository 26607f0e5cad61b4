package dev.kiq.corpus;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * How requests arrived in a published run.
 *
 * @param kind        the arrival process
 * @param rate        requests per second of a {@link Kind#POISSON} run
 * @param concurrency the fixed number of requests in flight of a {@link Kind#CONCURRENCY} run,
 *                    or the cap ({@code --max-concurrency}) of a Poisson run
 */
public record Arrival(Kind kind, OptionalDouble rate, OptionalInt concurrency) {

    public enum Kind {
        /** Poisson arrivals at {@code rate} requests/s ({@code --request-rate}). */
        POISSON,
        /** Closed loop: {@code concurrency} requests always in flight (rate=inf with {@code --max-concurrency}). */
        CONCURRENCY,
        /** Every prompt sent at once (rate=inf, no cap), measured until the last one drains. */
        BURST,
        /** The knee of a Poisson rate sweep; the sweep's rates are not published. */
        KNEE
    }
}
