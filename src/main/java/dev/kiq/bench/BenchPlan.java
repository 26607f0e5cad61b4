package dev.kiq.bench;

import dev.kiq.KiqException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How to run a benchmark.
 *
 * @param rates          offered rates (requests/s) to run in order; empty with {@code sweep}
 * @param sweep          find saturation by itself: probe the capacity, then sweep fractions of it
 * @param duration       how long each rate sends (target time), or…
 * @param requests       …how many requests each rate sends; with neither, each rate sends the model's count for the
 *                       server ({@link #withModelRequests})
 * @param maxConcurrency most requests in flight; further arrivals wait (0 = unlimited)
 * @param timeScale      how many times faster than real time the target runs (a time-scaled emulator); 1 otherwise
 * @param seed           seeds arrivals and request sampling
 * @param concurrencies  closed-loop levels to run after the rates: that many clients each send their next
 *                       request as soon as their last one finished ({@code requests} requests per level)
 */
public record BenchPlan(
        List<Double> rates,
        boolean sweep,
        Optional<Duration> duration,
        OptionalInt requests,
        int maxConcurrency,
        GoodputTargets targets,
        double timeScale,
        long seed,
        Duration requestTimeout,
        Duration scrapeInterval,
        List<Integer> concurrencies) {

    /** A plan of rates (or a sweep) only. */
    public BenchPlan(List<Double> rates, boolean sweep, Optional<Duration> duration, OptionalInt requests,
                     int maxConcurrency, GoodputTargets targets, double timeScale, long seed, Duration requestTimeout,
                     Duration scrapeInterval) {
        this(rates, sweep, duration, requests, maxConcurrency, targets, timeScale, seed, requestTimeout, scrapeInterval,
                List.of());
    }

    public BenchPlan {
        rates = List.copyOf(rates);
        concurrencies = List.copyOf(concurrencies);
        for (int c : concurrencies) {
            if (c < 1) {
                throw new KiqException("--concurrency " + c + " is not valid; valid: whole numbers of clients of at least 1,"
                        + " e.g. --concurrency 1,8,64.");
            }
        }
        if (!concurrencies.isEmpty() && (sweep || duration.isPresent() || requests.isEmpty() || maxConcurrency > 0)) {
            throw new KiqException("--concurrency runs a number of requests per level (--requests) with its own limit of"
                    + " requests in flight; it does not go with --sweep, --duration or --max-concurrency.");
        }
        if (!sweep && rates.isEmpty() && concurrencies.isEmpty()) {
            throw new KiqException("No request rate given; pass --rates 1,2,4,8, --concurrency 1,8,64 or --sweep.");
        }
        if (sweep && !rates.isEmpty()) {
            throw new KiqException("--rates and --sweep exclude each other: --sweep chooses its rates from the measured capacity.");
        }
        for (double r : rates) {
            if (!(r > 0) || Double.isInfinite(r)) {
                throw new KiqException("Request rate " + r + " is not valid; rates are positive requests per second.");
            }
        }
        if (duration.isPresent() && (duration.get().isNegative() || duration.get().isZero())) {
            throw new KiqException("--duration must be positive seconds, got " + duration.get().toSeconds() + ".");
        }
        if (requests.isPresent() && requests.getAsInt() < 1) {
            throw new KiqException("--requests must be at least 1, got " + requests.getAsInt() + ".");
        }
        if (maxConcurrency < 0) {
            throw new KiqException("--max-concurrency must be 0 (unlimited) or more, got " + maxConcurrency + ".");
        }
        if (!(timeScale > 0)) {
            throw new KiqException("--time-scale must be positive, got " + timeScale + ".");
        }
    }

    /** True when the user gave neither a duration nor a request count: each rate sends the model's count. */
    public boolean modelRequests() {
        return duration.isEmpty() && requests.isEmpty();
    }

    /**
     * This plan with {@code count} requests per rate where it gave neither a duration nor a count ({@link
     * #modelRequests}); as given otherwise.
     */
    public BenchPlan withModelRequests(int count) {
        return modelRequests() ? new BenchPlan(rates, sweep, duration, OptionalInt.of(count), maxConcurrency, targets,
                timeScale, seed, requestTimeout, scrapeInterval, concurrencies) : this;
    }
}
