package dev.kiq.manifest;

import dev.kiq.catalog.Accelerator;
import dev.kiq.catalog.MachineType;
import dev.kiq.catalog.MetricNames;
import dev.kiq.catalog.ModelServerVersion;
import dev.kiq.catalog.PricingModel;
import dev.kiq.profile.ModelServerInfo;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.profile.Provenance;
import dev.kiq.profile.ResourcesUsed;
import dev.kiq.profile.ServerConfig;
import dev.kiq.recommend.CurveFixtures;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Server versions and a TPU profile for manifest tests, with the values of reference.yaml. */
final class ManifestFixtures {

    private ManifestFixtures() {
    }

    static ModelServerVersion vllmV072() {
        return new ModelServerVersion("v0.7.2",
                Map.of(Accelerator.Family.GPU, "vllm/vllm-openai:v0.7.2"),
                CurveFixtures.vllmV072Metrics(),
                Set.of("--model", "--tensor-parallel-size", "--max-model-len", "--gpu-memory-utilization",
                        "--max-num-seqs", "--max-num-batched-tokens", "--enable-chunked-prefill",
                        "--num-scheduler-steps", "--disable-log-requests", "--swap-space", "--block-size",
                        "--enable-prefix-caching", "--dtype", "--kv-cache-dtype", "--download-dir", "--host", "--port"),
                "2025-02-06");
    }

    /** A recent vLLM: KV-cache gauge renamed, --disable-log-requests deprecated (left out of the valid list). */
    static ModelServerVersion vllmV0110() {
        return new ModelServerVersion("v0.11.0",
                Map.of(Accelerator.Family.GPU, "vllm/vllm-openai:v0.11.0", Accelerator.Family.TPU, "vllm/vllm-tpu:v0.11.1"),
                new MetricNames("vllm:num_requests_waiting", "vllm:num_requests_running", "vllm:kv_cache_usage_perc",
                        "vllm:time_to_first_token_seconds", "vllm:inter_token_latency_seconds",
                        "vllm:e2e_request_latency_seconds", "vllm:prompt_tokens", "vllm:generation_tokens"),
                Set.of("--model", "--served-model-name", "--tensor-parallel-size", "--max-model-len",
                        "--gpu-memory-utilization", "--max-num-seqs", "--max-num-batched-tokens", "--port"),
                "2025-10-02");
    }

    static Profile withVersion(Profile p, String version) {
        return new Profile(new ModelServerInfo(p.modelServerInfo().model(), p.modelServerInfo().modelServer(), version),
                p.acceleratorType(), p.tpuTopology(), p.instanceType(), p.resourcesUsed(), p.performanceStats(),
                p.provenance(), p.serverConfig(), p.knee());
    }

    /** Llama-3.3-70B on a v6e 2x4 slice (8 chips), shaped like the GKE vLLM TPU sample's settings. */
    static Profile llama70bOnV6e() {
        List<PerformancePoint> points = List.of(
                new PerformancePoint(1, 195, 226, 38, 120, 35, 0, 4, 0.04),
                new PerformancePoint(4, 780, 904, 45, 150, 41, 0, 17, 0.16),
                new PerformancePoint(8, 1540, 1800, 61, 230, 54, 0.1, 36, 0.38),
                new PerformancePoint(10.5, 1980, 2330, 92, 520, 71, 3.4, 60, 0.71),
                new PerformancePoint(12, 2040, 2400, 240, 6000, 80, 40, 62, 0.93));
        return new Profile(new ModelServerInfo("meta-llama/Llama-3.3-70B-Instruct", "vllm", "v0.11.0"),
                "tpu-v6e-slice", Optional.of("2x4"), "ct6e-standard-8t", new ResourcesUsed(8), points,
                new Provenance(Provenance.Kind.modeled, "test-fixture", "0", "2026-11-26", "sharegpt-shaped"),
                new ServerConfig(4096, 128, 1024, 0.95), Optional.of(points.get(3)));
    }

    static Accelerator v6e() {
        return new Accelerator("tpu-v6e-slice", "Cloud TPU v6e", Accelerator.Family.TPU, 32, 1638, 918, Optional.empty(),
                400, "ICI 2D torus", List.of(new MachineType("ct6e-standard-8t", 8, Optional.of("2x4"),
                        Map.of(PricingModel.ON_DEMAND, 21.6))), "list price");
    }
}
