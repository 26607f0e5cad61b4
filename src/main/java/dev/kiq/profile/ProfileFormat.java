package dev.kiq.profile;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The two encodings of a profile file, chosen by file extension. */
public enum ProfileFormat {
    YAML, JSON;

    /** {@code .yaml}/{@code .yml} or {@code .json}; empty for any other file. */
    public static Optional<ProfileFormat> of(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return Optional.of(YAML);
        }
        if (name.endsWith(".json")) {
            return Optional.of(JSON);
        }
        return Optional.empty();
    }

    public static Optional<ProfileFormat> of(Path file) {
        Path name = file.getFileName();
        return name == null ? Optional.empty() : of(name.toString());
    }
}
