package dev.kiq.files;

import dev.kiq.KiqException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * How big a file kiq reads may be, checked before any parser sees it. SnakeYAML scans one long token in time that
 * grows with the square of its length (a 1 MB profile without a newline took 8 s, 50 MB over 300 s and 2 GB), so a
 * file that breaks these limits is refused in milliseconds with a message naming it, instead of hanging kiq.
 *
 * @param maxBytes      largest file accepted
 * @param maxLineLength longest line accepted, in bytes
 */
public record InputLimits(long maxBytes, int maxLineLength) {

    /** Profiles, settings, manifests, model configs: a real one is a few kB, far below both limits. */
    public static final InputLimits DATA = new InputLimits(4L << 20, 64 << 10);
    /**
     * Conversation datasets (ShareGPT JSON), read as a stream rather than into memory: the public ShareGPT V3
     * file is about 640 MB; lines do not matter to a JSON stream.
     */
    public static final InputLimits DATASET = new InputLimits(1L << 30, Integer.MAX_VALUE);
    /** Kubeconfigs: embedded certificates make lines of a few kB; many contexts make large files. */
    public static final InputLimits KUBECONFIG = new InputLimits(16L << 20, 256 << 10);

    /**
     * The content of a regular file, after checking its size (before reading) and its lines (after).
     *
     * @param what how messages name the file, e.g. "Profile file"
     * @throws KiqException bad input when the file is missing, not a regular file or too large; a failure when it
     *                      cannot be read
     */
    public byte[] read(Path file, String what) {
        if (!Files.exists(file)) {
            throw new KiqException(what + " " + file + " does not exist.");
        }
        if (!Files.isRegularFile(file)) {
            throw new KiqException(what + " " + file + " is not a regular file; give a file, not a folder, device or pipe.");
        }
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            // at most one byte more than allowed, whatever size the file claims
            content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (NoSuchFileException e) {
            throw new KiqException(what + " " + file + " does not exist.", e);
        } catch (AccessDeniedException e) {
            throw KiqException.failed(what + " " + file + " cannot be read: permission denied.", e);
        } catch (IOException e) {
            throw KiqException.failed(what + " " + file + " cannot be read: " + e.getMessage() + ".", e);
        }
        if (content.length > maxBytes) {
            throw new KiqException(tooLarge(what + " " + file));
        }
        check(content, what + " " + file);
        return content;
    }

    /**
     * Checks a file that will be read as a stream: it exists, is a regular file and is within the size limit.
     *
     * @throws KiqException bad input naming the file and what is wrong
     */
    public void checkFile(Path file, String what) {
        if (!Files.exists(file)) {
            throw new KiqException(what + " " + file + " does not exist.");
        }
        if (!Files.isRegularFile(file)) {
            throw new KiqException(what + " " + file + " is not a regular file; give a file, not a folder, device or pipe.");
        }
        try {
            if (Files.size(file) > maxBytes) {
                throw new KiqException(tooLarge(what + " " + file));
            }
        } catch (IOException e) {
            throw KiqException.failed(what + " " + file + " cannot be read: " + e.getMessage() + ".", e);
        }
    }

    /** Checks content already in memory (a resource, an editor's text). */
    public void check(byte[] content, String source) {
        problem(content, source).ifPresent(p -> {
            throw new KiqException(p);
        });
    }

    /** What is wrong with the content, in one sentence naming {@code source}; empty when it is within the limits. */
    public Optional<String> problem(byte[] content, String source) {
        if (content.length > maxBytes) {
            return Optional.of(tooLarge(source));
        }
        int line = 1;
        int start = 0;
        for (int i = 0; i <= content.length; i++) {
            if (i == content.length || content[i] == '\n') {
                if (i - start > maxLineLength) {
                    return Optional.of(source + " has a line of " + size(i - start) + " (line " + line
                            + "); kiq reads files whose lines are at most " + size(maxLineLength) + ".");
                }
                line++;
                start = i + 1;
            }
        }
        return Optional.empty();
    }

    private String tooLarge(String source) {
        return source + " is larger than " + size(maxBytes) + ", the most kiq reads for such a file.";
    }

    private static String size(long bytes) {
        if (bytes >= 1 << 20) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
        }
        if (bytes >= 1 << 10) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1024.0);
        }
        return bytes + " bytes";
    }
}
