package dev.kiq.recommend;

import dev.kiq.catalog.Accelerator;
import dev.kiq.catalog.MachineType;
import dev.kiq.catalog.MetricNames;
import dev.kiq.catalog.PricingModel;
import dev.kiq.profile.ModelServerInfo;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.profile.Provenance;
import dev.kiq.profile.ResourcesUsed;
import dev.kiq.profile.ServerConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A hand-made curve shaped like the published DeepSeek-R1-Distill-Qwen-7B on 1× A100-40GB profile
 * (vLLM v0.7.2, ShareGPT): its knee is the published 3357 output tok/s at NTPOT 72 ms; token rates
 * follow ShareGPT's mean lengths (226 in, 195 out per request). Prices are the catalog's a2-highgpu-1g.
 */
public final class CurveFixtures {

    public static final int KNEE_INDEX = 4;

    private CurveFixtures() {
    }

    public static Profile deepseekOnA100() {
        List<PerformancePoint> points = List.of(
                point(2, 390, 452, 20, 40, 19, 0, 6, 0.05),
                point(5, 975, 1130, 24, 45, 22, 0, 16, 0.12),
                point(10, 1950, 2260, 33, 60, 30, 0.02, 38, 0.30),
                point(15, 2925, 3390, 48, 90, 42, 0.3, 70, 0.55),
                point(17.2, 3357, 3887, 72, 180, 58, 2.1, 110, 0.85),
                point(20, 3420, 3950, 160, 2500, 65, 25, 130, 0.97),
                point(25, 3440, 3980, 420, 9000, 66, 120, 131, 0.98));
        return new Profile(
                new ModelServerInfo("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "vllm", "v0.7.2"),
                "nvidia-tesla-a100", Optional.empty(), "a2-highgpu-1g", new ResourcesUsed(1), points,
                new Provenance(Provenance.Kind.modeled, "test-fixture", "0", "2026-11-26", "sharegpt-shaped"),
                new ServerConfig(4096, 256, 2048, 0.9), Optional.of(points.get(KNEE_INDEX)));
    }

    public static Accelerator a100() {
        return new Accelerator("nvidia-tesla-a100", "NVIDIA A100 40GB", Accelerator.Family.GPU, 40, 1555, 312,
                Optional.empty(), 300, "NVLink 3", List.of(
                        new MachineType("a2-highgpu-1g", 1, Optional.empty(), Map.of(
                                PricingModel.ON_DEMAND, 3.6734, PricingModel.SPOT, 1.9280,
                                PricingModel.CUD_1Y, 2.3142, PricingModel.CUD_3Y, 1.2857))),
                "Cyclenerd pricing.yml 2026-07-30");
    }

    public static MetricNames vllmV072Metrics() {
        return new MetricNames("vllm:num_requests_waiting", "vllm:num_requests_running", "vllm:gpu_cache_usage_perc",
                "vllm:time_to_first_token_seconds", "vllm:time_per_output_token_seconds",
                "vllm:e2e_request_latency_seconds", "vllm:prompt_tokens", "vllm:generation_tokens");
    }

    public static Recommender recommender() {
        return new Recommender(p -> KNEE_INDEX);
    }

    private static PerformancePoint point(double qps, double out, double in, double ntpot, double ttft, double itl,
            double queue, double batch, double kv) {
        return new PerformancePoint(qps, out, in, ntpot, ttft, itl, queue, batch, kv);
    }
}
