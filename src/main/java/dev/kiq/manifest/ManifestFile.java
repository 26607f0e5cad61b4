package dev.kiq.manifest;

import dev.kiq.KiqException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes generated text to a file all at once: a temp file in the same folder, then an atomic rename. */
public final class ManifestFile {

    private ManifestFile() {
    }

    /**
     * @throws KiqException naming the path when it is a folder, its folder is missing or not writable; no
     *                      partial or temporary file is left behind
     */
    public static void write(Path target, String text) {
        Path file = target.toAbsolutePath().normalize();
        Path dir = file.getParent();
        if (Files.isDirectory(file)) {
            throw new KiqException("output path " + target + " is a folder; give a file name such as "
                    + target.resolve("manifests.yaml") + ".");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new KiqException("cannot write " + target + ": folder " + dir + " does not exist.");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (AccessDeniedException e) {
            throw new KiqException("cannot write " + target + ": permission denied in " + dir + ".", e);
        } catch (IOException e) {
            throw new KiqException("cannot write " + target + ": " + e.getMessage() + ".", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temp file is hidden and named after the target; nothing more to do
                }
            }
        }
    }
}
