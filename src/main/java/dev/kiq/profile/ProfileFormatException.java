package dev.kiq.profile;

import dev.kiq.KiqException;

import java.util.Optional;

/**
 * A profile file that cannot be used, with where and why: one message naming the file, the line,
 * the field and what would be valid, e.g. {@code my.yaml, line 40, field
 * performanceStats[3].kvCacheUsage: 1.7 is out of range; valid: a number from 0 to 1.}
 */
public class ProfileFormatException extends KiqException {

    private final String source;
    private final int line;
    private final Optional<String> field;

    public ProfileFormatException(String source, int line, Optional<String> field, String problem) {
        this(source, line, field, problem, null);
    }

    public ProfileFormatException(String source, int line, Optional<String> field, String problem, Throwable cause) {
        super(where(source, line, field) + ": " + problem, cause);
        this.source = source;
        this.line = line;
        this.field = field;
    }

    /** Where the problem is, as every message of this kind starts: {@code my.yaml, line 40, field performanceStats[3]}. */
    public String where() {
        return where(source, line, field);
    }

    private static String where(String source, int line, Optional<String> field) {
        return source + (line > 0 ? ", line " + line : "") + field.map(f -> ", field " + f).orElse("");
    }

    /** The file (or bundled resource) the profile came from. */
    public String source() {
        return source;
    }

    /** 1-based line of the problem, 0 when unknown. */
    public int line() {
        return line;
    }

    /** The offending field as a path such as {@code performanceStats[3].kvCacheUsage}, if it is one field. */
    public Optional<String> field() {
        return field;
    }
}
