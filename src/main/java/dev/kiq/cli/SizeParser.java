package dev.kiq.cli;

import dev.kiq.KiqException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads byte sizes: a count of bytes ({@code 1048576}) or one with a unit ({@code 512KiB}, {@code 4MiB}, {@code 8MB}, {@code 1G}). */
final class SizeParser {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)");

    private SizeParser() {
    }

    /**
     * @param min smallest size accepted, bytes
     * @param max largest size accepted, bytes
     */
    static long parse(String text, String option, long min, long max) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new KiqException(option + " " + text + " is not a size; give bytes or a size such as 512KiB, 4MiB or 8MB.");
        }
        long unit = switch (m.group(2)) {
            case "k", "kib" -> 1L << 10;
            case "kb" -> 1_000L;
            case "m", "mib" -> 1L << 20;
            case "mb" -> 1_000_000L;
            case "g", "gib" -> 1L << 30;
            case "gb" -> 1_000_000_000L;
            case "t", "tib" -> 1L << 40;
            case "tb" -> 1_000_000_000_000L;
            default -> 1L;
        };
        long bytes;
        try {
            bytes = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (ArithmeticException | NumberFormatException e) { // more digits than a long holds
            bytes = Long.MAX_VALUE;
        }
        if (bytes < min || bytes > max) {
            throw new KiqException(option + " " + text + " is out of range; give from " + min + " bytes to "
                    + (max >> 20) + " MiB.");
        }
        return bytes;
    }
}
