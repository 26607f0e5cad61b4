package dev.kiq.corpus;

/**
 * The model server of a published run.
 *
 * @param server  {@code vllm}
 * @param version release as published, e.g. {@code 0.6.0} (without a leading v)
 * @param engine  which vLLM engine ran
 * @param args    the non-default engine arguments
 */
public record ServerRun(String server, String version, Engine engine, EngineArgs args) {

    /** vLLM's engine generations: V0 (the default up to 0.7.x, removed in 0.11) and V1. */
    public enum Engine {
        V0, V1
    }
}
