package dev.kiq.bench;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * What the model server's own {@code /metrics} said during one rate.
 *
 * @param scrapes           scrapes that parsed
 * @param failedScrapes     scrapes that failed, by reason ({@code missing}, {@code not-prometheus}, …)
 * @param failureDetail     the first failure's message, empty when none failed
 * @param queueSize         mean requests waiting
 * @param batchSize         mean requests running
 * @param kvCacheUsage      mean KV-cache usage, 0–1
 * @param serverTtftP50Ms   median TTFT of the server's own histogram over the rate, when it has one
 */
public record ServerMetrics(
        int scrapes,
        Map<String, Integer> failedScrapes,
        String failureDetail,
        OptionalDouble queueSize,
        OptionalDouble batchSize,
        OptionalDouble kvCacheUsage,
        OptionalDouble serverTtftP50Ms) {

    public ServerMetrics {
        failedScrapes = Map.copyOf(failedScrapes);
    }

    public static ServerMetrics none() {
        return new ServerMetrics(0, Map.of(), "", OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty());
    }

    public int failures() {
        return failedScrapes.values().stream().mapToInt(Integer::intValue).sum();
    }
}
