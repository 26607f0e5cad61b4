package dev.kiq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LoadGeneratorFaultTest {

    static FaultyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new FaultyServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** Cycles through the behaviours the prompt selects. */
    static RequestSource cycling(List<String> modes) {
        AtomicInteger i = new AtomicInteger();
        return new RequestSource() {
            @Override
            public BenchRequest next(SplittableRandom random) {
                return new BenchRequest(modes.get(i.getAndIncrement() % modes.size()), 7, 5);
            }

            @Override
            public String description() {
                return "faults";
            }
        };
    }

    static BenchPlan plan(int requests) {
        return new BenchPlan(List.of(200.0), false, Optional.empty(), OptionalInt.of(requests), 0, GoodputTargets.NONE,
                1.0, 1, Duration.ofSeconds(10), Duration.ofMillis(50));
    }

    @Test
    void everyFaultIsCountedPerRateAndTheGoodRequestsAreStillMeasured() {
        List<String> modes = List.of("ok", "http400", "http503", "cut", "malformed", "error-event");
        try (OpenAiStreamClient client = new OpenAiStreamClient(URI.create(server.url()), "good-model",
                OpenAiStreamClient.Api.COMPLETIONS, 100, Duration.ofSeconds(10))) {
            server.metricsMode = "html";
            LoadGenerator gen = new LoadGenerator(client, cycling(modes),
                    Optional.of(new MetricsScraper(URI.create(server.url() + "/metrics"), Duration.ofMillis(50))), BenchListener.SILENT);
            RateResult r = gen.run(200, plan(60), 1, () -> false);

            assertThat(r.sent()).isEqualTo(60);
            assertThat(r.succeeded()).isEqualTo(10);
            assertThat(r.faults()).isEqualTo(Map.of(Fault.HTTP_4XX, 10, Fault.HTTP_5XX, 10, Fault.STREAM_CUT, 10,
                    Fault.MALFORMED_SSE, 10, Fault.SERVER_ERROR_EVENT, 10));
            assertThat(r.faultExamples().get(Fault.HTTP_4XX)).contains("HTTP 400").contains("bad request");
            assertThat(r.faultExamples().get(Fault.SERVER_ERROR_EVENT)).contains("engine died");
            // the first 10% (6 requests, one of them "ok") warm the server up and are not measured
            assertThat(r.ttft().count()).isEqualTo(9);
            assertThat(r.server().failedScrapes()).containsKey("not-prometheus");
            assertThat(r.server().queueSize()).isEmpty();
        }
    }

    @Test
    void serverMetricsAreAveragedWhenThePageIsPrometheus() {
        try (OpenAiStreamClient client = new OpenAiStreamClient(URI.create(server.url()), "good-model",
                OpenAiStreamClient.Api.COMPLETIONS, 100, Duration.ofSeconds(10))) {
            server.metricsMode = "ok";
            LoadGenerator gen = new LoadGenerator(client, cycling(List.of("ok")),
                    Optional.of(new MetricsScraper(URI.create(server.url() + "/metrics"), Duration.ofMillis(50))), BenchListener.SILENT);
            RateResult r = gen.run(200, plan(20), 1, () -> false);
            assertThat(r.succeeded()).isEqualTo(20);
            assertThat(r.server().batchSize()).hasValue(2.0);
            assertThat(r.server().queueSize()).hasValue(1.0);
            assertThat(r.server().kvCacheUsage()).hasValue(0.5);
        }
    }

    @Test
    void aMissingMetricsPageIsCountedNotFatal() {
        try (OpenAiStreamClient client = new OpenAiStreamClient(URI.create(server.url()), "good-model",
                OpenAiStreamClient.Api.COMPLETIONS, 100, Duration.ofSeconds(10))) {
            server.metricsMode = "missing";
            LoadGenerator gen = new LoadGenerator(client, cycling(List.of("ok")),
                    Optional.of(new MetricsScraper(URI.create(server.url() + "/metrics"), Duration.ofMillis(50))), BenchListener.SILENT);
            RateResult r = gen.run(200, plan(10), 1, () -> false);
            assertThat(r.succeeded()).isEqualTo(10);
            assertThat(r.server().failedScrapes()).containsKey("missing");
            assertThat(r.server().failureDetail()).contains("HTTP 404");
        }
    }

    @Test
    void anEndpointThatIsDownCountsConnectionRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (OpenAiStreamClient client = new OpenAiStreamClient(URI.create("http://127.0.0.1:" + port), "m",
                OpenAiStreamClient.Api.COMPLETIONS, 10, Duration.ofSeconds(5))) {
            RateResult r = new LoadGenerator(client, cycling(List.of("ok")), Optional.empty(), BenchListener.SILENT)
                    .run(200, plan(5), 1, () -> false);
            assertThat(r.faults()).isEqualTo(Map.of(Fault.CONNECTION_REFUSED, 5));
            assertThat(r.succeeded()).isZero();
        }
    }

    @Test
    void anUnknownHostCountsDnsFailure() {
        try (OpenAiStreamClient client = new OpenAiStreamClient(URI.create("http://no-such-host.invalid:8000"), "m",
                OpenAiStreamClient.Api.COMPLETIONS, 10, Duration.ofSeconds(5))) {
            RateResult r = new LoadGenerator(client, cycling(List.of("ok")), Optional.empty(), BenchListener.SILENT)
                    .run(200, plan(3), 1, () -> false);
            assertThat(r.faults()).isEqualTo(Map.of(Fault.DNS_FAILURE, 3));
        }
    }

    @Test
    void theModelListIsReadFromTheEndpoint() throws Exception {
        try (OpenAiStreamClient client = new OpenAiStreamClient(URI.create(server.url() + "/v1/"), "x",
                OpenAiStreamClient.Api.COMPLETIONS, 10, Duration.ofSeconds(5))) {
            assertThat(client.models()).extracting(OpenAiStreamClient.ServedModel::id).containsExactly("good-model");
        }
    }
}
