package dev.kiq.bench.emulator;

import dev.kiq.KiqException;
import dev.kiq.bench.TokenEstimate;
import dev.kiq.catalog.MetricNames;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OpenAI-compatible model server whose token timing comes from a {@link BatchEngine} run in real
 * time: {@code /v1/completions} and {@code /v1/chat/completions} (streamed as SSE or not),
 * {@code /v1/models}, {@code /health}, {@code /version}, {@code /metrics}. It speaks vLLM's dialect:
 * the same chunk and usage objects, the same HTTP status and error body for a bad request (flat
 * {@code {"object":"error",…}} before v0.10, nested {@code {"error":{…}}} after), an unbounded queue
 * under overload. One Vert.x event loop carries every connection; the engine runs on its own thread.
 */
public final class EmulatorServer implements AutoCloseable {

    /**
     * @param servedModel        the model id clients must name
     * @param modelServerVersion emulated vLLM version, e.g. {@code v0.7.2} (error format, {@code /version})
     * @param metrics            metric names of that version
     * @param maxModelLen        longest prompt + output accepted
     * @param timeScale          how many times faster than the modeled hardware to run (1 = real time)
     * @param defaultChatTokens  output length when a chat request gives no {@code max_tokens} (no EOS is modeled)
     * @param maxBodyBytes       longest request body accepted; a longer one gets 413 and is never held in memory
     */
    public record Config(String servedModel, String modelServerVersion, MetricNames metrics, int maxModelLen,
                         double timeScale, String host, int port, IntSupplier defaultChatTokens, long maxBodyBytes) {

        /** With the {@linkplain #DEFAULT_MAX_BODY_BYTES default} body limit. */
        public Config(String servedModel, String modelServerVersion, MetricNames metrics, int maxModelLen,
                      double timeScale, String host, int port, IntSupplier defaultChatTokens) {
            this(servedModel, modelServerVersion, metrics, maxModelLen, timeScale, host, port, defaultChatTokens,
                    DEFAULT_MAX_BODY_BYTES);
        }

        public Config {
            if (maxBodyBytes < 1) {
                throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
            }
        }
    }

    /**
     * 4 MiB: a prompt of 128k tokens is about 0.5 MB of text, and as token ids about 1 MB of JSON, so only a body
     * no real request makes is refused.
     */
    public static final long DEFAULT_MAX_BODY_BYTES = 4L << 20;
    /** How long a refused body is still read (and dropped) so the client sees the 413 before the connection closes. */
    static final long DRAIN_MILLIS = 2_000;

    static final JsonMapper JSON = JsonMapper.builder().build();
    /** vLLM's default {@code max_tokens} of the completions API. */
    static final int DEFAULT_COMPLETION_TOKENS = 16;

    private final Config config;
    /**
     * With a time scale above 1 the token rate multiplies; tokens of one stream produced within this many
     * wall nanoseconds then share one SSE event (first and last tokens are always sent at once, so TTFT,
     * e2e and per-request ITL stay exact), as vLLM's multi-step scheduling does. 0 at real time.
     */
    private final long coalesceNanos;
    private final Vertx vertx;
    private final RealTimeEngine engine;
    private final EmulatorMetrics metrics;
    private final boolean nestedErrors;
    private final String modelJson;
    private final Map<Long, Active> active = new ConcurrentHashMap<>();
    private final Map<String, Long> serverTtft = new ConcurrentHashMap<>();
    private final Map<String, Long> firstTokenStepEnd = new ConcurrentHashMap<>();
    private final Map<String, Long> firstTokenWrite = new ConcurrentHashMap<>();
    private final List<Long> metricsReads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean recordTimings;
    private volatile Context loop;
    private HttpServer server;

    public EmulatorServer(Config config, BatchEngine batchEngine) {
        this.config = config;
        this.coalesceNanos = config.timeScale() > 1 ? 10_000_000L : 0;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setBlockedThreadCheckInterval(60_000));
        this.metrics = new EmulatorMetrics(config.metrics(), config.servedModel());
        this.nestedErrors = versionAtLeast(config.modelServerVersion(), 0, 10);
        this.modelJson = JSON.writeValueAsString(config.servedModel());
        this.engine = new RealTimeEngine(batchEngine, config.timeScale(), new RealTimeEngine.Events() {
            @Override
            public void iteration(BatchEngine.Step step, long endNanos) {
                Context c = loop;
                if (c != null) {
                    c.runOnContext(v -> deliver(step, endNanos));
                }
            }

            @Override
            public void refused(long id, String reason) {
                Context c = loop;
                if (c != null) {
                    c.runOnContext(v -> {
                        Active a = active.remove(id);
                        if (a != null) {
                            a.refuse(reason);
                        }
                    });
                }
            }
        });
    }

    /** Starts listening; returns the bound port (useful with port 0). */
    public int start() {
        engine.start();
        try {
            server = vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true).setAcceptBacklog(8192)
                            .setCompressionSupported(false))
                    .requestHandler(this::handle)
                    .listen(config.port(), config.host())
                    .await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw KiqException.failed("Cannot listen on " + config.host() + ":" + config.port() + " (" + e.getMessage()
                    + "); choose another --port or --host.");
        }
        return server.actualPort();
    }

    public int port() {
        return server.actualPort();
    }

    /**
     * Keep each response's server-side TTFT and first token's step end, and when /metrics was read (for the load
     * generator's self-test and the monitor's test).
     */
    public void recordTimings(boolean on) {
        recordTimings = on;
        serverTtft.clear();
        firstTokenStepEnd.clear();
        firstTokenWrite.clear();
        metricsReads.clear();
    }

    /**
     * When each /metrics page was rendered while timings were kept ({@link System#nanoTime()}): the counters and the
     * requests' events are all touched on the server's event loop, so a page holds exactly the events before it.
     */
    public List<Long> metricsReadNanos() {
        return List.copyOf(metricsReads);
    }

    /** Server-side TTFT (arrival of the request to the write of its first token) of a response id. */
    public Optional<Long> serverTtftNanos(String responseId) {
        return Optional.ofNullable(serverTtft.get(responseId));
    }

    /** When the first token of a response id was handed to its connection ({@link System#nanoTime()}). */
    public Optional<Long> firstTokenWriteNanos(String responseId) {
        return Optional.ofNullable(firstTokenWrite.get(responseId));
    }

    /**
     * When the engine step that made the first token of a response id ended ({@link System#nanoTime()}); the server counts
     * and writes the token at or after that, on its event loop. A client in the same process learns how late the host
     * delivered the token, and that the request's prompt was counted before.
     */
    public Optional<Long> firstTokenStepEndNanos(String responseId) {
        return Optional.ofNullable(firstTokenStepEnd.get(responseId));
    }

    public int activeRequests() {
        return active.size();
    }

    // ---------------------------------------------------------------- routing

    private void handle(HttpServerRequest req) {
        long arrival = System.nanoTime();
        if (loop == null) {
            loop = Vertx.currentContext();
        }
        HttpServerResponse resp = req.response();
        String path = req.path();
        switch (path) {
            case "/v1/completions", "/v1/chat/completions" -> {
                if (req.method() != HttpMethod.POST) {
                    detail(resp, 405, "Method Not Allowed");
                    return;
                }
                boolean chat = path.equals("/v1/chat/completions");
                readBody(req, body -> generate(req, body, chat, arrival));
            }
            case "/v1/models" -> {
                if (req.method() != HttpMethod.GET) {
                    detail(resp, 405, "Method Not Allowed");
                    return;
                }
                long created = System.currentTimeMillis() / 1000;
                resp.putHeader("content-type", "application/json").end("{\"object\":\"list\",\"data\":[{\"id\":" + modelJson
                        + ",\"object\":\"model\",\"created\":" + created + ",\"owned_by\":\"vllm\",\"root\":" + modelJson
                        + ",\"parent\":null,\"max_model_len\":" + config.maxModelLen() + "}]}");
            }
            case "/health" -> resp.setStatusCode(200).end();
            case "/version" -> resp.putHeader("content-type", "application/json")
                    .end("{\"version\":" + JSON.writeValueAsString(config.modelServerVersion().replaceFirst("^v", "")) + "}");
            case "/metrics" -> {
                if (recordTimings) {
                    metricsReads.add(System.nanoTime());
                }
                resp.putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                        .end(metrics.render(engine.waiting(), engine.running(), engine.kvCacheUsage(), engine.preemptions()));
            }
            default -> detail(resp, 404, "Not Found");
        }
    }

    /**
     * Reads a request body up to {@link Config#maxBodyBytes}: a longer one, announced by its Content-Length or found
     * while counting a chunked one, gets 413 at once and is never kept: the rest is read and dropped for at most
     * {@link #DRAIN_MILLIS} (so the client reads the answer instead of a reset), then the connection closes.
     * A client waiting on {@code Expect: 100-continue} is told to go on only when its body fits.
     */
    private void readBody(HttpServerRequest req, Consumer<Buffer> then) {
        long limit = config.maxBodyBytes();
        String declared = req.getHeader("content-length");
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length < 0) {
                error(req.response(), 400, "BadRequestError", "Content-Length " + declared + " is not a byte count.");
                return;
            }
            if (length > limit) {
                tooLarge(req, "is " + length + " bytes");
                return;
            }
        }
        if ("100-continue".equalsIgnoreCase(req.getHeader("expect"))) {
            req.response().writeContinue();
        }
        BodyReader reader = new BodyReader(req, limit, then);
        req.handler(reader::chunk);
        req.endHandler(v -> reader.end());
        req.exceptionHandler(e -> req.response().reset());
    }

    /** Counts a body as it arrives and keeps it only while it stays within the limit. */
    private final class BodyReader {
        private final HttpServerRequest req;
        private final long limit;
        private final Consumer<Buffer> then;
        private Buffer body = Buffer.buffer();
        private long received;

        BodyReader(HttpServerRequest req, long limit, Consumer<Buffer> then) {
            this.req = req;
            this.limit = limit;
            this.then = then;
        }

        void chunk(Buffer chunk) {
            received += chunk.length();
            if (body == null) {
                return; // refused: dropped while draining
            }
            if (received > limit) {
                body = null;
                tooLarge(req, "exceeds " + limit + " bytes");
                return;
            }
            body.appendBuffer(chunk);
        }

        void end() {
            if (body != null) {
                Buffer whole = body;
                body = null;
                then.accept(whole);
            }
        }
    }

    /**
     * 413 in vLLM's error format; the rest of the body is dropped unread. Over HTTP/1.1 the connection then closes
     * once the body ends (or after {@link #DRAIN_MILLIS}); over HTTP/2 (h2c, which Java's HttpClient asks for) the
     * stream's flow control bounds what is in memory and the connection stays (a RST_STREAM with NO_ERROR, which
     * RFC 9113 §8.1 allows here, makes Java's client throw away the answer).
     */
    private void tooLarge(HttpServerRequest req, String size) {
        HttpServerResponse resp = req.response();
        boolean http2 = req.version() == HttpVersion.HTTP_2;
        if (!http2) {
            resp.putHeader("connection", "close");
        }
        error(resp, 413, "PayloadTooLarge", "The request body " + size + "; this server accepts at most "
                + config.maxBodyBytes() + " bytes (kiq emulator --max-body-size).");
        req.handler(chunk -> { });
        if (http2) {
            return;
        }
        long timer = vertx.setTimer(DRAIN_MILLIS, t -> req.connection().close());
        req.endHandler(v -> {
            vertx.cancelTimer(timer);
            req.connection().close();
        });
        req.exceptionHandler(e -> vertx.cancelTimer(timer));
    }

    private static void detail(HttpServerResponse resp, int status, String detail) {
        resp.setStatusCode(status).putHeader("content-type", "application/json").end("{\"detail\":\"" + detail + "\"}");
    }

    private void error(HttpServerResponse resp, int status, String type, String message) {
        ObjectNode info = JSON.createObjectNode();
        if (!nestedErrors) {
            info.put("object", "error");
        }
        info.put("message", message);
        info.put("type", type);
        info.putNull("param");
        info.put("code", status);
        String body;
        if (nestedErrors) {
            ObjectNode wrapper = JSON.createObjectNode();
            wrapper.set("error", info);
            body = wrapper.toString();
        } else {
            body = info.toString();
        }
        resp.setStatusCode(status).putHeader("content-type", "application/json").end(body);
    }

    /** vLLM's answer when prompt plus completion exceed the context (the completion may exceed any int). */
    private void contextTooLong(HttpServerResponse resp, int promptTokens, BigInteger completion) {
        BigInteger total = completion.add(BigInteger.valueOf(promptTokens));
        error(resp, 400, "BadRequestError", "This model's maximum context length is " + config.maxModelLen()
                + " tokens. However, you requested " + total + " tokens (" + promptTokens
                + " in the messages, " + completion + " in the completion). Please reduce the length of the messages or completion.");
    }

    // ---------------------------------------------------------------- generation

    private void generate(HttpServerRequest req, Buffer body, boolean chat, long arrival) {
        HttpServerResponse resp = req.response();
        JsonNode json;
        try {
            json = JSON.readTree(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body.getBytes())).toString());
        } catch (CharacterCodingException e) {
            error(resp, 400, "BadRequestError", "JSON decode error: the request body is not valid UTF-8");
            return;
        } catch (JacksonException e) {
            error(resp, 400, "BadRequestError", "JSON decode error: " + e.getOriginalMessage());
            return;
        }
        if (!json.isObject()) {
            error(resp, 400, "BadRequestError", "Input should be a valid dictionary or object to extract fields from");
            return;
        }
        JsonNode model = json.path("model");
        if (!model.isString()) {
            error(resp, 400, "BadRequestError", model.isMissingNode() ? "Field required: model" : "Input should be a valid string: model");
            return;
        }
        if (!model.asString().equals(config.servedModel())) {
            error(resp, 404, "NotFoundError", "The model `" + model.asString() + "` does not exist.");
            return;
        }
        int promptTokens;
        if (chat) {
            JsonNode messages = json.path("messages");
            if (!messages.isArray() || messages.isEmpty()) {
                error(resp, 400, "BadRequestError", messages.isMissingNode() ? "Field required: messages"
                        : "messages must be a non-empty list of {role, content} objects");
                return;
            }
            promptTokens = 0;
            for (JsonNode m : messages) {
                if (!m.isObject() || !m.path("role").isString()) {
                    error(resp, 400, "BadRequestError", "each message needs a string role and a content");
                    return;
                }
                JsonNode content = m.path("content");
                if (content.isString()) {
                    promptTokens += TokenEstimate.count(content.asString());
                } else if (content.isArray()) {
                    for (JsonNode part : content) {
                        promptTokens += TokenEstimate.count(part.path("text").asString(""));
                    }
                } else if (!content.isNull() && !content.isMissingNode()) {
                    error(resp, 400, "BadRequestError", "message content must be a string or a list of parts");
                    return;
                }
            }
        } else {
            JsonNode prompt = json.path("prompt");
            if (prompt.isString()) {
                promptTokens = TokenEstimate.count(prompt.asString());
            } else if (prompt.isArray() && !prompt.isEmpty() && prompt.get(0).isIntegralNumber()) {
                promptTokens = prompt.size();
            } else if (prompt.isArray() && prompt.size() == 1 && prompt.get(0).isString()) {
                promptTokens = TokenEstimate.count(prompt.get(0).asString());
            } else {
                error(resp, 400, "BadRequestError", prompt.isMissingNode() ? "Field required: prompt"
                        : "prompt must be a string, a list with one string, or a list of token ids");
                return;
            }
        }
        if (promptTokens < 1) {
            error(resp, 400, "BadRequestError", "The prompt cannot be empty.");
            return;
        }
        JsonNode maxTokensNode = json.has("max_completion_tokens") ? json.path("max_completion_tokens") : json.path("max_tokens");
        boolean lengthGiven = !maxTokensNode.isMissingNode() && !maxTokensNode.isNull();
        int maxTokens;
        if (lengthGiven) {
            if (!maxTokensNode.isIntegralNumber()) {
                error(resp, 400, "BadRequestError", "Input should be a valid integer: max_tokens");
                return;
            }
            BigInteger asked = new BigInteger(maxTokensNode.asString());
            if (asked.signum() < 1) {
                error(resp, 400, "BadRequestError", "max_tokens must be at least 1, got " + asked + ".");
                return;
            }
            if (asked.add(BigInteger.valueOf(promptTokens)).compareTo(BigInteger.valueOf(config.maxModelLen())) > 0) {
                contextTooLong(resp, promptTokens, asked);
                return;
            }
            maxTokens = asked.intValueExact();
        } else {
            maxTokens = chat ? Math.max(1, Math.min(config.defaultChatTokens().getAsInt(), config.maxModelLen() - promptTokens))
                    : DEFAULT_COMPLETION_TOKENS;
        }
        if ((long) promptTokens + maxTokens > config.maxModelLen()) {
            contextTooLong(resp, promptTokens, BigInteger.valueOf(maxTokens));
            return;
        }
        JsonNode temperature = json.path("temperature");
        if (temperature.isNumber() && temperature.asDouble() < 0) {
            error(resp, 400, "BadRequestError", "temperature must be non-negative, got " + temperature.asString() + ".");
            return;
        }
        JsonNode n = json.path("n");
        if (n.isNumber() && (!n.canConvertToLong() || n.asLong() < 1)) {
            error(resp, 400, "BadRequestError", "n must be at least 1, got " + n.asString() + ".");
            return;
        }
        JsonNode streamNode = json.path("stream");
        if (!streamNode.isMissingNode() && !streamNode.isNull() && !streamNode.isBoolean()) {
            error(resp, 400, "BadRequestError", "Input should be a valid boolean: stream");
            return;
        }
        boolean stream = streamNode.asBoolean(false);
        boolean usage = json.path("stream_options").path("include_usage").asBoolean(false);
        long id = ids.incrementAndGet();
        Active a = new Active(id, resp, chat, stream, usage, promptTokens, maxTokens, lengthGiven, arrival);
        active.put(id, a);
        metrics.promptTokens.addAndGet(promptTokens);
        resp.closeHandler(v -> {
            if (active.remove(id) != null) {
                engine.abort(id);
            }
        });
        if (stream) {
            resp.setChunked(true).putHeader("content-type", "text/event-stream; charset=utf-8");
        }
        engine.submit(id, promptTokens, maxTokens);
    }

    private void deliver(BatchEngine.Step step, long endNanos) {
        for (long id : step.tokens()) {
            Active a = active.get(id);
            if (a != null) {
                a.token(endNanos);
            }
        }
        for (long id : step.finished()) {
            Active a = active.remove(id);
            if (a != null) {
                a.finish(endNanos);
            }
        }
    }

    /** One request in flight; touched only on the event loop. */
    private final class Active {
        final long id;
        final HttpServerResponse resp;
        final boolean chat;
        final boolean stream;
        final boolean usage;
        final int promptTokens;
        final int maxTokens;
        final boolean lengthGiven;
        final long arrival;
        final String responseId;
        final String head;
        int generated;
        long firstToken;
        long lastToken;
        long lastWrite;
        StringBuilder text;
        final StringBuilder pending = new StringBuilder();

        Active(long id, HttpServerResponse resp, boolean chat, boolean stream, boolean usage, int promptTokens,
               int maxTokens, boolean lengthGiven, long arrival) {
            this.id = id;
            this.resp = resp;
            this.chat = chat;
            this.stream = stream;
            this.usage = usage;
            this.promptTokens = promptTokens;
            this.maxTokens = maxTokens;
            this.lengthGiven = lengthGiven;
            this.arrival = arrival;
            this.responseId = (chat ? "chatcmpl-" : "cmpl-") + Long.toHexString(id) + Long.toHexString(arrival & 0xffffffL);
            this.head = "{\"id\":\"" + responseId + "\",\"object\":\"" + (chat ? (stream ? "chat.completion.chunk" : "chat.completion")
                    : "text_completion") + "\",\"created\":" + (System.currentTimeMillis() / 1000) + ",\"model\":" + modelJson
                    + ",\"choices\":[";
            if (!stream) {
                text = new StringBuilder(maxTokens * 4);
            }
        }

        void token(long now) {
            String piece = TokenEstimate.tokenText(generated);
            generated++;
            metrics.generationTokens.incrementAndGet();
            double scale = config.timeScale();
            if (firstToken == 0) {
                firstToken = now;
                metrics.ttft.observe((now - arrival) / 1e9 * scale);
                if (recordTimings) {
                    firstTokenStepEnd.put(responseId, now);
                }
            } else {
                metrics.itl.observe((now - lastToken) / 1e9 * scale);
            }
            lastToken = now;
            if (!stream) {
                text.append(piece);
                recordTtft();
                return;
            }
            boolean first = generated == 1;
            boolean last = generated == maxTokens;
            if (coalesceNanos > 0 && !first && !last) {
                pending.append(piece);
                if (now - lastWrite < coalesceNanos) {
                    return;
                }
            } else {
                pending.append(piece);
            }
            String out = pending.toString();
            pending.setLength(0);
            lastWrite = now;
            String finish = last ? (lengthGiven ? "\"length\"" : "\"stop\"") : "null";
            StringBuilder sb = new StringBuilder(head.length() + 160 + out.length());
            if (chat && first) {
                sb.append("data: ").append(head).append("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},")
                        .append("\"logprobs\":null,\"finish_reason\":null}]}\n\n");
            }
            sb.append("data: ").append(head);
            if (chat) {
                sb.append("{\"index\":0,\"delta\":{\"content\":\"").append(out).append("\"},\"logprobs\":null,\"finish_reason\":")
                        .append(finish).append("}]}\n\n");
            } else {
                sb.append("{\"index\":0,\"text\":\"").append(out).append("\",\"logprobs\":null,\"finish_reason\":")
                        .append(finish).append(",\"stop_reason\":null}]}\n\n");
            }
            resp.write(sb.toString());
            recordTtft();
        }

        /**
         * The server's own TTFT for the self-test, when the first token has been handed to the connection: the wait
         * for this event loop after the engine step is the server's, not the client's (the metrics' TTFT stays the
         * step's end).
         */
        private void recordTtft() {
            if (generated == 1 && recordTimings) {
                long written = System.nanoTime();
                firstTokenWrite.put(responseId, written);
                serverTtft.put(responseId, written - arrival);
            }
        }

        String usageJson() {
            return "{\"prompt_tokens\":" + promptTokens + ",\"total_tokens\":" + (promptTokens + generated)
                    + ",\"completion_tokens\":" + generated + "}";
        }

        void finish(long now) {
            metrics.e2e.observe((now - arrival) / 1e9 * config.timeScale());
            metrics.success.incrementAndGet();
            if (stream) {
                String tail = usage ? "data: " + head + "],\"usage\":" + usageJson() + "}\n\n" : "";
                resp.end(tail + "data: [DONE]\n\n");
                return;
            }
            String finish = lengthGiven ? "\"length\"" : "\"stop\"";
            String choice = chat
                    ? "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"logprobs\":null,\"finish_reason\":" + finish + "}"
                    : "{\"index\":0,\"text\":\"" + text + "\",\"logprobs\":null,\"finish_reason\":" + finish + ",\"stop_reason\":null}";
            resp.putHeader("content-type", "application/json").end(head + choice + "],\"usage\":" + usageJson() + "}");
        }

        void refuse(String reason) {
            if (stream && resp.headWritten()) {
                resp.end("data: {\"error\":{\"message\":" + JSON.writeValueAsString(reason) + ",\"type\":\"BadRequestError\",\"code\":400}}\n\ndata: [DONE]\n\n");
            } else {
                error(resp, 400, "BadRequestError", reason);
            }
        }
    }

    static boolean versionAtLeast(String version, int major, int minor) {
        String[] parts = version.replaceFirst("^v", "").split("[.\\-]");
        try {
            int ma = Integer.parseInt(parts[0]);
            int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return ma > major || (ma == major && mi >= minor);
        } catch (NumberFormatException e) {
            return true; // nightly and other non-numeric tags are recent
        }
    }

    @Override
    public void close() {
        engine.close();
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
    }
}
