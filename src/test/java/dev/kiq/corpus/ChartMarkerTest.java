package dev.kiq.corpus;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChartMarkerTest {

    private static final PublishedCorpus CORPUS = PublishedCorpus.bundled();

    @Test
    void theGkeKneeIsAMarkerOnTheNtpotChartOfItsCombination() {
        List<ChartMarker> markers = ChartMarker.of(CORPUS, "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "nvidia-tesla-a100", 1, "NTPOT");
        // GKE Inference Quickstart prints 3357 tok/s at NTPOT 72 ms for this combination
        assertThat(markers).singleElement().satisfies(m -> {
            assertThat(m.outputTokensPerSecond()).isEqualTo(3357.0);
            assertThat(m.latencyMs()).isEqualTo(72.0);
            assertThat(m.statistic()).isEqualTo(Figure.Statistic.UNSTATED);
            assertThat(m.description()).contains("Google Cloud").contains("statistic not stated").contains("knee of a rate sweep");
        });
    }

    @Test
    void aMarkerNeedsThroughputAndTheChartsLatency() {
        // the GKE knees give no TTFT, so the TTFT chart has no marker; another count has none either
        assertThat(ChartMarker.of(CORPUS, "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "nvidia-tesla-a100", 1, "TTFT")).isEmpty();
        assertThat(ChartMarker.of(CORPUS, "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "nvidia-tesla-a100", 2, "NTPOT")).isEmpty();
        // Lambda's table: Mixtral 8x7B on 2x A100 80GB, 1017.34 output tok/s at a median ITL of 67.24 ms
        assertThat(ChartMarker.of(CORPUS, "mistralai/Mixtral-8x7B-Instruct-v0.1", "nvidia-a100-80gb", 2, "ITL"))
                .singleElement().satisfies(m -> {
                    assertThat(m.outputTokensPerSecond()).isEqualTo(1017.34);
                    assertThat(m.latencyMs()).isEqualTo(67.24);
                    assertThat(m.statistic()).isEqualTo(Figure.Statistic.MEDIAN);
                    assertThat(m.description()).contains("320 requests at once").contains("vLLM 0.5.4 (V0)");
                });
    }
}
