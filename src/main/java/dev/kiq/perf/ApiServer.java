package dev.kiq.perf;

/**
 * vLLM's API server (the OpenAI-compatible front end) as a stage of its own in front of the engine:
 * what a client-side benchmark sees beyond the engine's iterations. The server is one Python process
 * with one event loop, so its work is serial (docs/performance-model.md §2):
 *
 * <ul>
 *   <li><b>per request</b>, before the engine sees it: HTTP parsing and validation, the chat template,
 *       tokenisation and the hand-over to the engine process ({@link #requestMs()} plus
 *       {@link #promptTokenUs()} per prompt token);</li>
 *   <li><b>per streamed token</b>, after the engine produced it: output processing and one
 *       server-sent-events chunk per token and request ({@link #streamedTokenUs()}); in vLLM V1 this
 *       includes incremental detokenisation, which V1 moved out of the engine loop into the API server
 *       (V0 detokenises in the engine loop: part of its per-sequence overhead);</li>
 *   <li><b>latency</b> that costs the server no capacity ({@link #latencyMs()}): the network round trip
 *       and the hops between the client, the API server and the engine process, paid once per request
 *       and overlapped with other requests' work.</li>
 * </ul>
 *
 * The server runs beside the engine (its own process from vLLM 0.6 on; V1's engine core always has its
 * own process), so its work does not lengthen an engine iteration; when it cannot keep up, requests wait
 * in front of the engine and tokens reach the client late ({@link ApiServerQueue}). The values are
 * per engine generation and accelerator family ({@link EfficiencyFactors}) and fitted like the others.
 *
 * @param latencyMs       per request, not serial, ms
 * @param requestMs       serial work per request, ms
 * @param promptTokenUs   serial tokenisation per prompt token, µs
 * @param streamedTokenUs serial work per streamed token, µs
 */
public record ApiServer(double latencyMs, double requestMs, double promptTokenUs, double streamedTokenUs) {

    /**
     * Tokenisation per prompt token, µs: a fast (Rust) Hugging Face tokenizer encodes on the order of a
     * million tokens per second on one core. A documented estimate, not fitted: it is small next to the rest.
     */
    public static final double PROMPT_TOKEN_US = 1.0;

    /** No API server at all (hand-computed engine timelines). */
    public static final ApiServer NONE = new ApiServer(0, 0, 0, 0);

    public ApiServer {
        if (!(latencyMs >= 0 && requestMs >= 0 && promptTokenUs >= 0 && streamedTokenUs >= 0)) {
            throw new IllegalArgumentException("API server costs must be non-negative");
        }
    }

    /** The API server of an engine generation with these factors. */
    public static ApiServer of(EfficiencyFactors f, EngineOptions.Engine engine) {
        return engine == EngineOptions.Engine.V0
                ? new ApiServer(f.apiLatencyMs(), f.apiRequestMs(), PROMPT_TOKEN_US, f.apiTokenUs())
                : new ApiServer(f.v1ApiLatencyMs(), f.v1ApiRequestMs(), PROMPT_TOKEN_US, f.v1ApiTokenUs());
    }

    /** Serial work to take in a request of {@code promptTokens}, seconds. */
    public double requestSeconds(int promptTokens) {
        return requestMs / 1e3 + promptTokenUs * promptTokens / 1e6;
    }

    /** Serial work to stream {@code tokens} tokens (one per request that received one), seconds. */
    public double outputSeconds(int tokens) {
        return streamedTokenUs * tokens / 1e6;
    }

    public double latencySeconds() {
        return latencyMs / 1e3;
    }
}
