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
import java.util.ArrayList;
import java.util.List;
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

    /**
     * Writes several UTF-8 files as one change, creating missing folders: each file is first staged whole next to its
     * target ({@code .NAME.kiq-staged}, flushed to disk, with the target's attributes), then the staged files are
     * renamed over their targets one by one in the map's order. A failure while staging removes what was staged and
     * leaves every target as it was. An interruption (kill -9, power loss) can leave staged files: then
     * {@link #checkNoStaged} refuses the next write of these files, saying which targets were replaced, until the user
     * removes them; callers check it before any long work. The order is the caller's contract: the same files in the
     * same order on every run, so that the staged files left tell how far the renames went.
     */
    public static void writeAllCreatingFolders(java.util.LinkedHashMap<Path, String> files) {
        writeAllCreatingFolders(files, staged -> { });
    }

    /**
     * As {@link #writeAllCreatingFolders(java.util.LinkedHashMap)}; {@code afterStaging} runs after each file is staged
     * (given how many are), the moment another run's write of the same files can interleave (tests).
     */
    static void writeAllCreatingFolders(java.util.LinkedHashMap<Path, String> files, java.util.function.IntConsumer afterStaging) {
        List<Path> targets = List.copyOf(files.keySet());
        checkNoStaged(targets);
        List<Path> resolved = new ArrayList<>();
        for (Path target : targets) {
            if (isWriteThrough(target)) {
                throw new KiqException("Cannot write " + target + ": it is a device or pipe, and it is written together with "
                        + String.join(", ", targets.stream().filter(t -> !t.equals(target)).map(Path::toString).toList())
                        + " as one change; give a file.");
            }
            resolved.add(placeable(target, true));
        }
        List<Path> staged = new ArrayList<>();
        int i = 0;
        try {
            for (; i < targets.size(); i++) {
                Path stage = staged(resolved.get(i));
                staged.add(stage);
                writeSynced(stage, files.get(targets.get(i)).getBytes(StandardCharsets.UTF_8), resolved.get(i));
                afterStaging.accept(i + 1);
            }
        } catch (IOException e) {
            if (e instanceof java.nio.file.FileAlreadyExistsException) {
                staged.remove(i);   // another run's, made since checkNoStaged: not ours to delete
            }
            for (Path stage : staged) {
                try {
                    Files.deleteIfExists(stage);
                } catch (IOException ignored) {
                    // checkNoStaged names it on the next run
                }
            }
            throw failure(targets.get(i), e);
        }
        for (i = 0; i < targets.size(); i++) {
            try {
                moveOver(staged.get(i), resolved.get(i));
            } catch (IOException e) {
                throw KiqException.failed("Cannot write " + targets.get(i) + ": " + reason(e) + "; "
                        + (i == 0 ? "no file was replaced" : "replaced " + String.join(", ", targets.subList(0, i).stream()
                        .map(Path::toString).toList()) + " but not the rest") + ", staged files are left ("
                        + String.join(", ", staged.subList(i, staged.size()).stream().map(Path::toString).toList()) + ").", e);
            }
        }
    }

    /**
     * Refuses to write {@code targets} as one change ({@link #writeAllCreatingFolders}) while a staged file of an earlier,
     * interrupted write of them is left: the message names the staged files and, from the first one left in the
     * write's order, which targets that write replaced and which it did not.
     */
    public static void checkNoStaged(List<Path> targets) {
        List<Path> left = new ArrayList<>();
        int first = -1;
        for (int i = 0; i < targets.size(); i++) {
            Path stage = staged(followLinks(targets.get(i)));
            if (Files.exists(stage, LinkOption.NOFOLLOW_LINKS)) {
                left.add(stage);
                first = first < 0 ? i : first;
            }
        }
        if (left.isEmpty()) {
            return;
        }
        String all = String.join(", ", targets.stream().map(Path::toString).toList());
        String state = first == 0 ? "nothing was replaced"
                : "replaced: " + String.join(", ", targets.subList(0, first).stream().map(Path::toString).toList())
                + "; not replaced: " + String.join(", ", targets.subList(first, targets.size()).stream().map(Path::toString).toList())
                + "; so they disagree";
        throw new KiqException("Cannot write " + all + ": an earlier write of them as one change was interrupted and left "
                + String.join(", ", left.stream().map(Path::toString).toList()) + " (" + state + "); valid: delete "
                + (left.size() == 1 ? "that staged file" : "those staged files") + " and run the command again, which rewrites all "
                + targets.size() + ".");
    }

    /** Where {@link #writeAllCreatingFolders} stages {@code file}: a fixed name, so an interrupted write can be found. */
    static Path staged(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".kiq-staged");
    }

    private static void write(Path target, byte[] bytes, boolean createFolders) {
        if (isWriteThrough(target)) {
            writeThrough(target, bytes);
            return;
        }
        Path file = placeable(target, createFolders);
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + Long.toUnsignedString(
                ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
        try {
            writeSynced(tmp, bytes, file);
            moveOver(tmp, file);
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

    /** The file {@code target} reaches through its links, with its folder made (if asked) and checked. */
    private static Path placeable(Path target, boolean createFolders) {
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
        return file;
    }

    /** A new file {@code tmp} holding {@code bytes}, flushed to disk, with the attributes of {@code file} (if it exists). */
    private static void writeSynced(Path tmp, byte[] bytes, Path file) throws IOException {
        // CREATE_NEW without attributes: the umask gives a new file its usual permissions
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        keepAttributes(file, tmp);
    }

    private static void moveOver(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
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
        return KiqException.failed("Cannot write " + target + ": " + reason(e) + ".", e);
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        } else if (e instanceof NoSuchFileException) {
            return "no such file or folder " + e.getMessage();
        } else if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
