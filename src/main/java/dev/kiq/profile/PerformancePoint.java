package dev.kiq.profile;

/**
 * One offered request rate of a latency profile: client-side p50 latencies and throughput
 * (SPEC §2) plus the model server's own state at that load, used to derive HPA thresholds.
 *
 * @param queueSize    mean requests waiting in the server queue
 * @param batchSize    mean requests running in the batch
 * @param kvCacheUsage mean KV-cache usage, 0–1
 */
public record PerformancePoint(
        double queriesPerSecond,
        double outputTokensPerSecond,
        double inputTokensPerSecond,
        double ntpotMilliseconds,
        double ttftMilliseconds,
        double itlMilliseconds,
        double queueSize,
        double batchSize,
        double kvCacheUsage) {
}
