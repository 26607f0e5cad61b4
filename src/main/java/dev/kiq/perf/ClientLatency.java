package dev.kiq.perf;

/**
 * What a client-side benchmark adds to a request's TTFT and end-to-end latency beyond the engine's
 * iterations: the HTTP round trip, the API server's chat template and tokenisation, the hand-over to
 * the engine, detokenising and streaming the first token. Published TTFTs are measured this way
 * ({@code benchmark_serving.py}, GKE's inference-benchmark), so the model adds it to every request.
 * The values are a documented estimate for a client on the same network, small next to prefill and
 * queueing, and are not fitted (docs/performance-model.md §2).
 *
 * @param fixedMs           per request, ms
 * @param usPerPromptToken  per prompt token (tokenisation), µs
 */
public record ClientLatency(double fixedMs, double usPerPromptToken) {

    /** 3 ms per request plus 1 µs per prompt token. */
    public static final ClientLatency BENCHMARK_CLIENT = new ClientLatency(3.0, 1.0);
    /** No client-side cost (hand-computed engine timelines). */
    public static final ClientLatency NONE = new ClientLatency(0, 0);

    public double seconds(int promptTokens) {
        return fixedMs / 1e3 + usPerPromptToken * promptTokens / 1e6;
    }
}
