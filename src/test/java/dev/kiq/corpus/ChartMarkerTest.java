package dev.kiq.corpus;

import dev.kiq.profile.ModelServerInfo;
import dev.kiq.profile.Profile;
import dev.kiq.profile.Provenance;
import dev.kiq.profile.ResourcesUsed;
import dev.kiq.profile.ServerConfig;
import dev.kiq.profile.WorkloadShape;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ChartMarkerTest {

    private static final PublishedCorpus CORPUS = PublishedCorpus.bundled();
    private static final String DEEPSEEK = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";

    @Test
    void theGkeKneeIsAComparableMarkerOnTheNtpotChartOfItsCombinationAndVersion() {
        List<ChartMarker> markers = ChartMarker.of(CORPUS, curve(DEEPSEEK, "nvidia-tesla-a100", 1, "v0.7.2", Optional.empty()), "NTPOT");
        // GKE Inference Quickstart prints 3357 tok/s at NTPOT 72 ms for this combination on vLLM 0.7.2 (V0)
        assertThat(markers).singleElement().satisfies(m -> {
            assertThat(m.outputTokensPerSecond()).isEqualTo(3357.0);
            assertThat(m.latencyMs()).isEqualTo(72.0);
            assertThat(m.statistic()).isEqualTo(Figure.Statistic.UNSTATED);
            assertThat(m.comparable()).isTrue();
            assertThat(described(m)).contains("Google Cloud").contains("statistic not stated").contains("knee of a rate sweep")
                    .contains("Comparable with the curve").contains("Printed in the source.");
        });
    }

    @Test
    void onAV1CurveTheV0KneeIsANearMatchWhoseHoverSaysWhatDiffers() {
        List<ChartMarker> markers = ChartMarker.of(CORPUS, curve(DEEPSEEK, "nvidia-tesla-a100", 1, "v0.19.1", Optional.empty()), "NTPOT");
        assertThat(markers).singleElement().satisfies(m -> {
            assertThat(m.comparable()).isFalse();
            assertThat(described(m)).contains("Differs from the curve: engine V0 (vLLM 0.7.2); the curve is V1 (vLLM 0.19.1)");
        });
    }

    @Test
    void anotherUseCaseHidesTheShareGptKnee() {
        Profile summarization = curve(DEEPSEEK, "nvidia-tesla-a100", 1, "v0.7.2", Optional.of(new WorkloadShape("summarization", 2588, 291)));
        assertThat(ChartMarker.of(CORPUS, summarization, "NTPOT")).isEmpty();
    }

    @Test
    void aMarkerNeedsThroughputAndTheChartsLatency() {
        // the GKE knees give no TTFT, so the TTFT chart has no marker; another count has none either
        assertThat(ChartMarker.of(CORPUS, curve(DEEPSEEK, "nvidia-tesla-a100", 1, "v0.7.2", Optional.empty()), "TTFT")).isEmpty();
        assertThat(ChartMarker.of(CORPUS, curve(DEEPSEEK, "nvidia-tesla-a100", 2, "v0.7.2", Optional.empty()), "NTPOT")).isEmpty();
        // Lambda's table: Mixtral 8x7B on 2x A100 80GB, 1017.34 output tok/s at a median ITL of 67.24 ms, 320 prompts at once
        assertThat(ChartMarker.of(CORPUS, curve("mistralai/Mixtral-8x7B-Instruct-v0.1", "nvidia-a100-80gb", 2, "v0.7.2", Optional.empty()), "ITL"))
                .singleElement().satisfies(m -> {
                    assertThat(m.outputTokensPerSecond()).isEqualTo(1017.34);
                    assertThat(m.latencyMs()).isEqualTo(67.24);
                    assertThat(m.statistic()).isEqualTo(Figure.Statistic.MEDIAN);
                    assertThat(m.comparable()).isFalse();
                    assertThat(described(m)).contains("320 requests at once").contains("vLLM 0.5.4 (V0)")
                            .contains("all 320 requests sent at once");
                });
    }

    @Test
    void hoverLinesAreBrokenBetweenWordsSoALongSourceTitleFitsASmallWindow() {
        ChartMarker m = ChartMarker.of(CORPUS, curve(DEEPSEEK, "nvidia-tesla-a100", 1, "v0.19.1", Optional.empty()), "NTPOT").get(0);
        // GKE's page title alone is 112 characters ("Run best practice inference with GKE Inference Quickstart recipes ...")
        assertThat(described(m).lines()).allSatisfy(line ->
                assertThat(line.length() <= ChartMarker.HOVER_WIDTH || !line.contains(" ")).as(line).isTrue());
        assertThat(described(m).replace("\n", " ")).contains("Source: Google Cloud — Run best practice inference with GKE Inference Quickstart recipes");
    }

    /**
     * A source's "repository:path@commit" longer than a hover line is broken after a '/', ':' or '@', never inside a
     * name: unbroken, tpu-recipes' 115 characters ran off a 1440-pixel screen and cut the commit (Xvfb walk).
     */
    @Test
    void aSourceLocationLongerThanAHoverLineIsBrokenAfterItsSeparators() {
        String location = "AI-Hypercomputer/tpu-recipes:inference/trillium/vLLM/Llama3.3/README.md@"
                + "b005d564fc4f6fb148c96e2e240869b92ceee306";
        ChartMarker m = ChartMarker.of(CORPUS, curve("meta-llama/Llama-3.3-70B-Instruct", "tpu-v6e-slice", 8, "v0.19.1",
                Optional.of(new WorkloadShape("chatbot", 1000, 1000))), "ITL").get(0);
        List<String> lines = described(m).lines().toList();
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(ChartMarker.HOVER_WIDTH));
        // the last two lines are the location, cut after the '@' before the commit (73 characters, then 40)
        assertThat(lines.subList(lines.size() - 2, lines.size())).containsExactly(
                "AI-Hypercomputer/tpu-recipes:inference/trillium/vLLM/Llama3.3/README.md@",
                "b005d564fc4f6fb148c96e2e240869b92ceee306");
        assertThat(String.join("", lines.subList(lines.size() - 2, lines.size()))).isEqualTo(location);
    }

    /**
     * A hover line holds HOVER_WIDTH (90) characters: words of 44 and 45 characters and the space between them are 90
     * and stay on one line, 44 and 46 (91) break; a 90-character word stands alone, unbroken and without a leading break;
     * a 91-character word with no separator is cut at 90 (90 + 1); one with a '/' at index 60 is cut after it (61 +
     * 40); a '/' at index 0 is no place to cut (a line would hold just it), so "/" + 90 x is cut at 90 as well.
     */
    @Test
    void aHoverLineHoldsNinetyCharactersAndALongerWordIsCutAfterASeparator() {
        String a44 = "a".repeat(44);
        assertThat(ChartMarker.wrap(a44 + " " + "b".repeat(45))).isEqualTo(a44 + " " + "b".repeat(45));
        assertThat(ChartMarker.wrap(a44 + " " + "b".repeat(46))).isEqualTo(a44 + "\n" + "b".repeat(46));
        assertThat(ChartMarker.wrap("x".repeat(90))).isEqualTo("x".repeat(90));
        assertThat(ChartMarker.wrap("x".repeat(91))).isEqualTo("x".repeat(90) + "\n" + "x");
        assertThat(ChartMarker.wrap("x".repeat(60) + "/" + "y".repeat(40))).isEqualTo("x".repeat(60) + "/\n" + "y".repeat(40));
        assertThat(ChartMarker.wrap("/" + "x".repeat(90))).isEqualTo("/" + "x".repeat(89) + "\n" + "x");
    }

    private static Profile curve(String model, String accelerator, int count, String version, Optional<WorkloadShape> shape) {
        return new Profile(new ModelServerInfo(model, "vllm", version), accelerator, Optional.empty(), "a2-highgpu-1g",
                new ResourcesUsed(count), List.of(),
                new Provenance(Provenance.Kind.modeled, "kiq-perf-model", "test", "2026-12-01", "hand-made").withShape(shape),
                new ServerConfig(131072, 1024, 8192, 0.9), Optional.empty());
    }

    /** The hover with plain formats (the wizard passes its own, see PublishedMarkerMatchTest). */
    private static String described(ChartMarker m) {
        return m.description(v -> String.format(java.util.Locale.ROOT, "%.0f", v), v -> String.format(java.util.Locale.ROOT, "%.1f ms", v));
    }
}
