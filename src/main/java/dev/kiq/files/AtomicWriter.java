package dev.kiq.files;

import dev.kiq.KiqException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way kiq writes a file the user keeps (manifests, profiles, settings, exports): the whole content or
 * nothing, and never more than the file itself.
 * <ul>
 *   <li>A regular file (or a new one) is written to a hidden temporary file in the same folder, flushed to disk
 *       and renamed over the target, so a crash, kill -9 or full disk leaves the old content or the new, never a
 *       mix, and no temporary file behind.</li>
 *   <li>A symbolic link is followed: the file it points to is replaced and the link stays.</li>
 *   <li>An existing file keeps its permissions (and, where allowed, its owner); a new one gets the usual ones
 *       (the umask applies), not the 0600 of a temporary file.</li>
 *   <li>A character device or a FIFO ({@code /dev/null}, {@code /dev/stdout}, a named pipe) is written through,
 *       never replaced by a regular file; a block device, socket or folder is refused.</li>
 * </ul>
 * Failures are {@link KiqException}s naming the path: a path that cannot be a file (a folder, a missing folder,
 * a block device) is bad input; permission denied, a full disk or another I/O error is a system failure
 * ({@link KiqException#failed}).
 */
public final class AtomicWriter {

    private static final int MAX_LINKS = 40;
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFIFO = 0010000;

    private AtomicWriter() {
    }

    /** Writes UTF-8 text; the target's folder must exist. */
    public static void write(Path target, String text) {
        write(target, text.getBytes(StandardCharsets.UTF_8), false);
    }

    /** Writes bytes; the target's folder must exist. */
    public static void write(Path target, byte[] bytes) {
        write(target, bytes, false);
    }

    /** Writes bytes, creating the target's folder (and its parents) when missing: for files kiq places itself. */
    public static void writeCreatingFolders(Path target, byte[] bytes) {
        write(target, bytes, true);
    }

    /** Writes UTF-8 text, creating the target's folder (and its parents) when missing. */
    public static void writeCreatingFolders(Path target, String text) {
        write(target, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /**
     * Checks, before any work is done, that {@code target} could be written: it is not a folder or a block device
     * and its folder exists (or {@code createFolders}). Commands that measure for minutes call it first so a typo
     * in the path does not cost the measurement.
     */
    public static void checkWritable(Path target, boolean createFolders) {
        if (isWriteThrough(target)) {
            return;
        }
        Path file = followLinks(target);
        Path dir = file.getParent();
        if (Files.isDirectory(file)) {
            throw new KiqException("Cannot write " + target + ": it is a folder; give a file name such as "
                    + target.resolve("out.yaml") + ".");
        }
        if (createFolders) {
            Path existing = nearestExisting(target, dir);
            if (existing != null && !Files.isWritable(existing)) {
                throw KiqException.failed("Cannot write " + target + ": permission denied in " + existing + ".");
            }
        } else {
            checkFolder(target, dir);
            if (!Files.isWritable(dir)) {
                throw KiqException.failed("Cannot write " + target + ": permission denied in " + dir + ".");
            }
        }
    }

    private static void write(Path target, byte[] bytes, boolean createFolders) {
        if (isWriteThrough(target)) {
            writeThrough(target, bytes);
            return;
        }
        Path file = followLinks(target);
        Path dir = file.getParent();
        if (createFolders && dir != null && !Files.isDirectory(dir)) {
            nearestExisting(target, dir);
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw failure(target, e);
            }
        }
        checkFolder(target, dir);
        Path tmp = dir.resolve("." + file.getFileName() + "." + Long.toUnsignedString(
                ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
        try {
            // CREATE_NEW without attributes: the umask gives a new file its usual permissions
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            keepAttributes(file, tmp);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw failure(target, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // only left when the move failed, which is the error reported
            }
        }
    }

    /** The nearest folder of {@code dir} that exists; a plain file in its place is bad input. */
    private static Path nearestExisting(Path target, Path dir) {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw new KiqException("Cannot write " + target + ": " + existing + " is not a folder.");
        }
        return existing;
    }

    /** A folder or a missing folder is the user's to correct (exit 2). */
    private static void checkFolder(Path target, Path dir) {
        Path file = followLinks(target);
        if (Files.isDirectory(file)) {
            throw new KiqException("Cannot write " + target + ": it is a folder; give a file name such as "
                    + target.resolve("out.yaml") + ".");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new KiqException("Cannot write " + target + ": it is a device or socket, not a file.");
        }
        if (dir == null || !Files.exists(dir)) {
            throw new KiqException("Cannot write " + target + ": folder " + dir + " does not exist.");
        }
        if (!Files.isDirectory(dir)) {
            throw new KiqException("Cannot write " + target + ": " + dir + " is not a folder.");
        }
    }

    /** A character device or FIFO, reached through any links: written in place, never replaced. */
    private static boolean isWriteThrough(Path target) {
        if (!Files.exists(target) || Files.isRegularFile(target) || Files.isDirectory(target)) {
            return false;
        }
        try {
            int type = ((Integer) Files.getAttribute(target, "unix:mode")) & S_IFMT;
            return type == S_IFCHR || type == S_IFIFO;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static void writeThrough(Path target, byte[] bytes) {
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE)) {
            out.write(bytes);
        } catch (IOException e) {
            throw failure(target, e);
        }
    }

    /** The file a chain of symbolic links ends at (which may not exist yet); the target itself otherwise. */
    static Path followLinks(Path target) {
        Path file = target.toAbsolutePath().normalize();
        for (int i = 0; Files.isSymbolicLink(file); i++) {
            if (i == MAX_LINKS) {
                throw new KiqException("Cannot write " + target + ": too many levels of symbolic links.");
            }
            try {
                file = file.resolveSibling(Files.readSymbolicLink(file)).normalize();
            } catch (IOException e) {
                throw failure(target, e);
            }
        }
        return file;
    }

    /** The replaced file's permissions, owner and group; best effort for the owner (only root may change it). */
    private static void keepAttributes(Path file, Path tmp) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null || !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        PosixFileAttributes old = view.readAttributes();
        PosixFileAttributeView tmpView = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
        try {
            PosixFileAttributes now = tmpView.readAttributes();
            if (!now.owner().equals(old.owner())) {
                tmpView.setOwner(old.owner());
            }
            if (!now.group().equals(old.group())) {
                tmpView.setGroup(old.group());
            }
        } catch (IOException e) {
            // not allowed to give the file away: it becomes the writer's, as with any editor's save
        }
        tmpView.setPermissions(old.permissions());
    }

    private static KiqException failure(Path target, IOException e) {
        String reason;
        if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else if (e instanceof NoSuchFileException) {
            reason = "no such file or folder " + e.getMessage();
        } else if (e instanceof FileSystemException fse && fse.getReason() != null) {
            reason = fse.getReason();
        } else {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return KiqException.failed("Cannot write " + target + ": " + reason + ".", e);
    }
}
