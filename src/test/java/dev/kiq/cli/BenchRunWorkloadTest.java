package dev.kiq.cli;

import dev.kiq.bench.OpenAiStreamClient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.bench.emulator.EmulatorServer;
import dev.kiq.bench.emulator.FixedStepEngine;
import dev.kiq.catalog.Catalog;
import dev.kiq.perf.PerformanceModel;
import dev.kiq.perf.RateSweep;
import dev.kiq.perf.RequestTrace;
import dev.kiq.perf.UseCases;
import dev.kiq.perf.WorkloadChoice;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileReader;
import dev.kiq.profile.WorkloadShape;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 §5 against {@code kiq emulator} in-process: {@code bench run --use-case/--input-length/--output-length
 * /--concurrency} sends the trace the model simulates for the same flags, runs closed loops, and the measured
 * profile records its workload. Every request has a 30 s timeout and the test one of two minutes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BenchRunWorkloadTest {

    /** The tokens of the client's warm-up (OpenAiStreamClient.warmUp), which the server counts before any measured request. */
    private static final long WARM_UP_IN = (long) OpenAiStreamClient.WARM_UP_REQUESTS * OpenAiStreamClient.WARM_UP_PROMPT_TOKENS;
    private static final long WARM_UP_OUT = (long) OpenAiStreamClient.WARM_UP_REQUESTS * OpenAiStreamClient.WARM_UP_OUTPUT_TOKENS;

    EmulatorServer server;

    @org.junit.jupiter.api.BeforeEach
    void start() {
        server = new EmulatorServer(new EmulatorServer.Config("my-model", "v0.11.0",
                Catalog.bundled().modelServerVersion("vllm", "v0.11.0").metrics(), 4096, 1.0, "127.0.0.1", 0, () -> 8),
                new FixedStepEngine(0.001, 256));
        server.start();
    }

    @org.junit.jupiter.api.AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aUseCaseAtGivenLengthsIsMeasuredInClosedLoopsAndTheProfileRecordsIt(@TempDir Path dir) {
        Path out = dir.resolve("summarization.yaml");
        int requests = 24;
        CliFixtures.Run run = CliFixtures.run("bench", "run", "--endpoint", "http://127.0.0.1:" + server.port(),
                "--model", "my-model", "--accelerator-type", "nvidia-h100-80gb", "--use-case", "summarization",
                "--input-length", "200", "--output-length", "20", "--concurrency", "2,6", "--requests",
                Integer.toString(requests), "--request-timeout", "30", "--no-metrics", "--output-path", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();

        Profile p = ProfileReader.read(out);
        assertThat(p.provenance().workloadShape()).isEqualTo(new WorkloadShape("summarization", 200, 20));
        assertThat(p.performanceStats()).hasSize(2);
        // the model's trace for the same flags: same distributions, same seed, same order
        WorkloadChoice choice = WorkloadChoice.of(UseCases.bundled(), Optional.of("summarization"), OptionalInt.of(200),
                OptionalInt.of(20));
        RequestTrace trace = RequestTrace.generate(choice.workload(), RateSweep.DEFAULT_REQUESTS_PER_RATE,
                PerformanceModel.DEFAULT_SEED);
        long in = 0;
        long outTokens = 0;
        for (int i = 0; i < requests; i++) {
            in += trace.inputTokens(i);
            outTokens += trace.outputTokens(i);
        }
        // what the server processed: both levels sent the trace's first requests, each answered in full
        var names = Catalog.bundled().modelServerVersion("vllm", "v0.11.0").metrics();
        String metrics = get("http://127.0.0.1:" + server.port() + "/metrics");
        // plus the client's warm-up before the first level, not measured but served
        assertThat(counter(metrics, names.promptTokens())).isEqualTo(2 * in + WARM_UP_IN);
        assertThat(counter(metrics, names.generationTokens())).isEqualTo(2 * outTokens + WARM_UP_OUT);
        for (PerformancePoint point : p.performanceStats()) {
            assertThat(point.queriesPerSecond()).isPositive().isFinite();
        }
        // six clients finish the same requests sooner than two
        assertThat(p.performanceStats().get(1).queriesPerSecond()).isGreaterThan(p.performanceStats().get(0).queriesPerSecond());
    }

    private static String get(String url) {
        var client = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).build();
        try {
            return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                    .timeout(java.time.Duration.ofSeconds(10)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long counter(String prometheusText, String name) {
        return prometheusText.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aWorkloadWhoseMeanLengthsExceedTheServedContextIsRefusedBeforeAnyRequest(@TempDir Path dir) {
        // RAG: mean 12035 input + 343 output tokens, against a server of max_model_len 4096
        Path out = dir.resolve("rag.yaml");
        CliFixtures.Run run = CliFixtures.run("bench", "run", "--endpoint", "http://127.0.0.1:" + server.port(),
                "--model", "my-model", "--accelerator-type", "nvidia-h100-80gb", "--use-case", "rag", "--rates", "1",
                "--requests", "4", "--request-timeout", "30", "--no-metrics", "--output-path", out.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().lines().filter(l -> l.startsWith("ERROR:")).toList()).singleElement().asString()
                .contains("12035 input + 343 output tokens").contains("context of 4096 tokens")
                .contains("at most 4096").contains("max_model_len 4096");
        assertThat(run.err()).doesNotContain("\tat ");
        assertThat(out).doesNotExist();
        var names = Catalog.bundled().modelServerVersion("vllm", "v0.11.0").metrics();
        assertThat(counter(get("http://127.0.0.1:" + server.port() + "/metrics"), names.promptTokens())).isZero();
    }

    @Test
    void requestsLongerThanTheServedContextAreCutAsTheModelCutsThem(@TempDir Path dir) {
        // summarization at mean 2500 + 300 tokens fits 4096 on average, but its long tail does not
        WorkloadChoice choice = WorkloadChoice.of(UseCases.bundled(), Optional.of("summarization"), OptionalInt.of(2500),
                OptionalInt.of(300));
        int requests = 40;
        RequestTrace uncut = RequestTrace.generate(choice.workload(), RateSweep.DEFAULT_REQUESTS_PER_RATE,
                PerformanceModel.DEFAULT_SEED);
        assertThat(java.util.stream.IntStream.range(0, requests).anyMatch(i -> uncut.inputTokens(i) + uncut.outputTokens(i) > 4096))
                .as("some of the first %d requests are longer than the context", requests).isTrue();
        Path out = dir.resolve("summarization.yaml");

        CliFixtures.Run run = CliFixtures.run("bench", "run", "--endpoint", "http://127.0.0.1:" + server.port(),
                "--model", "my-model", "--accelerator-type", "nvidia-h100-80gb", "--use-case", "summarization",
                "--input-length", "2500", "--output-length", "300", "--concurrency", "4", "--requests",
                Integer.toString(requests), "--request-timeout", "30", "--no-metrics", "--output-path", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("note: requests longer than the server's max_model_len of 4096 tokens were cut");
        // the server answered every request in full (it refuses one over 4096 tokens with a 400): the tokens it
        // counted are those of the trace the model draws for a 4096-token server, each request within 4096
        RequestTrace cut = RequestTrace.generate(choice.servedWithin(4096, "my-model"), RateSweep.DEFAULT_REQUESTS_PER_RATE,
                PerformanceModel.DEFAULT_SEED);
        long in = 0;
        long outTokens = 0;
        for (int i = 0; i < requests; i++) {
            assertThat(cut.inputTokens(i) + cut.outputTokens(i)).isLessThanOrEqualTo(4096);
            in += cut.inputTokens(i);
            outTokens += cut.outputTokens(i);
        }
        var names = Catalog.bundled().modelServerVersion("vllm", "v0.11.0").metrics();
        String metrics = get("http://127.0.0.1:" + server.port() + "/metrics");
        assertThat(counter(metrics, names.promptTokens())).isEqualTo(in + WARM_UP_IN);
        assertThat(counter(metrics, names.generationTokens())).isEqualTo(outTokens + WARM_UP_OUT);
        assertThat(ProfileReader.read(out).performanceStats()).hasSize(1);
    }

    @Test
    void onlyOneLengthOrAConcurrencyBelowOneIsOneErrorBeforeAnyRequest(@TempDir Path dir) {
        String endpoint = "http://127.0.0.1:" + server.port();
        CliFixtures.Run oneLength = CliFixtures.run("bench", "run", "--endpoint", endpoint, "--model", "my-model",
                "--accelerator-type", "nvidia-h100-80gb", "--input-length", "200", "--rates", "1",
                "--output-path", dir.resolve("a.yaml").toString());
        assertThat(oneLength.exitCode()).isEqualTo(2);
        assertThat(oneLength.err().strip()).isEqualTo("ERROR: --input-length needs --output-length too; give both mean"
                + " lengths in tokens, or neither.");
        CliFixtures.Run zero = CliFixtures.run("bench", "run", "--endpoint", endpoint, "--model", "my-model",
                "--accelerator-type", "nvidia-h100-80gb", "--concurrency", "0", "--output-path",
                dir.resolve("b.yaml").toString());
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).startsWith("ERROR: --concurrency 0 is not valid");
        assertThat(dir.resolve("a.yaml")).doesNotExist();
        assertThat(dir.resolve("b.yaml")).doesNotExist();
    }
}
