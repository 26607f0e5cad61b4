package dev.kiq.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kiq.calibration.CalibrationCase.Quantity;
import dev.kiq.calibration.CalibrationCase.Stat;
import dev.kiq.calibration.CalibrationCase.Target;
import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.ModelArchitecture;
import dev.kiq.corpus.CorpusReader;
import dev.kiq.corpus.EngineArgs;
import dev.kiq.corpus.PublishedPoint;
import dev.kiq.perf.Arrivals;
import dev.kiq.perf.EngineOptions;
import dev.kiq.perf.Workload;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * How a published point becomes a calibration case ({@link CaseBuilder}): the figures' weights, the requests replayed,
 * the arrivals, the lengths, the published arguments over the version's defaults, and the points it cannot replay.
 * Each expected value is worked out in the comment above it, from the corpus format and the rules the builder's
 * documentation states, on one DeepSeek-R1-Distill-Qwen-7B run on 1x A100 80 GB.
 */
class CaseBuilderTest {

    private static final Catalog CATALOG = Catalog.bundled();
    private static final CaseBuilder BUILDER = new CaseBuilder(CATALOG);

    /** One point of a corpus file: the server's version/engine/args, the workload and figures in flow style. */
    private static PublishedPoint point(String server, String workload, String figures, String reading) {
        String yaml = """
                source: {publisher: Someone, title: "A run", url: "https://example.org/run"}
                points:
                  - id: r1
                    model: deepseek-ai/DeepSeek-R1-Distill-Qwen-7B
                    accelerator: nvidia-a100-80gb
                    count: 1
                    server: %s
                    workload: %s
                    figures: %s
                    reading: %s
                    where: "a table"
                """.formatted(server, workload, figures, reading);
        return CorpusReader.read(yaml.getBytes(StandardCharsets.UTF_8), "runs.yaml", CATALOG).points().get(0);
    }

    private static final String V1 = "{name: vllm, version: \"0.10.1\", engine: V1}";
    private static final String RANDOM = "{dataset: random, prompts: 200, inputTokens: {fixed: 1000}, outputTokens: {fixed: 200}, "
            + "arrival: {kind: poisson, rate: 4}}";

    private static CalibrationCase built(PublishedPoint p) {
        CaseBuilder.Built b = BUILDER.build(p);
        assertThat(b.skipped()).as("skipped").isEmpty();
        return b.kase().orElseThrow();
    }

    private static String skipped(PublishedPoint p) {
        CaseBuilder.Built b = BUILDER.build(p);
        assertThat(b.kase()).isEmpty();
        assertThat(b.skipped().orElseThrow().id()).isEqualTo("runs/r1");
        return b.skipped().orElseThrow().reason();
    }

    /*
     * Weights: printed 1, read off a figure 0.5; a tail (p90, p99) half of that. Targets come in the figures' order:
     * output tok/s (a rate, compared as is), TTFT mean, median and p90, TPOT unstated (read as a median), E2E p99.
     * Printed: 1, 1, 1, 0.5, 1, 0.5. Read off a figure: 0.5, 0.5, 0.5, 0.25, 0.5, 0.25.
     */
    @Test
    void eachFigureWeighsItsReadingTimesItsTail() {
        String figures = "{outputTokensPerSecond: 800, ttftMs: {mean: 60, median: 50, p90: 90}, tpotMs: {unstated: 20}, "
                + "e2eLatencyMs: {p99: 4000}}";
        List<Target> printed = built(point(V1, RANDOM, figures, "printed")).targets();
        assertThat(printed).containsExactly(
                new Target(Quantity.OUTPUT_TOKENS_PER_SECOND, Stat.MEDIAN, 800, 1),
                new Target(Quantity.TTFT, Stat.MEAN, 60, 1),
                new Target(Quantity.TTFT, Stat.MEDIAN, 50, 1),
                new Target(Quantity.TTFT, Stat.P90, 90, 0.5),
                new Target(Quantity.TPOT, Stat.MEDIAN, 20, 1),
                new Target(Quantity.E2E, Stat.P99, 4000, 0.5));
        assertThat(built(point(V1, RANDOM, figures, "figure")).targets()).extracting(Target::weight)
                .containsExactly(0.5, 0.5, 0.5, 0.25, 0.5, 0.25);
    }

    /*
     * A knee is a rate sweep's: medians only, and no end-to-end latency (the sweep's points carry none). Of throughput,
     * NTPOT median and p90, and E2E median, the throughput and the NTPOT median remain; no arrivals (a sweep).
     */
    @Test
    void aKneeKeepsItsMediansAndNoEndToEndLatency() {
        String knee = RANDOM.replace("arrival: {kind: poisson, rate: 4}", "arrival: {kind: knee}");
        CalibrationCase kase = built(point(V1, knee, "{outputTokensPerSecond: 3000, ntpotMs: {median: 70, p90: 100}, "
                + "e2eLatencyMs: {median: 3000}}", "printed"));
        assertThat(kase.isKnee()).isTrue();
        assertThat(kase.targets()).containsExactly(
                new Target(Quantity.OUTPUT_TOKENS_PER_SECOND, Stat.MEDIAN, 3000, 1),
                new Target(Quantity.NTPOT, Stat.MEDIAN, 70, 1));
    }

    /*
     * Requests replayed: the published count (200), at most 1000 (a 5000-prompt burst replays 1000), 500 when the
     * source does not say. Arrivals as published: Poisson 4/s, 16 clients, a burst, Poisson 4/s with at most 16 in flight.
     */
    @Test
    void theRunIsReplayedWithItsCountAndArrivals() {
        String throughput = "{outputTokensPerSecond: 800}";
        CalibrationCase poisson = built(point(V1, RANDOM, throughput, "printed"));
        assertThat(poisson.trace().size()).isEqualTo(200);
        assertThat(poisson.arrivals()).isEqualTo(new Arrivals.Poisson(4));
        CalibrationCase burst = built(point(V1, RANDOM.replace("prompts: 200", "prompts: 5000")
                .replace("{kind: poisson, rate: 4}", "{kind: burst}"), throughput, "printed"));
        assertThat(burst.trace().size()).isEqualTo(1000);
        assertThat(burst.arrivals()).isEqualTo(new Arrivals.Burst());
        CalibrationCase closed = built(point(V1, RANDOM.replace("prompts: 200, ", "")
                .replace("{kind: poisson, rate: 4}", "{kind: concurrency, concurrency: 16}"), throughput, "printed"));
        assertThat(closed.trace().size()).isEqualTo(500);
        assertThat(closed.arrivals()).isEqualTo(new Arrivals.Concurrency(16));
        // --request-rate 4 with --max-concurrency 16: the client's limit is kept
        CalibrationCase capped = built(point(V1, RANDOM.replace("{kind: poisson, rate: 4}",
                "{kind: poisson, rate: 4, concurrency: 16}"), throughput, "printed"));
        assertThat(capped.arrivals()).isEqualTo(new Arrivals.CappedPoisson(4, 16));
        // a chat-completions stream timed chunk by chunk is replayed as one; a run that does not say is a completions one
        assertThat(poisson.chatStream()).isFalse();
        CalibrationCase chat = built(point(V1, RANDOM.replace("arrival:", "chatStream: true, arrival:"), throughput, "printed"));
        assertThat(chat.chatStream()).isTrue();
        // every replayed request has the published fixed lengths
        assertThat(closed.trace().inputTokens(7)).isEqualTo(1000);
        assertThat(closed.trace().outputTokens(7)).isEqualTo(200);
    }

    /*
     * max_model_len 1100 with 1000-token prompts: the benchmark drops what the server refuses, so outputs are capped at
     * 1100 - 1000 = 100 tokens (200 asked). With 1200-token prompts no output fits: the point is skipped, saying so.
     */
    @Test
    void maxModelLenCapsTheOutputsOrSkipsThePoint() {
        String server = "{name: vllm, version: \"0.10.1\", engine: V1, args: {max_model_len: 1100}}";
        CalibrationCase capped = built(point(server, RANDOM, "{outputTokensPerSecond: 800}", "printed"));
        assertThat(capped.workload().output().max()).isEqualTo(100);
        assertThat(capped.setup().maxModelLen()).isEqualTo(1100);
        assertThat(skipped(point(server, RANDOM.replace("fixed: 1000", "fixed: 1200"), "{outputTokensPerSecond: 800}", "printed")))
                .isEqualTo("prompts of 1200 tokens exceed max_model_len 1100");
    }

    /*
     * Lengths from what the source printed: a mean of a random dataset is used as a fixed length (128.5 rounds to 129),
     * a median alone too (64); nothing printed for a dataset other than ShareGPT cannot be replayed.
     */
    @Test
    void lengthsComeFromThePrintedStatistics() {
        CalibrationCase means = built(point(V1, "{dataset: random, prompts: 100, inputTokens: {mean: 128.5}, outputTokens: {median: 64}, "
                + "arrival: {kind: burst}}", "{outputTokensPerSecond: 800}", "printed"));
        assertThat(means.workload().input().min()).isEqualTo(129);
        assertThat(means.workload().input().max()).isEqualTo(129);
        assertThat(means.workload().output().max()).isEqualTo(64);
        assertThat(skipped(point(V1, "{dataset: random, prompts: 100, outputTokens: {fixed: 64}, arrival: {kind: burst}}",
                "{outputTokensPerSecond: 800}", "printed"))).isEqualTo("the source gives no input length the model can use");
        assertThat(skipped(point(V1, "{dataset: random, prompts: 100, inputTokens: {fixed: 64}, arrival: {kind: burst}}",
                "{outputTokensPerSecond: 800}", "printed"))).isEqualTo("the source gives no output length the model can use");
        // ShareGPT with nothing printed is ShareGPT as vLLM's benchmark samples it
        CalibrationCase shareGpt = built(point(V1, "{dataset: sharegpt, prompts: 100, arrival: {kind: burst}}",
                "{outputTokensPerSecond: 800}", "printed"));
        assertThat(shareGpt.workload().input()).isEqualTo(Workload.shareGpt().input());
        assertThat(shareGpt.workload().output()).isEqualTo(Workload.shareGpt().output());
        // ShareGPT with a printed mean output of 300 tokens keeps ShareGPT's shape, moved to that mean
        CalibrationCase longer = built(point(V1, "{dataset: ShareGPT_V3, prompts: 100, outputTokens: {mean: 300}, arrival: {kind: burst}}",
                "{outputTokensPerSecond: 800}", "printed"));
        assertThat(longer.workload().output().mean()).isCloseTo(300, within(300 * 0.05));
        assertThat(longer.workload().output().max()).isLessThanOrEqualTo(CaseBuilder.SHAREGPT_MAX);
        // all six statistics: the distribution passes through them (min 4, max 1024)
        CalibrationCase full = built(point(V1, "{dataset: random, prompts: 100, inputTokens: {min: 4, median: 108, mean: 226, p90: 635, "
                + "p99: 887, max: 1024}, outputTokens: {fixed: 10}, arrival: {kind: burst}}", "{outputTokensPerSecond: 800}", "printed"));
        assertThat(full.workload().input().min()).isEqualTo(4);
        assertThat(full.workload().input().max()).isEqualTo(1024);
        assertThat(full.workload().input().percentile(0.5)).isCloseTo(108, within(2));
    }

    /*
     * The scheduler: the published arguments over the catalog's defaults (V1 on an A100 80GB: 2048 tokens, 256
     * sequences). max_num_batched_tokens 1024 and max_num_seqs 512 as given (a budget below max_num_seqs, which vLLM
     * refuses at start-up, is refused by the corpus reader); gpu_memory_utilization 0.8 as given. V1 always schedules
     * chunks, even with enable_chunked_prefill false.
     */
    @Test
    void thePublishedSchedulerArgumentsReplaceTheDefaults() {
        String server = "{name: vllm, version: \"0.10.1\", engine: V1, args: {max_num_batched_tokens: 1024, max_num_seqs: 512, "
                + "gpu_memory_utilization: 0.8, enable_chunked_prefill: false}}";
        CalibrationCase kase = built(point(server, RANDOM, "{outputTokensPerSecond: 800}", "printed"));
        assertThat(kase.setup().maxNumBatchedTokens()).isEqualTo(1024);
        assertThat(kase.setup().maxNumSeqs()).isEqualTo(512);
        assertThat(kase.setup().gpuMemoryUtilization()).isEqualTo(0.8);
        assertThat(kase.setup().chunkedPrefill()).isTrue();
        assertThat(kase.setup().options().engine()).isEqualTo(EngineOptions.Engine.V1);
        // V0 with chunked prefill off and no budget given: a whole prompt of max_model_len 4096 fits in one step
        CalibrationCase v0 = built(point("{name: vllm, version: \"0.6.3\", engine: V0, args: {max_model_len: 4096, "
                + "enable_chunked_prefill: false}}", RANDOM, "{outputTokensPerSecond: 800}", "printed"));
        assertThat(v0.setup().chunkedPrefill()).isFalse();
        assertThat(v0.setup().maxNumBatchedTokens()).isGreaterThanOrEqualTo(4096);
        assertThat(v0.setup().options().engine()).isEqualTo(EngineOptions.Engine.V0);
    }

    /*
     * What a run that does not give max_num_seqs or max_num_batched_tokens ran with, as vLLM sets them (read in
     * vllm-project/vllm's vllm/engine/arg_utils.py at 99d7eb5, the 0.11 series, EngineArgs._set_default_args for V1:
     * a device of at least 70 GiB whose name lacks "a100" gets 1024 sequences and 8192 tokens in the API server, every
     * other GPU 256 and 2048, and max_num_seqs is min(that default, max_num_batched_tokens)). By hand, DeepSeek-R1-Distill-
     * Qwen-7B with max_model_len 4096:
     * - A100 80 GB (80 GiB, but "a100"): 256 sequences, 2048 tokens;
     * - H100 80 GB: 1024 sequences, 8192 tokens; with max_num_batched_tokens 4096 given, still 1024; with max_num_seqs 64
     *   given, 64 and 8192;
     * - a budget of 128 given on the A100: min(256, 128) = 128 sequences.
     */
    @Test
    void v1WithoutMaxNumSeqsRunsTheDefaultsOfItsHardware() {
        String len = "{name: vllm, version: \"0.11.0\", engine: V1, args: {max_model_len: 4096%s}}";
        CalibrationCase a100 = built(point(len.formatted(""), RANDOM, "{outputTokensPerSecond: 800}", "printed"));
        assertThat(a100.setup().maxNumSeqs()).isEqualTo(256);
        assertThat(a100.setup().maxNumBatchedTokens()).isEqualTo(2048);
        CalibrationCase h100 = built(onH100(point(len.formatted(""), RANDOM, "{outputTokensPerSecond: 800}", "printed")));
        assertThat(h100.setup().maxNumSeqs()).isEqualTo(1024);
        assertThat(h100.setup().maxNumBatchedTokens()).isEqualTo(8192);
        CalibrationCase h100Budget = built(onH100(point(len.formatted(", max_num_batched_tokens: 4096"), RANDOM,
                "{outputTokensPerSecond: 800}", "printed")));
        assertThat(h100Budget.setup().maxNumSeqs()).isEqualTo(1024);
        assertThat(h100Budget.setup().maxNumBatchedTokens()).isEqualTo(4096);
        CalibrationCase h100Seqs = built(onH100(point(len.formatted(", max_num_seqs: 64"), RANDOM,
                "{outputTokensPerSecond: 800}", "printed")));
        assertThat(h100Seqs.setup().maxNumSeqs()).isEqualTo(64);
        assertThat(h100Seqs.setup().maxNumBatchedTokens()).isEqualTo(8192);
        CalibrationCase small = built(point(len.formatted(", max_num_batched_tokens: 128"),
                RANDOM, "{outputTokensPerSecond: 800}", "printed"));
        assertThat(small.setup().maxNumSeqs()).isEqualTo(128);
        assertThat(small.setup().maxNumBatchedTokens()).isEqualTo(128);
    }

    /*
     * V0 without enable_chunked_prefill (read in vllm/engine/arg_utils.py at 001999d2, the 0.7 series, create_engine_config:
     * on a CUDA GPU, for a model without a sliding window, chunked prefill is switched on when max_model_len > 32768, since
     * vllm-project/vllm#6666, merged 2024-07-23, before 0.5.4; EngineArgs.__post_init__: max_num_seqs 256 in V0). The
     * budget, V0 SchedulerConfig's: with chunked prefill 2048 from 0.6.5 (vllm-project/vllm#10544, merged 2024-11-21), 512
     * before; without it max(max_model_len, 2048). By hand, DeepSeek-R1-Distill-Qwen-7B (no sliding window in use) on an
     * A100 80 GB:
     * - 0.7.2, max_model_len 32768: off, budget 32768, 256 sequences;
     * - 0.7.2, max_model_len 32769: on, budget 2048, 256 sequences;
     * - 0.6.0, max_model_len 32769: on, budget 512, 256 sequences; 0.6.5: 2048; 0.6.4.post1: 512;
     * - 0.6.0, max_model_len 4096: off, budget max(4096, 2048) = 4096; 1024: 2048.
     */
    @Test
    void v0WithoutTheChunkedFlagChunksAbove32kTokensWithItsVersionsBudget() {
        java.util.function.BiFunction<String, Integer, CalibrationCase> run = (version, len) -> built(point(
                "{name: vllm, version: \"" + version + "\", engine: V0, args: {max_model_len: " + len + "}}", RANDOM,
                "{outputTokensPerSecond: 800}", "printed"));
        CalibrationCase at32k = run.apply("0.7.2", 32768);
        assertThat(at32k.setup().chunkedPrefill()).isFalse();
        assertThat(at32k.setup().maxNumBatchedTokens()).isEqualTo(32768);
        assertThat(at32k.setup().maxNumSeqs()).isEqualTo(256);
        CalibrationCase above = run.apply("0.7.2", 32769);
        assertThat(above.setup().chunkedPrefill()).isTrue();
        assertThat(above.setup().maxNumBatchedTokens()).isEqualTo(2048);
        assertThat(above.setup().maxNumSeqs()).isEqualTo(256);
        CalibrationCase old = run.apply("0.6.0", 32769);
        assertThat(old.setup().chunkedPrefill()).isTrue();
        assertThat(old.setup().maxNumBatchedTokens()).isEqualTo(512);
        assertThat(old.setup().maxNumSeqs()).isEqualTo(256);
        assertThat(run.apply("0.6.5", 32769).setup().maxNumBatchedTokens()).isEqualTo(2048);
        assertThat(run.apply("0.6.4.post1", 32769).setup().maxNumBatchedTokens()).isEqualTo(512);
        CalibrationCase short060 = run.apply("0.6.0", 4096);
        assertThat(short060.setup().chunkedPrefill()).isFalse();
        assertThat(short060.setup().maxNumBatchedTokens()).isEqualTo(4096);
        CalibrationCase shorter = built(point("{name: vllm, version: \"0.6.0\", engine: V0, args: {max_model_len: 1280}}",
                RANDOM, "{outputTokensPerSecond: 800}", "printed"));
        assertThat(shorter.setup().maxNumBatchedTokens()).isEqualTo(2048);
        // a budget the run gives is kept, whatever the version's default
        CalibrationCase given = built(point("{name: vllm, version: \"0.6.0\", engine: V0, args: {max_model_len: 32769, "
                + "max_num_batched_tokens: 1024}}", RANDOM, "{outputTokensPerSecond: 800}", "printed"));
        assertThat(given.setup().maxNumBatchedTokens()).isEqualTo(1024);
    }

    private static PublishedPoint onH100(PublishedPoint p) {
        return new PublishedPoint(p.source(), p.id(), p.line(), p.model(), "nvidia-h100-80gb", p.count(), p.server(),
                p.workload(), p.figures(), p.reading(), p.where(), p.note());
    }

    /*
     * Without --max-model-len vLLM takes the model's context from its config (max_position_embeddings: 40960 for
     * Qwen3-32B), and it refuses to start unless the cache holds one sequence of it. GPUStack's `vllm serve Qwen/Qwen3-32B`
     * (vLLM 0.11, one H100 80 GB, 100 prompts of 32000 tokens) therefore ran with max_model_len 40960 and at least
     * 40960 / 16 = 2560 blocks. kiq's plan for it, by hand (V1 on H100: 8192 tokens, 1024 sequences, utilisation 0.9):
     * memory 80 GiB * 0.9 = 77 309 411 328 B; weights 32 762 123 264 parameters * 2 B = 65 524 246 528 B (embeddings and
     * lm_head 2 * 151936 * 5120, 64 layers of q 5120 * 8192, k and v 5120 * 1024, o 8192 * 5120, MLP 3 * 5120 * 25600,
     * norms 2 * 5120 + 2 * 128, final norm 5120); activations 8192 * (6 * 5120 + 3 * 25600) * 2 B = 1 761 607 680 B, logits
     * 2 * 1024 * 151936 * 4 B = 1 244 659 712 B, reserve 1.5 GiB = 1 610 612 736 B; KV per block 2 * 64 * 8 * 128 * 2 B * 16
     * = 4 194 304 B: floor(7 168 284 672 / 4 194 304) = 1709 blocks (27 344 tokens). Before, the builder chose kiq's own
     * max_model_len (16384, the largest power of two that plan holds) and skipped the run ("requests of up to 32100 tokens
     * exceed max_model_len 16384").
     */
    @Test
    void withoutMaxModelLenTheRunHasTheModelsContextAndACacheThatHoldsIt() {
        PublishedPoint p = dev.kiq.corpus.PublishedCorpus.bundled().points().stream()
                .filter(x -> x.qualifiedId().equals("gpustack-perflab-h100-v1/h100-qwen3-32b-random32k-burst100")).findFirst()
                .orElseThrow();
        assertThat(p.server().args().maxModelLen()).isEmpty();
        CaseBuilder.Built b = BUILDER.build(p);
        assertThat(b.skipped()).isEmpty();
        CalibrationCase kase = b.kase().orElseThrow();
        assertThat(kase.setup().maxModelLen()).isEqualTo(40960);
        assertThat(kase.setup().memoryPlan().kvBlocks()).isEqualTo(1709);
        assertThat(kase.setup().kvBlocks()).isEqualTo(2560);
        assertThat(kase.setup().schedulerSettings().kvBlocks()).isEqualTo(2560);
        // a published max_model_len is kept, and a cache the plan already makes larger is the plan's
        CalibrationCase given = built(point("{name: vllm, version: \"0.10.1\", engine: V1, args: {max_model_len: 4096}}", RANDOM,
                "{outputTokensPerSecond: 800}", "printed"));
        assertThat(given.setup().maxModelLen()).isEqualTo(4096);
        assertThat(given.setup().kvBlocks()).isEqualTo(given.setup().memoryPlan().kvBlocks()).isGreaterThan(4096 / 16);
    }

    /** A point whose model does not fit its accelerators is skipped with the reason. */
    @Test
    void aModelThatDoesNotFitIsSkipped() {
        PublishedPoint p = point(V1, RANDOM, "{outputTokensPerSecond: 800}", "printed");
        PublishedPoint big = new PublishedPoint(p.source(), p.id(), p.line(), CATALOG.model("meta-llama/Llama-3.3-70B-Instruct"),
                p.accelerator(), 1, p.server(), p.workload(), p.figures(), p.reading(), p.where(), p.note());
        assertThat(skipped(big)).contains("does not fit on 1x nvidia-a100-80gb");
        // with a published max_model_len the cache would be floored to one such sequence (ServingSetup.kvBlocks), but
        // 70.6 B parameters * 2 B = 141 GB of weights exceed the A100's 72 GiB (77.3 GB): no cache at all, still skipped
        PublishedPoint given = point("{name: vllm, version: \"0.10.1\", engine: V1, args: {max_model_len: 4096}}", RANDOM,
                "{outputTokensPerSecond: 800}", "printed");
        PublishedPoint bigGiven = new PublishedPoint(given.source(), given.id(), given.line(),
                CATALOG.model("meta-llama/Llama-3.3-70B-Instruct"), given.accelerator(), 1, given.server(), given.workload(),
                given.figures(), given.reading(), given.where(), given.note());
        assertThat(skipped(bigGiven)).isEqualTo("meta-llama/Llama-3.3-70B-Instruct on 1x nvidia-a100-80gb leaves no memory for "
                + "the KV cache");
    }

    private static EngineArgs args(Optional<Boolean> async, OptionalInt steps, Optional<String> kvCacheDtype) {
        return new EngineArgs(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), steps, async,
                Optional.empty(), Optional.empty(), kvCacheDtype, OptionalDouble.empty(), Optional.empty(), Map.of());
    }

    /*
     * The engine's options: a published async_scheduling replaces the version's default either way; the published
     * num_scheduler_steps and an fp8 KV cache are taken as given; nothing published leaves the version's defaults.
     */
    @Test
    void publishedEngineArgumentsOverrideTheVersionsDefaults() {
        EngineOptions.Engine v1 = EngineOptions.Engine.V1;
        boolean newDefault = EngineOptions.forVllmVersion("0.19.1").asyncScheduling();
        boolean oldDefault = EngineOptions.forVllmVersion("0.10.1").asyncScheduling();
        assertThat(newDefault).isNotEqualTo(oldDefault);   // the two versions differ: the overrides below are seen
        EngineArgs none = args(Optional.empty(), OptionalInt.empty(), Optional.empty());
        assertThat(CaseBuilder.engineOptions(v1, "0.19.1", none).asyncScheduling()).isEqualTo(newDefault);
        assertThat(CaseBuilder.engineOptions(v1, "0.10.1", none).asyncScheduling()).isEqualTo(oldDefault);
        assertThat(CaseBuilder.engineOptions(v1, "0.19.1", args(Optional.of(oldDefault), OptionalInt.empty(), Optional.empty()))
                .asyncScheduling()).isEqualTo(oldDefault);
        assertThat(CaseBuilder.engineOptions(v1, "0.10.1", args(Optional.of(newDefault), OptionalInt.empty(), Optional.empty()))
                .asyncScheduling()).isEqualTo(newDefault);
        EngineOptions v0 = CaseBuilder.engineOptions(EngineOptions.Engine.V0, "0.6.0", args(Optional.empty(), OptionalInt.of(10),
                Optional.of("fp8")));
        assertThat(v0.numSchedulerSteps()).isEqualTo(10);
        assertThat(v0.fp8KvCache()).isTrue();
        assertThat(v0.asyncScheduling()).isFalse();   // V0 has no async scheduling
        assertThat(CaseBuilder.engineOptions(EngineOptions.Engine.V0, "0.6.0", none).numSchedulerSteps()).isEqualTo(1);
        assertThat(CaseBuilder.engineOptions(EngineOptions.Engine.V0, "0.6.0", none).fp8KvCache()).isFalse();
    }

    /*
     * The weights' dtype as served: --quantization fp8 (any case) gives 1-byte weights; --dtype float16 serves a
     * bfloat16 checkpoint in float16; --dtype auto, or another quantization, leaves the model as it is; an FP8
     * checkpoint stays FP8 whatever --dtype says (it sets the activations).
     */
    @Test
    void theServedDtypeFollowsQuantizationAndDtype() {
        ModelArchitecture bf16 = CATALOG.model("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B");
        assertThat(bf16.dtype()).isEqualTo("bfloat16");
        assertThat(CaseBuilder.withServedDtype(bf16, served(Optional.empty(), Optional.of("FP8"))).dtype()).isEqualTo("fp8");
        assertThat(CaseBuilder.withServedDtype(bf16, served(Optional.of("float16"), Optional.empty())).dtype()).isEqualTo("float16");
        assertThat(CaseBuilder.withServedDtype(bf16, served(Optional.of("auto"), Optional.empty()))).isSameAs(bf16);
        assertThat(CaseBuilder.withServedDtype(bf16, served(Optional.empty(), Optional.of("awq")))).isSameAs(bf16);
        ModelArchitecture fp8 = CaseBuilder.withServedDtype(bf16, served(Optional.empty(), Optional.of("fp8")));
        assertThat(CaseBuilder.withServedDtype(fp8, served(Optional.of("bfloat16"), Optional.empty())).dtype()).isEqualTo("fp8");
        // only the dtype changes
        assertThat(fp8.numLayers()).isEqualTo(bf16.numLayers());
        assertThat(fp8.parameterCount()).isEqualTo(bf16.parameterCount());
        assertThat(fp8.id()).isEqualTo(bf16.id());
    }

    private static EngineArgs served(Optional<String> dtype, Optional<String> quantization) {
        return new EngineArgs(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), OptionalInt.empty(),
                Optional.empty(), dtype, quantization, Optional.empty(), OptionalDouble.empty(), Optional.empty(), Map.of());
    }
}
