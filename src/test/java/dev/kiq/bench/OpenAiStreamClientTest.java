package dev.kiq.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

class OpenAiStreamClientTest {

    static final OpenAiStreamClient.Api COMPLETIONS = OpenAiStreamClient.Api.COMPLETIONS;
    static final OpenAiStreamClient.Api CHAT = OpenAiStreamClient.Api.CHAT;

    @Test
    void anEventGivesItsIdUsageAndTheFirstChoicesText() {
        assertThat(OpenAiStreamClient.Event.read("{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":"
                + "[{\"index\":0,\"text\":\" the\",\"logprobs\":null,\"finish_reason\":null},{\"index\":1,\"text\":\"no\"}]}",
                COMPLETIONS)).isEqualTo(new OpenAiStreamClient.Event(false, "cmpl-1", -1, -1, " the"));
        // chat: the text is the delta's content; the role-only first chunk has none
        assertThat(OpenAiStreamClient.Event.read("{\"id\":\"chatcmpl-7\",\"choices\":[{\"index\":0,\"delta\":"
                + "{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null}]}", CHAT))
                .isEqualTo(new OpenAiStreamClient.Event(false, "chatcmpl-7", -1, -1, ""));
        assertThat(OpenAiStreamClient.Event.read("{\"choices\":[{\"delta\":{\"content\":\"Hi\"}}],\"id\":\"c\"}", CHAT).text())
                .isEqualTo("Hi");
        // a chat-shaped event read as a completion has no text, and the other way round
        assertThat(OpenAiStreamClient.Event.read("{\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}", COMPLETIONS).text()).isEmpty();
        assertThat(OpenAiStreamClient.Event.read("{\"choices\":[{\"text\":\"Hi\"}]}", CHAT).text()).isEmpty();
        // the usage chunk vLLM sends last with include_usage: no choice
        assertThat(OpenAiStreamClient.Event.read("{\"id\":\"cmpl-1\",\"choices\":[],\"usage\":{\"prompt_tokens\":64,"
                + "\"total_tokens\":80,\"completion_tokens\":16}}", COMPLETIONS))
                .isEqualTo(new OpenAiStreamClient.Event(false, "cmpl-1", 64, 16, ""));
        assertThat(OpenAiStreamClient.Event.read("{\"usage\":null,\"choices\":null,\"id\":null}", COMPLETIONS))
                .isEqualTo(new OpenAiStreamClient.Event(false, "", -1, -1, ""));
    }

    @Test
    void anErrorEventIsAnErrorWhicheverWayTheServerNestsIt() {
        assertThat(OpenAiStreamClient.Event.read("{\"error\":{\"message\":\"boom\",\"code\":400}}", COMPLETIONS).error()).isTrue();
        assertThat(OpenAiStreamClient.Event.read("{\"object\":\"error\",\"message\":\"boom\"}", COMPLETIONS).error()).isTrue();
        assertThat(OpenAiStreamClient.Event.read("{\"object\":\"text_completion\",\"choices\":[]}", COMPLETIONS).error()).isFalse();
    }

    @Test
    void anEventThatIsNotAnObjectOrNotJsonIsTold() {
        assertThat(OpenAiStreamClient.Event.read("[1,2]", COMPLETIONS)).isNull();
        assertThat(OpenAiStreamClient.Event.read("\"text\"", COMPLETIONS)).isNull();
        assertThatThrownBy(() -> OpenAiStreamClient.Event.read("{\"id\":", COMPLETIONS)).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> OpenAiStreamClient.Event.read("hello", COMPLETIONS)).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> OpenAiStreamClient.Event.read("{} {}", COMPLETIONS)).isInstanceOf(JacksonException.class);
    }

    /**
     * The client, not the server, closes a connection left idle, before vLLM's 5 s keep-alive would: Vert.x's 60 s
     * default kept every connection a backlog had opened, and it scans them all for each request.
     */
    @Test
    void anIdleConnectionIsClosedByTheClientBeforeVllmWould() throws Exception {
        Vertx vertx = Vertx.vertx();
        AtomicInteger opened = new AtomicInteger();
        CompletableFuture<Long> closedAfter = new CompletableFuture<>();
        try {
            HttpServer server = vertx.createHttpServer()
                    .connectionHandler(c -> {
                        opened.incrementAndGet();
                        long start = System.nanoTime();
                        c.closeHandler(v -> closedAfter.complete(System.nanoTime() - start));
                    })
                    .requestHandler(req -> req.response().putHeader("content-type", "application/json")
                            .end("{\"object\":\"list\",\"data\":[{\"id\":\"m\",\"object\":\"model\"}]}"))
                    .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
            try (OpenAiStreamClient client = new OpenAiStreamClient(URI.create("http://127.0.0.1:" + server.actualPort()), "m",
                    COMPLETIONS, 10, Duration.ofSeconds(30))) {
                assertThat(client.models()).extracting(OpenAiStreamClient.ServedModel::id).containsExactly("m");
                // the server never closes an idle connection; without the client's keep-alive it stays open 60 s
                assertThat(closedAfter.get(20, TimeUnit.SECONDS)).isGreaterThan(0);
                assertThat(opened).hasValue(1);
                assertThat(OpenAiStreamClient.KEEP_ALIVE_SECONDS).isLessThan(5);
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
