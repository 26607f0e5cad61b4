package dev.kiq.monitor;

import dev.kiq.KiqException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Instant queries against a Prometheus-compatible HTTP API ({@code GET <base>/api/v1/query}, as Prometheus
 * documents it: https://prometheus.io/docs/prometheus/latest/querying/api): a Prometheus server, or Google
 * Cloud Managed Service for Prometheus at
 * {@code https://monitoring.googleapis.com/v1/projects/PROJECT/location/global/prometheus}. A bearer token,
 * when given, goes only into the request's Authorization header: never into a message or a log.
 */
public final class PrometheusApi {

    /** The environment variable the bearer token is read from unless another is named. */
    public static final String TOKEN_ENV = "KIQ_PROMETHEUS_TOKEN";

    /** One series of an instant vector: its labels and its value ({@code NaN} when Prometheus says so). */
    public record Sample(Map<String, String> labels, double value) {
        public Sample {
            labels = Map.copyOf(labels);
        }
    }

    /** A query that got no usable answer, in one plain sentence naming the server (never the token). */
    public static final class QueryException extends Exception {
        QueryException(String message) {
            super(message);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final Optional<String> token;
    private final String tokenSource;
    private final Duration timeout;
    private final HttpClient http;

    private PrometheusApi(URI base, Optional<String> token, String tokenSource, Duration timeout) {
        this.base = base;
        this.token = token;
        this.tokenSource = tokenSource;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /**
     * @param url        the server's base address; a trailing {@code /api/v1/query} or {@code /api/v1} is dropped
     * @param token      bearer token, empty for none
     * @param tokenSource where the token comes from, for messages (e.g. {@code $KIQ_PROMETHEUS_TOKEN})
     * @param timeout    for connecting and for each query
     * @throws KiqException when {@code url} is not an http(s) address
     */
    public static PrometheusApi of(String url, Optional<String> token, String tokenSource, Duration timeout) {
        URI uri;
        try {
            uri = URI.create(url.strip().replaceAll("/+$", "").replaceFirst("/api/v1(/query)?$", ""));
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                || uri.getRawUserInfo() != null || uri.getRawQuery() != null) {
            throw new KiqException("--prometheus-url \"" + url + "\" is not a Prometheus address; give its base URL, e.g."
                    + " http://prometheus.monitoring:9090 or https://monitoring.googleapis.com/v1/projects/PROJECT/location/global/prometheus"
                    + " (a token goes in $" + TOKEN_ENV + ", not in the URL).");
        }
        return new PrometheusApi(uri, token.filter(t -> !t.isBlank()).map(String::strip), tokenSource, timeout);
    }

    /** The base address queries go to. */
    public URI base() {
        return base;
    }

    /**
     * Runs the queries at once, all evaluated at the same instant, and waits for every answer.
     *
     * @param atEpochSeconds the evaluation time (Unix seconds), so every query sees the same window
     * @return one instant vector per query, in order
     * @throws QueryException for the first query that failed: unreachable, not the API's JSON, an error status
     */
    public List<List<Sample>> queryAll(List<String> queries, double atEpochSeconds) throws QueryException {
        List<CompletableFuture<List<Sample>>> pending = new ArrayList<>();
        for (String q : queries) {
            pending.add(send(q, atEpochSeconds));
        }
        List<List<Sample>> results = new ArrayList<>();
        try {
            for (CompletableFuture<List<Sample>> f : pending) {
                // each request has its own timeout; this bound only guards against a client that never completes
                results.add(f.get(timeout.toMillis() * 2 + 1000, TimeUnit.MILLISECONDS));
            }
        } catch (ExecutionException | CompletionException e) {
            pending.forEach(f -> f.cancel(true));
            Throwable cause = e;
            while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw cause instanceof QueryException q ? q : new QueryException(failure(cause));
        } catch (TimeoutException e) {
            pending.forEach(f -> f.cancel(true));
            throw new QueryException("Prometheus at " + base + " did not answer within " + timeout.toSeconds() + " s.");
        } catch (InterruptedException e) {
            pending.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new QueryException("Interrupted while querying Prometheus at " + base + ".");
        }
        return results;
    }

    private CompletableFuture<List<Sample>> send(String query, double at) {
        String params = "query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&time=" + String.format(Locale.ROOT, "%.3f", at);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1/query?" + params))
                .timeout(timeout).header("Accept", "application/json").GET();
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            try {
                return parse(query, r.statusCode(), r.body());
            } catch (QueryException e) {
                throw new CompletionException(e);
            }
        });
    }

    /** An answer of {@code /api/v1/query}: the samples of a vector, or why there are none. */
    List<Sample> parse(String query, int status, String body) throws QueryException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            root = null;
        }
        if (root == null || !root.isObject() || !root.has("status")) {
            if (status == 401 || status == 403) {
                throw new QueryException(refused(status));
            }
            String start = body.strip();
            start = start.length() > 60 ? start.substring(0, 60) + "…" : start;
            throw new QueryException("Prometheus at " + base + " answered HTTP " + status + " with something that is not the"
                    + " Prometheus API's JSON" + (start.isEmpty() ? " (an empty body)" : " (it starts with \"" + start.replaceAll("\\s+", " ")
                    + "\")") + "; is " + base + " the server's base address (the part before /api/v1)?");
        }
        if (!"success".equals(root.path("status").asString(""))) {
            if (status == 401 || status == 403) {
                throw new QueryException(refused(status));
            }
            throw new QueryException("Prometheus at " + base + " rejected the query (" + root.path("errorType").asString("error")
                    + ": " + root.path("error").asString("no reason given") + "): " + query);
        }
        JsonNode data = root.path("data");
        if (!"vector".equals(data.path("resultType").asString(""))) {
            throw new QueryException("Prometheus at " + base + " answered a query with a " + data.path("resultType").asString("missing")
                    + " result instead of an instant vector: " + query);
        }
        List<Sample> samples = new ArrayList<>();
        for (JsonNode series : data.path("result")) {
            Map<String, String> labels = new LinkedHashMap<>();
            series.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
            JsonNode value = series.path("value");
            samples.add(new Sample(labels, number(value.path(1).asString("NaN"))));
        }
        return samples;
    }

    private String refused(int status) {
        return "Prometheus at " + base + " refused the query (HTTP " + status + "): " + (token.isPresent()
                ? "the bearer token from " + tokenSource + " was not accepted (expired, or lacking permission to read metrics)."
                : "it wants a bearer token; put one in $" + TOKEN_ENV + " (for Google Cloud: gcloud auth print-access-token).");
    }

    private static double number(String s) {
        return switch (s) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    yield Double.NaN;
                }
            }
        };
    }

    private String failure(Throwable e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "Prometheus at " + base + " cannot be reached (no connection within " + timeout.toSeconds() + " s).";
        }
        if (e instanceof HttpTimeoutException) {
            return "Prometheus at " + base + " did not answer within " + timeout.toSeconds() + " s.";
        }
        if (e instanceof ConnectException) {
            return "Prometheus at " + base + " cannot be reached (connection refused).";
        }
        if (e instanceof IOException) {
            return "Prometheus at " + base + " cannot be reached (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()) + ").";
        }
        return "Querying Prometheus at " + base + " failed (" + e.getClass().getSimpleName() + ").";
    }
}
