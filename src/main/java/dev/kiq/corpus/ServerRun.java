package dev.kiq.corpus;

/**
 * The model server of a published run.
 *
 * @param server  {@code vllm}
 * @param version release as published, e.g. {@code 0.6.0} (without a leading v)
 * @param engine  which vLLM engine ran
 * @param args    the non-default engine arguments
 * @param coldStart the measured requests were the first the server served after it started (no warm-up
 *                  requests): it still compiled kernels its start-up had not reached (docs/performance-model.md §4)
 */
public record ServerRun(String server, String version, Engine engine, EngineArgs args, boolean coldStart) {

    /** A run on a server that had served before (or whose source does not say otherwise). */
    public ServerRun(String server, String version, Engine engine, EngineArgs args) {
        this(server, version, engine, args, false);
    }

    /** vLLM's engine generations: V0 (the default up to 0.7.x, removed in 0.11) and V1. */
    public enum Engine {
        V0, V1
    }
}
