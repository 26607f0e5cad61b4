package dev.kiq.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Scrapes a model server's Prometheus {@code /metrics} at a fixed interval while one rate runs and
 * averages the queue, batch and KV-cache gauges. Knows the names vLLM used across versions
 * ({@code gpu_cache_usage_perc} → {@code kv_cache_usage_perc}) and TGI's. A missing or non-Prometheus
 * page is counted, never fatal.
 */
public final class MetricsScraper {

    static final List<String> QUEUE = List.of("vllm:num_requests_waiting", "tgi_queue_size", "sglang:num_queue_reqs");
    static final List<String> BATCH = List.of("vllm:num_requests_running", "tgi_batch_current_size", "sglang:num_running_reqs");
    static final List<String> KV = List.of("vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc", "sglang:token_usage");
    static final String TTFT = "vllm:time_to_first_token_seconds";

    private final URI url;
    private final Duration interval;
    private final HttpClient http;

    public MetricsScraper(URI url, Duration interval) {
        this.url = url;
        this.interval = interval;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public URI url() {
        return url;
    }

    /**
     * One scrape's outcome: the parsed page, or why there is none.
     *
     * @param failureKind {@code missing} (not HTTP 200), {@code not-prometheus}, {@code unreachable}; empty with a
     *                    page, and empty without one when the thread was interrupted
     * @param failure     one plain sentence naming the URL
     */
    public record Fetch(Optional<PrometheusText> page, String failureKind, String failure) {
        static Fetch failed(String kind, String detail) {
            return new Fetch(Optional.empty(), kind, detail);
        }
    }

    /** Scrapes the page once; never throws for a missing, unreachable or non-Prometheus page. */
    public Fetch fetch() {
        try {
            HttpResponse<String> resp = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200) {
                return Fetch.failed("missing", "HTTP " + resp.statusCode() + " from " + url);
            }
            return new Fetch(Optional.of(PrometheusText.parse(resp.body())), "", "");
        } catch (PrometheusText.NotPrometheusException e) {
            return Fetch.failed("not-prometheus", url + " is not Prometheus text: " + e.getMessage());
        } catch (ConnectException e) {
            return Fetch.failed("unreachable", url + " refused the connection");
        } catch (IOException e) {
            return Fetch.failed("unreachable", url + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Fetch.failed("", "interrupted");
        }
    }

    /** One scrape in progress for a rate; {@link #stop()} returns the summary. */
    public final class Session {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kiq-metrics-scraper");
            t.setDaemon(true);
            return t;
        });
        private final Map<String, Integer> failures = new ConcurrentHashMap<>();
        private volatile String firstFailure = "";
        private double queueSum;
        private double batchSum;
        private double kvSum;
        private int queueN;
        private int batchN;
        private int kvN;
        private int ok;
        private TreeMap<Double, Double> firstTtft;
        private TreeMap<Double, Double> lastTtft;

        Session() {
            timer.scheduleAtFixedRate(this::scrapeOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void scrapeOnce() {
            Fetch f = fetch();
            if (f.page().isPresent()) {
                record(f.page().get());
            } else if (!f.failureKind().isEmpty()) {
                fail(f.failureKind(), f.failure());
            }
        }

        private synchronized void record(PrometheusText page) {
            ok++;
            OptionalDouble q = page.firstPresent(QUEUE).map(page::sum).orElse(OptionalDouble.empty());
            OptionalDouble b = page.firstPresent(BATCH).map(page::sum).orElse(OptionalDouble.empty());
            OptionalDouble k = page.firstPresent(KV).map(page::mean).orElse(OptionalDouble.empty());
            if (q.isPresent()) {
                queueSum += q.getAsDouble();
                queueN++;
            }
            if (b.isPresent()) {
                batchSum += b.getAsDouble();
                batchN++;
            }
            if (k.isPresent()) {
                kvSum += k.getAsDouble();
                kvN++;
            }
            TreeMap<Double, Double> ttft = page.buckets(TTFT);
            if (!ttft.isEmpty()) {
                if (firstTtft == null) {
                    firstTtft = ttft;
                }
                lastTtft = ttft;
            }
        }

        private void fail(String kind, String detail) {
            failures.merge(kind, 1, Integer::sum);
            if (firstFailure.isEmpty()) {
                firstFailure = detail;
            }
        }

        /** Stops scraping after one last scrape, so short rates get at least two samples. */
        public ServerMetrics stop() {
            timer.shutdownNow();
            try {
                timer.awaitTermination(6, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scrapeOnce();
            synchronized (this) {
                OptionalDouble ttftP50 = firstTtft == null || lastTtft == null ? OptionalDouble.empty()
                        : PrometheusText.quantileBetween(firstTtft, lastTtft, 0.5);
                return new ServerMetrics(ok, failures, firstFailure,
                        queueN == 0 ? OptionalDouble.empty() : OptionalDouble.of(queueSum / queueN),
                        batchN == 0 ? OptionalDouble.empty() : OptionalDouble.of(batchSum / batchN),
                        kvN == 0 ? OptionalDouble.empty() : OptionalDouble.of(kvSum / kvN),
                        ttftP50.isPresent() ? OptionalDouble.of(ttftP50.getAsDouble() * 1000) : OptionalDouble.empty());
            }
        }
    }

    public Session start() {
        return new Session();
    }
}
