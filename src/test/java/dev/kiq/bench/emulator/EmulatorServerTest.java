package dev.kiq.bench.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kiq.bench.BenchRequest;
import dev.kiq.bench.OpenAiStreamClient;
import dev.kiq.bench.PrometheusText;
import dev.kiq.bench.RequestRecord;
import dev.kiq.catalog.MetricNames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EmulatorServerTest {

    static final MetricNames V072 = new MetricNames("vllm:num_requests_waiting", "vllm:num_requests_running",
            "vllm:gpu_cache_usage_perc", "vllm:time_to_first_token_seconds", "vllm:time_per_output_token_seconds",
            "vllm:e2e_request_latency_seconds", "vllm:prompt_tokens", "vllm:generation_tokens");
    static final MetricNames V011 = new MetricNames("vllm:num_requests_waiting", "vllm:num_requests_running",
            "vllm:kv_cache_usage_perc", "vllm:time_to_first_token_seconds", "vllm:inter_token_latency_seconds",
            "vllm:e2e_request_latency_seconds", "vllm:prompt_tokens_total", "vllm:generation_tokens_total");
    static final JsonMapper JSON = JsonMapper.builder().build();
    final HttpClient http = HttpClient.newHttpClient();
    EmulatorServer server;

    EmulatorServer start(String version, MetricNames names, int maxBatch) {
        server = new EmulatorServer(new EmulatorServer.Config("my-model", version, names, 2048, 1.0, "127.0.0.1", 0, () -> 7),
                new FixedStepEngine(0.005, maxBatch));
        server.start();
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json")
                .timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void streamedCompletionHonoursMaxTokensAndReportsUsage() {
        start("v0.7.2", V072, 64);
        CompletableFuture<RequestRecord> done = new CompletableFuture<>();
        try (OpenAiStreamClient client = new OpenAiStreamClient(URI.create("http://127.0.0.1:" + server.port()), "my-model",
                OpenAiStreamClient.Api.COMPLETIONS, 10, Duration.ofSeconds(10))) {
            client.send(new BenchRequest("the and for you are", 5, 12), done::complete);
            RequestRecord r = done.get(10, TimeUnit.SECONDS);
            assertThat(r.fault()).isEmpty();
            assertThat(r.outputTokens()).isEqualTo(12);
            assertThat(r.promptTokens()).isEqualTo(5);
            assertThat(r.tokenGapsNanos()).hasSize(11);
            // 12 iterations of 5 ms each
            assertThat(r.e2eNanos() / 1e6).isGreaterThanOrEqualTo(59.0);
            assertThat(r.responseId()).startsWith("cmpl-");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The self-test subtracts the server's own TTFT from the client's: it runs to the first token's write, after the
     * engine step that made it ended and this event loop got to it (that wait is the server's, not the client's).
     */
    @Test
    void theServersOwnTtftRunsToTheWriteOfTheFirstTokenAfterItsStep() throws Exception {
        start("v0.11.0", V011, 64);
        server.recordTimings(true);
        List<RequestRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(5);
        try (OpenAiStreamClient client = new OpenAiStreamClient(URI.create("http://127.0.0.1:" + server.port()), "my-model",
                OpenAiStreamClient.Api.COMPLETIONS, 10, Duration.ofSeconds(10))) {
            for (int i = 0; i < 5; i++) {
                client.send(new BenchRequest("the and for you are", 5, 3), r -> {
                    records.add(r);
                    all.countDown();
                });
            }
            assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        }
        for (RequestRecord r : records) {
            assertThat(r.fault()).isEmpty();
            long stepEnd = server.firstTokenStepEndNanos(r.responseId()).orElseThrow();
            long written = server.firstTokenWriteNanos(r.responseId()).orElseThrow();
            long ttft = server.serverTtftNanos(r.responseId()).orElseThrow();
            // the step end is the engine's scheduled time: the write can be stamped a little before it (81 µs in a
            // clean-clone CI run), so the write is not asserted after it
            assertThat(stepEnd).isPositive();
            // from the request's arrival, which is after the client sent it, to the write, before the client read it
            assertThat(ttft).isBetween(1L, written - r.sendNanos());
            // the write is stamped after resp.write() returned: a client in the same process can read the token before
            // that stamp (94 µs in a local run), so the client's read is not asserted after it
        }
    }

    @Test
    void streamedChatWorksWithTheChatApi() throws Exception {
        start("v0.11.0", V011, 64);
        CompletableFuture<RequestRecord> done = new CompletableFuture<>();
        try (OpenAiStreamClient client = new OpenAiStreamClient(URI.create("http://127.0.0.1:" + server.port()), "my-model",
                OpenAiStreamClient.Api.CHAT, 10, Duration.ofSeconds(10))) {
            client.send(new BenchRequest("hello there", 3, 4), done::complete);
            RequestRecord r = done.get(10, TimeUnit.SECONDS);
            assertThat(r.fault()).isEmpty();
            assertThat(r.outputTokens()).isEqualTo(4);
            assertThat(r.responseId()).startsWith("chatcmpl-");
        }
    }

    @Test
    void nonStreamedChatReturnsTheMessageAndUsage() throws Exception {
        start("v0.7.2", V072, 64);
        HttpResponse<String> resp = post("/v1/chat/completions",
                "{\"model\":\"my-model\",\"messages\":[{\"role\":\"user\",\"content\":\"the and for you\"}],\"max_tokens\":3}");
        assertThat(resp.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(resp.body());
        assertThat(body.path("object").asString()).isEqualTo("chat.completion");
        assertThat(body.path("choices").path(0).path("message").path("content").asString()).hasSize(12);
        assertThat(body.path("choices").path(0).path("finish_reason").asString()).isEqualTo("length");
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(4);
        assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(3);
        // without max_tokens a chat reply takes the configured default length and stops
        JsonNode free = JSON.readTree(post("/v1/chat/completions",
                "{\"model\":\"my-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").body());
        assertThat(free.path("usage").path("completion_tokens").asInt()).isEqualTo(7);
        assertThat(free.path("choices").path(0).path("finish_reason").asString()).isEqualTo("stop");
    }

    @Test
    void badRequestsGetVllmsStatusAndFlatErrorBodyBefore010() throws Exception {
        start("v0.7.2", V072, 64);
        HttpResponse<String> wrongModel = post("/v1/completions", "{\"model\":\"other\",\"prompt\":\"hi\"}");
        assertThat(wrongModel.statusCode()).isEqualTo(404);
        JsonNode e = JSON.readTree(wrongModel.body());
        assertThat(e.path("object").asString()).isEqualTo("error");
        assertThat(e.path("message").asString()).isEqualTo("The model `other` does not exist.");
        assertThat(e.path("type").asString()).isEqualTo("NotFoundError");
        assertThat(e.path("code").asInt()).isEqualTo(404);

        assertThat(post("/v1/completions", "{\"model\":\"my-model\",\"prompt\":").statusCode()).isEqualTo(400);
        HttpResponse<String> zero = post("/v1/completions", "{\"model\":\"my-model\",\"prompt\":\"hi\",\"max_tokens\":0}");
        assertThat(zero.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(zero.body()).path("message").asString()).isEqualTo("max_tokens must be at least 1, got 0.");
        HttpResponse<String> tooLong = post("/v1/completions", "{\"model\":\"my-model\",\"prompt\":\"hi\",\"max_tokens\":2048}");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooLong.body()).path("message").asString())
                .startsWith("This model's maximum context length is 2048 tokens. However, you requested 2049 tokens");
        assertThat(post("/v1/completions", "{\"model\":\"my-model\"}").statusCode()).isEqualTo(400);
        assertThat(get("/v1/completions").statusCode()).isEqualTo(405);
        assertThat(get("/nothing").body()).isEqualTo("{\"detail\":\"Not Found\"}");
    }

    @Test
    void outOfRangeSamplingValuesAndNonUtf8BodiesGet400LikeVllm() throws Exception {
        start("v0.7.2", V072, 64);
        // "hi" is one token; 2^31 and 2^64 completion tokens overflow int and long: answered (before, no answer came)
        for (String huge : new String[] {"2147483648", "18446744073709551616"}) {
            for (String field : new String[] {"max_tokens", "max_completion_tokens"}) {
                HttpResponse<String> r = post("/v1/completions", "{\"model\":\"my-model\",\"prompt\":\"hi\",\"" + field + "\":" + huge + "}");
                assertThat(r.statusCode()).as(field + " " + huge).isEqualTo(400);
                assertThat(JSON.readTree(r.body()).path("message").asString()).startsWith(
                        "This model's maximum context length is 2048 tokens. However, you requested "
                                + new java.math.BigInteger(huge).add(java.math.BigInteger.ONE) + " tokens (1 in the messages, " + huge);
            }
        }
        HttpResponse<String> cold = post("/v1/completions", "{\"model\":\"my-model\",\"prompt\":\"hi\",\"temperature\":-0.5}");
        assertThat(cold.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(cold.body()).path("message").asString()).isEqualTo("temperature must be non-negative, got -0.5.");
        HttpResponse<String> none = post("/v1/chat/completions",
                "{\"model\":\"my-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"n\":0}");
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(none.body()).path("message").asString()).isEqualTo("n must be at least 1, got 0.");
        byte[] latin1 = "{\"model\":\"my-model\",\"prompt\":\"caf\u00e9\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        HttpResponse<String> bytes = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/completions"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(latin1)).header("content-type", "application/json")
                .timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bytes.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bytes.body()).path("message").asString()).contains("not valid UTF-8");
        // the server still answers a good request after all of these
        assertThat(post("/v1/completions", "{\"model\":\"my-model\",\"prompt\":\"hi\",\"max_tokens\":2,\"temperature\":0,\"n\":1}")
                .statusCode()).isEqualTo(200);
    }

    /** Sends raw bytes and reads the status line and body of the first final answer (within 10 s). */
    static String[] raw(int port, String head, byte[] body) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            String status = in.readLine();
            int length = 0;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            char[] text = new char[length];
            int read = 0;
            while (read < length) {
                int n = in.read(text, read, length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            return new String[] {status, new String(text, 0, read)};
        }
    }

    @Test
    void aBodyOverTheLimitGets413BeforeItIsRead() throws Exception {
        server = new EmulatorServer(new EmulatorServer.Config("my-model", "v0.11.0", V011, 2048, 1.0, "127.0.0.1", 0, () -> 7,
                64 * 1024), new FixedStepEngine(0.001, 64));
        server.start();
        String request = "{\"model\":\"my-model\",\"prompt\":\"hi\",\"max_tokens\":2}";
        // exactly at the limit (padded with JSON whitespace) is served; one byte more is not
        String atLimit = request + " ".repeat(64 * 1024 - request.length());
        assertThat(post("/v1/completions", atLimit).statusCode()).isEqualTo(200);
        HttpResponse<String> over = post("/v1/completions", atLimit + " ");
        assertThat(over.statusCode()).isEqualTo(413);
        JsonNode e = JSON.readTree(over.body()).path("error");
        assertThat(e.path("message").asString()).isEqualTo("The request body is 65537 bytes; this server accepts at most 65536"
                + " bytes (kiq emulator --max-body-size).");
        assertThat(e.path("type").asString()).isEqualTo("PayloadTooLarge");
        assertThat(e.path("code").asInt()).isEqualTo(413);

        // a declared length over the limit is answered before a byte of the body is sent: nothing is buffered
        String[] declared = raw(server.port(), "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n"
                + "Content-Length: 1000000000\r\n\r\n", new byte[0]);
        assertThat(declared[0]).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
        assertThat(declared[1]).contains("The request body is 1000000000 bytes");
        // a chunked body is counted as it comes: 413 once it passes the limit, while the client has not finished it
        byte[] chunk = ("8000\r\n" + " ".repeat(0x8000) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.io.ByteArrayOutputStream threeChunks = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            threeChunks.write(chunk);
        }
        String[] chunked = raw(server.port(), "POST /v1/completions HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n", threeChunks.toByteArray());
        assertThat(chunked[0]).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
        assertThat(chunked[1]).contains("The request body exceeds 65536 bytes");
        // a client that asks first is told to go on only when its body fits
        String[] asks = raw(server.port(), "POST /v1/completions HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                + "Content-Length: " + request.length() + "\r\n\r\n", new byte[0]);
        assertThat(asks[0]).isEqualTo("HTTP/1.1 100 Continue");
        // and the server goes on serving
        assertThat(post("/v1/completions", request).statusCode()).isEqualTo(200);
    }

    @Test
    void errorBodyIsNestedFrom010() throws Exception {
        start("v0.11.0", V011, 64);
        HttpResponse<String> resp = post("/v1/completions", "{\"model\":\"my-model\",\"prompt\":\"hi\",\"max_tokens\":-1}");
        assertThat(resp.statusCode()).isEqualTo(400);
        JsonNode e = JSON.readTree(resp.body());
        assertThat(e.path("error").path("message").asString()).isEqualTo("max_tokens must be at least 1, got -1.");
        assertThat(e.path("error").path("type").asString()).isEqualTo("BadRequestError");
        assertThat(e.has("object")).isFalse();
    }

    @Test
    void modelsHealthAndMetricsUseTheVersionsNames() throws Exception {
        start("v0.7.2", V072, 64);
        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(get("/v1/models").body()).path("data").path(0).path("id").asString()).isEqualTo("my-model");
        post("/v1/completions", "{\"model\":\"my-model\",\"prompt\":\"the and\",\"max_tokens\":5}");
        PrometheusText page = PrometheusText.parse(get("/metrics").body());
        assertThat(page.has("vllm:gpu_cache_usage_perc")).isTrue();
        assertThat(page.has("vllm:kv_cache_usage_perc")).isFalse();
        assertThat(page.sum("vllm:prompt_tokens_total")).hasValue(2.0);
        assertThat(page.sum("vllm:generation_tokens_total")).hasValue(5.0);
        assertThat(page.sum("vllm:time_to_first_token_seconds_count")).hasValue(1.0);
        assertThat(page.sum("vllm:time_per_output_token_seconds_count")).hasValue(4.0);
        assertThat(page.samples("vllm:num_requests_running").get(0).labels()).containsEntry("model_name", "my-model");

        server.close();
        start("v0.11.0", V011, 64);
        PrometheusText recent = PrometheusText.parse(get("/metrics").body());
        assertThat(recent.has("vllm:kv_cache_usage_perc")).isTrue();
        assertThat(recent.has("vllm:gpu_cache_usage_perc")).isFalse();
        assertThat(recent.has("vllm:inter_token_latency_seconds_count")).isTrue();
    }

    @Test
    void overloadQueuesInsteadOfFailing() throws Exception {
        start("v0.7.2", V072, 8);
        List<RequestRecord> records = new CopyOnWriteArrayList<>();
        try (OpenAiStreamClient client = new OpenAiStreamClient(URI.create("http://127.0.0.1:" + server.port()), "my-model",
                OpenAiStreamClient.Api.COMPLETIONS, 500, Duration.ofSeconds(30))) {
            for (int i = 0; i < 200; i++) {
                client.send(new BenchRequest("the and", 2, 5), records::add);
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (records.size() < 200 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertThat(records).hasSize(200).allMatch(RequestRecord::succeeded);
        // batches of 8, 5 iterations of 5 ms each: the last request waited ~24 batches
        double maxE2eMs = records.stream().mapToLong(RequestRecord::e2eNanos).max().orElseThrow() / 1e6;
        assertThat(maxE2eMs).isGreaterThan(500);
    }
}
