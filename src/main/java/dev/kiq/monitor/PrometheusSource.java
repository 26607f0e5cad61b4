package dev.kiq.monitor;

import dev.kiq.catalog.MetricNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The release's figures read from a Prometheus server that scrapes its pods, instead of scraping them through
 * port-forwards. Each refresh evaluates, at one instant, {@code increase(counter[W])} per pod for the token
 * counters and for each latency histogram's buckets and sum, and the queue, batch and KV-cache gauges per pod.
 * Prometheus thus does what the scrape path does by hand (the increase over the window, counting from zero after
 * a reset) over the samples it already holds, so the first refresh covers the whole window; the percentiles, the
 * sums over pods and the place on the curve stay the {@link LiveWindow}'s and the {@link Assessment}'s.
 * Series are matched by the {@code namespace} and {@code pod} labels, which GKE managed Prometheus
 * (PodMonitoring) and the Prometheus operator's PodMonitor/ServiceMonitor both attach.
 */
public final class PrometheusSource implements MetricsSource {

    /** The pods to read (the release's ready pods) and what the cluster says about the rest. */
    public interface Pods {
        List<String> readyPods();

        List<String> notes();

        Optional<HpaStatus> hpa();

        default void close() {
        }
    }

    private final PrometheusApi api;
    private final String namespace;
    private final MetricNames names;
    private final Pods pods;
    private final Set<String> reported = new HashSet<>();

    public PrometheusSource(PrometheusApi api, String namespace, MetricNames names, Pods pods) {
        this.api = api;
        this.namespace = namespace;
        this.names = names;
        this.pods = pods;
    }

    @Override
    public List<PodPage> scrape() {
        return List.of();
    }

    @Override
    public List<String> notes() {
        return pods.notes();
    }

    @Override
    public Optional<HpaStatus> hpa() {
        return pods.hpa();
    }

    @Override
    public void close() {
        pods.close();
    }

    /** The PromQL of one refresh, in the order {@link #windows} reads the answers. */
    List<String> queries(List<String> podNames, Duration window) {
        String sel = "{namespace=\"" + escape(namespace) + "\",pod=~\"" + String.join("|", podNames.stream()
                .map(p -> escape(p.replace(".", "\\."))).toList()) + "\"}";
        String range = "[" + Math.max(1, window.toSeconds()) + "s]";
        List<String> q = new ArrayList<>();
        q.add("sum by (pod) (increase(" + counter(names.generationTokens()) + sel + range + "))");
        q.add("sum by (pod) (increase(" + counter(names.promptTokens()) + sel + range + "))");
        for (String h : List.of(names.ttftSeconds(), names.itlSeconds(), names.e2eSeconds())) {
            q.add("sum by (pod, le) (increase(" + h + "_bucket" + sel + range + "))");
            q.add("sum by (pod) (increase(" + h + "_sum" + sel + range + "))");
        }
        q.add("sum by (pod) (" + names.queueSize() + sel + ")");
        q.add("sum by (pod) (" + names.batchSize() + sel + ")");
        q.add("avg by (pod) (" + names.kvCacheUsage() + sel + ")");
        q.add("sum by (pod) (resets(" + counter(names.generationTokens()) + sel + range + "))");
        return q;
    }

    /** A counter as Prometheus stores it: exposition (client_python, which vLLM uses) names counters with {@code _total}. */
    private static String counter(String name) {
        return name.endsWith("_total") ? name : name + "_total";
    }

    /** A PromQL double-quoted string's content. */
    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public Optional<Windows> windows(Duration window, double timeScale) {
        List<String> ready = pods.readyPods();
        if (ready.isEmpty()) {
            return Optional.of(new Windows(List.of(), List.of()));
        }
        List<List<PrometheusApi.Sample>> answers;
        try {
            answers = api.queryAll(queries(ready, window), System.currentTimeMillis() / 1000.0);
        } catch (PrometheusApi.QueryException e) {
            return Optional.of(new Windows(List.of(), List.of(e.getMessage() + " Monitoring goes on and asks again.")));
        }
        Map<String, Double> generation = perPod(answers.get(0));
        Map<String, Double> prompt = perPod(answers.get(1));
        Map<String, BucketCounts> ttft = histogram(answers.get(2), answers.get(3));
        Map<String, BucketCounts> tpot = histogram(answers.get(4), answers.get(5));
        Map<String, BucketCounts> e2e = histogram(answers.get(6), answers.get(7));
        Map<String, Double> waiting = perPod(answers.get(8));
        Map<String, Double> running = perPod(answers.get(9));
        Map<String, Double> kv = perPod(answers.get(10));
        Map<String, Double> resets = perPod(answers.get(11));

        List<String> faults = new ArrayList<>();
        Set<String> absent = new LinkedHashSet<>();
        if (generation.isEmpty()) {
            absent.add(counter(names.generationTokens()));
        }
        if (prompt.isEmpty()) {
            absent.add(counter(names.promptTokens()));
        }
        if (ttft.isEmpty()) {
            absent.add(names.ttftSeconds());
        }
        if (tpot.isEmpty()) {
            absent.add(names.itlSeconds());
        }
        if (e2e.isEmpty()) {
            absent.add(names.e2eSeconds());
        }
        if (waiting.isEmpty()) {
            absent.add(names.queueSize());
        }
        if (running.isEmpty()) {
            absent.add(names.batchSize());
        }
        if (kv.isEmpty()) {
            absent.add(names.kvCacheUsage());
        }
        if (absent.size() == 8) {
            faults.add("Prometheus at " + api.base() + " holds no series of this server version's metrics (" + counter(names.generationTokens())
                    + " …) for the pods " + String.join(", ", ready) + " in namespace " + namespace + "; is it scraping them"
                    + " (on GKE, a PodMonitoring for port 8000), and is the window longer than two of its scrape intervals?");
            return Optional.of(new Windows(List.of(), faults));
        }
        if (!absent.isEmpty() && reported.add(String.join(",", absent))) {
            faults.add("Prometheus holds no series of " + String.join(", ", absent) + " for these pods (the names of this server"
                    + " version); those figures stay empty");
        }
        double seconds = window.toNanos() / 1e9 * timeScale;
        List<PodWindow> windows = new ArrayList<>();
        for (String pod : ready) {
            if (!generation.containsKey(pod) && !e2e.containsKey(pod)) {
                if (reported.add("pod " + pod)) {
                    faults.add("pod " + pod + ": Prometheus holds no series for it yet (a new pod is scraped within a scrape"
                            + " interval); the total covers the pods it has");
                }
                continue;
            }
            boolean restarted = resets.getOrDefault(pod, 0.0) > 0;
            if (restarted) {
                faults.add("pod " + pod + " restarted in the window (its counters went back to zero); Prometheus counts on"
                        + " from zero after the restart");
            }
            BucketCounts podE2e = e2e.getOrDefault(pod, BucketCounts.EMPTY);
            windows.add(new PodWindow(pod, seconds, generation.getOrDefault(pod, 0.0) / seconds,
                    prompt.getOrDefault(pod, 0.0) / seconds, podE2e.count() / seconds,
                    ttft.getOrDefault(pod, BucketCounts.EMPTY), tpot.getOrDefault(pod, BucketCounts.EMPTY), podE2e,
                    new Gauges(gauge(waiting, pod), gauge(running, pod), gauge(kv, pod)), restarted));
        }
        return Optional.of(new Windows(windows, faults));
    }

    private static OptionalDouble gauge(Map<String, Double> values, String pod) {
        Double v = values.get(pod);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** One value per pod; NaN (no samples in the window) counts as absent. */
    private static Map<String, Double> perPod(List<PrometheusApi.Sample> samples) {
        Map<String, Double> out = new HashMap<>();
        for (PrometheusApi.Sample s : samples) {
            String pod = s.labels().get("pod");
            if (pod != null && !Double.isNaN(s.value())) {
                out.merge(pod, s.value(), Double::sum);
            }
        }
        return out;
    }

    /** Per pod, the buckets' increases (cumulative by {@code le}, the {@code +Inf} bucket being the count) and the sum's. */
    private static Map<String, BucketCounts> histogram(List<PrometheusApi.Sample> buckets, List<PrometheusApi.Sample> sums) {
        Map<String, TreeMap<Double, Double>> byPod = new HashMap<>();
        for (PrometheusApi.Sample s : buckets) {
            String pod = s.labels().get("pod");
            String le = s.labels().get("le");
            if (pod == null || le == null || Double.isNaN(s.value())) {
                continue;
            }
            double bound;
            try {
                bound = "+Inf".equals(le) || "Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
            } catch (NumberFormatException e) {
                continue;
            }
            byPod.computeIfAbsent(pod, k -> new TreeMap<>()).merge(bound, s.value(), Double::sum);
        }
        Map<String, Double> sum = perPod(sums);
        Function<TreeMap<Double, Double>, Double> count = t -> t.getOrDefault(Double.POSITIVE_INFINITY, t.lastEntry().getValue());
        Map<String, BucketCounts> out = new HashMap<>();
        byPod.forEach((pod, t) -> out.put(pod, new BucketCounts(t, count.apply(t), sum.getOrDefault(pod, 0.0))));
        return out;
    }
}
