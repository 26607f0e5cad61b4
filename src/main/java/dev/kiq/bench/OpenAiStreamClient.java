package dev.kiq.bench;

import dev.kiq.KiqException;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Streams OpenAI-compatible completions (SSE) over Vert.x's non-blocking HTTP client: one event loop
 * holds thousands of open streams, and each chunk is timestamped on arrival, before any JSON parsing.
 * Thread-safe: {@link #send} may be called from any thread; callbacks run on the event loop.
 */
public final class OpenAiStreamClient implements AutoCloseable {

    /** Which OpenAI API the requests use. */
    public enum Api {
        COMPLETIONS("/v1/completions"), CHAT("/v1/chat/completions");

        final String path;

        Api(String path) {
            this.path = path;
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Seconds an idle connection stays in the pool: under vLLM's own 5 s ({@code VLLM_HTTP_TIMEOUT_KEEP_ALIVE},
     * uvicorn's {@code timeout_keep_alive}), so the client closes a connection before the server may, and the
     * pool shrinks back to the connections in use. Vert.x (5.2) picks a connection for each request by scanning
     * every pooled one, so thousands left idle by a backlog (each request queued behind it opens its own
     * connection) slowed every later request on the event loop; its default keeps them 60 s.
     */
    static final int KEEP_ALIVE_SECONDS = 4;
    /**
     * Requests {@link #warmUp} sends. A cold JVM runs the client's per-request code interpreted until the JIT
     * compiles it: at a first rate of 250 req/s the single event loop fell behind by seconds, and the backlog fed
     * on itself (see {@link #KEEP_ALIVE_SECONDS}). 200 requests of 16 chunks run each event handler over 3 000
     * times, past the JIT's first compile thresholds.
     */
    public static final int WARM_UP_REQUESTS = 200;
    static final int WARM_UP_CONCURRENCY = 8;
    public static final int WARM_UP_PROMPT_TOKENS = 64;
    public static final int WARM_UP_OUTPUT_TOKENS = 16;

    private final Vertx vertx;
    private final HttpClientAgent http;
    private final URI base;
    private final String model;
    private final Api api;
    private final long timeoutMillis;

    /**
     * @param base           the server root, e.g. {@code http://127.0.0.1:8000} (a trailing {@code /v1} is accepted)
     * @param maxConnections most streams open at once
     */
    public OpenAiStreamClient(URI base, String model, Api api, int maxConnections, Duration timeout) {
        this.base = normalize(base);
        this.model = model;
        this.api = api;
        this.timeoutMillis = timeout.toMillis();
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setBlockedThreadCheckInterval(60_000));
        this.http = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(KEEP_ALIVE_SECONDS).setConnectTimeout(10_000)
                        .setTcpNoDelay(true).setMaxInitialLineLength(8192),
                new PoolOptions().setHttp1MaxSize(Math.max(1, maxConnections)).setMaxWaitQueueSize(-1));
    }

    static URI normalize(URI endpoint) {
        String s = endpoint.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.endsWith("/v1")) {
            s = s.substring(0, s.length() - 3);
        }
        URI uri = URI.create(s);
        if (uri.getScheme() == null || uri.getHost() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new KiqException("Endpoint " + endpoint + " is not an http(s) URL; give e.g. http://127.0.0.1:8000.");
        }
        return uri;
    }

    public URI base() {
        return base;
    }

    /** A model an endpoint serves, as {@code /v1/models} lists it (vLLM adds {@code max_model_len}). */
    public record ServedModel(String id, java.util.OptionalInt maxModelLen) {
    }

    /** The models the endpoint serves ({@code GET /v1/models}); blocks. */
    public List<ServedModel> models() throws ModelListException {
        return get("/v1/models", body -> {
            List<ServedModel> models = new ArrayList<>();
            JSON.readTree(body).path("data").forEach(m -> models.add(new ServedModel(m.path("id").asString(""),
                    m.path("max_model_len").isIntegralNumber() ? java.util.OptionalInt.of(m.path("max_model_len").asInt())
                            : java.util.OptionalInt.empty())));
            return models;
        });
    }

    /** The server's version from vLLM's {@code GET /version}, when it has one. */
    public Optional<String> serverVersion() {
        try {
            return get("/version", body -> {
                String v = JSON.readTree(body).path("version").asString("");
                return v.isEmpty() ? Optional.<String>empty() : Optional.of(v.startsWith("v") ? v : "v" + v);
            });
        } catch (ModelListException | JacksonException e) {
            return Optional.empty();
        }
    }

    private <T> T get(String path, java.util.function.Function<String, T> parse) throws ModelListException {
        CompletableFuture<T> result = new CompletableFuture<>();
        http.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(base + path).setIdleTimeout(10_000))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        result.completeExceptionally(ar.cause());
                        return;
                    }
                    // as in send(): the body is asked for in the task that receives the response head, before
                    // the request goes out, so a short answer cannot end before anyone reads it
                    HttpClientRequest req = ar.result();
                    req.response().compose(resp -> resp.body().map(body -> {
                        if (resp.statusCode() != 200) {
                            throw new IllegalStateException("HTTP " + resp.statusCode() + " from " + path);
                        }
                        return parse.apply(body.toString());
                    })).onSuccess(result::complete).onFailure(result::completeExceptionally);
                    req.end();
                });
        try {
            return result.get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new ModelListException(classify(cause), describe(cause));
        } catch (TimeoutException e) {
            throw new ModelListException(Fault.TIMEOUT, "no answer from " + base + path + " within 15 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelListException(Fault.OTHER_IO, "interrupted");
        }
    }

    /** Why {@link #models()} failed. */
    public static final class ModelListException extends Exception {
        private final Fault fault;

        public ModelListException(Fault fault, String message) {
            super(message);
            this.fault = fault;
        }

        public Fault fault() {
            return fault;
        }
    }

    String requestBody(BenchRequest r) {
        return requestBody(r, true);
    }

    /** @param ignoreEos generate exactly {@code max_tokens} (the benchmark's fixed lengths) instead of stopping at EOS */
    String requestBody(BenchRequest r, boolean ignoreEos) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        if (api == Api.CHAT) {
            body.putArray("messages").addObject().put("role", "user").put("content", r.prompt());
        } else {
            body.put("prompt", r.prompt());
        }
        body.put("max_tokens", r.outputTokens());
        body.put("temperature", 0.0);
        if (ignoreEos) {
            body.put("ignore_eos", true);
        }
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        return body.toString();
    }

    /** Sends one streaming request; {@code done} receives its record exactly once. */
    public void send(BenchRequest request, Consumer<RequestRecord> done) {
        send(request, true, text -> { }, done);
    }

    /**
     * Sends one prompt as a person would ({@code kiq try}): the server may stop at end of sequence before
     * {@code maxTokens}; {@code onText} receives each streamed piece of text as it arrives (on the event loop).
     */
    public void stream(String prompt, int maxTokens, Consumer<String> onText, Consumer<RequestRecord> done) {
        send(new BenchRequest(prompt, TokenEstimate.count(prompt), maxTokens), false, onText, done);
    }

    private void send(BenchRequest request, boolean ignoreEos, Consumer<String> onText, Consumer<RequestRecord> done) {
        Buffer body = Buffer.buffer(requestBody(request, ignoreEos));
        long sent = System.nanoTime();
        StreamState state = new StreamState(request, sent, onText, done);
        http.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(base + api.path)
                        .putHeader("content-type", "application/json").putHeader("accept", "text/event-stream")
                        .setIdleTimeout(timeoutMillis))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        state.fail(classify(ar.cause()), describe(ar.cause()));
                        return;
                    }
                    // the response listener is registered on the event loop before the request goes out, so it
                    // runs in the same task that receives the response head: no chunk or end can slip past it
                    HttpClientRequest req = ar.result();
                    req.response().onComplete(resp -> {
                        if (resp.succeeded()) {
                            state.onResponse(resp.result());
                        } else {
                            state.fail(classify(resp.cause()), describe(resp.cause()));
                        }
                    });
                    req.end(body).onFailure(e -> state.fail(classify(e), describe(e)));
                });
    }

    /**
     * Warms the client up before anything is measured: sends {@code requests} short streaming requests
     * ({@value #WARM_UP_PROMPT_TOKENS}-token prompt, {@value #WARM_UP_OUTPUT_TOKENS} tokens out),
     * {@value #WARM_UP_CONCURRENCY} at a time, and waits for them; their records are dropped. Stops sending at
     * the first failure (the measured run then counts and reports it). Blocks; returns the requests that succeeded.
     */
    public int warmUp(int requests) {
        Semaphore slots = new Semaphore(WARM_UP_CONCURRENCY);
        AtomicInteger succeeded = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        SplittableRandom random = new SplittableRandom(requests);
        try {
            for (int i = 0; i < requests && !failed.get(); i++) {
                slots.acquire();
                send(new BenchRequest(TokenEstimate.syntheticText(WARM_UP_PROMPT_TOKENS, random.nextLong()),
                        WARM_UP_PROMPT_TOKENS, WARM_UP_OUTPUT_TOKENS), r -> {
                    if (r.succeeded()) {
                        succeeded.incrementAndGet();
                    } else {
                        failed.set(true);
                    }
                    slots.release();
                });
            }
            slots.acquire(WARM_UP_CONCURRENCY);
            slots.release(WARM_UP_CONCURRENCY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return succeeded.get();
    }

    static Fault classify(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return Fault.DNS_FAILURE;
            }
            if (t instanceof ConnectException) {
                return Fault.CONNECTION_REFUSED;
            }
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return Fault.TIMEOUT;
            }
            if (t.getClass().getSimpleName().equals("HttpClosedException")) {
                return Fault.STREAM_CUT;
            }
        }
        return Fault.OTHER_IO;
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** The per-request parsing state; touched only on the event loop. */
    private final class StreamState {
        final BenchRequest request;
        final long sent;
        final Consumer<String> onText;
        final Consumer<RequestRecord> done;
        final SseParser parser = new SseParser(this::onEvent);
        long firstToken;
        long lastToken;
        long[] gaps = new long[64];
        int gapCount;
        int chunks;
        int promptTokens = -1;
        int completionTokens = -1;
        boolean sawDone;
        boolean finished;
        Fault eventFault;
        String eventFaultDetail = "";
        String id = "";
        long chunkTime;

        StreamState(BenchRequest request, long sent, Consumer<String> onText, Consumer<RequestRecord> done) {
            this.request = request;
            this.sent = sent;
            this.onText = onText;
            this.done = done;
        }

        void onResponse(HttpClientResponse resp) {
            if (resp.statusCode() != 200) {
                int status = resp.statusCode();
                resp.body().onComplete(ar -> fail(status >= 500 ? Fault.HTTP_5XX : Fault.HTTP_4XX,
                        "HTTP " + status + (ar.succeeded() ? ": " + errorMessage(ar.result().toString()) : "")));
                return;
            }
            try {
                resp.handler(buf -> {
                    chunkTime = System.nanoTime();
                    byte[] bytes = buf.getBytes();
                    parser.feed(bytes, 0, bytes.length);
                });
                resp.exceptionHandler(e -> fail(Fault.STREAM_CUT, describe(e)));
                resp.endHandler(v -> end());
            } catch (IllegalStateException e) {
                // never leave a request open: a response that ended unread is counted, not lost
                fail(Fault.OTHER_IO, "response ended before it could be read: " + e.getMessage());
            }
        }

        void onEvent(String data) {
            if (sawDone) {
                return;
            }
            if (data.equals("[DONE]")) {
                sawDone = true;
                return;
            }
            Event event;
            try {
                event = Event.read(data, api);
            } catch (JacksonException e) {
                markFault(Fault.MALFORMED_SSE, "event is not JSON: " + abbreviate(data));
                return;
            }
            if (event == null) {
                markFault(Fault.MALFORMED_SSE, "event is not a JSON object: " + abbreviate(data));
                return;
            }
            if (event.error()) {
                markFault(Fault.SERVER_ERROR_EVENT, errorMessage(data));
                return;
            }
            if (id.isEmpty()) {
                id = event.id();
            }
            if (event.promptTokens() >= 0) {
                promptTokens = event.promptTokens();
            }
            if (event.completionTokens() >= 0) {
                completionTokens = event.completionTokens();
            }
            String text = event.text();
            if (!text.isEmpty()) {
                chunks++;
                if (firstToken == 0) {
                    firstToken = chunkTime;
                } else {
                    if (gapCount == gaps.length) {
                        gaps = Arrays.copyOf(gaps, gaps.length * 2);
                    }
                    gaps[gapCount++] = chunkTime - lastToken;
                }
                lastToken = chunkTime;
                onText.accept(text);
            }
        }

        void markFault(Fault fault, String detail) {
            if (eventFault == null) {
                eventFault = fault;
                eventFaultDetail = detail;
            }
        }

        void end() {
            if (finished) {
                return;
            }
            long now = System.nanoTime();
            if (eventFault == null && parser.malformedLines() > 0) {
                markFault(Fault.MALFORMED_SSE, parser.malformedLines() + " lines are not SSE fields");
            }
            if (eventFault == null && !sawDone) {
                markFault(Fault.STREAM_CUT, "stream ended after " + chunks + " token chunks without [DONE]");
            }
            if (eventFault == null && firstToken == 0) {
                markFault(Fault.MALFORMED_SSE, "stream ended without any token");
            }
            finish(now, eventFault, eventFaultDetail);
        }

        void fail(Fault fault, String detail) {
            if (finished) {
                return;
            }
            finish(System.nanoTime(), eventFault != null ? eventFault : fault, eventFault != null ? eventFaultDetail : detail);
        }

        void finish(long end, Fault fault, String detail) {
            finished = true;
            int out = completionTokens >= 0 ? completionTokens : chunks;
            int in = promptTokens >= 0 ? promptTokens : request.promptTokens();
            done.accept(new RequestRecord(sent, firstToken, end, in, out, Arrays.copyOf(gaps, gapCount),
                    Optional.ofNullable(fault), fault == null ? "" : detail, id));
        }
    }

    /**
     * What the client needs of one streamed event, read with Jackson's streaming parser: a tree of every event cost
     * a quarter of the event loop's time (JFR, 250 req/s of 16 chunks). Empty strings and -1 for what is absent.
     *
     * @param error the event is an error ({@code "error"} key, or {@code "object": "error"})
     */
    record Event(boolean error, String id, int promptTokens, int completionTokens, String text) {

        /** @return null when the event is JSON but not an object; throws when it is not JSON */
        static Event read(String data, Api api) {
            try (JsonParser p = JSON.tokenStreamFactory().createParser(ObjectReadContext.empty(), data)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    trailing(p);
                    return null;
                }
                boolean error = false;
                String id = "";
                int prompt = -1;
                int completion = -1;
                String text = "";
                for (String name = p.nextName(); name != null; name = p.nextName()) {
                    JsonToken value = p.nextToken();
                    switch (name) {
                        case "id" -> id = value == JsonToken.VALUE_STRING && id.isEmpty() ? p.getString() : skip(p, id);
                        case "error" -> {
                            error = true;
                            p.skipChildren();
                        }
                        case "object" -> error |= value == JsonToken.VALUE_STRING && p.getString().equals("error");
                        case "usage" -> {
                            if (value == JsonToken.START_OBJECT) {
                                for (String field = p.nextName(); field != null; field = p.nextName()) {
                                    JsonToken v = p.nextToken();
                                    if (field.equals("prompt_tokens") && v == JsonToken.VALUE_NUMBER_INT) {
                                        prompt = p.getIntValue();
                                    } else if (field.equals("completion_tokens") && v == JsonToken.VALUE_NUMBER_INT) {
                                        completion = p.getIntValue();
                                    } else {
                                        p.skipChildren();
                                    }
                                }
                            } else {
                                p.skipChildren();
                            }
                        }
                        case "choices" -> text = value == JsonToken.START_ARRAY ? firstChoiceText(p, api) : skip(p, text);
                        default -> p.skipChildren();
                    }
                }
                trailing(p);
                return new Event(error, id, prompt, completion, text);
            }
        }

        /** The text of the first choice ({@code text}, or {@code delta.content} in chat); leaves the array read. */
        private static String firstChoiceText(JsonParser p, Api api) {
            String text = "";
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_OBJECT) {
                for (String name = p.nextName(); name != null; name = p.nextName()) {
                    JsonToken value = p.nextToken();
                    if (api == Api.COMPLETIONS && name.equals("text") && value == JsonToken.VALUE_STRING) {
                        text = p.getString();
                    } else if (api == Api.CHAT && name.equals("delta") && value == JsonToken.START_OBJECT) {
                        for (String field = p.nextName(); field != null; field = p.nextName()) {
                            JsonToken v = p.nextToken();
                            if (field.equals("content") && v == JsonToken.VALUE_STRING) {
                                text = p.getString();
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            } else if (first != JsonToken.END_ARRAY) {
                p.skipChildren();
            }
            if (first != JsonToken.END_ARRAY) {
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    p.skipChildren();
                }
            }
            return text;
        }

        private static String skip(JsonParser p, String keep) {
            p.skipChildren();
            return keep;
        }

        /** Content after the event's value makes it not JSON (as for a tree read, which refuses trailing tokens). */
        private static void trailing(JsonParser p) {
            if (p.nextToken() != null) {
                throw new StreamReadException(p, "trailing content after the event's JSON value");
            }
        }
    }

    static String errorMessage(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            JsonNode message = n.path("error").isObject() ? n.path("error").path("message") : n.path("message");
            if (message.isString()) {
                return message.asString();
            }
        } catch (JacksonException e) {
            // not JSON: show the start of the body
        }
        return abbreviate(body);
    }

    private static String abbreviate(String s) {
        String oneLine = s.replace('\n', ' ');
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }

    @Override
    public void close() {
        try {
            http.close().await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        try {
            vertx.close().await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
    }
}
