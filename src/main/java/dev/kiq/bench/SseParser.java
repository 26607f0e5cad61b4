package dev.kiq.bench;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Incremental parser of a {@code text/event-stream} body (WHATWG server-sent events): bytes arrive in
 * arbitrary network chunks, events are dispatched at each blank line with their {@code data:} lines
 * joined. Comment lines ({@code :}) and fields other than {@code data} are ignored, as the standard says.
 * A line that is neither a field nor a comment is counted as malformed, and so is a body that grows past
 * {@link #MAX_LINE_BYTES} without a newline.
 */
public final class SseParser {

    /** A line longer than this is not an SSE stream from a model server. */
    public static final int MAX_LINE_BYTES = 1 << 20;

    private final Consumer<String> onData;
    private byte[] line = new byte[256];
    private int lineLength;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private boolean lastWasCr;
    private int malformedLines;

    /** @param onData receives the data of each complete event (lines joined with {@code \n}) */
    public SseParser(Consumer<String> onData) {
        this.onData = onData;
    }

    /** Feeds the next bytes of the body. */
    public void feed(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                if (lastWasCr) {
                    lastWasCr = false;
                    continue;
                }
                endLine();
            } else if (b == '\r') {
                lastWasCr = true;
                endLine();
            } else {
                lastWasCr = false;
                if (lineLength == MAX_LINE_BYTES) {
                    malformedLines++;
                    lineLength = 0;
                }
                if (lineLength == line.length) {
                    byte[] bigger = new byte[Math.min(MAX_LINE_BYTES, line.length * 2)];
                    System.arraycopy(line, 0, bigger, 0, lineLength);
                    line = bigger;
                }
                line[lineLength++] = b;
            }
        }
    }

    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    /** Lines that were neither an SSE field nor a comment, so far. */
    public int malformedLines() {
        return malformedLines;
    }

    /** Whether bytes of an unterminated line or event are pending (the stream ended mid-event). */
    public boolean hasPartialEvent() {
        return lineLength > 0 || hasData;
    }

    private void endLine() {
        if (lineLength == 0) {
            if (hasData) {
                String event = data.toString();
                data.setLength(0);
                hasData = false;
                onData.accept(event);
            }
            return;
        }
        String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
        lineLength = 0;
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event", "id", "retry" -> {
                // not used by OpenAI-compatible servers
            }
            default -> malformedLines++;
        }
    }
}
