package dev.kiq.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiq.KiqException;
import dev.kiq.recommend.CurveFixtures;
import dev.kiq.recommend.Targets;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the dashboards query and where their panels sit, checked against PromQL written out by hand for
 * vLLM v0.7.2's metric names (reference.yaml) and against the grid rules of Grafana (24 columns) and Cloud
 * Monitoring's mosaic layout (48 columns): no two panels overlap and none sticks out.
 */
class DashboardsContentTest {

    private static final Instant AT = Instant.parse("2026-11-26T18:00:00Z");
    private static final String NS = "namespace=\"default\"";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The fixture DeepSeek curve on A100 (knee 3357 tok/s), an NTPOT target of 40 ms (so an HPA), in namespace default. */
    private static ManifestRequest withHpa() {
        return ManifestGeneratorTest.request(CurveFixtures.deepseekOnA100(), CurveFixtures.a100(), ManifestFixtures.vllmV072(),
                Targets.ntpot(40), Platform.GKE, Optional.empty(), OptionalDouble.empty(), CurveFixtures.KNEE_INDEX);
    }

    private static ManifestRequest withoutHpa() {
        return ManifestGeneratorTest.request(CurveFixtures.deepseekOnA100(), CurveFixtures.a100(), ManifestFixtures.vllmV072(),
                Targets.none(), Platform.GKE, Optional.empty(), OptionalDouble.empty(), CurveFixtures.KNEE_INDEX);
    }

    private static JsonNode grafana(ManifestRequest request) {
        return JSON.readTree(Dashboards.grafana(request, "deepseek-r1-distill-qwen-7b-vllm",
                java.util.Optional.of(CurveFixtures.deepseekOnA100().performanceStats().get(CurveFixtures.KNEE_INDEX))));
    }

    private static JsonNode cloudMonitoring(ManifestRequest request) {
        return JSON.readTree(Dashboards.cloudMonitoring(request,
                java.util.Optional.of(CurveFixtures.deepseekOnA100().performanceStats().get(CurveFixtures.KNEE_INDEX))));
    }

    private static List<String> grafanaExprs(JsonNode panel) {
        List<String> exprs = new ArrayList<>();
        panel.path("targets").forEach(t -> exprs.add(t.path("expr").asString()));
        return exprs;
    }

    @Test
    void throughputPanelQueriesGeneratedTokensPerReplicaAndDrawsTheKnee() {
        JsonNode panel = grafana(withHpa()).path("panels").get(0);
        String pods = "count(vllm:num_requests_running{" + NS + "})";
        assertThat(grafanaExprs(panel)).containsExactly(
                "sum(rate(vllm:generation_tokens{" + NS + "}[1m])) / " + pods,
                "sum(rate(vllm:generation_tokens{" + NS + "}[1m]))",
                "vector(3357.0)");
        assertThat(panel.path("targets")).extracting(t -> t.path("refId").asString()).containsExactly("A", "B", "C");
        assertThat(panel.path("targets").get(2).path("legendFormat").asString()).isEqualTo("knee");
        assertThat(panel.path("fieldConfig").path("defaults").path("unit").asString()).isEqualTo("short");
    }

    @Test
    void latencyPanelsAreP50AndP90OfEachHistogramInSeconds() {
        JsonNode panels = grafana(withHpa()).path("panels");
        String[] histograms = {"vllm:time_to_first_token_seconds", "vllm:time_per_output_token_seconds",
            "vllm:e2e_request_latency_seconds"};
        for (int i = 0; i < histograms.length; i++) {
            JsonNode panel = panels.get(i + 1);
            assertThat(panel.path("title").asString()).endsWith("(p50, p90)");
            assertThat(panel.path("fieldConfig").path("defaults").path("unit").asString()).isEqualTo("s");
            assertThat(grafanaExprs(panel)).containsExactly(
                    "histogram_quantile(0.5, sum by (le) (rate(" + histograms[i] + "_bucket{" + NS + "}[1m])))",
                    "histogram_quantile(0.9, sum by (le) (rate(" + histograms[i] + "_bucket{" + NS + "}[1m])))");
        }
    }

    @Test
    void gaugePanelsSumQueueAndBatchAndAverageKvCache() {
        JsonNode panels = grafana(withHpa()).path("panels");
        assertThat(grafanaExprs(panels.get(4))).containsExactly("sum(vllm:num_requests_waiting{" + NS + "})",
                "vllm:num_requests_waiting{" + NS + "}");
        assertThat(grafanaExprs(panels.get(5))).containsExactly("sum(vllm:num_requests_running{" + NS + "})",
                "vllm:num_requests_running{" + NS + "}");
        assertThat(grafanaExprs(panels.get(6))).containsExactly("avg(vllm:gpu_cache_usage_perc{" + NS + "})",
                "vllm:gpu_cache_usage_perc{" + NS + "}");
        assertThat(panels.get(6).path("targets").get(1).path("legendFormat").asString()).isEqualTo("{{pod}}");
        // unit-less gauges carry no unit
        assertThat(panels.get(4).path("fieldConfig").path("defaults").has("unit")).isFalse();
    }

    @Test
    void theReplicasPanelShowsTheHpaMetricAgainstItsThresholdOnlyWithAnHpa() {
        ManifestRequest request = withHpa();
        JsonNode with = grafana(request).path("panels").get(7);
        assertThat(with.path("title").asString()).isEqualTo("Replicas and the HPA metric against its target");
        assertThat(grafanaExprs(with)).containsExactly("count(vllm:num_requests_running{" + NS + "})",
                "avg(vllm:num_requests_running{" + NS + "})",
                // batch size 52.93 at the operating point (38 + 32 × 7/15) less the 20 % buffer: 42.35
                "vector(42.3)");
        assertThat(with.path("targets").get(2).path("legendFormat").asString()).isEqualTo("HPA target");

        JsonNode without = grafana(withoutHpa()).path("panels").get(7);
        assertThat(without.path("title").asString()).isEqualTo("Replicas");
        assertThat(grafanaExprs(without)).containsExactly("count(vllm:num_requests_running{" + NS + "})");
    }

    @Test
    void grafanaPanelsTileTwoPerRowOnTheTwentyFourColumnGrid() {
        JsonNode d = grafana(withHpa());
        JsonNode panels = d.path("panels");
        assertThat(panels).hasSize(8);
        Set<String> cells = new HashSet<>();
        for (int i = 0; i < panels.size(); i++) {
            JsonNode p = panels.get(i);
            JsonNode g = p.path("gridPos");
            assertThat(p.path("id").asInt()).isEqualTo(i + 1);
            assertThat(g.path("x").asInt() + g.path("w").asInt()).isLessThanOrEqualTo(24);
            assertThat(g.path("x").asInt()).isEqualTo(i % 2 == 0 ? 0 : 12);
            assertThat(g.path("y").asInt()).isEqualTo(i / 2 * 8);
            assertThat(g.path("h").asInt()).isEqualTo(8);
            assertThat(cells.add(g.path("x").asInt() + "," + g.path("y").asInt())).isTrue();
            assertThat(p.path("datasource").path("uid").asString()).isEqualTo("${datasource}");
        }
        assertThat(d.path("title").asString())
                .isEqualTo("kiq: deepseek-ai/DeepSeek-R1-Distill-Qwen-7B on vllm v0.7.2 (1x nvidia-tesla-a100)");
        assertThat(d.path("uid").asString()).isEqualTo("deepseek-r1-distill-qwen-7b-vllm-kiq");
        assertThat(d.path("tags")).extracting(JsonNode::asString).containsExactly("kiq", "vllm");
        assertThat(d.path("templating").path("list").get(0).path("query").asString()).isEqualTo("prometheus");
    }

    @Test
    void grafanaUidsStayWithinFortyCharacters() {
        String base = "a".repeat(40);
        JsonNode d = JSON.readTree(Dashboards.grafana(withHpa(), base,
                java.util.Optional.of(CurveFixtures.deepseekOnA100().performanceStats().get(CurveFixtures.KNEE_INDEX))));
        // Grafana refuses uids over 40 characters
        assertThat(d.path("uid").asString()).isEqualTo("a".repeat(40));
        JsonNode shortBase = JSON.readTree(Dashboards.grafana(withHpa(), "x",
                java.util.Optional.of(CurveFixtures.deepseekOnA100().performanceStats().get(CurveFixtures.KNEE_INDEX))));
        assertThat(shortBase.path("uid").asString()).isEqualTo("x-kiq");
    }

    @Test
    void cloudMonitoringTilesTwoPerRowOnTheFortyEightColumnMosaic() {
        JsonNode d = cloudMonitoring(withHpa());
        JsonNode tiles = d.path("mosaicLayout").path("tiles");
        assertThat(tiles).hasSize(8);
        for (int i = 0; i < tiles.size(); i++) {
            JsonNode t = tiles.get(i);
            assertThat(t.path("xPos").asInt()).isEqualTo(i % 2 == 0 ? 0 : 24);
            assertThat(t.path("yPos").asInt()).isEqualTo(i / 2 * 16);
            assertThat(t.path("width").asInt()).isEqualTo(24);
            assertThat(t.path("height").asInt()).isEqualTo(16);
            JsonNode chart = t.path("widget").path("xyChart");
            chart.path("dataSets").forEach(s -> assertThat(s.path("plotType").asString()).isEqualTo("LINE"));
            assertThat(chart.path("yAxis").path("scale").asString()).isEqualTo("LINEAR");
        }
        JsonNode first = tiles.get(0).path("widget").path("xyChart");
        assertThat(first.path("dataSets").get(0).path("timeSeriesQuery").path("prometheusQuery").asString())
                .isEqualTo("sum(rate(vllm:generation_tokens{" + NS + "}[1m])) / count(vllm:num_requests_running{" + NS + "})");
        assertThat(first.path("dataSets").get(0).path("legendTemplate").asString()).isEqualTo("per replica");
        assertThat(first.path("thresholds").get(0).path("value").asDouble()).isEqualTo(3357.0);
        // latency tiles have no reference line
        assertThat(tiles.get(1).path("widget").path("xyChart").has("thresholds")).isFalse();
        assertThat(d.path("displayName").asString()).startsWith("kiq: deepseek-ai/DeepSeek-R1-Distill-Qwen-7B on vllm v0.7.2");
    }

    @Test
    void addAppendsOneConfigMapAndItsImportStepsWithoutTouchingTheRest() {
        ManifestRequest request = withHpa();
        Manifests plain = new ManifestGenerator().generate(request);
        var knee = java.util.Optional.of(CurveFixtures.deepseekOnA100().performanceStats().get(CurveFixtures.KNEE_INDEX));

        Manifests grafana = Dashboards.add(plain, request, knee, Dashboards.Kind.GRAFANA);
        assertThat(grafana.objects().subList(0, plain.objects().size())).isEqualTo(plain.objects());
        assertThat(grafana.yaml().subList(0, plain.yaml().size())).isEqualTo(plain.yaml());
        assertThat(grafana.objects()).hasSize(plain.objects().size() + 1);
        ConfigMap map = (ConfigMap) grafana.objects().get(plain.objects().size());
        assertThat(map.getMetadata().getName()).isEqualTo("deepseek-r1-distill-qwen-7b-vllm-dashboard");
        assertThat(map.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(map.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1")
                .containsEntry("app.kubernetes.io/managed-by", "kiq").containsEntry("app", "deepseek-r1-distill-qwen-7b-vllm");
        assertThat(JSON.readTree(map.getData().get("dashboard.json")).path("panels")).hasSize(8);
        assertThat(grafana.yaml()).hasSize(plain.yaml().size() + 1);
        assertThat(ManifestYaml.parse(grafana.yaml().get(grafana.yaml().size() - 1)).get(0).getKind()).isEqualTo("ConfigMap");
        assertThat(grafana.comments().subList(0, plain.comments().size())).isEqualTo(plain.comments());
        assertThat(grafana.comments().subList(plain.comments().size(), grafana.comments().size()))
                .allMatch(l -> l.startsWith("# ")).hasSize(2)
                .anyMatch(l -> l.contains("kubectl get configmap deepseek-r1-distill-qwen-7b-vllm-dashboard -n default"));

        Manifests gmp = Dashboards.add(plain, request, knee, Dashboards.Kind.GMP);
        ConfigMap gmpMap = (ConfigMap) gmp.objects().get(plain.objects().size());
        assertThat(gmpMap.getMetadata().getLabels()).doesNotContainKey("grafana_dashboard");
        assertThat(JSON.readTree(gmpMap.getData().get("dashboard.json")).path("mosaicLayout").path("columns").asInt())
                .isEqualTo(48);
        assertThat(gmp.comments().subList(plain.comments().size(), gmp.comments().size())).hasSize(3)
                .anyMatch(l -> l.equals("#   gcloud monitoring dashboards create --config-from-file=dashboard.json"));
    }

    @Test
    void kindsAreFoundByTheirIdsOnly() {
        assertThat(Dashboards.Kind.byId("grafana")).isEqualTo(Dashboards.Kind.GRAFANA);
        assertThat(Dashboards.Kind.byId("gmp")).isEqualTo(Dashboards.Kind.GMP);
        assertThat(Dashboards.Kind.GMP.id()).isEqualTo("gmp");
        assertThatThrownBy(() -> Dashboards.Kind.byId("GRAFANA")).isInstanceOf(KiqException.class)
                .hasMessage("--dashboards GRAFANA is not valid; use grafana or gmp.");
    }
}
