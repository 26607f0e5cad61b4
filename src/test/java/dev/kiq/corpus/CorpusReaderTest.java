package dev.kiq.corpus;

import dev.kiq.KiqException;
import dev.kiq.catalog.Catalog;
import dev.kiq.profile.ProfileFormatException;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CorpusReaderTest {

    private static final Catalog CATALOG = Catalog.bundled();

    /** A valid one-point file; the tests break one line of it at a time. */
    static final String GOOD = """
            source:
              publisher: Someone
              title: "A benchmark"
              url: "https://example.org/post"
            points:
              - id: p1
                model: deepseek-ai/DeepSeek-R1-Distill-Qwen-7B
                accelerator: nvidia-l4
                count: 2
                server:
                  name: vllm
                  version: "0.6.3"
                  engine: V0
                  args: {num_scheduler_steps: 8, enable_chunked_prefill: false, tensor_parallel_size: 2}
                workload:
                  dataset: random
                  prompts: 200
                  inputTokens: {fixed: 1024}
                  outputTokens: {mean: 128.5}
                  arrival: {kind: concurrency, concurrency: 16}
                figures:
                  outputTokensPerSecond: 812.4
                  ttftMs: {mean: 21.5, p99: 48}
                reading: printed
                where: "first comment"
            """;

    static CorpusReader.SourceFile read(String yaml) {
        return CorpusReader.read(yaml.getBytes(StandardCharsets.UTF_8), "some/dir/mine.yaml", CATALOG);
    }

    static ProfileFormatException bad(String yaml) {
        try {
            read(yaml);
        } catch (ProfileFormatException e) {
            return e;
        }
        throw new AssertionError("accepted:\n" + yaml);
    }

    @Test
    void everyShippedCorpusFileLoads() {
        PublishedCorpus corpus = PublishedCorpus.load(Path.of(PublishedCorpus.FOLDER), CATALOG);
        assertThat(corpus.sources()).isNotEmpty();
        assertThat(corpus.points()).isNotEmpty();
        // the copy inside kiq (classpath) is the same corpus
        assertThat(PublishedCorpus.bundled().points()).hasSameSizeAs(corpus.points());
    }

    @Test
    void theSeedKneesArePartOfTheCorpus() {
        PublishedCorpus corpus = PublishedCorpus.bundled();
        PublishedPoint a100 = corpus.pointsFor("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "nvidia-tesla-a100", 1).stream()
                .filter(p -> p.workload().arrival().kind() == Arrival.Kind.KNEE).findFirst().orElseThrow();
        assertThat(a100.figure(Figure.Metric.OUTPUT_THROUGHPUT, Figure.Statistic.RATE)).contains(3357.0);
        assertThat(a100.figure(Figure.Metric.NTPOT, Figure.Statistic.UNSTATED)).contains(72.0);
        assertThat(a100.server().engine()).isEqualTo(ServerRun.Engine.V0);
    }

    @Test
    void aGoodFileIsReadIntoTypedPoints() {
        CorpusReader.SourceFile file = read(GOOD);
        assertThat(file.source().id()).isEqualTo("mine");
        assertThat(file.source().location()).isEqualTo("https://example.org/post");
        PublishedPoint point = file.points().get(0);
        assertThat(point.line()).isEqualTo(6);
        assertThat(point.model().numLayers()).isEqualTo(28);
        assertThat(point.server().args().numSchedulerSteps()).hasValue(8);
        assertThat(point.server().args().chunkedPrefill()).contains(false);
        assertThat(point.server().args().others()).containsEntry("tensor_parallel_size", "2");
        assertThat(point.workload().input().fixed()).hasValue(1024);
        assertThat(point.workload().output().average()).hasValue(128.5);
        assertThat(point.workload().arrival().concurrency()).hasValue(16);
        assertThat(point.figure(Figure.Metric.TTFT, Figure.Statistic.P99)).contains(48.0);
        assertThat(point.figure(Figure.Metric.TTFT, Figure.Statistic.MEDIAN)).isEmpty();
        assertThat(point.reading()).isEqualTo(PublishedPoint.Reading.PRINTED);
    }

    @Test
    void aPrefixCacheIsReadWhenPrefixCachingIsOnAndRefusedWhenItIsOff() {
        String v1 = GOOD.replace("engine: V0", "engine: V1").replace("version: \"0.6.3\"", "version: \"0.10.1\"")
                .replace("num_scheduler_steps: 8, ", "");
        PublishedPoint p = read(v1.replace("      arrival: {kind: concurrency, concurrency: 16}\n",
                "      arrival: {kind: concurrency, concurrency: 16}\n      prefixCache: {cachedPrompts: 30}\n")).points().get(0);
        PrefixCache cache = p.workload().prefixCache().orElseThrow();
        assertThat(cache.cachedTokens(29, 1024)).isEqualTo(1024);
        assertThat(cache.cachedTokens(30, 1024)).isZero();
        assertThat(read(v1).points().get(0).workload().prefixCache()).isEmpty();
        // V0 leaves automatic prefix caching off unless the run turned it on
        ProfileFormatException off = bad(GOOD.replace("      arrival: {kind: concurrency, concurrency: 16}\n",
                "      arrival: {kind: concurrency, concurrency: 16}\n      prefixCache: {sharedPrefix: 512}\n"));
        assertThat(off.field()).contains("points[0].workload.prefixCache");
        assertThat(off.getMessage()).contains("prefix caching is off").contains("enable_prefix_caching: true");
        ProfileFormatException two = bad(v1.replace("      arrival: {kind: concurrency, concurrency: 16}\n",
                "      arrival: {kind: concurrency, concurrency: 16}\n      prefixCache: {sharedPrefix: 512, hitRate: 0.4}\n"));
        assertThat(two.getMessage()).contains("exactly one of cachedPrompts");
        ProfileFormatException rate = bad(v1.replace("      arrival: {kind: concurrency, concurrency: 16}\n",
                "      arrival: {kind: concurrency, concurrency: 16}\n      prefixCache: {hitRate: 1.5}\n"));
        assertThat(rate.field()).contains("points[0].workload.prefixCache.hitRate");
    }

    @Test
    void severalSharedPrefixesGroupThePromptsInTurnAndNeedASharedPrefix() {
        String v1 = GOOD.replace("engine: V0", "engine: V1").replace("version: \"0.6.3\"", "version: \"0.10.1\"")
                .replace("num_scheduler_steps: 8, ", "");
        PrefixCache ten = read(v1.replace("      arrival: {kind: concurrency, concurrency: 16}\n",
                "      arrival: {kind: concurrency, concurrency: 16}\n      prefixCache: {sharedPrefix: 1760, prefixes: 10}\n"))
                .points().get(0).workload().prefixCache().orElseThrow();
        // prompt i starts with document i mod 10: prompts 3, 13 and 23 share one, 4 another
        assertThat(ten.prefixGroup(3)).isEqualTo(3);
        assertThat(ten.prefixGroup(13)).isEqualTo(3);
        assertThat(ten.prefixGroup(23)).isEqualTo(3);
        assertThat(ten.prefixGroup(4)).isEqualTo(4);
        assertThat(ten.cachedTokens(13, 1800)).isEqualTo(1760);
        // one system prompt: every prompt in group 0; a repeated prompt's prefix is its own (-1)
        assertThat(new PrefixCache(OptionalInt.empty(), OptionalInt.of(512), OptionalDouble.empty()).prefixGroup(7)).isZero();
        assertThat(new PrefixCache(OptionalInt.of(30), OptionalInt.empty(), OptionalDouble.empty()).prefixGroup(7)).isEqualTo(-1);
        ProfileFormatException alone = bad(v1.replace("      arrival: {kind: concurrency, concurrency: 16}\n",
                "      arrival: {kind: concurrency, concurrency: 16}\n      prefixCache: {cachedPrompts: 30, prefixes: 10}\n"));
        assertThat(alone.field()).contains("points[0].workload.prefixCache.prefixes");
        assertThat(alone.getMessage()).contains("only valid with sharedPrefix");
        ProfileFormatException none = bad(v1.replace("      arrival: {kind: concurrency, concurrency: 16}\n",
                "      arrival: {kind: concurrency, concurrency: 16}\n      prefixCache: {prefixes: 10}\n"));
        assertThat(none.getMessage()).contains("exactly one of cachedPrompts");
    }

    @Test
    void aMissingFieldNamesFileLineAndField() {
        ProfileFormatException e = bad(GOOD.replace("    count: 2\n", ""));
        assertThat(e.source()).isEqualTo("some/dir/mine.yaml");
        assertThat(e.field()).contains("points[0].count");
        assertThat(e.line()).isEqualTo(6);   // the point that lacks it
        assertThat(e.getMessage()).isEqualTo("some/dir/mine.yaml, line 6, field points[0].count: missing; this field is required; "
                + "valid: a whole number of at least 1");
    }

    @Test
    void aMissingSectionIsNamedOnceAtItsParentsLine() {
        // a section read inside its own path was named twice (points[0].workload.workload) at a line that does not exist
        ProfileFormatException workload = bad(GOOD.replaceAll("(?s)    workload:\n.*?(    figures:)", "$1"));
        assertThat(workload.getMessage()).isEqualTo("some/dir/mine.yaml, line 6, field points[0].workload: missing; this field is required; "
                + "valid: a mapping with the fields dataset, prompts, inputTokens, outputTokens, ignoreEos, arrival, prefixCache, chatStream");
        ProfileFormatException source = bad(GOOD.replaceAll("(?s)source:\n.*?(points:)", "$1"));
        assertThat(source.getMessage()).isEqualTo("some/dir/mine.yaml, line 1, field source: missing; this field is required; "
                + "valid: a mapping with the fields publisher, title, url, repository, path, commit, date");
    }

    @Test
    void anUnquotedVersionIsRejectedBeforeYamlTurnsItIntoANumber() {
        // YAML reads 0.10 as the number 0.1: the text rule (shared with profiles) asks for quotes
        ProfileFormatException e = bad(GOOD.replace("version: \"0.6.3\"", "version: 0.10"));
        assertThat(e.field()).contains("points[0].server.version");
        assertThat(e.line()).isEqualTo(12);   // the version line
        assertThat(e.getMessage()).contains("0.1 is not a text").contains("quote it if it looks like a number");
    }

    @Test
    void aMisspelledFieldNamesTheClosestValidOne() {
        ProfileFormatException e = bad(GOOD.replace("    reading: printed", "    readng: printed"));
        assertThat(e.field()).contains("points[0].readng");
        assertThat(e.getMessage()).contains("unknown field (did you mean reading?); valid fields here: id, model, accelerator");
    }

    @Test
    void anUnknownAcceleratorSuggestsTheCatalogId() {
        ProfileFormatException e = bad(GOOD.replace("accelerator: nvidia-l4", "accelerator: a100-80"));
        assertThat(e.line()).isEqualTo(8);
        assertThat(e.field()).contains("points[0].accelerator");
        assertThat(e.getMessage()).contains("Unknown accelerator \"a100-80\"; did you mean \"nvidia-a100-80gb\"?");
    }

    @Test
    void anUnknownModelSaysWhereModelsComeFrom() {
        ProfileFormatException e = bad(GOOD.replace("model: deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "model: acme/unknown-7b"));
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.getMessage()).contains("field points[0].model").contains("not in this file's models nor in the catalog");
    }

    @Test
    void aModelOutsideTheCatalogIsReadFromItsConfigFields() {
        String yaml = GOOD.replace("points:\n", """
                models:
                  acme/tiny:
                    configSource: "a test"
                    config: {model_type: llama, hidden_size: 1024, intermediate_size: 4096, num_hidden_layers: 4,
                             num_attention_heads: 8, num_key_value_heads: 2, vocab_size: 32000,
                             max_position_embeddings: 4096, torch_dtype: bfloat16}
                points:
                """).replace("model: deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "model: acme/tiny");
        PublishedPoint point = read(yaml).points().get(0);
        assertThat(point.model().id()).isEqualTo("acme/tiny");
        assertThat(point.model().headDim()).isEqualTo(128);   // 1024 / 8
        assertThat(point.model().numKeyValueHeads()).isEqualTo(2);
    }

    @Test
    void aMisspelledEngineArgumentIsRefusedWithASuggestion() {
        ProfileFormatException e = bad(GOOD.replace("num_scheduler_steps: 8", "num_schedular_steps: 8"));
        assertThat(e.field()).contains("points[0].server.args.num_schedular_steps");
        assertThat(e.getMessage()).contains("unknown vLLM argument; did you mean num_scheduler_steps?");
    }

    @Test
    void tensorParallelSizeMustMatchTheCount() {
        ProfileFormatException e = bad(GOOD.replace("tensor_parallel_size: 2", "tensor_parallel_size: 4"));
        assertThat(e.field()).contains("points[0].server.args.tensor_parallel_size");
    }

    /*
     * vLLM's SchedulerConfig refuses max_num_batched_tokens below max_num_seqs, and (V0) below max_model_len with chunked
     * prefill off; a run with them never happened. Each boundary on both sides; the field is on the args line (14).
     * DeepSeek-R1-Distill-Qwen-7B's context (max_position_embeddings) is 131072, vLLM's max_model_len when none is given.
     */
    @Test
    void schedulerSettingsVllmRefusesAtStartAreRefusedNamingTheArgument() {
        String seqs = "args: {num_scheduler_steps: 8, enable_chunked_prefill: true, tensor_parallel_size: 2, max_num_seqs: 256, "
                + "max_num_batched_tokens: %d}";
        ProfileFormatException e = bad(GOOD.replace("args: {num_scheduler_steps: 8, enable_chunked_prefill: false, tensor_parallel_size: 2}",
                seqs.formatted(255)));
        assertThat(e.line()).isEqualTo(14);
        assertThat(e.getMessage()).isEqualTo("some/dir/mine.yaml, line 14, field points[0].server.args.max_num_batched_tokens: 255 is "
                + "below max_num_seqs 256: vLLM refuses to start so (a step holds one token of each running sequence); valid: at least 256");
        assertThat(read(GOOD.replace("args: {num_scheduler_steps: 8, enable_chunked_prefill: false, tensor_parallel_size: 2}",
                seqs.formatted(256))).points().get(0).server().args().maxNumBatchedTokens()).hasValue(256);

        String len = "args: {num_scheduler_steps: 8, enable_chunked_prefill: false, tensor_parallel_size: 2, max_model_len: 4096, "
                + "max_num_batched_tokens: %d}";
        String off = "args: {num_scheduler_steps: 8, enable_chunked_prefill: false, tensor_parallel_size: 2}";
        assertThat(bad(GOOD.replace(off, len.formatted(4095))).getMessage()).isEqualTo("some/dir/mine.yaml, line 14, field "
                + "points[0].server.args.max_num_batched_tokens: 4095 is below max_model_len 4096 with enable_chunked_prefill false: "
                + "vLLM V0 refuses to start so (a step holds a whole prompt); valid: at least 4096, or enable_chunked_prefill true");
        assertThat(read(GOOD.replace(off, len.formatted(4096))).points()).hasSize(1);
        assertThat(bad(GOOD.replace(off, off.replace("}", ", max_num_batched_tokens: 4096}"))).getMessage())
                .contains("4096 is below max_model_len 131072 (deepseek-ai/DeepSeek-R1-Distill-Qwen-7B's context) with enable_chunked_prefill false");
        // chunked prefill on (or not said off) allows a budget below max_model_len; V1 chunks whatever the flag says
        assertThat(read(GOOD.replace(off, len.replace("false", "true").formatted(512))).points()).hasSize(1);
        assertThat(read(GOOD.replace(off, len.replace("enable_chunked_prefill: false, ", "").formatted(512))).points()).hasSize(1);
        assertThat(read(GOOD.replace(off, len.formatted(512)).replace("engine: V0", "engine: V1")
                .replace("version: \"0.6.3\"", "version: \"0.10.1\"").replace("num_scheduler_steps: 8, ", "")).points()).hasSize(1);
    }

    @Test
    void anEngineTheVersionDidNotHaveIsRefused() {
        assertThat(bad(GOOD.replace("engine: V0", "engine: V1")).getMessage())
                .contains("field points[0].server.engine: vLLM 0.6.3 has no V1 engine");
        assertThat(bad(GOOD.replace("version: \"0.6.3\"", "version: \"0.11.0\"")).getMessage())
                .contains("vLLM 0.11.0 has no V0 engine");
    }

    @Test
    void aLatencyNeedsANamedStatistic() {
        ProfileFormatException e = bad(GOOD.replace("ttftMs: {mean: 21.5, p99: 48}", "ttftMs: {average: 21.5}"));
        assertThat(e.field()).contains("points[0].figures.ttftMs.average");
        assertThat(e.getMessage()).contains("valid fields here: mean, median, p90, p99, unstated");
    }

    @Test
    void aBurstNeedsItsPromptCountAndAPoissonRunItsRate() {
        assertThat(bad(GOOD.replace("      prompts: 200\n", "").replace("{kind: concurrency, concurrency: 16}", "{kind: burst}")).field())
                .contains("points[0].workload.prompts");
        assertThat(bad(GOOD.replace("{kind: concurrency, concurrency: 16}", "{kind: poisson}")).field())
                .contains("points[0].workload.arrival.rate");
    }

    @Test
    void aSourceNeedsALocation() {
        ProfileFormatException e = bad(GOOD.replace("  url: \"https://example.org/post\"\n", ""));
        assertThat(e.field()).contains("source");
        assertThat(e.getMessage()).contains("valid: url, or repository with path and commit");
    }

    @Test
    void duplicatePointIdsAreRefused() {
        String twice = GOOD + GOOD.substring(GOOD.indexOf("  - id: p1"));
        assertThat(bad(twice).field()).contains("points[1].id");
    }

    @Test
    void brokenYamlNamesItsLine() {
        ProfileFormatException e = bad(GOOD.replace("count: 2", "count: [2"));
        assertThat(e.line()).isGreaterThan(8);
        assertThat(e.getMessage()).contains("not valid YAML");
    }

    @Test
    void aFileMissingFromTheIndexIsReported(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("mine.yaml"), GOOD);
        Files.writeString(dir.resolve(PublishedCorpus.INDEX), "# none yet\n");
        assertThatThrownBy(() -> PublishedCorpus.load(dir, CATALOG)).isInstanceOf(KiqException.class)
                .hasMessageContaining("mine.yaml is not listed in");
        Files.writeString(dir.resolve(PublishedCorpus.INDEX), "mine.yaml\n");
        assertThat(PublishedCorpus.load(dir, CATALOG).points()).hasSize(1);
    }

    @Test
    void theReducedCorpusKeepsEverySourceWithFewerPoints() {
        PublishedCorpus corpus = PublishedCorpus.bundled();
        PublishedCorpus reduced = corpus.reduced(1);
        assertThat(reduced.sources()).isEqualTo(corpus.sources());
        assertThat(reduced.points()).hasSize(corpus.sources().size());
        assertThat(corpus.reduced(1000).points()).isEqualTo(corpus.points());
    }

    @Test
    void optionalFieldsAreEmptyWhenAbsent() {
        PublishedPoint point = read(GOOD).points().get(0);
        assertThat(point.note()).isEqualTo(Optional.empty());
        assertThat(point.server().args().maxNumSeqs()).isEmpty();
        assertThat(point.workload().ignoreEos()).isFalse();
        assertThat(point.server().coldStart()).isFalse();
    }

    @Test
    void aColdStartIsReadAndMustBeTrueOrFalse() {
        String cold = GOOD.replace("      engine: V0\n", "      engine: V0\n      coldStart: true\n");
        assertThat(read(cold).points().get(0).server().coldStart()).isTrue();
        ProfileFormatException e = bad(GOOD.replace("      engine: V0\n", "      engine: V0\n      coldStart: yes please\n"));
        assertThat(e.field()).contains("points[0].server.coldStart");
        assertThat(e.getMessage()).contains("valid: true or false");
    }

    @Test
    void aKneeIsHeldOnlyWhenMarkedAndHoldMustBeTrueOrFalseOnAKnee() {
        String knee = GOOD.replace("arrival: {kind: concurrency, concurrency: 16}", "arrival: {kind: knee}");
        assertThat(read(knee).points().get(0).hold()).isFalse();
        String held = knee.replace("    where: \"first comment\"\n", "    where: \"first comment\"\n    hold: true\n");
        assertThat(read(held).points().get(0).hold()).isTrue();

        // the point starts on line 6; where is its line 25, hold the 26th
        ProfileFormatException notBoolean = bad(held.replace("hold: true", "hold: yes please"));
        assertThat(notBoolean.source()).isEqualTo("some/dir/mine.yaml");
        assertThat(notBoolean.field()).contains("points[0].hold");
        assertThat(notBoolean.line()).isEqualTo(26);
        assertThat(notBoolean.getMessage()).contains("valid: true or false");

        // a single run is never a constraint: only a published knee may be held
        ProfileFormatException notKnee = bad(GOOD.replace("    where: \"first comment\"\n", "    where: \"first comment\"\n    hold: true\n"));
        assertThat(notKnee.getMessage()).isEqualTo("some/dir/mine.yaml, line 26, field points[0].hold: only a published knee is "
                + "held by the fit (this point's arrival is concurrency); valid: remove hold, or arrival: {kind: knee}");
    }
}
