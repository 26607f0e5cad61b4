package dev.kiq.perf;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How a load run's requests arrive at the server: the ways serving benchmarks send them
 * (vLLM's {@code benchmark_serving.py --request-rate R}, {@code --max-concurrency N} with an infinite
 * rate, both together, and {@code --request-rate inf}).
 */
public sealed interface Arrivals {

    /** How profiles and CLI output name the arrivals, e.g. {@code Poisson 2.5 req/s}. */
    String describe();

    /** Open loop: exponential gaps at {@code requestsPerSecond} on average, whatever the server does. */
    record Poisson(double requestsPerSecond) implements Arrivals {
        public Poisson {
            if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
                throw new IllegalArgumentException("a request rate must be a positive number: " + requestsPerSecond);
            }
        }

        @Override
        public String describe() {
            return "Poisson " + number(requestsPerSecond) + " req/s";
        }
    }

    /**
     * Open loop under a client-side limit ({@code --request-rate R --max-concurrency N} together): request {@code i}
     * is due at its Poisson time, but at most {@code maxInFlight} requests are in flight; a due request waits for the
     * next slot a finished one frees (slots go to the waiting requests in order), and its latencies start when it
     * is sent. vLLM's benchmark client (vllm/benchmarks/serve.py, since vllm-project/vllm#9390) creates each
     * request's task at its Poisson time and the task takes an {@code asyncio.Semaphore(N)} before the request
     * function, which starts the request's clock.
     */
    record CappedPoisson(double requestsPerSecond, int maxInFlight) implements Arrivals {
        public CappedPoisson {
            new Poisson(requestsPerSecond); // the same rule for the rate
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("a concurrency limit must be at least 1: " + maxInFlight);
            }
        }

        @Override
        public String describe() {
            return "Poisson " + number(requestsPerSecond) + " req/s, at most " + maxInFlight + " in flight";
        }
    }

    /**
     * Closed loop: {@code clients} users each send a request, wait for its last token and send the
     * next one at once, so exactly {@code clients} requests are in flight until the trace runs out.
     */
    record Concurrency(int clients) implements Arrivals {
        public Concurrency {
            if (clients < 1) {
                throw new IllegalArgumentException("a concurrency must be at least 1: " + clients);
            }
        }

        @Override
        public String describe() {
            return "concurrency " + clients;
        }
    }

    /** Every request of the trace at time 0 (an infinite rate); the run lasts until the last one finished. */
    record Burst() implements Arrivals {
        @Override
        public String describe() {
            return "burst (rate=inf)";
        }
    }

    /** Up to three decimals, no trailing zeros. */
    private static String number(double v) {
        return new BigDecimal(v).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
