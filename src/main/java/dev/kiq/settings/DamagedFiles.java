package dev.kiq.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Moves a damaged per-user file aside ({@code settings.yaml} becomes {@code settings.yaml.broken-20261126T181500Z})
 * so the user keeps it for repair while kiq starts with defaults. Shared by the settings store and the profile
 * repository's per-user folder.
 */
public final class DamagedFiles {

    /** The marker in a set-aside file's name; loaders skip files carrying it. */
    public static final String MARKER = ".broken-";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private DamagedFiles() {
    }

    public static SetAsideFile setAside(Path file, String reason) {
        return setAside(file, reason, Clock.systemUTC());
    }

    /** Never throws: when the move fails the file stays where it is and the result says so. */
    public static SetAsideFile setAside(Path file, String reason, Clock clock) {
        String base = file.getFileName() + MARKER + STAMP.format(clock.instant());
        Path target = file.resolveSibling(base);
        for (int n = 1; Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS); n++) {
            target = file.resolveSibling(base + "-" + n);
        }
        try {
            Files.move(file, target);
            return new SetAsideFile(file, Optional.of(target), reason);
        } catch (IOException | SecurityException e) {
            return new SetAsideFile(file, Optional.empty(), reason);
        }
    }

    /** Whether a file name is one this class produced. */
    public static boolean isSetAside(Path file) {
        return file.getFileName().toString().contains(MARKER);
    }
}
