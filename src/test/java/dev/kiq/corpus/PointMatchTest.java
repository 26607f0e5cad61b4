package dev.kiq.corpus;

import dev.kiq.catalog.Catalog;
import dev.kiq.profile.ModelServerInfo;
import dev.kiq.profile.Profile;
import dev.kiq.profile.Provenance;
import dev.kiq.profile.ResourcesUsed;
import dev.kiq.profile.ServerConfig;
import dev.kiq.profile.WorkloadShape;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule that decides whether a published point measured what a curve models, on hand-made points
 * against hand-made curves: DeepSeek-R1-Distill-Qwen-7B on 1x H100, the chatbot workload (mean 226
 * input / 195 output tokens), kiq's server config (max_num_seqs 1024, max_num_batched_tokens 8192,
 * max_model_len 131072).
 */
class PointMatchTest {

    private static final String MODEL = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";
    private static final String H100 = "nvidia-h100-80gb";
    private static final Profile V0_CURVE = curve("v0.7.2", Optional.empty());
    private static final Profile V1_CURVE = curve("v0.19.1", Optional.empty());

    @Test
    void aV0ShareGptKneeIsComparableWithTheV0ChatbotCurve() {
        PointMatch m = PointMatch.of(point(v0(noArgs()), sharegpt(Lengths.UNSTATED, Lengths.UNSTATED), knee()), V0_CURVE);
        assertThat(m.kind()).isEqualTo(PointMatch.Kind.COMPARABLE);
        assertThat(m.differences()).isEmpty();
        assertThat(m.summary()).startsWith("Comparable with the curve");
    }

    @Test
    void anotherEngineGenerationIsANearMatchThatSaysSo() {
        PointMatch m = PointMatch.of(point(v0(noArgs()), sharegpt(Lengths.UNSTATED, Lengths.UNSTATED), knee()), V1_CURVE);
        assertThat(m.kind()).isEqualTo(PointMatch.Kind.NEAR);
        assertThat(m.differences()).singleElement().asString()
                .contains("engine V0 (vLLM 0.7.2)").contains("the curve is V1 (vLLM 0.19.1)");
        // and the other way round: a V1 run (0.8.5) on the V0 curve
        PointMatch v1 = PointMatch.of(point(new ServerRun("vllm", "0.8.5", ServerRun.Engine.V1, noArgs()),
                sharegpt(Lengths.UNSTATED, Lengths.UNSTATED), poisson(4)), V0_CURVE);
        assertThat(v1.kind()).isEqualTo(PointMatch.Kind.NEAR);
        // versions of one generation with the same CUDA graphs count as the same engine: 0.11.0 against the 0.19.1 curve
        assertThat(PointMatch.of(point(new ServerRun("vllm", "0.11.0", ServerRun.Engine.V1, noArgs()),
                sharegpt(Lengths.UNSTATED, Lengths.UNSTATED), poisson(4)), V1_CURVE).kind()).isEqualTo(PointMatch.Kind.COMPARABLE);
    }

    @Test
    void meanLengthsWithin20PercentMatchWithinAFactorOfTwoAreNearAndBeyondAreHidden() {
        // the curve's input mean is 226: 226 * 1.2 = 271.2, 226 * 2 = 452, 226 / 2 = 113
        assertThat(kindWithInput(271)).isEqualTo(PointMatch.Kind.COMPARABLE);
        assertThat(kindWithInput(272)).isEqualTo(PointMatch.Kind.NEAR);
        assertThat(kindWithInput(452)).isEqualTo(PointMatch.Kind.NEAR);
        assertThat(kindWithInput(453)).isEqualTo(PointMatch.Kind.HIDDEN);
        assertThat(kindWithInput(113)).isEqualTo(PointMatch.Kind.NEAR);
        assertThat(kindWithInput(112)).isEqualTo(PointMatch.Kind.HIDDEN);
        // the output mean is 195: 195 * 0.8 = 156
        PointMatch shortOutputs = PointMatch.of(point(v0(noArgs()), random(fixed(226), fixed(155)), poisson(2)), V0_CURVE);
        assertThat(shortOutputs.kind()).isEqualTo(PointMatch.Kind.NEAR);
        assertThat(shortOutputs.differences()).singleElement().asString()
                .contains("mean 226 input / 155 output tokens").contains("the curve's is 226 / 195");
    }

    @Test
    void theCurvesWorkloadIsTheProfilesUseCase() {
        // a summarization-shaped curve (mean 2588 input / 291 output): a 2500/300 run matches, a ShareGPT run is hidden
        Profile summarization = curve("v0.7.2", Optional.of(new WorkloadShape("summarization", 2588, 291)));
        assertThat(PointMatch.of(point(v0(noArgs()), random(fixed(2500), fixed(300)), poisson(1)), summarization).kind())
                .isEqualTo(PointMatch.Kind.COMPARABLE);
        assertThat(PointMatch.of(point(v0(noArgs()), sharegpt(Lengths.UNSTATED, Lengths.UNSTATED), knee()), summarization).kind())
                .isEqualTo(PointMatch.Kind.HIDDEN);
    }

    @Test
    void withoutLengthsOnlyShareGptHasAShapeAndAMedianStandsInForAMissingMean() {
        PointMatch unknown = PointMatch.of(point(v0(noArgs()), random(Lengths.UNSTATED, fixed(195)), poisson(2)), V0_CURVE);
        assertThat(unknown.kind()).isEqualTo(PointMatch.Kind.HIDDEN);
        assertThat(unknown.differences()).singleElement().asString().contains("no input lengths");
        Lengths medianOnly = new Lengths(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(230),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());
        assertThat(PointMatch.of(point(v0(noArgs()), random(medianOnly, fixed(195)), poisson(2)), V0_CURVE).kind())
                .isEqualTo(PointMatch.Kind.COMPARABLE);
    }

    @Test
    void aBurstIsANearMatch() {
        PointMatch m = PointMatch.of(point(v0(noArgs()), burst(1000), null), V0_CURVE);
        assertThat(m.kind()).isEqualTo(PointMatch.Kind.NEAR);
        assertThat(m.differences()).singleElement().asString().contains("all 1000 requests sent at once");
    }

    @Test
    void everyTimingOptionSetAwayFromTheCurvesMakesANearMatch() {
        assertThat(differences(v0(args(Map.of("steps", 10))), V0_CURVE)).singleElement().asString().contains("num_scheduler_steps 10");
        // the 0.19.1 curve schedules asynchronously (vLLM's default from 0.14): off differs, on does not
        assertThat(differences(v1(args(Map.of("async", false))), V1_CURVE)).singleElement().asString()
                .isEqualTo("async scheduling off; the curve's is on");
        assertThat(differences(v1(args(Map.of("async", true))), V1_CURVE)).isEmpty();
        // the V0 curve's max_model_len 131072 is above 32768, so its chunked prefill is on
        assertThat(differences(v0(args(Map.of("chunked", false))), V0_CURVE)).singleElement().asString()
                .isEqualTo("chunked prefill off; the curve's is on");
        assertThat(differences(v0(args(Map.of("chunked", true))), V0_CURVE)).isEmpty();
        assertThat(differences(v0(args(Map.of("seqs", 256))), V0_CURVE)).singleElement().asString()
                .isEqualTo("max_num_seqs 256; the curve's is 1024");
        assertThat(differences(v0(args(Map.of("seqs", 1024))), V0_CURVE)).isEmpty();
        assertThat(differences(v0(args(Map.of("batched", 2048))), V0_CURVE)).singleElement().asString()
                .isEqualTo("max_num_batched_tokens 2048; the curve's is 8192");
        assertThat(differences(v0(args(Map.of("kv", "fp8_e4m3"))), V0_CURVE)).singleElement().asString().contains("FP8 KV cache");
        assertThat(differences(v0(args(Map.of("quant", "fp8"))), V0_CURVE)).singleElement().asString().contains("quantization fp8");
        // max_model_len is not compared: it changes timing only through the KV room and the chunked-prefill default
        assertThat(differences(v0(args(Map.of("len", 2000))), V0_CURVE)).isEmpty();
        // two options, two differences, in one hover line
        PointMatch two = PointMatch.of(point(v0(args(Map.of("steps", 8, "seqs", 256))), sharegpt(Lengths.UNSTATED, Lengths.UNSTATED), knee()), V0_CURVE);
        assertThat(two.differences()).hasSize(2);
        assertThat(two.summary()).startsWith("Differs from the curve: ").contains("num_scheduler_steps 8").contains("; max_num_seqs 256");
    }

    @Test
    void anOptionSetToTheCurvesOwnValueIsNoDifference() {
        // max_num_batched_tokens 8192 is the curve's own
        assertThat(differences(v0(args(Map.of("batched", 8192))), V0_CURVE)).isEmpty();
        // a V0 curve of max_model_len 4096 (not above 32768): vLLM 0.7.2's chunked prefill is off by default there, so a
        // point that turned it off matches, and one that turned it on differs
        Profile shortContext = new Profile(new ModelServerInfo(MODEL, "vllm", "v0.7.2"), H100, Optional.empty(), "a3-highgpu-1g",
                new ResourcesUsed(1), List.of(),
                new Provenance(Provenance.Kind.modeled, "kiq-perf-model", "test", "2026-12-01", "hand-made").withShape(Optional.empty()),
                new ServerConfig(4096, 1024, 8192, 0.9), Optional.empty());
        assertThat(differences(v0(args(Map.of("chunked", false))), shortContext)).isEmpty();
        assertThat(differences(v0(args(Map.of("chunked", true))), shortContext)).singleElement().asString()
                .isEqualTo("chunked prefill on; the curve's is off");
    }

    @Test
    void prefixCacheHitsMakeANearMatch() {
        PublishedWorkload cached = new PublishedWorkload("random", OptionalInt.of(100), fixed(226), fixed(195), true, poisson(2),
                Optional.of(new PrefixCache(OptionalInt.of(30), OptionalInt.empty(), OptionalDouble.empty())));
        PointMatch m = PointMatch.of(point(new ServerRun("vllm", "0.19.0", ServerRun.Engine.V1, noArgs()), cached, null), V1_CURVE);
        assertThat(m.kind()).isEqualTo(PointMatch.Kind.NEAR);
        assertThat(m.differences()).singleElement().asString().contains("prefix cache");
    }

    @Test
    void aCurveWhoseVersionNamesNoEngineMakesEveryPointANearMatch() {
        PointMatch m = PointMatch.of(point(v0(noArgs()), sharegpt(Lengths.UNSTATED, Lengths.UNSTATED), knee()),
                curve("nightly-20250401", Optional.empty()));
        assertThat(m.kind()).isEqualTo(PointMatch.Kind.NEAR);
        assertThat(m.differences()).singleElement().asString().contains("nightly-20250401 names no vLLM engine generation");
    }

    @Test
    void aColdServerIsANearMatch() {
        ServerRun cold = new ServerRun("vllm", "0.7.2", ServerRun.Engine.V0, noArgs(), true);
        assertThat(differences(cold, V0_CURVE)).singleElement().asString().contains("freshly started server");
        assertThat(differences(new ServerRun("vllm", "0.7.2", ServerRun.Engine.V0, noArgs(), false), V0_CURVE)).isEmpty();
    }

    @Test
    void aV0RunBeforeSixProcessesOutputsBetweenStepsAndIsANearMatchForALaterV0Curve() {
        // vLLM 0.5.4 and 0.7.2 are both V0, but only 0.6 and later overlap output processing with the next step
        ServerRun v054 = new ServerRun("vllm", "0.5.4", ServerRun.Engine.V0, noArgs());
        assertThat(differences(v054, V0_CURVE)).singleElement().asString()
                .contains("outputs processed between GPU steps (vLLM 0.5.4)").contains("0.7.2 overlaps them with the next step");
        assertThat(differences(new ServerRun("vllm", "0.6.0", ServerRun.Engine.V0, noArgs()), V0_CURVE)).isEmpty();
    }

    @Test
    void onATpuARunOfThePyTorchXlaBackendIsANearMatchForATpuInferenceCurve() {
        // vLLM 0.8 on a TPU is PyTorch/XLA, 0.11 and later tpu-inference; both V1
        ServerRun v08 = new ServerRun("vllm", "0.8.main", ServerRun.Engine.V1, noArgs());
        Profile tpuCurve = curve("tpu-v6e-slice", "v0.11.0", Optional.empty());
        assertThat(differences(v08, tpuCurve)).singleElement().asString()
                .contains("TPU backend PyTorch/XLA (vLLM 0.8.main)").contains("0.11.0 runs tpu-inference");
        assertThat(differences(new ServerRun("vllm", "0.11.main", ServerRun.Engine.V1, noArgs()), tpuCurve)).isEmpty();
        // the backend is a TPU matter: on an H100 the same two versions differ in their CUDA graphs instead (next test)
        assertThat(differences(v08, curve(H100, "v0.11.0", Optional.empty()))).singleElement().asString()
                .doesNotContain("TPU backend");
    }

    @Test
    void onAGpuAV1RunWithPiecewiseGraphsIsANearMatchForACurveWithFullDecodeGraphs() {
        // V1 before 0.11 replays a decode step as piecewise CUDA graphs, 0.11 and later as one full graph (the v0.11.0
        // release notes); the model's decode step differs (EngineOptions.FULL_GRAPH_STEP_OVERHEAD_SHARE)
        ServerRun v085 = new ServerRun("vllm", "0.8.5", ServerRun.Engine.V1, noArgs());
        Profile h100v011 = curve(H100, "v0.11.0", Optional.empty());
        assertThat(differences(v085, h100v011)).singleElement().asString()
                .contains("decode steps as piecewise CUDA graphs (vLLM 0.8.5)").contains("0.11.0 replays them as one full CUDA graph");
        assertThat(PointMatch.of(point(v085, sharegpt(Lengths.UNSTATED, Lengths.UNSTATED), knee()), h100v011).kind())
                .isEqualTo(PointMatch.Kind.NEAR);
        // the other way round, and two versions on the same side of 0.11 are comparable
        assertThat(differences(new ServerRun("vllm", "0.19.1", ServerRun.Engine.V1, noArgs()), curve(H100, "v0.10.2", Optional.empty())))
                .singleElement().asString().contains("decode steps as one full CUDA graph (vLLM 0.19.1)")
                .contains("0.10.2 replays them as piecewise CUDA graphs");
        assertThat(differences(new ServerRun("vllm", "0.11.0", ServerRun.Engine.V1, noArgs()), curve(H100, "v0.19.1", Optional.empty()))).isEmpty();
        assertThat(differences(v085, curve(H100, "v0.10.2", Optional.empty()))).isEmpty();
        // a TPU has no CUDA graphs: only its backend is compared there
        assertThat(differences(new ServerRun("vllm", "0.11.0", ServerRun.Engine.V1, noArgs()), curve("tpu-v6e-slice", "v0.19.1", Optional.empty())))
                .isEmpty();
    }

    // ---- hand-made points and curves ----------------------------------------------------------

    private static PointMatch.Kind kindWithInput(double meanInput) {
        return PointMatch.of(point(v0(noArgs()), random(fixed(meanInput), fixed(195)), poisson(2)), V0_CURVE).kind();
    }

    private static List<String> differences(ServerRun server, Profile curve) {
        return PointMatch.of(point(server, sharegpt(Lengths.UNSTATED, Lengths.UNSTATED), knee()), curve).differences();
    }

    private static Profile curve(String version, Optional<WorkloadShape> shape) {
        return curve(H100, version, shape);
    }

    private static Profile curve(String accelerator, String version, Optional<WorkloadShape> shape) {
        return new Profile(new ModelServerInfo(MODEL, "vllm", version), accelerator, Optional.empty(), "a3-highgpu-1g",
                new ResourcesUsed(1), List.of(),
                new Provenance(Provenance.Kind.modeled, "kiq-perf-model", "test", "2026-12-01", "hand-made").withShape(shape),
                new ServerConfig(131072, 1024, 8192, 0.9), Optional.empty());
    }

    private static PublishedPoint point(ServerRun server, PublishedWorkload workload, Arrival arrival) {
        PublishedWorkload w = arrival == null ? workload : new PublishedWorkload(workload.dataset(), workload.prompts(),
                workload.input(), workload.output(), workload.ignoreEos(), arrival, workload.prefixCache());
        return new PublishedPoint(new CorpusSource("hand-made", "test", "hand-made point", "https://example.invalid", Optional.empty(),
                "hand-made.yaml"), "p", 1, Catalog.bundled().model(MODEL), H100, 1, server, w,
                List.of(new Figure(Figure.Metric.OUTPUT_THROUGHPUT, Figure.Statistic.RATE, 1000),
                        new Figure(Figure.Metric.NTPOT, Figure.Statistic.MEDIAN, 30)),
                PublishedPoint.Reading.PRINTED, "here", Optional.empty());
    }

    private static ServerRun v0(EngineArgs args) {
        return new ServerRun("vllm", "0.7.2", ServerRun.Engine.V0, args);
    }

    private static ServerRun v1(EngineArgs args) {
        return new ServerRun("vllm", "0.19.1", ServerRun.Engine.V1, args);
    }

    private static EngineArgs noArgs() {
        return args(Map.of());
    }

    private static EngineArgs args(Map<String, Object> set) {
        return new EngineArgs(
                set.containsKey("len") ? OptionalInt.of((Integer) set.get("len")) : OptionalInt.empty(),
                set.containsKey("seqs") ? OptionalInt.of((Integer) set.get("seqs")) : OptionalInt.empty(),
                set.containsKey("batched") ? OptionalInt.of((Integer) set.get("batched")) : OptionalInt.empty(),
                Optional.ofNullable((Boolean) set.get("chunked")),
                set.containsKey("steps") ? OptionalInt.of((Integer) set.get("steps")) : OptionalInt.empty(),
                Optional.ofNullable((Boolean) set.get("async")),
                Optional.empty(),
                Optional.ofNullable((String) set.get("quant")),
                Optional.ofNullable((String) set.get("kv")),
                OptionalDouble.empty(), Optional.empty(), Map.of());
    }

    private static Lengths fixed(double n) {
        return new Lengths(OptionalDouble.of(n), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());
    }

    private static PublishedWorkload sharegpt(Lengths in, Lengths out) {
        return new PublishedWorkload("sharegpt", OptionalInt.empty(), in, out, false, knee(), Optional.empty());
    }

    private static PublishedWorkload random(Lengths in, Lengths out) {
        return new PublishedWorkload("random", OptionalInt.of(500), in, out, true, poisson(1), Optional.empty());
    }

    private static PublishedWorkload burst(int prompts) {
        return new PublishedWorkload("sharegpt", OptionalInt.of(prompts), Lengths.UNSTATED, Lengths.UNSTATED, false,
                new Arrival(Arrival.Kind.BURST, OptionalDouble.empty(), OptionalInt.empty()), Optional.empty());
    }

    private static Arrival knee() {
        return new Arrival(Arrival.Kind.KNEE, OptionalDouble.empty(), OptionalInt.empty());
    }

    private static Arrival poisson(double rate) {
        return new Arrival(Arrival.Kind.POISSON, OptionalDouble.of(rate), OptionalInt.empty());
    }
}
