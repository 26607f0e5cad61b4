package dev.kiq.bench;

/**
 * Token counts without a tokenizer: about four characters of English per token, the usual rule of
 * thumb for BPE vocabularies. The emulator counts prompts this way, and {@link #syntheticText} builds
 * text this rule counts exactly, so a synthetic request of N tokens is N tokens on both sides.
 */
public final class TokenEstimate {

    /** Three-letter words: each is one token in common BPE vocabularies, and four characters with its space. */
    private static final String[] WORDS = {
        "the", "and", "for", "you", "are", "not", "but", "all", "can", "her", "was", "one", "our", "out",
        "day", "get", "has", "him", "his", "how", "man", "new", "now", "old", "see", "two", "way", "who",
        "boy", "did", "its", "let", "put", "say", "she", "too", "use", "any", "ask", "big", "end", "far"
    };

    private TokenEstimate() {
    }

    public static int count(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        return Math.max(1, (text.length() + 3) / 4);
    }

    /** Text of exactly {@code tokens} estimated tokens; {@code salt} varies the words. */
    public static String syntheticText(int tokens, long salt) {
        StringBuilder sb = new StringBuilder(tokens * 4);
        long x = salt * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < tokens; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            sb.append(WORDS[(int) Math.floorMod(x, (long) WORDS.length)]);
        }
        return sb.toString();
    }

    /** The text of the {@code index}-th generated token, four characters as the estimate counts. */
    public static String tokenText(long index) {
        return " " + WORDS[(int) Math.floorMod(index * 7 + 3, (long) WORDS.length)];
    }
}
