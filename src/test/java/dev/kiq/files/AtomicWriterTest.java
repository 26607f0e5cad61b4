package dev.kiq.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiq.KiqException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriterTest {

    @TempDir
    Path dir;

    @Test
    void writesTheWholeTextAndLeavesNoTempFile() throws IOException {
        Path out = dir.resolve("manifests.yaml");
        Files.writeString(out, "old");
        AtomicWriter.write(out, "kind: Service\n---\n");
        assertThat(Files.readString(out)).isEqualTo("kind: Service\n---\n");
        assertThat(list()).containsExactly(out);
    }

    @Test
    void missingFolderIsBadInputAndLeavesNoFile() throws IOException {
        Path out = dir.resolve("missing/manifests.yaml");
        assertThatThrownBy(() -> AtomicWriter.write(out, "x")).isInstanceOf(KiqException.class)
                .hasMessage("Cannot write " + out + ": folder " + dir.resolve("missing") + " does not exist.")
                .extracting(e -> ((KiqException) e).exitCode()).isEqualTo(2);
        assertThat(list()).isEmpty();
    }

    @Test
    void creatingFoldersMakesTheMissingOnes() throws IOException {
        Path out = dir.resolve("a/b/p.yaml");
        AtomicWriter.writeCreatingFolders(out, "x");
        assertThat(Files.readString(out)).isEqualTo("x");
    }

    @Test
    void folderAsTargetIsRefused() {
        assertThatThrownBy(() -> AtomicWriter.write(dir, "x")).isInstanceOf(KiqException.class)
                .hasMessageContaining("is a folder");
    }

    @Test
    void fileInPlaceOfTheFolderIsRefusedAndKept() throws IOException {
        Path notADir = Files.writeString(dir.resolve("plain"), "x");
        assertThatThrownBy(() -> AtomicWriter.write(notADir.resolve("m.yaml"), "y")).isInstanceOf(KiqException.class)
                .hasMessageContaining("is not a folder");
        assertThat(Files.readString(notADir)).isEqualTo("x");
    }

    @Test
    void symbolicLinkIsFollowedAndKept() throws IOException {
        Path real = Files.writeString(Files.createDirectory(dir.resolve("real")).resolve("m.yaml"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.yaml"), Path.of("real/m.yaml"));
        AtomicWriter.write(link, "new");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).isEqualTo("new");
        try (var files = Files.list(real.getParent())) {
            assertThat(files).containsExactly(real);
        }
    }

    @Test
    void danglingLinkCreatesItsTarget() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link.yaml"), dir.resolve("new.yaml"));
        AtomicWriter.write(link, "x");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(dir.resolve("new.yaml"))).isEqualTo("x");
    }

    @Test
    void existingPermissionsAreKept() throws IOException {
        Path out = Files.writeString(dir.resolve("shared.yaml"), "old");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-rw-r--"));
        AtomicWriter.write(out, "new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-rw-r--");
    }

    @Test
    void newFileIsNotPrivateLikeATempFile() throws IOException {
        Path out = dir.resolve("new.yaml");
        AtomicWriter.write(out, "x");
        // a temp file is created rw------- whatever the umask; a plain new file is readable by its group
        // under the usual umasks 022 and 002
        assertThat(Files.getPosixFilePermissions(out)).contains(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.GROUP_READ);
    }

    @Test
    void characterDeviceIsWrittenThroughNotReplaced() throws IOException {
        Path devNull = Path.of("/dev/null");
        assumeTrue(Files.exists(devNull));
        AtomicWriter.write(devNull, "discarded");
        assertThat(Files.isRegularFile(devNull)).isFalse();
    }

    @Test
    void fullDiskIsASystemFailureAndTheDeviceStays() {
        Path devFull = Path.of("/dev/full");
        assumeTrue(Files.exists(devFull), "no /dev/full here");
        assertThatThrownBy(() -> AtomicWriter.write(devFull, "x")).isInstanceOf(KiqException.class)
                .hasMessageContaining("No space left on device")
                .extracting(e -> ((KiqException) e).exitCode()).isEqualTo(1);
        assertThat(Files.isRegularFile(devFull)).isFalse();
    }

    @Test
    void fifoIsWrittenThrough() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo is not available");
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        AtomicWriter.write(fifo, "through the pipe");
        assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("through the pipe");
        assertThat(Files.isRegularFile(fifo)).isFalse();
    }

    @Test
    void unwritableFolderIsASystemFailure() throws IOException {
        assumeTrue(!"root".equals(System.getProperty("user.name")), "root may write anywhere");
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-x------"));
        assertThatThrownBy(() -> AtomicWriter.write(locked.resolve("m.yaml"), "x")).isInstanceOf(KiqException.class)
                .hasMessageContaining("permission denied")
                .extracting(e -> ((KiqException) e).exitCode()).isEqualTo(1);
    }

    @Test
    void checkWritableFindsAMissingFolderBeforeAnyWork() {
        assertThatThrownBy(() -> AtomicWriter.checkWritable(dir.resolve("nope/out.yaml"), false))
                .isInstanceOf(KiqException.class).hasMessageContaining("does not exist");
        AtomicWriter.checkWritable(dir.resolve("nope/out.yaml"), true);
        AtomicWriter.checkWritable(dir.resolve("out.yaml"), false);
    }

    // ---- several files as one change (kiq calibrate --corpus: factors.yaml, accuracy.yaml, the docs)

    private java.util.LinkedHashMap<Path, String> change(String... namesAndTexts) {
        java.util.LinkedHashMap<Path, String> files = new java.util.LinkedHashMap<>();
        for (int i = 0; i < namesAndTexts.length; i += 2) {
            files.put(dir.resolve(namesAndTexts[i]), namesAndTexts[i + 1]);
        }
        return files;
    }

    @Test
    void severalFilesAreReplacedTogetherAndNoStagedFileIsLeft() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "old a");
        Files.writeString(dir.resolve("b.yaml"), "old b");
        AtomicWriter.writeAllCreatingFolders(change("a.yaml", "new a", "b.yaml", "new b", "sub/c.md", "new c"));
        assertThat(Files.readString(dir.resolve("a.yaml"))).isEqualTo("new a");
        assertThat(Files.readString(dir.resolve("b.yaml"))).isEqualTo("new b");
        assertThat(Files.readString(dir.resolve("sub/c.md"))).isEqualTo("new c");
        assertThat(list()).containsExactlyInAnyOrder(dir.resolve("a.yaml"), dir.resolve("b.yaml"), dir.resolve("sub"));
    }

    /*
     * The third file cannot be staged: its staged name (".", 246 characters, ".kiq-staged") is 258 bytes, above the 255
     * a file name may have, while the name itself (246) is allowed. Written one after the other (as calibrate --corpus
     * did), the first two were already replaced when the third failed.
     */
    @Test
    void aFailureWhileStagingLeavesEveryFileAsItWas() throws IOException {
        String longName = "c".repeat(241) + ".yaml";
        Files.writeString(dir.resolve("a.yaml"), "old a");
        Files.writeString(dir.resolve("b.yaml"), "old b");
        Files.writeString(dir.resolve(longName), "old c");
        assertThatThrownBy(() -> AtomicWriter.writeAllCreatingFolders(change("a.yaml", "new a", "b.yaml", "new b", longName, "new c")))
                .isInstanceOf(KiqException.class).hasMessageStartingWith("Cannot write " + dir.resolve(longName) + ": ");
        assertThat(Files.readString(dir.resolve("a.yaml"))).isEqualTo("old a");
        assertThat(Files.readString(dir.resolve("b.yaml"))).isEqualTo("old b");
        assertThat(Files.readString(dir.resolve(longName))).isEqualTo("old c");
        assertThat(list()).containsExactlyInAnyOrder(dir.resolve("a.yaml"), dir.resolve("b.yaml"), dir.resolve(longName));
    }

    /*
     * What an interruption leaves: during staging, the staged file of the first target (none replaced yet); during the
     * renames (which go in order), the staged files of the targets not yet replaced. Either way the next write is refused
     * before it touches anything, naming what was and was not replaced.
     */
    @Test
    void aStagedFileLeftByAnInterruptedWriteRefusesTheNextOneSayingWhatWasReplaced() throws IOException {
        var files = threeOldFiles();
        Path stagedB = dir.resolve(".b.yaml.kiq-staged");
        Path stagedC = dir.resolve(".c.md.kiq-staged");
        Files.writeString(stagedB, "b of the interrupted run");
        Files.writeString(stagedC, "c of the interrupted run");
        Path a = dir.resolve("a.yaml");
        Path b = dir.resolve("b.yaml");
        Path c = dir.resolve("c.md");
        assertThatThrownBy(() -> AtomicWriter.writeAllCreatingFolders(files)).isInstanceOf(KiqException.class)
                .extracting(e -> ((KiqException) e).exitCode()).isEqualTo(2);
        assertThatThrownBy(() -> AtomicWriter.checkNoStaged(java.util.List.copyOf(files.keySet())))
                .hasMessage("Cannot write " + a + ", " + b + ", " + c + ": an earlier write of them as one change was interrupted "
                        + "and left " + stagedB + ", " + stagedC + " (replaced: " + a + "; not replaced: " + b + ", " + c + "; so they "
                        + "disagree); valid: delete those staged files and run the command again, which rewrites all 3.");
        for (Path p : files.keySet()) {
            assertThat(Files.readString(p)).isEqualTo("old");
        }
        assertThat(Files.readString(stagedB)).isEqualTo("b of the interrupted run");

        Files.delete(stagedB);
        Files.delete(stagedC);
        Path stagedA = dir.resolve(".a.yaml.kiq-staged");
        Files.writeString(stagedA, "a of a run interrupted while staging");
        assertThatThrownBy(() -> AtomicWriter.checkNoStaged(java.util.List.copyOf(files.keySet())))
                .hasMessageContaining("left " + stagedA + " (nothing was replaced)")
                .hasMessageEndingWith("delete that staged file and run the command again, which rewrites all 3.");
        // the first staged file left decides: a's staged file means no rename happened, whatever else is left
        Files.writeString(stagedC, "c of a run interrupted while staging");
        assertThatThrownBy(() -> AtomicWriter.checkNoStaged(java.util.List.copyOf(files.keySet())))
                .hasMessageContaining("left " + stagedA + ", " + stagedC + " (nothing was replaced)");
        Files.delete(stagedA);
        Files.delete(stagedC);
        AtomicWriter.writeAllCreatingFolders(files);
        assertThat(Files.readString(c)).isEqualTo("new c");
    }

    /*
     * Another run writing the same files stages b.yaml's file after this run checked that none was left and before this
     * run stages b.yaml: this run's staging of b.yaml finds it (CREATE_NEW), removes only what it staged itself (a.yaml's),
     * leaves the other run's staged file with its content, and replaces nothing.
     */
    @Test
    void aStagedFileOfAnotherRunThatAppearsWhileStagingIsLeftToIt() throws IOException {
        var files = threeOldFiles();
        Path theirs = dir.resolve(".b.yaml.kiq-staged");
        assertThatThrownBy(() -> AtomicWriter.writeAllCreatingFolders(files, staged -> {
            if (staged == 1) {
                try {
                    Files.writeString(theirs, "b of the other run");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        })).isInstanceOf(KiqException.class).hasMessageStartingWith("Cannot write " + dir.resolve("b.yaml") + ": ");
        assertThat(Files.readString(theirs)).isEqualTo("b of the other run");
        assertThat(list()).containsExactlyInAnyOrder(dir.resolve("a.yaml"), dir.resolve("b.yaml"), dir.resolve("c.md"), theirs);
        for (Path p : files.keySet()) {
            assertThat(Files.readString(p)).isEqualTo("old");
        }
    }

    /*
     * A rename that fails after others succeeded (b.yaml made immutable, chattr +i, between this run's checks and its
     * renames: rename(2) over an immutable file is EPERM, even for root): a.yaml is replaced, b.yaml and c.md are not, and
     * the message says so and names the staged files left (b's and c's), which refuse the next write until removed.
     * The same failure on the first rename says that no file was replaced. Skipped where chattr cannot set the flag
     * (not root, or a file system without it).
     */
    @Test
    void aRenameThatFailsAfterOthersSaysWhichFilesWereReplacedAndLeavesTheRestStaged() throws Exception {
        var files = threeOldFiles();
        Path a = dir.resolve("a.yaml");
        Path b = dir.resolve("b.yaml");
        Path c = dir.resolve("c.md");
        assumeTrue(chattr("+i", b), "chattr +i is not available here (needs root and a file system with the flag)");
        try {
            assertThatThrownBy(() -> AtomicWriter.writeAllCreatingFolders(files)).isInstanceOf(KiqException.class)
                    .hasMessage("Cannot write " + b + ": Operation not permitted; replaced " + a + " but not the rest, staged "
                            + "files are left (" + dir.resolve(".b.yaml.kiq-staged") + ", " + dir.resolve(".c.md.kiq-staged") + ").")
                    .extracting(e -> ((KiqException) e).exitCode()).isEqualTo(1);
            assertThat(Files.readString(a)).isEqualTo("new a");
            assertThat(Files.readString(b)).isEqualTo("old");
            assertThat(Files.readString(c)).isEqualTo("old");
            assertThat(Files.readString(dir.resolve(".c.md.kiq-staged"))).isEqualTo("new c");
            assertThatThrownBy(() -> AtomicWriter.checkNoStaged(java.util.List.copyOf(files.keySet())))
                    .hasMessageContaining("(replaced: " + a + "; not replaced: " + b + ", " + c + "; so they disagree)");
            Files.delete(dir.resolve(".b.yaml.kiq-staged"));
            Files.delete(dir.resolve(".c.md.kiq-staged"));
            chattr("-i", b);
            assertThat(chattr("+i", a)).isTrue();
            assertThatThrownBy(() -> AtomicWriter.writeAllCreatingFolders(files)).isInstanceOf(KiqException.class)
                    .hasMessageStartingWith("Cannot write " + a + ": Operation not permitted; no file was replaced, staged files are left (");
            assertThat(Files.readString(b)).isEqualTo("old");
        } finally {
            chattr("-i", a);
            chattr("-i", b);
        }
    }

    private static boolean chattr(String flag, Path file) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /* A device cannot be replaced, so it cannot be part of one change: refused before anything is staged. */
    @Test
    void aDeviceAmongSeveralFilesIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path devNull = Path.of("/dev/null");
        assumeTrue(Files.exists(devNull));
        java.util.LinkedHashMap<Path, String> files = change("a.yaml", "new a");
        files.put(devNull, "x");
        assertThatThrownBy(() -> AtomicWriter.writeAllCreatingFolders(files)).isInstanceOf(KiqException.class)
                .hasMessage("Cannot write /dev/null: it is a device or pipe, and it is written together with " + dir.resolve("a.yaml")
                        + " as one change; give a file.");
        assertThat(list()).isEmpty();
    }

    @Test
    void aLinkAmongSeveralFilesIsFollowedAndKept() throws IOException {
        Path real = Files.createDirectory(dir.resolve("real")).resolve("docs.md");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(dir.resolve("docs.md"), real);
        AtomicWriter.writeAllCreatingFolders(change("a.yaml", "new a", "docs.md", "new docs"));
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).isEqualTo("new docs");
    }

    /** a.yaml, b.yaml and c.md, each holding "old", to be written as "new a", "new b", "new c" in one change. */
    private java.util.LinkedHashMap<Path, String> threeOldFiles() throws IOException {
        var files = change("a.yaml", "new a", "b.yaml", "new b", "c.md", "new c");
        for (Path p : files.keySet()) {
            Files.writeString(p, "old");
        }
        return files;
    }

    private java.util.List<Path> list() throws IOException {
        try (var files = Files.list(dir)) {
            return files.toList();
        }
    }
}
