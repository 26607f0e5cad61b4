package dev.kiq.corpus;

import static dev.kiq.corpus.CorpusReaderTest.GOOD;
import static dev.kiq.corpus.CorpusReaderTest.bad;
import static dev.kiq.corpus.CorpusReaderTest.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiq.KiqException;
import dev.kiq.catalog.Catalog;
import dev.kiq.profile.ProfileFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each rule of a corpus file that the reader enforces, broken one at a time in {@link CorpusReaderTest#GOOD}: the
 * message names the field and says what is valid (issue 10, "a corpus file with a missing field ...: one message
 * naming the file, line and field"), and the value just inside each bound is accepted. Written for the mutants PIT
 * left alive in {@link CorpusReader}, {@link PrefixCache} and {@link PublishedCorpus}.
 */
class CorpusReaderRulesTest {

    private static final String ARRIVAL = "      arrival: {kind: concurrency, concurrency: 16}\n";
    /** GOOD on vLLM 0.10.1's V1 engine, where automatic prefix caching is on by default. */
    private static final String V1 = GOOD.replace("engine: V0", "engine: V1").replace("version: \"0.6.3\"", "version: \"0.10.1\"")
            .replace("num_scheduler_steps: 8, ", "");

    /** GOOD with its server args replaced by {@code args}. */
    private static String withArgs(String args) {
        return GOOD.replace("args: {num_scheduler_steps: 8, enable_chunked_prefill: false, tensor_parallel_size: 2}", "args: " + args);
    }

    /** Asserts that {@code yaml} is refused naming {@code field}, with a message that contains {@code valid}. */
    private static void refused(String yaml, String field, String valid) {
        ProfileFormatException e = bad(yaml);
        assertThat(e.field()).contains(field);
        assertThat(e.getMessage()).contains(valid);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            args: {num_scheduler_steps: 8, enable_chunked_prefill: false, tensor_parallel_size: 2} | args: [8] | points[0].server.args | valid: a mapping of vLLM argument names
            num_scheduler_steps: 8 | num_scheduler_steps: 0 | points[0].server.args.num_scheduler_steps | 0 is not allowed; valid: a whole number of at least 1
            num_scheduler_steps: 8 | num_scheduler_steps: 2.5 | points[0].server.args.num_scheduler_steps | valid: a whole number of at least 1
            enable_chunked_prefill: false | enable_chunked_prefill: "no" | points[0].server.args.enable_chunked_prefill | valid: true or false
            enable_chunked_prefill: false | gpu_memory_utilization: 0 | points[0].server.args.gpu_memory_utilization | valid: a fraction above 0 and at most 1
            enable_chunked_prefill: false | gpu_memory_utilization: 1.01 | points[0].server.args.gpu_memory_utilization | valid: a fraction above 0 and at most 1
            enable_chunked_prefill: false | kv_cache_dtype: "  " | points[0].server.args.kv_cache_dtype | is not a text; valid: the value as given to vLLM
            enable_chunked_prefill: false | dtype: 16 | points[0].server.args.dtype | is not a text; valid: the value as given to vLLM
            tensor_parallel_size: 2 | tensor_parallel_size: 4 | points[0].server.args.tensor_parallel_size | does not divide the accelerator count 2
            tensor_parallel_size: 2 | tensor_parallel_size: 1 | points[0].server.args.tensor_parallel_size | 1 × pipeline 1 is not the point's count 2
            tensor_parallel_size: 2 | tensor_parallel_size: 2, pipeline_parallel_size: 3 | points[0].server.args.pipeline_parallel_size | does not divide the accelerator count 2
            name: vllm | name: sglang | points[0].server.name | "sglang" is not a server the corpus holds; valid: vllm
            version: "0.6.3" | version: "latest" | points[0].server.version | "latest" is not a release; valid: a version such as 0.6.3
            engine: V0 | engine: V2 | points[0].server.engine | "V2" is not a engine; valid: V0, V1
            reading: printed | reading: guessed | points[0].reading | "guessed" is not a reading; valid: printed, figure
            {kind: concurrency, concurrency: 16} | {kind: concurrency, concurrency: 16, rate: 4} | points[0].workload.arrival.rate | a rate belongs only to a poisson arrival
            {kind: concurrency, concurrency: 16} | {kind: rush} | points[0].workload.arrival.kind | "rush" is not a arrival kind; valid: poisson
            inputTokens: {fixed: 1024} | inputTokens: {} | points[0].workload.inputTokens | no length given; valid: fixed, or any of min, median
            inputTokens: {fixed: 1024} | inputTokens: {fixed: 1024, mean: 1000} | points[0].workload.inputTokens | fixed is given with statistics
            ttftMs: {mean: 21.5, p99: 48} | ttftMs: {} | points[0].figures.ttftMs | no statistic; valid: any of mean, median, p90, p99, unstated (ms)
            url: "https://example.org/post" | url: "ftp://example.org/post" | source.url | "ftp://example.org/post" is not a URL; valid: an address starting with https://
            """)
    void aBrokenRuleNamesItsFieldAndWhatIsValid(String from, String to, String field, String valid) {
        assertThat(GOOD).contains(from);
        String yaml = GOOD.replace(from, to);
        refused(yaml, field, valid);
        // the one message names the file, the line the broken value is written on (1-based) and the field
        int line = yaml.substring(0, yaml.indexOf(to)).split("\n", -1).length;
        assertThat(bad(yaml).getMessage()).startsWith("some/dir/mine.yaml, line " + line + ", field " + field + ": ");
    }

    @Test
    void aReadingNamesEveryValidValue() {
        // the valid values are listed in lower case for a reading, as written in the files
        assertThat(bad(GOOD.replace("reading: printed", "reading: x")).getMessage()).endsWith("valid: printed, figure");
        assertThat(bad(GOOD.replace("engine: V0", "engine: v9")).getMessage()).endsWith("valid: V0, V1");
    }

    @Test
    void theValuesJustInsideEachBoundAreAccepted() {
        PublishedPoint point = read(withArgs("{num_scheduler_steps: 1, gpu_memory_utilization: 1.0, kv_cache_dtype: fp8, tensor_parallel_size: 2}"))
                .points().get(0);
        assertThat(point.server().args().numSchedulerSteps()).hasValue(1);
        assertThat(point.server().args().gpuMemoryUtilization()).hasValue(1.0);
        assertThat(point.server().args().kvCacheDtype()).contains("fp8");
        // a Poisson run with its rate, and a burst of the 200 prompts, are read with no concurrency
        assertThat(read(GOOD.replace("{kind: concurrency, concurrency: 16}", "{kind: poisson, rate: 4}")).points().get(0)
                .workload().arrival().rate()).hasValue(4.0);
        assertThat(read(GOOD.replace("{kind: concurrency, concurrency: 16}", "{kind: burst}")).points().get(0)
                .workload().arrival().concurrency()).isEmpty();
        // an argument kiq does not type keeps its value as written: a scalar as its text, a mapping as JSON
        assertThat(read(withArgs("{tensor_parallel_size: 2, compilation_config: {cudagraph_mode: FULL}}")).points().get(0)
                .server().args().others()).containsEntry("compilation_config", "{\"cudagraph_mode\":\"FULL\"}")
                .containsEntry("tensor_parallel_size", "2");
        // V1 exists from 0.7 on: a 0.7.3 V1 run is read
        assertThat(read(V1.replace("version: \"0.10.1\"", "version: \"0.7.3\"")).points().get(0).server().engine())
                .isEqualTo(ServerRun.Engine.V1);
        // a hit rate just below 1 is a fraction of the prompt; 1 itself is refused (a prompt always computes a token)
        assertThat(read(V1.replace(ARRIVAL, ARRIVAL + "      prefixCache: {hitRate: 0.99}\n")).points().get(0).workload()
                .prefixCache().orElseThrow().hitRate()).hasValue(0.99);
        refused(V1.replace(ARRIVAL, ARRIVAL + "      prefixCache: {hitRate: 1}\n"),
                "points[0].workload.prefixCache.hitRate", "valid: a fraction above 0 and below 1");
    }

    @Test
    void tensorTimesPipelineParallelIsTheCount() {
        // 2 x 2 = 4 accelerators (and not 2 / 2)
        String four = withArgs("{tensor_parallel_size: 2, pipeline_parallel_size: 2}").replace("count: 2", "count: 4");
        PublishedPoint point = read(four).points().get(0);
        assertThat(point.count()).isEqualTo(4);
        assertThat(point.server().args().others()).containsEntry("pipeline_parallel_size", "2");
        // without tensor_parallel_size nothing is multiplied: count 2 with no parallelism named is read as written
        assertThat(read(withArgs("{num_scheduler_steps: 8}")).points().get(0).count()).isEqualTo(2);
    }

    @Test
    void aPointIsOnTheAcceleratorItNames() {
        PublishedPoint point = read(GOOD).points().get(0);
        assertThat(point.accelerator()).isEqualTo("nvidia-l4");
        assertThat(point.qualifiedId()).isEqualTo("mine/p1");
        assertThat(point.figures(Figure.Metric.TTFT)).extracting(Figure::statistic)
                .containsExactly(Figure.Statistic.MEAN, Figure.Statistic.P99);
        assertThat(point.figures(Figure.Metric.TPOT)).isEmpty();
        assertThat(Figure.Statistic.P90.key()).isEqualTo("p90");
    }

    @Test
    void ignoreEosIsReadAsWritten() {
        String workload = "      dataset: random\n";
        assertThat(read(GOOD.replace(workload, workload + "      ignoreEos: true\n")).points().get(0).workload().ignoreEos()).isTrue();
        assertThat(read(GOOD.replace(workload, workload + "      ignoreEos: false\n")).points().get(0).workload().ignoreEos()).isFalse();
    }

    @Test
    void chatStreamIsReadAsWrittenAndOffWhenAbsent() {
        String workload = "      dataset: random\n";
        assertThat(read(GOOD).points().get(0).workload().chatStream()).isFalse();
        assertThat(read(GOOD.replace(workload, workload + "      chatStream: true\n")).points().get(0).workload().chatStream()).isTrue();
        refused(GOOD.replace(workload, workload + "      chatStream: chat\n"), "points[0].workload.chatStream", "valid: true or false");
    }

    @Test
    void prefixCachingFollowsTheEngineDefaultUnlessTheRunSetsIt() {
        String cached = ARRIVAL + "      prefixCache: {sharedPrefix: 512}\n";
        // V0 with prefix caching turned on: read
        assertThat(read(withArgs("{enable_prefix_caching: true, tensor_parallel_size: 2}").replace(ARRIVAL, cached)).points().get(0)
                .workload().prefixCache()).isPresent();
        // V1 with it turned off: refused, and the message says how it was turned off
        refused(V1.replace("enable_chunked_prefill: false", "enable_prefix_caching: false").replace(ARRIVAL, cached),
                "points[0].workload.prefixCache", "prefix caching is off in this run (V1 with enable_prefix_caching: false)");
    }

    @Test
    void aSourceOnGitHubNeedsACommitAndMayCarryADate() {
        String repo = GOOD.replace("  url: \"https://example.org/post\"\n",
                "  repository: acme/bench\n  path: results/README.md\n  commit: 0a1b2c3\n  date: \"2024-09-05\"\n");
        CorpusSource source = read(repo).source();
        assertThat(source.location()).isEqualTo("acme/bench:results/README.md@0a1b2c3");
        assertThat(source.date()).contains("2024-09-05");
        refused(repo.replace("commit: 0a1b2c3", "commit: main"),
                "source.commit", "\"main\" is not a commit; valid: 7 to 40 lower-case hex digits");
        refused(repo.replace("\"2024-09-05\"", "\"2024-13-05\""),
                "source.date", "\"2024-13-05\" is not a date; valid: an ISO date");
        assertThat(read(GOOD).source().date()).isEmpty();
    }

    @Test
    void pointsAndModelsMustHaveTheirShape() {
        refused(GOOD.substring(0, GOOD.indexOf("points:")) + "points: []\n",
                "points", "valid: a non-empty list of points");
        refused(GOOD.replace("points:\n", "models: [acme/tiny]\npoints:\n"),
                "models", "valid: a mapping from Hugging Face model id to its config");
        refused(GOOD.replace("points:\n", "models:\n  acme/tiny:\n    configSource: x\n    config: 5\npoints:\n"),
                "models.acme/tiny.config", "valid: a mapping of the model's config.json fields");
        ProfileFormatException fields = bad(GOOD.replace("points:\n",
                "models:\n  acme/tiny:\n    configSource: x\n    config: {model_type: llama}\npoints:\n"));
        assertThat(fields.field()).contains("models.acme/tiny.config");
        refused(GOOD.replace("      outputTokensPerSecond: 812.4\n      ttftMs: {mean: 21.5, p99: 48}\n", "")
                .replace("    figures:\n", "    figures: {}\n"),
                "points[0].figures", "no figure; valid: at least one of");
    }

    /*
     * A prefix cache's hit per request, by hand: the first 2 prompts cached whole; a shared prefix of 64 tokens (all of
     * a 40-token prompt); a quarter of a 100-token prompt (25), and 0.3 of 10 (3: floor of 3.0000000000000004).
     */
    @Test
    void aPrefixCacheHitPerRequest() {
        PrefixCache first = new PrefixCache(OptionalInt.of(2), OptionalInt.empty(), OptionalDouble.empty());
        assertThat(first.cachedTokens(1, 500)).isEqualTo(500);
        assertThat(first.cachedTokens(2, 500)).isZero();
        PrefixCache shared = new PrefixCache(OptionalInt.empty(), OptionalInt.of(64), OptionalDouble.empty());
        assertThat(shared.cachedTokens(5, 40)).isEqualTo(40);
        assertThat(shared.cachedTokens(5, 100)).isEqualTo(64);
        assertThat(new PrefixCache(OptionalInt.empty(), OptionalInt.empty(), OptionalDouble.of(0.25)).cachedTokens(0, 100)).isEqualTo(25);
        assertThat(new PrefixCache(OptionalInt.empty(), OptionalInt.empty(), OptionalDouble.of(0.3)).cachedTokens(0, 10)).isEqualTo(3);
        // exactly one way: each single way is accepted, two or none refused
        assertThatThrownBy(() -> new PrefixCache(OptionalInt.of(2), OptionalInt.of(64), OptionalDouble.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PrefixCache(OptionalInt.empty(), OptionalInt.of(64), OptionalDouble.of(0.5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PrefixCache(OptionalInt.of(2), OptionalInt.empty(), OptionalDouble.of(0.5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PrefixCache(OptionalInt.empty(), OptionalInt.empty(), OptionalDouble.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PrefixCache(OptionalInt.empty(), OptionalInt.of(64), OptionalDouble.empty(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /*
     * pointsFor sorts by source, then by line: a.yaml's point stands on a later line than b.yaml's (five comment lines
     * above it), and still comes first.
     */
    @Test
    void theRunsOfACombinationComeBySourceThenLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "#\n#\n#\n#\n#\n" + GOOD);
        Files.writeString(dir.resolve("b.yaml"), GOOD.replace("id: p1", "id: q1"));
        Files.writeString(dir.resolve(PublishedCorpus.INDEX), "b.yaml\na.yaml\n");
        PublishedCorpus corpus = PublishedCorpus.load(dir, Catalog.bundled());
        assertThat(corpus.points()).extracting(PublishedPoint::line).containsExactly(CorpusReaderTest.read(GOOD).points().get(0)
                .line(), CorpusReaderTest.read(GOOD).points().get(0).line() + 5);
        assertThat(corpus.pointsFor("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "nvidia-l4", 2))
                .extracting(PublishedPoint::qualifiedId).containsExactly("a/p1", "b/q1");
    }

    /*
     * Two sources in a folder: a.yaml with a knee and two runs, b.yaml with one run on another accelerator.
     * quickCheck(1) drops the knee and keeps one run of a (its first) and b's run; without("a") is b's point;
     * pointsFor finds a's runs whatever the case of the model id.
     */
    @Test
    void aFolderCorpusIsSplitBySourceAndCombination(@TempDir Path dir) throws IOException {
        String run = GOOD.substring(GOOD.indexOf("  - id: p1"));
        String knee = run.replace("id: p1", "id: k1").replace("{kind: concurrency, concurrency: 16}", "{kind: knee}");
        Files.writeString(dir.resolve("a.yaml"), GOOD.substring(0, GOOD.indexOf("  - id: p1")) + knee + run + run.replace("id: p1", "id: p2"));
        Files.writeString(dir.resolve("b.yaml"), GOOD.replace("accelerator: nvidia-l4", "accelerator: nvidia-tesla-a100")
                .replace("count: 2", "count: 1").replace(", tensor_parallel_size: 2", "").replace("id: p1", "id: q1"));
        Files.writeString(dir.resolve(PublishedCorpus.INDEX), "# two sources\n\na.yaml\nb.yaml\n");
        PublishedCorpus corpus = PublishedCorpus.load(dir, Catalog.bundled());
        assertThat(corpus.points()).extracting(PublishedPoint::qualifiedId).containsExactly("a/k1", "a/p1", "a/p2", "b/q1");
        assertThat(corpus.quickCheck(1).points()).extracting(PublishedPoint::qualifiedId).containsExactly("a/p1", "b/q1");
        assertThat(corpus.quickCheck(5).points()).extracting(PublishedPoint::qualifiedId).containsExactly("a/p1", "a/p2", "b/q1");
        assertThat(corpus.without("a")).extracting(PublishedPoint::qualifiedId).containsExactly("b/q1");
        assertThat(corpus.pointsFor("DEEPSEEK-AI/deepseek-r1-distill-qwen-7b", "nvidia-l4", 2))
                .extracting(PublishedPoint::qualifiedId).containsExactly("a/k1", "a/p1", "a/p2");
        assertThat(corpus.pointsFor("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "nvidia-l4", 1)).isEmpty();
        Files.writeString(dir.resolve(PublishedCorpus.INDEX), "a.yaml\nb.yaml\nsub/c.yaml\n");
        assertThatThrownBy(() -> PublishedCorpus.load(dir, Catalog.bundled())).isInstanceOf(KiqException.class)
                .hasMessageContaining("lists \"sub/c.yaml\"; valid: a file name ending in .yaml, one a line.");
        Files.writeString(dir.resolve(PublishedCorpus.INDEX), "a.yaml\nb.yaml\nc.yaml\n");
        assertThatThrownBy(() -> PublishedCorpus.load(dir, Catalog.bundled())).isInstanceOf(KiqException.class)
                .hasMessageContaining("lists c.yaml, which does not exist in");
    }
}
