package dev.kiq.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A deliberately misbehaving OpenAI-compatible server for fault tests: the prompt names the behaviour
 * ({@code ok}, {@code http400}, {@code http503}, {@code cut}, {@code malformed}, {@code error-event}),
 * {@code /metrics} answers per {@code metricsMode}.
 */
final class FaultyServer implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    final Vertx vertx = Vertx.vertx();
    final HttpServer server;
    volatile String metricsMode = "ok";

    FaultyServer() throws Exception {
        server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    private void handle(HttpServerRequest req) {
        HttpServerResponse resp = req.response();
        switch (req.path()) {
            case "/v1/models" -> resp.putHeader("content-type", "application/json")
                    .end("{\"object\":\"list\",\"data\":[{\"id\":\"good-model\",\"object\":\"model\"}]}");
            case "/metrics" -> {
                switch (metricsMode) {
                    case "missing" -> resp.setStatusCode(404).end("{\"detail\":\"Not Found\"}");
                    case "html" -> resp.end("<html><body>metrics</body></html>");
                    default -> resp.end("vllm:num_requests_running{model_name=\"good-model\"} 2\n"
                            + "vllm:num_requests_waiting{model_name=\"good-model\"} 1\n"
                            + "vllm:kv_cache_usage_perc{model_name=\"good-model\"} 0.5\n");
                }
            }
            case "/v1/completions" -> req.body().onSuccess(body -> complete(req, JSON.readTree(body.toString())));
            default -> resp.setStatusCode(404).end();
        }
    }

    private void complete(HttpServerRequest req, JsonNode body) {
        HttpServerResponse resp = req.response();
        String mode = body.path("prompt").asString("");
        int tokens = body.path("max_tokens").asInt(4);
        switch (mode) {
            case "http400" -> {
                resp.setStatusCode(400).putHeader("content-type", "application/json")
                        .end("{\"object\":\"error\",\"message\":\"bad request\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}");
                return;
            }
            case "http503" -> {
                resp.setStatusCode(503).end("overloaded");
                return;
            }
            default -> {
            }
        }
        resp.setChunked(true).putHeader("content-type", "text/event-stream");
        if (mode.equals("malformed")) {
            resp.write("data: {\"choices\":[{\"text\":\" the\"}]}\n\n");
            resp.write("data: {this is not json\n\n");
            resp.end("data: [DONE]\n\n");
            return;
        }
        if (mode.equals("error-event")) {
            resp.write("data: {\"choices\":[{\"text\":\" the\"}]}\n\n");
            resp.end("data: {\"error\":{\"message\":\"engine died\"}}\n\n");
            return;
        }
        for (int i = 0; i < tokens; i++) {
            resp.write("data: {\"id\":\"cmpl-1\",\"choices\":[{\"index\":0,\"text\":\" the\"}]}\n\n");
            if (mode.equals("cut") && i == 1) {
                req.connection().close();
                return;
            }
        }
        resp.write("data: {\"id\":\"cmpl-1\",\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":" + tokens + "}}\n\n");
        resp.end("data: [DONE]\n\n");
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
