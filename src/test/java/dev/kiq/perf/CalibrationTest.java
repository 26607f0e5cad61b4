package dev.kiq.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kiq.catalog.Catalog;
import dev.kiq.profile.PerformancePoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The calibration requirement (issue 2): DeepSeek-R1-Distill-Qwen-7B with vLLM v0.7.2 defaults on the
 * ShareGPT-shaped workload, knee within 5% of the published throughput and NTPOT. The profile is swept as GKE measured
 * the published knees (whole runs of rate x 300 s requests, {@link RateSweep}), and its knee is {@code KneeDetector}'s.
 */
class CalibrationTest {

    @ParameterizedTest(name = "{0}: {1} tok/s at {2} ms")
    @CsvSource({
            "nvidia-tesla-a100, 3357, 72",
            "nvidia-h100-80gb, 6934, 30"})
    void deepSeek7bKneeMatchesThePublishedMeasurementWithinFivePercent(String accelerator, double tokensPerSecond, double ntpotMs) {
        Catalog catalog = Catalog.bundled();
        var profile = PerformanceModel.profile(catalog.model("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B"),
                catalog.accelerator(accelerator), 1, catalog.modelServer("vllm"), catalog.modelServerVersion("vllm", "v0.7.2"),
                PerformanceModel.DEFAULT_SEED, RateSweep.DEFAULT_REQUESTS_PER_RATE, "2026-11-26");
        PerformancePoint knee = profile.knee().orElseThrow();
        assertThat(knee.outputTokensPerSecond()).isCloseTo(tokensPerSecond, within(0.05 * tokensPerSecond));
        assertThat(knee.ntpotMilliseconds()).isCloseTo(ntpotMs, within(0.05 * ntpotMs));
    }
}
