package dev.kiq.cli;

import dev.kiq.Plural;
import dev.kiq.KiqException;
import dev.kiq.bench.OpenAiStreamClient;
import dev.kiq.monitor.Assessment;
import dev.kiq.monitor.ClusterRelease;
import dev.kiq.monitor.ClusterSource;
import dev.kiq.monitor.EndpointSource;
import dev.kiq.monitor.HpaStatus;
import dev.kiq.monitor.LiveRelease;
import dev.kiq.monitor.LiveWindow;
import dev.kiq.monitor.MetricsSource;
import dev.kiq.monitor.Monitor;
import dev.kiq.monitor.PodWindow;
import dev.kiq.monitor.PrometheusApi;
import dev.kiq.monitor.PrometheusSource;
import dev.kiq.monitor.Recording;
import dev.kiq.monitor.Watched;
import dev.kiq.recommend.Recommender;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kiq monitor}: the live operating point of a release (or endpoint) against its profile's curve. */
@Command(name = "monitor", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Scrape the model server's /metrics of every ready pod of a release (through port-forwards, no kubectl"
                + " needed) or of an --endpoint, and show over a sliding window: output tok/s, TTFT/TPOT/e2e p50 and p90,"
                + " queue, batch and KV-cache usage, the HPA, and where that is on the profile's curve with what to change.",
                "Runs until Ctrl-C (or --refreshes); --record keeps each full window as a point of a measured profile."})
final class MonitorCommand extends ProfileVerb {

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--release", paramLabel = "NAME", description = "The release to watch (default: the only one in the namespace).")
    String release;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "Watch one OpenAI-compatible server instead of a release, e.g. http://127.0.0.1:8000 (kiq emulator).")
    String endpoint;

    @Option(names = "--prometheus-url", paramLabel = "URL",
            description = {"Read the release's metrics from this Prometheus-compatible query API instead of port-forwards to"
                    + " its pods, e.g. http://prometheus.monitoring:9090 or GKE managed Prometheus,"
                    + " https://monitoring.googleapis.com/v1/projects/PROJECT/location/global/prometheus."})
    String prometheusUrl;

    @Option(names = "--prometheus-token-env", paramLabel = "VAR", defaultValue = PrometheusApi.TOKEN_ENV,
            description = "With --prometheus-url: the environment variable holding a bearer token, if the API needs one"
                    + " (default ${DEFAULT-VALUE}; for Google Cloud: export ${DEFAULT-VALUE}=$(gcloud auth print-access-token)).")
    String prometheusTokenEnv;

    @Option(names = "--window", defaultValue = "60s", paramLabel = "DURATION", description = "Sliding window of the figures (default ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--interval", paramLabel = "DURATION",
            description = "Time between refreshes (default: 5s, or the window when shorter; 15s with --prometheus-url).")
    String interval;

    @Option(names = "--record", paramLabel = "FILE", description = "Save each full window as a point of a measured profile (YAML or JSON).")
    Path record;

    @Option(names = "--refreshes", paramLabel = "N", description = "Stop after N refreshes with figures (default: until Ctrl-C).")
    Integer refreshes;

    @Option(names = "--model", description = "With --endpoint: the model it serves (default: the first of its /v1/models).")
    String model;

    @Option(names = "--model-server", defaultValue = "vllm", description = "With --endpoint: the model server (default ${DEFAULT-VALUE}).")
    String modelServer;

    @Option(names = "--model-server-version", paramLabel = "V", description = "With --endpoint: its version (default: what its /version says).")
    String modelServerVersion;

    @Option(names = "--accelerator-type", paramLabel = "TYPE", description = "With --endpoint: what it runs on, to place it on a profile.")
    String acceleratorType;

    @Option(names = "--accelerator-count", paramLabel = "N", description = "With --endpoint: accelerators per replica (default: the profile's smallest).")
    Integer acceleratorCount;

    @Option(names = "--time-scale", defaultValue = "1", paramLabel = "X",
            description = "Only against `kiq emulator --time-scale X`: rates are scaled back to the modeled hardware.")
    double timeScale;

    @Option(names = "--benchmark", description = {"With --endpoint: measure what one refresh costs when a release has"
            + " --benchmark-pods pods (each read from the endpoint's /metrics) over --window, and print the medians of this"
            + " process's CPU time and wall time per refresh; nothing is shown or recorded.",
            "E.g. kiq emulator, then: kiq monitor --endpoint http://127.0.0.1:8000 --window 10s --interval 1s --benchmark"})
    boolean benchmark;

    @Option(names = "--benchmark-pods", defaultValue = "10", paramLabel = "N", description = "Pods for --benchmark (default ${DEFAULT-VALUE}).")
    int benchmarkPods;

    @Mixin
    TargetOptions targets = new TargetOptions();

    @Override
    public Integer call() {
        PrintWriter out = out();
        Duration windowLength = DurationParser.parse(window, "--window");
        Duration shortest = prometheusUrl != null ? Duration.ofSeconds(15) : Duration.ofSeconds(5);
        Duration every = interval != null ? DurationParser.parse(interval, "--interval")
                : windowLength.compareTo(shortest) < 0 ? windowLength : shortest;
        if (!(timeScale > 0)) {
            throw new KiqException("--time-scale must be positive, got " + timeScale + ".");
        }
        if (refreshes != null && refreshes < 1) {
            throw new KiqException("--refreshes must be at least 1, got " + refreshes + ".");
        }
        if (endpoint != null && (release != null || cluster.namespace != null || cluster.context != null || prometheusUrl != null)) {
            throw new KiqException("--endpoint watches a server directly; it excludes --release, --namespace, --context and"
                    + " --prometheus-url.");
        }
        Optional<PrometheusApi> prometheus = prometheusUrl == null ? Optional.empty() : Optional.of(PrometheusApi.of(prometheusUrl,
                Optional.ofNullable(System.getenv(prometheusTokenEnv)), "$" + prometheusTokenEnv, Duration.ofSeconds(10)));
        if (benchmark) {
            return benchmark(out, windowLength, every);
        }
        ProfileSources.Library library = library();
        if (endpoint != null) {
            URI base = URI.create(endpoint.replaceAll("/+$", "").replaceFirst("/v1$", ""));
            Watched watched = watchedEndpoint(library, base);
            try (Monitor monitor = new Monitor(new EndpointSource(URI.create(base + "/metrics")), watched.metrics(),
                    watched.otherVersionsMetrics(library.catalog()), windowLength, timeScale)) {
                return watch(out, library, watched, monitor, windowLength, every);
            }
        }
        try (ClusterOptions.Connection c = cluster.connect();
             LiveRelease live = LiveRelease.open(c.client(), c.context().name(), c.namespace(cluster.namespace),
                     Optional.ofNullable(release), library.catalog(), library.repository(), CliWording.INSTANCE)) {
            ClusterRelease r = live.release();
            Watched watched = live.watched();
            err().printf("Watching release %s in namespace %s (context %s)%s%n", r.name(), r.namespace(), c.context().name(),
                    prometheus.map(p -> " through Prometheus at " + p.base()).orElse(""));
            ClusterSource pods = live.pods();
            MetricsSource source = prometheus.<MetricsSource>map(p -> new PrometheusSource(p, r.namespace(), watched.metrics(), pods))
                    .orElse(pods);
            try (Monitor monitor = new Monitor(source, watched.metrics(), watched.otherVersionsMetrics(library.catalog()),
                    windowLength, timeScale)) {
                return watch(out, library, watched, monitor, windowLength, every);
            }
        }
    }

    private int benchmark(PrintWriter out, Duration windowLength, Duration every) {
        if (endpoint == null) {
            throw new KiqException("--benchmark reads an --endpoint's /metrics as each pod's, e.g. --endpoint"
                    + " http://127.0.0.1:8000 with kiq emulator running.");
        }
        if (benchmarkPods < 1 || benchmarkPods > 1000) {
            throw new KiqException("--benchmark-pods must be from 1 to 1000, got " + benchmarkPods + ".");
        }
        URI base = URI.create(endpoint.replaceAll("/+$", "").replaceFirst("/v1$", ""));
        ProfileSources.Library library = library();
        Watched watched = watchedEndpoint(library, base);
        int counted = refreshes != null ? refreshes : 30;
        int warmUp = Math.min(10, counted);
        dev.kiq.monitor.RefreshBenchmark.Result r = dev.kiq.monitor.RefreshBenchmark.run(URI.create(base + "/metrics"),
                watched.metrics(), benchmarkPods, windowLength, every, warmUp, counted);
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        out.printf(Locale.ROOT, "monitor refresh: %d pods (%d samples per page, %d pods with a window), window %ds, one refresh"
                        + " every %s ms; %d refreshes after %d warm-up; load average %.2f on %d cores%n", r.pods(), r.pageSamples(),
                r.podsWithAWindow(), windowLength.toSeconds(), every.toMillis(), counted, warmUp, load,
                Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "  CPU of this process per refresh: median %.1f ms, p90 %.1f ms (goal < 500 ms)%n",
                dev.kiq.monitor.RefreshBenchmark.Result.median(r.cpuMillis()),
                dev.kiq.monitor.RefreshBenchmark.Result.quantile(r.cpuMillis(), 0.9));
        out.printf(Locale.ROOT, "  CPU of the refreshing thread: median %.1f ms; wall time: median %.1f ms, p90 %.1f ms%n",
                dev.kiq.monitor.RefreshBenchmark.Result.median(r.threadMillis()),
                dev.kiq.monitor.RefreshBenchmark.Result.median(r.wallMillis()),
                dev.kiq.monitor.RefreshBenchmark.Result.quantile(r.wallMillis(), 0.9));
        out.flush();
        return 0;
    }

    private Watched watchedEndpoint(ProfileSources.Library library, URI base) {
        String served = model;
        Optional<String> version = Optional.ofNullable(modelServerVersion);
        try (OpenAiStreamClient client = new OpenAiStreamClient(base, "", OpenAiStreamClient.Api.COMPLETIONS, 1, Duration.ofSeconds(15))) {
            if (served == null) {
                try {
                    served = client.models().stream().findFirst().map(OpenAiStreamClient.ServedModel::id)
                            .orElseThrow(() -> new KiqException(base + " serves no model (its /v1/models list is empty)."));
                } catch (OpenAiStreamClient.ModelListException e) {
                    throw dev.kiq.monitor.Trial.cannotListModels(base, e);
                }
            }
            if (version.isEmpty()) {
                version = client.serverVersion();
            }
        }
        String v = version.orElseGet(() -> library.catalog().modelServer(modelServer).latest().version());
        return Watched.resolve(library.catalog(), library.repository(), served, modelServer, v,
                Optional.ofNullable(acceleratorType), acceleratorCount == null ? OptionalInt.empty() : OptionalInt.of(acceleratorCount));
    }

    private int watch(PrintWriter out, ProfileSources.Library library, Watched watched, Monitor monitor, Duration windowLength,
                      Duration every) {
        Optional<Recording> recording = record == null ? Optional.empty()
                : Optional.of(new Recording(library.catalog(), watched, windowLength));
        out.printf(Locale.ROOT, "%s on %s %s%s, window %ds%n", watched.model(), watched.modelServer(), watched.modelServerVersion(),
                watched.profile().map(p -> ", profile " + Recommender.describe(p) + " (" + p.provenance().kind() + ")").orElse(""),
                windowLength.toSeconds());
        watched.notes().forEach(n -> out.println("note: " + n));
        out.flush();

        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                finished.await(10, TimeUnit.SECONDS); // let the loop save what it recorded
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kiq-monitor-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        Recommender recommender = Recommender.standard();
        int shown = 0;
        try {
            while (!stop.get()) {
                long next = System.nanoTime() + every.toNanos();
                Monitor.Refresh refresh = monitor.refresh();
                print(out, refresh, watched, recommender);
                if (refresh.window().replicas() > 0) {
                    shown++;
                    if (recording.isPresent() && recording.get().offer(refresh)) {
                        Path saved = ProfileOutput.write(record, recording.get().profile().orElseThrow());
                        out.printf("recorded window %d to %s%n", recording.get().size(), saved);
                    }
                }
                out.flush();
                if (refreshes != null && shown >= refreshes) {
                    break;
                }
                while (!stop.get() && System.nanoTime() < next) {
                    LockSupport.parkNanos(Math.min(100_000_000L, next - System.nanoTime()));
                }
            }
            recording.ifPresent(r -> out.println(r.size() == 0 ? "No full window with traffic was recorded."
                    : "Kept " + Plural.of(r.size(), "window") + " in " + record.toAbsolutePath()));
            out.flush();
            return 0;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook waits for us
            }
        }
    }

    private void print(PrintWriter out, Monitor.Refresh refresh, Watched watched, Recommender recommender) {
        LiveWindow w = refresh.window();
        String now = LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
        if (w.replicas() == 0) {
            // after a failed scrape there is nothing to wait for: the notes below say what failed
            out.println(now + (refresh.read() > 0 ? "  one scrape so far; the figures need a second one"
                    : "  no metrics could be read this time (below); tried again at the next refresh"));
        } else {
            out.printf(Locale.ROOT, "%s  %d pod%s over %ss: %s output tok/s, %s input tok/s, %s req/s finished%n", now, w.replicas(),
                    w.replicas() == 1 ? "" : "s", num(w.seconds()), num(w.outputTokensPerSecond()), num(w.inputTokensPerSecond()),
                    num(w.requestsPerSecond()));
            out.printf(Locale.ROOT, "  TTFT p50 %s p90 %s ms | TPOT p50 %s p90 %s ms | e2e p50 %s p90 %s ms%n",
                    ms(w, w.ttft(), 0.5), ms(w, w.ttft(), 0.9), ms(w, w.tpot(), 0.5), ms(w, w.tpot(), 0.9),
                    ms(w, w.e2e(), 0.5), ms(w, w.e2e(), 0.9));
            out.printf(Locale.ROOT, "  queue %s | batch %s | KV cache %s%n", opt(w.waiting()), opt(w.running()), pct(w.kvCacheUsage()));
            if (w.replicas() > 1) {
                for (PodWindow p : w.pods()) {
                    out.printf(Locale.ROOT, "    %-40s %s tok/s, queue %s, batch %s, KV %s%n", p.pod(), num(p.outputTokensPerSecond()),
                            opt(p.gauges().waiting()), opt(p.gauges().running()), pct(p.gauges().kvCacheUsage()));
                }
            }
        }
        refresh.hpa().ifPresent(h -> printHpa(out, h));
        if (w.replicas() > 0 && watched.profile().isPresent()) {
            Assessment a = Assessment.of(watched.profile().get(), recommender, targets.targets(), watched.metrics(), w, refresh.hpa());
            out.println("  " + a.summary());
            a.advice().forEach(s -> out.println("  -> " + s));
        }
        refresh.notes().forEach(n -> out.println("  ! " + n));
    }

    private static void printHpa(PrintWriter out, HpaStatus h) {
        out.printf(Locale.ROOT, "  HPA %s: %d replicas (wants %d, %d-%d); %s %s per pod against a target of %s%n", h.name(),
                h.currentReplicas(), h.desiredReplicas(), h.minReplicas(), h.maxReplicas(), h.metric(), opt(h.current()),
                opt(h.threshold()));
        h.conditions().forEach(c -> out.println("    " + c));
    }

    private static String ms(LiveWindow w, dev.kiq.monitor.BucketCounts h, double q) {
        return opt(LiveWindow.millis(h, q));
    }

    private static String opt(OptionalDouble v) {
        return v.isPresent() ? num(v.getAsDouble()) : "-";
    }

    private static String pct(OptionalDouble v) {
        return v.isPresent() ? num(v.getAsDouble() * 100) + "%" : "-";
    }

    private static String num(double v) {
        double a = Math.abs(v);
        return a >= 100 ? String.format(Locale.ROOT, "%.0f", v) : a >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

}
