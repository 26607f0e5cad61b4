package dev.kiq.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiq.KiqException;
import dev.kiq.settings.SetAsideFile;
import dev.kiq.settings.UserProfiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputLimitsTest {

    @TempDir
    Path dir;

    private final InputLimits small = new InputLimits(100, 10);

    @Test
    void lineLongerThanTheLimitNamesItsLine() {
        byte[] text = "short\nalso ok\n0123456789A\n".getBytes(StandardCharsets.UTF_8);
        assertThat(small.problem(text, "f.yaml")).hasValue(
                "f.yaml has a line of 11 bytes (line 3); kiq reads files whose lines are at most 10 bytes.");
        assertThat(small.problem("0123456789\n0123456789".getBytes(StandardCharsets.UTF_8), "f")).isEmpty();
    }

    @Test
    void fileLargerThanTheLimitIsRefusedBeforeReadingItAll() throws IOException {
        Path big = Files.write(dir.resolve("big.yaml"), new byte[101]);
        assertThatThrownBy(() -> small.read(big, "Profile file")).isInstanceOf(KiqException.class)
                .hasMessage("Profile file " + big + " is larger than 100 bytes, the most kiq reads for such a file.");
        Path ok = Files.write(dir.resolve("ok.yaml"), "a: 1\n".getBytes(StandardCharsets.UTF_8));
        assertThat(small.read(ok, "Profile file")).hasSize(5);
    }

    @Test
    void folderOrMissingFileIsBadInput() {
        assertThatThrownBy(() -> small.read(dir, "Profile file")).hasMessageContaining("is not a regular file");
        assertThatThrownBy(() -> small.read(dir.resolve("none.yaml"), "Profile file"))
                .hasMessageContaining("does not exist")
                .extracting(e -> ((KiqException) e).exitCode()).isEqualTo(KiqException.BAD_INPUT);
    }

    /** The file that hung every command (issue 14): 50 MB, no newline, in the per-user folder. */
    @Test
    void hugeProfileWithoutNewlinesIsSetAside() throws IOException {
        Path user = Files.createDirectory(dir.resolve("user"));
        Path huge = user.resolve("huge.yaml");
        Files.write(huge, "a".repeat(50_000_000).getBytes(StandardCharsets.US_ASCII));
        Path oneMb = user.resolve("one-mb.yaml");
        Files.write(oneMb, ("model: " + "x".repeat(1_000_000)).getBytes(StandardCharsets.US_ASCII));
        UserProfiles loaded = UserProfiles.load(user, List.of(), Clock.systemUTC());
        assertThat(loaded.setAside()).extracting(SetAsideFile::file).containsExactlyInAnyOrder(huge, oneMb);
        assertThat(loaded.setAside()).allSatisfy(s -> assertThat(s.movedTo()).isPresent());
        assertThat(Files.exists(huge)).isFalse();
        assertThat(loaded.setAside()).extracting(SetAsideFile::reason).anyMatch(r -> r.contains("is larger than 4.0 MB"))
                .anyMatch(r -> r.contains("has a line of 976.6 kB (line 1)"));
    }
}
