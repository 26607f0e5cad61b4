package dev.kiq.bench.importer;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** The benchmark result formats kiq imports, told apart by their top-level fields. */
public enum ResultFormat {
    /** AI-Hypercomputer/inference-benchmark {@code benchmark_serving.py --save-json-results}: one file per rate. */
    INFERENCE_BENCHMARK("inference-benchmark"),
    /** vLLM {@code benchmarks/benchmark_serving.py --save-result} and {@code vllm bench serve --save-result}. */
    VLLM_BENCH_SERVE("vllm-bench-serve"),
    /** kubernetes-sigs/inference-perf {@code stage_N_lifecycle_metrics.json}, all latencies in seconds. */
    INFERENCE_PERF("inference-perf");

    private final String tool;

    ResultFormat(String tool) {
        this.tool = tool;
    }

    /** The tool name recorded in the profile's provenance. */
    public String tool() {
        return tool;
    }

    public static Optional<ResultFormat> detect(JsonNode root) {
        if (!root.isObject()) {
            return Optional.empty();
        }
        if (root.path("metrics").isObject() && root.path("summary_stats").isObject()) {
            return Optional.of(INFERENCE_BENCHMARK);
        }
        if (root.path("load_summary").isObject() && root.path("successes").isObject()) {
            return Optional.of(INFERENCE_PERF);
        }
        if (root.has("output_throughput") && (root.has("median_ttft_ms") || root.has("mean_ttft_ms") || root.has("median_tpot_ms"))) {
            return Optional.of(VLLM_BENCH_SERVE);
        }
        return Optional.empty();
    }
}
