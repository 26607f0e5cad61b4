package dev.kiq.deploy;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The Hugging Face token, held as characters so that it is never an interned, loggable String.
 * {@link #toString()} never shows it; {@link #close()} wipes it. It leaves this object only as the
 * base64 value of the {@code hf-secret} Secret, and {@link #redact(String)} removes it (and its base64
 * form) from any text kiq shows, as a last line of defence.
 */
public final class HfToken implements AutoCloseable {

    private final char[] chars;
    private final char[] base64;

    private HfToken(char[] chars) {
        this.chars = chars;
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] raw = new byte[bytes.remaining()];
        bytes.get(raw);
        if (bytes.hasArray()) {
            Arrays.fill(bytes.array(), (byte) 0);
        }
        byte[] encoded = Base64.getEncoder().encode(raw);
        Arrays.fill(raw, (byte) 0);
        this.base64 = new char[encoded.length];
        for (int i = 0; i < encoded.length; i++) {
            base64[i] = (char) encoded[i];
        }
        Arrays.fill(encoded, (byte) 0);
    }

    /**
     * Takes the characters over (the caller's array is copied, trimmed of surrounding whitespace, and
     * the caller should wipe its own copy).
     */
    public static HfToken of(char[] token) {
        int start = 0;
        int end = token.length;
        while (start < end && Character.isWhitespace(token[start])) {
            start++;
        }
        while (end > start && Character.isWhitespace(token[end - 1])) {
            end--;
        }
        if (start == end) {
            throw new dev.kiq.KiqException("The Hugging Face token is empty; give a token that starts with hf_.");
        }
        return new HfToken(Arrays.copyOfRange(token, start, end));
    }

    /** The base64 form the Secret's {@code data} field carries; the only way the token leaves this object. */
    String secretDataValue() {
        return new String(base64);
    }

    /** Replaces every occurrence of the token or its base64 form with {@code ****}. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = replace(text, chars);
        return replace(out, base64);
    }

    /** True when the text contains the token or its base64 form. */
    public boolean appearsIn(CharSequence text) {
        return indexOf(text, chars, 0) >= 0 || indexOf(text, base64, 0) >= 0;
    }

    private static String replace(String text, char[] needle) {
        int at = indexOf(text, needle, 0);
        if (at < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        int from = 0;
        while (at >= 0) {
            sb.append(text, from, at).append("****");
            from = at + needle.length;
            at = indexOf(text, needle, from);
        }
        return sb.append(text, from, text.length()).toString();
    }

    private static int indexOf(CharSequence text, char[] needle, int from) {
        if (needle.length == 0) {
            return -1;
        }
        outer:
        for (int i = from; i <= text.length() - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (text.charAt(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        Arrays.fill(chars, '\0');
        Arrays.fill(base64, '\0');
    }

    @Override
    public String toString() {
        return "HfToken[****]";
    }
}
