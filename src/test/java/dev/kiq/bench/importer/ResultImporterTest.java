package dev.kiq.bench.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.kiq.KiqException;
import dev.kiq.profile.PerformancePoint;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultImporterTest {

    static final Path DIR = Path.of("src/test/resources/bench/import");

    @Test
    void inferenceBenchmarkTpotSummaryIsNtpotAndTimingsAreSeconds() {
        ImportedPoint p = ResultImporter.read(DIR.resolve("inference-benchmark-vllm-8.0qps.json"));
        PerformancePoint pt = p.point();
        assertThat(p.format()).isEqualTo(ResultFormat.INFERENCE_BENCHMARK);
        assertThat(pt.queriesPerSecond()).isEqualTo(8.0);
        assertThat(pt.outputTokensPerSecond()).isEqualTo(1551.2);
        assertThat(pt.inputTokensPerSecond()).isEqualTo(1796.5);
        // summary_stats tpot.median is request latency / output tokens, i.e. NTPOT, already in ms
        assertThat(pt.ntpotMilliseconds()).isEqualTo(17.6);
        // median_TTFT and median_TPOT are seconds
        assertThat(pt.ttftMilliseconds()).isCloseTo(53.4, within(1e-9));
        assertThat(pt.itlMilliseconds()).isCloseTo(15.8, within(1e-9));
        assertThat(pt.queueSize()).isEqualTo(0.12);
        assertThat(pt.batchSize()).isEqualTo(27.5);
        assertThat(pt.kvCacheUsage()).isEqualTo(0.1843);
        assertThat(p.model()).hasValue("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B");
        assertThat(p.modelServer()).hasValue("vllm");
        assertThat(p.date()).hasValue("2025-03-01");
        assertThat(p.notes()).isEmpty();
    }

    @Test
    void vllmTpotIsItlAndNtpotIsApproximatedFromE2eWhenNotDetailed() {
        ImportedPoint p = ResultImporter.read(DIR.resolve("vllm-8.0qps-DeepSeek-R1-Distill-Qwen-7B-20250301-130000.json"));
        PerformancePoint pt = p.point();
        assertThat(p.format()).isEqualTo(ResultFormat.VLLM_BENCH_SERVE);
        assertThat(pt.queriesPerSecond()).isEqualTo(8.0);
        assertThat(pt.outputTokensPerSecond()).isEqualTo(1560.0);
        assertThat(pt.inputTokensPerSecond()).isCloseTo(226000 / 125.0, within(1e-9));
        assertThat(pt.ttftMilliseconds()).isEqualTo(51.0);
        assertThat(pt.itlMilliseconds()).isEqualTo(16.0);
        // median e2el 2150 ms over a mean of 195 output tokens
        assertThat(pt.ntpotMilliseconds()).isCloseTo(2150 / 195.0, within(1e-9));
        assertThat(p.notes()).anyMatch(n -> n.contains("approximated"));
    }

    @Test
    void vllmDetailedArraysGiveExactNtpotAndInfRateUsesAchievedThroughput() {
        ImportedPoint p = ResultImporter.read(DIR.resolve("vllm-inf-detailed.json"));
        // per request e2e/out: (0.1+0.1)/2=0.1, (0.2+0.1)/3=0.1, (0.1+0.3)/4=0.1 s
        assertThat(p.point().ntpotMilliseconds()).isCloseTo(100.0, within(1e-9));
        assertThat(p.point().queriesPerSecond()).isEqualTo(1.5);
        assertThat(p.modelServer()).hasValue("vllm");
        assertThat(p.notes()).noneMatch(n -> n.contains("approximated"));
    }

    @Test
    void inferencePerfReportsSecondsAndNamesTheModelInItsConfig() {
        ImportedPoint p = ResultImporter.read(DIR.resolve("inference-perf/stage_0_lifecycle_metrics.json"));
        PerformancePoint pt = p.point();
        assertThat(p.format()).isEqualTo(ResultFormat.INFERENCE_PERF);
        assertThat(pt.queriesPerSecond()).isEqualTo(10.0);
        assertThat(pt.outputTokensPerSecond()).isEqualTo(1912.3);
        assertThat(pt.ntpotMilliseconds()).isCloseTo(17.8, within(1e-9));
        assertThat(pt.ttftMilliseconds()).isCloseTo(52.2, within(1e-9));
        assertThat(pt.itlMilliseconds()).isCloseTo(15.9, within(1e-9));
        assertThat(p.model()).hasValue("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B");
    }

    @Test
    void anUnknownFileNamesTheFormatsKiqReads(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("other.json");
        Files.writeString(f, "{\"hello\": 1}");
        assertThatThrownBy(() -> ResultImporter.read(f)).isInstanceOf(KiqException.class)
                .hasMessageContaining("other.json").hasMessageContaining("inference-perf").hasMessageContaining("vllm bench serve");
        Path g = dir.resolve("broken.json");
        Files.writeString(g, "{\"metrics\": ");
        assertThatThrownBy(() -> ResultImporter.read(g)).isInstanceOf(KiqException.class).hasMessageContaining("not JSON");
    }

    /* A figure given as text, or missing, is named with its line (the file's third line here) and its field. */
    @Test
    void aFigureThatIsNotANumberOrMissingIsNamedWithItsLineAndField(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("vllm-text.json");
        Files.writeString(text, "{\"request_rate\": 1.0, \"duration\": 100.0, \"completed\": 10,\n"
                + "  \"median_ttft_ms\": 30.0,\n"
                + "  \"output_throughput\": \"fast\"}\n");
        assertThatThrownBy(() -> ResultImporter.read(text)).isInstanceOf(KiqException.class)
                .hasMessage(text + ", line 3, field output_throughput: \"fast\" is not a finite number; valid: the unmodified "
                        + "result file of the tool.");
        Path missing = dir.resolve("vllm-no-duration.json");
        Files.writeString(missing, "{\"request_rate\": 1.0, \"completed\": 10, \"median_ttft_ms\": 30.0, \"output_throughput\": 200}");
        assertThatThrownBy(() -> ResultImporter.read(missing))
                .hasMessage(missing + ", field duration: missing; valid: the unmodified result file of the tool.");
        Path stats = dir.resolve("ib.json");
        Files.writeString(stats, "{\"metrics\": {\"request_rate\": 1.0,\n \"throughput\": 200},\n"
                + " \"summary_stats\": {\"stats\": [{\"tpot\": {\"median\": null}}]},\n"
                + " \"x\": 1}");
        assertThatThrownBy(() -> ResultImporter.read(stats)).hasMessageStartingWith(stats
                + ", field metrics.median_per_output_token_latency: missing");
    }
}
