package dev.kiq.cli;

import dev.kiq.KiqException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations the way kubectl writes them ({@code 90s}, {@code 20m}, {@code 1h30m}) or ISO-8601 ({@code PT20M}). */
final class DurationParser {

    private static final Pattern PART = Pattern.compile("(\\d+)(h|m|s)");

    private DurationParser() {
    }

    static Duration parse(String text, String option) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("pt")) {
            try {
                return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw invalid(text, option);
            }
        }
        Matcher m = PART.matcher(t);
        Duration d = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                throw invalid(text, option);
            }
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            });
            end = m.end();
        }
        if (end == 0 || end != t.length() || d.isZero()) {
            throw invalid(text, option);
        }
        return d;
    }

    private static KiqException invalid(String text, String option) {
        return new KiqException(option + " " + text + " is not a duration; give one like 90s, 20m or 1h30m.");
    }
}
