package dev.kiq.catalog;

/**
 * The Prometheus names a server version exposes for what kiq autoscales on and scrapes.
 *
 * @param queueSize     gauge of requests waiting, e.g. {@code vllm:num_requests_waiting}
 * @param batchSize     gauge of requests running, e.g. {@code vllm:num_requests_running}
 * @param kvCacheUsage  gauge 0–1, {@code vllm:gpu_cache_usage_perc} before 0.9.2, {@code vllm:kv_cache_usage_perc} after
 * @param ttftSeconds   histogram of time to first token
 * @param itlSeconds    histogram of inter-token latency
 * @param e2eSeconds    histogram of request latency
 * @param promptTokens  counter of prompt tokens, as exposed (with {@code _total}), e.g. {@code vllm:prompt_tokens_total}
 * @param generationTokens counter of generated tokens, as exposed (with {@code _total})
 */
public record MetricNames(
        String queueSize,
        String batchSize,
        String kvCacheUsage,
        String ttftSeconds,
        String itlSeconds,
        String e2eSeconds,
        String promptTokens,
        String generationTokens) {
}
