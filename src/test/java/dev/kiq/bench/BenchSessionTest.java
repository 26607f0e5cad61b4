package dev.kiq.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiq.KiqException;
import dev.kiq.bench.emulator.EmulatorServer;
import dev.kiq.bench.emulator.FixedStepEngine;
import dev.kiq.catalog.Catalog;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileReader;
import dev.kiq.profile.ProfileWriter;
import dev.kiq.profile.Provenance;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchSessionTest {

    static EmulatorServer server;
    static final Catalog CATALOG = Catalog.bundled();

    @BeforeAll
    static void start() {
        server = new EmulatorServer(new EmulatorServer.Config("my-model", "v0.11.0",
                CATALOG.modelServerVersion("vllm", "v0.11.0").metrics(), 4096, 1.0, "127.0.0.1", 0, () -> 8),
                new FixedStepEngine(0.002, 256));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static RequestSource small() {
        return new RequestSource() {
            @Override
            public BenchRequest next(SplittableRandom random) {
                return new BenchRequest(TokenEstimate.syntheticText(20, random.nextLong()), 20, 10);
            }

            @Override
            public String description() {
                return "small";
            }
        };
    }

    BenchSession.Request request(String model) {
        BenchPlan plan = new BenchPlan(List.of(50.0, 100.0), false, Optional.empty(), OptionalInt.of(40), 0,
                GoodputTargets.NONE, 1.0, 3, Duration.ofSeconds(10), Duration.ofMillis(100));
        return new BenchSession.Request(URI.create("http://127.0.0.1:" + server.port()), model,
                OpenAiStreamClient.Api.COMPLETIONS, plan, Optional.of(URI.create("http://127.0.0.1:" + server.port() + "/metrics")),
                small(), "vllm", Optional.empty(), "nvidia-h100-80gb", 1, 1000);
    }

    /** Requests the emulator has answered so far, from its /metrics page. */
    static long served() throws Exception {
        String page = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        return page.lines().filter(l -> l.startsWith("vllm:request_success_total{"))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void theClientIsWarmedUpBeforeAnyRateAndTheWarmUpIsNotMeasured() throws Exception {
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        BenchListener listener = new BenchListener() {
            @Override
            public void warmUpStarted(int requests) {
                heard.add("warm-up " + requests);
            }

            @Override
            public void rateStarted(double rate, int index, int planned) {
                heard.add("rate " + index);
            }
        };
        long before = served();
        BenchSession.Result result = BenchSession.run(request("my-model"), CATALOG, listener, () -> false);
        assertThat(heard).containsExactly("warm-up " + OpenAiStreamClient.WARM_UP_REQUESTS, "rate 1", "rate 2");
        assertThat(result.outcome().completed()).extracting(RateResult::sent).containsExactly(40, 40);
        assertThat(served() - before).isEqualTo(40 + 40 + OpenAiStreamClient.WARM_UP_REQUESTS);
        // vLLM 0.11 on an H100 runs max_num_seqs 1024 by default (catalog): the model runs 7 x 1024 = 7168 requests a rate
        assertThat(result.notes()).contains("2 rates sent fewer requests than the 7168 the performance model runs at each"
                + " rate of this server (7 per batch slot of max_num_seqs 1024, at least 2000): the server's ramp-up fills more"
                + " of such a rate's window, so its throughput reads low against kiq simulate and kiq calibrate --from. Leave"
                + " out --duration and --requests to send the model's count.");
    }

    @Test
    void anInterruptionKeepsEveryCompletedRateInTheProfile(@TempDir Path dir) {
        AtomicBoolean cancelled = new AtomicBoolean();
        BenchListener cancelAfterFirst = new BenchListener() {
            @Override
            public void rateFinished(RateResult result) {
                cancelled.set(true);
            }
        };
        BenchSession.Result result = BenchSession.run(request("my-model"), CATALOG, cancelAfterFirst, cancelled::get);
        assertThat(result.outcome().completed()).hasSize(1);
        assertThat(result.outcome().completed().get(0).succeeded()).isEqualTo(40);
        Profile profile = result.profile().orElseThrow();
        assertThat(profile.performanceStats()).hasSize(1);
        assertThat(profile.provenance().kind()).isEqualTo(Provenance.Kind.measured);
        // the version comes from the server's /version; max_model_len from its /v1/models
        assertThat(profile.modelServerInfo().modelServerVersion()).isEqualTo("v0.11.0");
        assertThat(profile.serverConfig().maxModelLen()).isEqualTo(4096);
        assertThat(profile.instanceType()).isEqualTo("a3-highgpu-1g");

        Path file = dir.resolve("measured.yaml");
        ProfileWriter.write(profile, file);
        // the writer keeps four decimals
        Profile read = ProfileReader.read(file);
        assertThat(read.performanceStats()).hasSize(1);
        assertThat(read.performanceStats().get(0).outputTokensPerSecond())
                .isCloseTo(profile.performanceStats().get(0).outputTokensPerSecond(), org.assertj.core.api.Assertions.within(1e-3));
    }

    @Test
    void aWrongModelNameShowsWhatTheEndpointServes() {
        assertThatThrownBy(() -> BenchSession.run(request("llama"), CATALOG, BenchListener.SILENT, () -> false))
                .isInstanceOf(KiqException.class)
                .hasMessageContaining("Model llama is not served by")
                .hasMessageContaining("it serves: my-model");
    }

    @Test
    void anEndpointThatIsDownIsOneClearMessage() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        BenchSession.Request r = request("my-model");
        BenchSession.Request down = new BenchSession.Request(URI.create("http://127.0.0.1:" + port), r.model(), r.api(), r.plan(),
                Optional.empty(), r.source(), r.modelServer(), r.modelServerVersion(), r.acceleratorType(), 1, 10);
        assertThatThrownBy(() -> BenchSession.run(down, CATALOG, BenchListener.SILENT, () -> false))
                .isInstanceOf(KiqException.class).hasMessageContaining("refused the connection");
    }

    static RequestSource prompts(String prompt) {
        return new RequestSource() {
            @Override
            public BenchRequest next(SplittableRandom random) {
                return new BenchRequest(prompt, 4, 4);
            }

            @Override
            public String description() {
                return prompt;
            }
        };
    }

    @Test
    void eachCompletedRateIsSavedAsItCompletesSoALaterFailureKeepsIt(@TempDir Path dir) throws Exception {
        FaultyServer faulty = new FaultyServer();
        try {
            BenchPlan plan = new BenchPlan(List.of(20.0, 40.0, 80.0), false, Optional.empty(), OptionalInt.of(20), 0,
                    GoodputTargets.NONE, 1.0, 3, Duration.ofSeconds(5), Duration.ofMillis(100));
            BenchSession.Request request = new BenchSession.Request(URI.create(faulty.url()), "good-model",
                    OpenAiStreamClient.Api.COMPLETIONS, plan, Optional.empty(), prompts("ok"), "vllm",
                    Optional.of("v0.11.0"), "nvidia-h100-80gb", 1, 100);
            Path file = dir.resolve("measured.yaml");
            List<Integer> onDiskWhenARateStarted = new java.util.ArrayList<>();
            BenchListener breakAfterTheFirstRate = new BenchListener() {
                @Override
                public void rateStarted(double rate, int index, int planned) {
                    onDiskWhenARateStarted.add(java.nio.file.Files.exists(file)
                            ? ProfileReader.read(file).performanceStats().size() : 0);
                }

                @Override
                public void rateFinished(RateResult result) {
                    try {
                        faulty.close(); // every later request is refused
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            };
            BenchSession.Result result = BenchSession.run(request, CATALOG, breakAfterTheFirstRate, () -> false,
                    p -> ProfileWriter.write(p, file));
            // the first rate was on disk, valid, before the second began; the failed rates added nothing
            assertThat(onDiskWhenARateStarted).containsExactly(0, 1, 1);
            assertThat(result.outcome().completed()).hasSize(3);
            assertThat(result.outcome().completed().get(1).succeeded()).isZero();
            Profile saved = ProfileReader.read(file);
            assertThat(saved.performanceStats()).hasSize(1);
            assertThat(saved.performanceStats().get(0).queriesPerSecond()).isEqualTo(20.0);
            assertThat(result.profile().orElseThrow().performanceStats()).hasSize(1);
            assertThat(result.notes()).contains("no request succeeded at 40 req/s; that rate is not in the profile",
                    "no request succeeded at 80 req/s; that rate is not in the profile");
        } finally {
            faulty.close();
        }
    }

    @Test
    void whenEveryRequestFailsTheRunSaysSoWithTheFirstError() throws Exception {
        try (FaultyServer faulty = new FaultyServer()) {
            BenchPlan plan = new BenchPlan(List.of(20.0, 40.0), false, Optional.empty(), OptionalInt.of(10), 0,
                    GoodputTargets.NONE, 1.0, 3, Duration.ofSeconds(5), Duration.ofMillis(100));
            BenchSession.Request request = new BenchSession.Request(URI.create(faulty.url()), "good-model",
                    OpenAiStreamClient.Api.COMPLETIONS, plan, Optional.empty(), prompts("http503"), "vllm",
                    Optional.of("v0.11.0"), "nvidia-h100-80gb", 1, 100);
            List<Profile> saved = new java.util.ArrayList<>();
            assertThatThrownBy(() -> BenchSession.run(request, CATALOG, BenchListener.SILENT, () -> false, saved::add))
                    .isInstanceOf(KiqException.class)
                    .satisfies(e -> assertThat(((KiqException) e).exitCode()).isEqualTo(1))
                    .hasMessageStartingWith("Every request to " + faulty.url() + " failed (20 sent): HTTP 503")
                    .hasMessageEndingWith("No profile was written.");
            assertThat(saved).isEmpty();
        }
    }
}
