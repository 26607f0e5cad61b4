package dev.kiq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.MetricNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** {@code manifests create --dashboards}: valid dashboards whose queries name only the server version's metrics. */
class DashboardsTest {

    static final Pattern METRIC = Pattern.compile("vllm:[a-z0-9_]+");

    static JsonNode dashboard(String kind, String version, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("manifests", "create", "--model", CliFixtures.MODEL, "--model-server", "vllm",
                "--model-server-version", version, "--accelerator-type", "nvidia-h100-80gb", "--dashboards", kind));
        args.addAll(List.of(extra));
        CliFixtures.Run r = CliFixtures.run(args.toArray(String[]::new));
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        JsonNode configMap = null;
        for (String doc : r.out().split("\n---\n")) {
            if (doc.startsWith("#")) {
                continue;
            }
            JsonNode n = new YAMLMapper().readTree(doc);
            if ("ConfigMap".equals(n.path("kind").asString(""))) {
                configMap = n;
            }
        }
        assertThat(configMap).isNotNull();
        if (kind.equals("grafana")) {
            assertThat(configMap.path("metadata").path("labels").path("grafana_dashboard").asString("")).isEqualTo("1");
            assertThat(r.out()).contains("Grafana's dashboard sidecar");
        } else {
            assertThat(r.out()).contains("# Dashboard: ConfigMap").contains("#   gcloud monitoring dashboards create --config-from-file=dashboard.json");
        }
        return JsonMapper.builder().build().readTree(configMap.path("data").path("dashboard.json").asString());
    }

    static Set<String> metricsNamed(JsonNode dashboard) {
        Set<String> found = new TreeSet<>();
        Matcher m = METRIC.matcher(dashboard.toString());
        while (m.find()) {
            found.add(m.group().replaceAll("_(bucket|sum|count)$", ""));
        }
        return found;
    }

    static Set<String> of(MetricNames n) {
        return Set.of(n.queueSize(), n.batchSize(), n.kvCacheUsage(), n.ttftSeconds(), n.itlSeconds(), n.e2eSeconds(),
                n.promptTokens(), n.generationTokens());
    }

    @Test
    void grafanaDashboardHasItsSchemaFieldsAndTheV072Names() throws Exception {
        JsonNode d = dashboard("grafana", "v0.7.2", "--target-ntpot-milliseconds", "60");
        assertThat(d.path("title").asString()).startsWith("kiq: " + CliFixtures.MODEL);
        assertThat(d.path("schemaVersion").asInt()).isPositive();
        assertThat(d.path("panels")).hasSize(8);
        for (JsonNode p : d.path("panels")) {
            assertThat(p.path("type").asString()).isEqualTo("timeseries");
            assertThat(p.path("gridPos").path("w").asInt()).isEqualTo(12);
            assertThat(p.path("targets").size()).isPositive();
            p.path("targets").forEach(t -> assertThat(t.path("expr").asString()).isNotBlank());
        }
        Set<String> names = metricsNamed(d);
        assertThat(of(Catalog.bundled().modelServerVersion("vllm", "v0.7.2").metrics())).containsAll(names);
        assertThat(names).contains("vllm:gpu_cache_usage_perc", "vllm:time_per_output_token_seconds", "vllm:generation_tokens_total");
        // the knee line and the HPA target are reference lines
        assertThat(d.toString()).contains("vector(").contains("HPA target").contains("knee");
    }

    @Test
    void cloudMonitoringDashboardHasItsFieldsAndTheRenamedKvCacheGauge() throws Exception {
        JsonNode d = dashboard("gmp", "v0.19.1");
        assertThat(d.path("displayName").asString()).startsWith("kiq: ");
        JsonNode tiles = d.path("mosaicLayout").path("tiles");
        assertThat(d.path("mosaicLayout").path("columns").asInt()).isEqualTo(48);
        assertThat(tiles).hasSize(8);
        for (JsonNode t : tiles) {
            assertThat(t.path("width").asInt() + t.path("xPos").asInt()).isLessThanOrEqualTo(48);
            JsonNode sets = t.path("widget").path("xyChart").path("dataSets");
            assertThat(sets.size()).isPositive();
            sets.forEach(s -> assertThat(s.path("timeSeriesQuery").path("prometheusQuery").asString()).isNotBlank());
        }
        Set<String> names = metricsNamed(d);
        assertThat(of(Catalog.bundled().modelServerVersion("vllm", "v0.19.1").metrics())).containsAll(names);
        assertThat(names).contains("vllm:kv_cache_usage_perc", "vllm:inter_token_latency_seconds")
                .doesNotContain("vllm:gpu_cache_usage_perc");
        assertThat(tiles.get(0).path("widget").path("xyChart").path("thresholds").get(0).path("label").asString()).isEqualTo("knee");
    }

    @Test
    void anUnknownDashboardKindIsOneLine() {
        CliFixtures.Run r = CliFixtures.run("manifests", "create", "--model", CliFixtures.MODEL, "--model-server", "vllm",
                "--accelerator-type", "nvidia-h100-80gb", "--dashboards", "kibana");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("ERROR: --dashboards kibana is not valid; use grafana or gmp." + System.lineSeparator());
    }
}
