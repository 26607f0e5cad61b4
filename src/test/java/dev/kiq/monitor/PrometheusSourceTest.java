package dev.kiq.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import dev.kiq.KiqException;
import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.MetricNames;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The monitor reading a release through a small fake Prometheus (a local HTTP server on port 0 answering
 * {@code /api/v1/query} with canned API JSON): the figures against hand-computed values, the PromQL it sends,
 * the bearer token, and the faults that become one plain note while monitoring goes on.
 */
@Timeout(60)
class PrometheusSourceTest {

    static final MetricNames V072 = MetricMathTest.V072;

    HttpServer server;
    final Queue<String> queries = new ConcurrentLinkedQueue<>();
    final Queue<String> authorizations = new ConcurrentLinkedQueue<>();

    /** Serves {@code answer(query)} as {@code [status, body]}. */
    String serve(Function<String, Object[]> answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/query", ex -> {
            String raw = ex.getRequestURI().getRawQuery();
            String query = "";
            for (String kv : raw.split("&")) {
                if (kv.startsWith("query=")) {
                    query = URLDecoder.decode(kv.substring(6), StandardCharsets.UTF_8);
                }
            }
            queries.add(query);
            authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            Object[] a = answer.apply(query);
            byte[] body = ((String) a[1]).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders((Integer) a[0], body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    static String vector(String... series) {
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + String.join(",", series) + "]}}";
    }

    static String sample(String pod, String le, String value) {
        return "{\"metric\":{\"pod\":\"" + pod + "\"" + (le == null ? "" : ",\"le\":\"" + le + "\"") + "},\"value\":[1764590400.000,\""
                + value + "\"]}";
    }

    /** Two pods over 60 s, numbers chosen to be computed by hand (see the test). */
    static Object[] twoPods(String q) {
        String body;
        if (q.contains("resets(")) {
            body = vector(sample("llm-a", null, "0"), sample("llm-b", null, "1"));
        } else if (q.contains("generation_tokens_total")) {
            body = vector(sample("llm-a", null, "6000"), sample("llm-b", null, "3000"));
        } else if (q.contains("prompt_tokens_total")) {
            body = vector(sample("llm-a", null, "12000"), sample("llm-b", null, "6000"));
        } else if (q.contains("e2e_request_latency_seconds_bucket")) {
            body = vector(sample("llm-a", "1", "10"), sample("llm-a", "2.5", "25"), sample("llm-a", "5", "30"), sample("llm-a", "+Inf", "30"),
                    sample("llm-b", "1", "5"), sample("llm-b", "2.5", "10"), sample("llm-b", "5", "15"), sample("llm-b", "+Inf", "15"));
        } else if (q.contains("e2e_request_latency_seconds_sum")) {
            body = vector(sample("llm-a", null, "60"), sample("llm-b", null, "40"));
        } else if (q.contains("time_to_first_token_seconds_bucket")) {
            body = vector(sample("llm-a", "0.1", "20"), sample("llm-a", "0.25", "30"), sample("llm-a", "+Inf", "30"),
                    sample("llm-b", "0.1", "5"), sample("llm-b", "0.25", "15"), sample("llm-b", "+Inf", "15"));
        } else if (q.contains("time_per_output_token_seconds_bucket")) {
            body = vector(sample("llm-a", "0.025", "500"), sample("llm-a", "0.05", "1000"), sample("llm-a", "+Inf", "1000"),
                    sample("llm-b", "0.025", "NaN"));
        } else if (q.contains("_sum")) {
            body = vector(sample("llm-a", null, "3"));
        } else if (q.contains("num_requests_waiting")) {
            body = vector(sample("llm-a", null, "2"), sample("llm-b", null, "1"));
        } else if (q.contains("num_requests_running")) {
            body = vector(sample("llm-a", null, "8"), sample("llm-b", null, "4"));
        } else if (q.contains("cache_usage_perc")) {
            body = vector(sample("llm-a", null, "0.5"), sample("llm-b", null, "0.3"));
        } else {
            body = vector();
        }
        return new Object[] {200, body};
    }

    record FixedPods(List<String> readyPods, List<String> notes) implements PrometheusSource.Pods {
        @Override
        public Optional<HpaStatus> hpa() {
            return Optional.empty();
        }
    }

    static final FixedPods TWO = new FixedPods(List.of("llm-a", "llm-b"), List.of());

    Monitor monitor(String url, Optional<String> token, PrometheusSource.Pods pods, MetricNames names) {
        PrometheusApi api = PrometheusApi.of(url, token, "$" + PrometheusApi.TOKEN_ENV, Duration.ofSeconds(5));
        return new Monitor(new PrometheusSource(api, "llm", names, pods), names, Duration.ofSeconds(60), 1);
    }

    @Test
    void theFirstRefreshHasTheWholeWindowFromPrometheusIncreases() throws IOException {
        String url = serve(PrometheusSourceTest::twoPods);
        Monitor.Refresh r = monitor(url + "/api/v1/query", Optional.empty(), TWO, V072).refresh();
        LiveWindow w = r.window();
        assertThat(w.replicas()).isEqualTo(2);
        assertThat(w.seconds()).isEqualTo(60);
        // (6000 + 3000) / 60 and (12000 + 6000) / 60
        assertThat(w.outputTokensPerSecond()).isCloseTo(150, within(1e-9));
        assertThat(w.inputTokensPerSecond()).isCloseTo(300, within(1e-9));
        // 30 + 15 requests finished (the +Inf buckets) in 60 s
        assertThat(w.requestsPerSecond()).isCloseTo(0.75, within(1e-9));
        // merged TTFT buckets 0.1: 25, 0.25: 45 of 45; p50 rank 22.5 is 22.5/25 into [0, 0.1]; p90 rank 40.5 is 15.5/20 into (0.1, 0.25]
        assertThat(LiveWindow.millis(w.ttft(), 0.5).getAsDouble()).isCloseTo(90, within(1e-6));
        assertThat(LiveWindow.millis(w.ttft(), 0.9).getAsDouble()).isCloseTo(216.25, within(1e-6));
        // merged e2e buckets 1: 15, 2.5: 35 of 45; p50 rank 22.5 is 7.5/20 into (1, 2.5] = 1.5625 s
        assertThat(LiveWindow.millis(w.e2e(), 0.5).getAsDouble()).isCloseTo(1562.5, within(1e-6));
        // NTPOT: e2e seconds 60 + 40 over 9000 tokens
        assertThat(w.ntpotMillis().getAsDouble()).isCloseTo(100.0 / 9000 * 1000, within(1e-9));
        // TPOT from pod a only (pod b's bucket is NaN: no samples): 500 of 1000 at 0.025
        assertThat(LiveWindow.millis(w.tpot(), 0.5).getAsDouble()).isCloseTo(25, within(1e-6));
        assertThat(w.waiting().getAsDouble()).isEqualTo(3);
        assertThat(w.running().getAsDouble()).isEqualTo(12);
        assertThat(w.kvCacheUsage().getAsDouble()).isCloseTo(0.4, within(1e-12));
        assertThat(r.notes()).containsExactly("pod llm-b restarted in the window (its counters went back to zero); Prometheus"
                + " counts on from zero after the restart");
        assertThat(r.endNanos() - r.startNanos()).isEqualTo(Duration.ofSeconds(60).toNanos());
        assertThat(authorizations).containsOnly("null");
    }

    @Test
    void theQueriesNameTheVersionsMetricsThePodsAndTheWindow() throws IOException {
        String url = serve(PrometheusSourceTest::twoPods);
        monitor(url, Optional.empty(), TWO, V072).refresh();
        String sel = "{namespace=\"llm\",pod=~\"llm-a|llm-b\"}";
        assertThat(queries).contains("sum by (pod) (increase(vllm:generation_tokens_total" + sel + "[60s]))",
                "sum by (pod, le) (increase(vllm:time_to_first_token_seconds_bucket" + sel + "[60s]))",
                "sum by (pod) (increase(vllm:e2e_request_latency_seconds_sum" + sel + "[60s]))",
                "sum by (pod) (vllm:num_requests_waiting" + sel + ")",
                "avg by (pod) (vllm:gpu_cache_usage_perc" + sel + ")",
                "sum by (pod) (resets(vllm:generation_tokens_total" + sel + "[60s]))");
        // the kv-cache gauge was renamed at 0.9: a later version's queries use the new name
        queries.clear();
        MetricNames later = Catalog.bundled().modelServer("vllm").version("v0.11.0").orElseThrow().metrics();
        monitor(url, Optional.empty(), TWO, later).refresh();
        assertThat(queries).contains("avg by (pod) (vllm:kv_cache_usage_perc" + sel + ")")
                .noneMatch(q -> q.contains("gpu_cache_usage_perc"));
    }

    @Test
    void theTokenGoesOnlyIntoTheHeaderAndARefusalNamesWhereItCameFrom() throws IOException {
        String url = serve(q -> new Object[] {401, "Unauthorized"});
        Monitor.Refresh r = monitor(url, Optional.of("s3cr3t-token"), TWO, V072).refresh();
        assertThat(authorizations).containsOnly("Bearer s3cr3t-token");
        assertThat(r.window().replicas()).isZero();
        assertThat(r.notes()).containsExactly("Prometheus at " + url + " refused the query (HTTP 401): the bearer token from"
                + " $KIQ_PROMETHEUS_TOKEN was not accepted (expired, or lacking permission to read metrics). Monitoring goes on and"
                + " asks again.");
        assertThat(String.join(" ", r.notes())).doesNotContain("s3cr3t");
    }

    @Test
    void faultsAreOnePlainNoteAndMonitoringGoesOn() throws IOException {
        String[] mode = {"html"};
        String url = serve(q -> switch (mode[0]) {
            case "html" -> new Object[] {200, "<html><body>Grafana</body></html>"};
            case "error" -> new Object[] {400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:10: parse error\"}"};
            case "empty" -> new Object[] {200, vector()};
            default -> twoPods(q);
        });
        Monitor m = monitor(url, Optional.empty(), TWO, V072);
        assertThat(m.refresh().notes()).containsExactly("Prometheus at " + url + " answered HTTP 200 with something that is not"
                + " the Prometheus API's JSON (it starts with \"<html><body>Grafana</body></html>\"); is " + url + " the server's"
                + " base address (the part before /api/v1)? Monitoring goes on and asks again.");
        mode[0] = "error";
        assertThat(m.refresh().notes()).singleElement().asString()
                .startsWith("Prometheus at " + url + " rejected the query (bad_data: 1:10: parse error): sum by (pod)");
        mode[0] = "empty";
        Monitor.Refresh empty = m.refresh();
        assertThat(empty.window().replicas()).isZero();
        assertThat(empty.notes()).singleElement().asString().startsWith("Prometheus at " + url + " holds no series of this server"
                + " version's metrics (vllm:generation_tokens_total …) for the pods llm-a, llm-b in namespace llm;");
        mode[0] = "fine";
        assertThat(m.refresh().window().replicas()).isEqualTo(2);
    }

    @Test
    void anUnreachableServerIsANoteAndNoPodsMeansNoQuery() throws IOException {
        String url = serve(PrometheusSourceTest::twoPods);
        server.stop(0);
        server = null;
        Monitor.Refresh r = monitor(url, Optional.empty(), TWO, V072).refresh();
        assertThat(r.notes()).singleElement().asString().startsWith("Prometheus at " + url + " cannot be reached");
        queries.clear();
        FixedPods none = new FixedPods(List.of(), List.of("no ready pods yet: llm-a waits: ContainerCreating"));
        Monitor.Refresh waiting = monitor(url, Optional.empty(), none, V072).refresh();
        assertThat(waiting.notes()).containsExactly("no ready pods yet: llm-a waits: ContainerCreating");
        assertThat(queries).isEmpty();
    }

    @Test
    void anAddressThatIsNotAPrometheusUrlIsBadInput() {
        for (String bad : List.of("prometheus:9090", "ftp://host/x", "http://user:pw@host:9090", "http://host:9090?x=1")) {
            assertThatThrownBy(() -> PrometheusApi.of(bad, Optional.empty(), "$X", Duration.ofSeconds(1)))
                    .isInstanceOf(KiqException.class).hasMessageStartingWith("--prometheus-url \"" + bad + "\" is not a Prometheus address");
        }
        assertThat(PrometheusApi.of("https://monitoring.googleapis.com/v1/projects/p/location/global/prometheus/api/v1/query/",
                Optional.empty(), "$X", Duration.ofSeconds(1)).base().toString())
                .isEqualTo("https://monitoring.googleapis.com/v1/projects/p/location/global/prometheus");
    }
}
