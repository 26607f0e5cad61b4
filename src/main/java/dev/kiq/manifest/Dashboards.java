package dev.kiq.manifest;

import dev.kiq.KiqException;
import dev.kiq.catalog.MetricNames;
import dev.kiq.profile.PerformancePoint;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A ready dashboard for the model server version a manifest deploys: throughput against the knee's, TTFT,
 * TPOT and e2e percentiles, queue, batch, KV-cache usage, and replicas with the HPA's metric against its
 * threshold. The queries name only the metrics of that version (its {@link MetricNames}).
 */
public final class Dashboards {

    /** Where the dashboard goes. */
    public enum Kind {
        /** Grafana: a JSON dashboard in a ConfigMap labelled for the Grafana sidecar. */
        GRAFANA("grafana"),
        /** Google Cloud Monitoring (managed Prometheus): a dashboard JSON for {@code gcloud monitoring dashboards create}. */
        GMP("gmp");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Kind byId(String id) {
            for (Kind k : values()) {
                if (k.id.equals(id)) {
                    return k;
                }
            }
            throw new KiqException("--dashboards " + id + " is not valid; use grafana or gmp.");
        }
    }

    /** The label the Grafana sidecar watches for (its default {@code LABEL}). */
    public static final String GRAFANA_SIDECAR_LABEL = "grafana_dashboard";
    public static final String DATA_KEY = "dashboard.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One panel: a title and its PromQL queries with legends; {@code reference} draws a constant line. */
    record Panel(String title, String unit, List<String[]> queries, Optional<Double> reference, String referenceName) {
    }

    private Dashboards() {
    }

    /** The manifests with the dashboard's ConfigMap appended and how to import it in the comments. */
    public static Manifests add(Manifests manifests, ManifestRequest request, Optional<PerformancePoint> knee, Kind kind) {
        String base = ResourceNames.base(request.profile().modelServerInfo().model(), request.profile().modelServerInfo().modelServer());
        String json = kind == Kind.GRAFANA ? grafana(request, base, knee) : cloudMonitoring(request, knee);
        String name = base + "-dashboard";
        ConfigMapBuilder cm = new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(request.namespace())
                .addToLabels(ManifestGenerator.MANAGED_BY_LABEL, ManifestGenerator.MANAGED_BY_VALUE)
                .addToLabels("app", base).endMetadata().addToData(DATA_KEY, json);
        if (kind == Kind.GRAFANA) {
            cm.editMetadata().addToLabels(GRAFANA_SIDECAR_LABEL, "1").endMetadata();
        }
        ConfigMap map = cm.build();
        List<HasMetadata> objects = new ArrayList<>(manifests.objects());
        objects.add(map);
        List<String> yaml = new ArrayList<>(manifests.yaml());
        yaml.add(ManifestYaml.write(map));
        List<String> comments = new ArrayList<>(manifests.comments());
        if (kind == Kind.GRAFANA) {
            comments.add("# Dashboard: ConfigMap " + name + " carries a Grafana dashboard labelled " + GRAFANA_SIDECAR_LABEL
                    + "=\"1\"; Grafana's dashboard sidecar (kube-prometheus-stack) imports it by itself. Without the sidecar,");
            comments.add("#   kubectl get configmap " + name + " -n " + request.namespace()
                    + " -o jsonpath='{.data.dashboard\\.json}' > dashboard.json and import it in Grafana (Dashboards > New > Import).");
        } else {
            comments.add("# Dashboard: ConfigMap " + name + " carries a Cloud Monitoring dashboard for managed Prometheus; create it with");
            comments.add("#   kubectl get configmap " + name + " -n " + request.namespace()
                    + " -o jsonpath='{.data.dashboard\\.json}' > dashboard.json");
            comments.add("#   gcloud monitoring dashboards create --config-from-file=dashboard.json");
        }
        return new Manifests(objects, yaml, comments);
    }

    static List<Panel> panels(ManifestRequest request, Optional<PerformancePoint> kneePoint) {
        MetricNames m = request.serverVersion().metrics();
        String ns = "namespace=\"" + request.namespace() + "\"";
        String pods = "count(" + m.batchSize() + "{" + ns + "})";
        // a curve without a knee (a measured profile of two rates) has no saturation to draw: no reference line
        Optional<Double> knee = kneePoint.map(PerformancePoint::outputTokensPerSecond);
        List<Panel> panels = new ArrayList<>();
        panels.add(new Panel("Output tokens/s per replica" + (knee.isPresent() ? " (knee as reference)" : ""), "tokens/s", List.<String[]>of(
                new String[] {"sum(rate(" + m.generationTokens() + "{" + ns + "}[1m])) / " + pods, "per replica"},
                new String[] {"sum(rate(" + m.generationTokens() + "{" + ns + "}[1m]))", "all replicas"}),
                knee, "knee"));
        panels.add(latency("Time to first token", m.ttftSeconds(), ns));
        panels.add(latency("Time per output token", m.itlSeconds(), ns));
        panels.add(latency("End-to-end request latency", m.e2eSeconds(), ns));
        panels.add(gauge("Queue (requests waiting)", m.queueSize(), ns, "sum"));
        panels.add(gauge("Batch (requests running)", m.batchSize(), ns, "sum"));
        panels.add(gauge("KV-cache usage", m.kvCacheUsage(), ns, "avg"));
        List<String[]> replicas = new ArrayList<>();
        replicas.add(new String[] {pods, "replicas"});
        Optional<Double> threshold = Optional.empty();
        String thresholdName = "";
        if (request.hpa().isPresent()) {
            replicas.add(new String[] {"avg(" + request.hpa().get().metricName() + "{" + ns + "})", "HPA metric per pod"});
            threshold = Optional.of(request.hpa().get().threshold());
            thresholdName = "HPA target";
        }
        panels.add(new Panel(request.hpa().isPresent() ? "Replicas and the HPA metric against its target" : "Replicas", "",
                replicas, threshold, thresholdName));
        return panels;
    }

    private static Panel latency(String title, String histogram, String ns) {
        return new Panel(title + " (p50, p90)", "s", List.of(
                new String[] {"histogram_quantile(0.5, sum by (le) (rate(" + histogram + "_bucket{" + ns + "}[1m])))", "p50"},
                new String[] {"histogram_quantile(0.9, sum by (le) (rate(" + histogram + "_bucket{" + ns + "}[1m])))", "p90"}),
                Optional.empty(), "");
    }

    private static Panel gauge(String title, String metric, String ns, String aggregate) {
        return new Panel(title, "", List.<String[]>of(new String[] {aggregate + "(" + metric + "{" + ns + "})", aggregate},
                new String[] {metric + "{" + ns + "}", "{{pod}}"}), Optional.empty(), "");
    }

    static String title(ManifestRequest request) {
        return String.format(Locale.ROOT, "%s on %s %s (%dx %s)", request.profile().modelServerInfo().model(),
                request.profile().modelServerInfo().modelServer(), request.profile().modelServerInfo().modelServerVersion(),
                request.profile().acceleratorCount(), request.profile().acceleratorType());
    }

    /** A Grafana dashboard (schema 39) with one time-series panel per figure, on the default Prometheus data source. */
    static String grafana(ManifestRequest request, String base, Optional<PerformancePoint> knee) {
        ObjectNode d = JSON.createObjectNode();
        d.put("title", "kiq: " + title(request));
        d.put("uid", (base + "-kiq").substring(0, Math.min(40, base.length() + 4)));
        d.put("schemaVersion", 39);
        d.put("editable", true);
        d.putObject("time").put("from", "now-1h").put("to", "now");
        d.put("refresh", "30s");
        d.putArray("tags").add("kiq").add(request.profile().modelServerInfo().modelServer());
        ArrayNode panels = d.putArray("panels");
        int id = 1;
        for (Panel p : panels(request, knee)) {
            ObjectNode panel = panels.addObject();
            panel.put("id", id);
            panel.put("type", "timeseries");
            panel.put("title", p.title());
            panel.putObject("gridPos").put("x", ((id - 1) % 2) * 12).put("y", ((id - 1) / 2) * 8).put("w", 12).put("h", 8);
            panel.putObject("datasource").put("type", "prometheus").put("uid", "${datasource}");
            ObjectNode defaults = panel.putObject("fieldConfig").putObject("defaults");
            if (!p.unit().isEmpty()) {
                defaults.put("unit", p.unit().equals("tokens/s") ? "short" : p.unit());
            }
            ArrayNode targets = panel.putArray("targets");
            char ref = 'A';
            for (String[] q : p.queries()) {
                targets.addObject().put("refId", String.valueOf(ref++)).put("expr", q[0]).put("legendFormat", q[1]);
            }
            if (p.reference().isPresent()) {
                targets.addObject().put("refId", String.valueOf(ref)).put("expr", "vector(" + number(p.reference().get()) + ")")
                        .put("legendFormat", p.referenceName());
            }
            id++;
        }
        ObjectNode datasource = d.putObject("templating").putArray("list").addObject();
        datasource.put("name", "datasource").put("type", "datasource").put("query", "prometheus").put("label", "Data source");
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(d);
    }

    /** A Cloud Monitoring dashboard (mosaic layout, PromQL over managed Prometheus). */
    static String cloudMonitoring(ManifestRequest request, Optional<PerformancePoint> knee) {
        ObjectNode d = JSON.createObjectNode();
        d.put("displayName", "kiq: " + title(request));
        ObjectNode layout = d.putObject("mosaicLayout");
        layout.put("columns", 48);
        ArrayNode tiles = layout.putArray("tiles");
        int i = 0;
        for (Panel p : panels(request, knee)) {
            ObjectNode tile = tiles.addObject();
            tile.put("xPos", (i % 2) * 24).put("yPos", (i / 2) * 16).put("width", 24).put("height", 16);
            ObjectNode widget = tile.putObject("widget");
            widget.put("title", p.title());
            ObjectNode chart = widget.putObject("xyChart");
            ArrayNode sets = chart.putArray("dataSets");
            for (String[] q : p.queries()) {
                ObjectNode set = sets.addObject();
                set.putObject("timeSeriesQuery").put("prometheusQuery", q[0]);
                set.put("plotType", "LINE");
                set.put("legendTemplate", q[1]);
            }
            if (p.reference().isPresent()) {
                chart.putArray("thresholds").addObject().put("value", p.reference().get()).put("label", p.referenceName());
            }
            chart.putObject("yAxis").put("scale", "LINEAR");
            i++;
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(d);
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
