package dev.kiq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    @Test
    void eventsSplitAcrossChunksAreReassembled() {
        List<String> events = new ArrayList<>();
        SseParser p = new SseParser(events::add);
        byte[] body = "data: {\"a\":1}\n\ndata: {\"b\":2}\r\n\r\n: keep-alive\n\ndata: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < body.length; i += 3) {
            p.feed(body, i, Math.min(3, body.length - i));
        }
        assertThat(events).containsExactly("{\"a\":1}", "{\"b\":2}", "[DONE]");
        assertThat(p.malformedLines()).isZero();
        assertThat(p.hasPartialEvent()).isFalse();
    }

    @Test
    void multiLineDataIsJoinedWithNewlines() {
        List<String> events = new ArrayList<>();
        SseParser p = new SseParser(events::add);
        p.feed("data: one\ndata:two\n\n".getBytes(StandardCharsets.UTF_8));
        assertThat(events).containsExactly("one\ntwo");
    }

    @Test
    void linesThatAreNotFieldsAreCountedAsMalformed() {
        List<String> events = new ArrayList<>();
        SseParser p = new SseParser(events::add);
        p.feed("<html>oops</html>\n\n".getBytes(StandardCharsets.UTF_8));
        assertThat(events).isEmpty();
        assertThat(p.malformedLines()).isEqualTo(1);
    }

    @Test
    void aStreamEndingMidEventIsDetected() {
        SseParser p = new SseParser(e -> { });
        p.feed("data: {\"choices\":[{\"te".getBytes(StandardCharsets.UTF_8));
        assertThat(p.hasPartialEvent()).isTrue();
    }
}
