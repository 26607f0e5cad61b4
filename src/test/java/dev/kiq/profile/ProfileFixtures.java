package dev.kiq.profile;

import java.util.List;
import java.util.Optional;

/** Profiles built in code for format tests (not performance data). */
final class ProfileFixtures {

    private ProfileFixtures() {
    }

    static PerformancePoint point(double qps, double outputTokensPerSecond, double ntpot, double kv) {
        return new PerformancePoint(qps, outputTokensPerSecond, outputTokensPerSecond * 226 / 195, ntpot, ntpot * 2.5,
                ntpot * 0.8, Math.max(0, qps - 10) * 3, qps * 5.1, kv);
    }

    static Profile gpuProfile() {
        List<PerformancePoint> points = List.of(
                point(1, 195.3, 21.25, 0.0312),
                point(4, 780.125, 23.5, 0.118),
                point(8, 1555.0, 28.0, 0.27),
                point(12, 2301.7777777, 41.333333333, 0.55),
                point(16, 2710.4, 72.0, 0.91),
                point(20, 2760.9, 190.0, 0.99));
        return new Profile(
                new ModelServerInfo("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "vllm", "v0.7.2"),
                "nvidia-tesla-a100",
                Optional.empty(),
                "a2-highgpu-1g",
                new ResourcesUsed(1),
                points,
                new Provenance(Provenance.Kind.modeled, "kiq-perf-model", "0.1.0", "2026-11-26", "sharegpt-shaped, seed 42"),
                new ServerConfig(8192, 256, 8192, 0.9),
                Optional.of(points.get(4)));
    }

    static Profile tpuProfile() {
        return new Profile(
                new ModelServerInfo("google/gemma-2-27b-it", "vllm", "v0.19.1"),
                "tpu-v6e-slice",
                Optional.of("2x4"),
                "ct6e-standard-8t",
                new ResourcesUsed(8),
                List.of(point(2, 390, 18, 0.05), point(10, 1900, 25, 0.4)),
                new Provenance(Provenance.Kind.measured, "kiq-bench", "0.1.0", "2026-11-20", "sharegpt"),
                new ServerConfig(4096, 256, 1024, 0.95),
                Optional.empty());
    }
}
