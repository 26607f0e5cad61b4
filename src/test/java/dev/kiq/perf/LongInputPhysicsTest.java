package dev.kiq.perf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.catalog.Catalog;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** A long-input workload moves the knee the way physics says: more prefill, fewer output tokens/s, slower first token. */
class LongInputPhysicsTest {

    @Test
    void summarizationLowersOutputThroughputAndRaisesTtftAtTheKnee() {
        Catalog c = Catalog.bundled();
        var model = c.model("meta-llama/Llama-3.2-1B-Instruct");
        var l4 = c.accelerator("nvidia-l4");
        var vllm = c.modelServer("vllm");
        var version = vllm.latest();
        Profile chat = PerformanceModel.profile(model, l4, 1, vllm, version, 42, 300, "2026-12-01",
                WorkloadChoice.defaultChoice());
        WorkloadChoice summarization = WorkloadChoice.of(UseCases.bundled(), Optional.of("summarization"),
                OptionalInt.empty(), OptionalInt.empty());
        Profile summary = PerformanceModel.profile(model, l4, 1, vllm, version, 42, 300, "2026-12-01", summarization);
        PerformancePoint chatKnee = chat.knee().orElseThrow();
        PerformancePoint summaryKnee = summary.knee().orElseThrow();
        assertThat(summaryKnee.outputTokensPerSecond()).isLessThan(chatKnee.outputTokensPerSecond());
        assertThat(summaryKnee.ttftMilliseconds()).isGreaterThan(chatKnee.ttftMilliseconds());
        // hand-computed roofline bound: every output token of this workload carries (2588 + 291) / 291 tokens of
        // forward passes at 2 x 1.24e9 FLOPs each; the L4's 121 TFLOPS (BF16) then allow at most
        // 121e12 / (2 * 1.24e9 * 2879 / 291) = 4932 output tokens/s
        assertThat(summaryKnee.outputTokensPerSecond()).isLessThan(4932);
        // and the server was fitted to the workload: a budget that holds a mean prompt of 2588 tokens
        assertThat(summary.serverConfig().maxNumBatchedTokens()).isGreaterThanOrEqualTo(2588);
        assertThat(summary.provenance().workloadShape().useCase()).isEqualTo("summarization");
    }
}
