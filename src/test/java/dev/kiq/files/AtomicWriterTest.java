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

    private java.util.List<Path> list() throws IOException {
        try (var files = Files.list(dir)) {
            return files.toList();
        }
    }
}
