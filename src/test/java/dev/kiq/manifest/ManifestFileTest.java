package dev.kiq.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiq.KiqException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestFileTest {

    @TempDir
    Path dir;

    @Test
    void writesTheWholeTextAndLeavesNoTempFile() throws IOException {
        Path out = dir.resolve("manifests.yaml");
        Files.writeString(out, "old");
        ManifestFile.write(out, "kind: Service\n---\n");
        assertThat(Files.readString(out)).isEqualTo("kind: Service\n---\n");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(out);
        }
    }

    @Test
    void missingFolderIsOneClearErrorAndNoFile() throws IOException {
        Path out = dir.resolve("missing/manifests.yaml");
        assertThatThrownBy(() -> ManifestFile.write(out, "x")).isInstanceOf(KiqException.class)
                .hasMessage("cannot write " + out + ": folder " + dir.resolve("missing") + " does not exist.");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void folderAsOutputPathIsRefused() {
        assertThatThrownBy(() -> ManifestFile.write(dir, "x")).isInstanceOf(KiqException.class)
                .hasMessageContaining("is a folder");
    }

    @Test
    void fileInPlaceOfTheFolderIsRefused() throws IOException {
        Path notADir = Files.writeString(dir.resolve("plain"), "x");
        assertThatThrownBy(() -> ManifestFile.write(notADir.resolve("m.yaml"), "y")).isInstanceOf(KiqException.class)
                .hasMessageContaining("does not exist");
        assertThat(Files.readString(notADir)).isEqualTo("x");
    }
}
