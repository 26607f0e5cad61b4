package dev.kiq.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.profile.ModelServerInfo;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileRepository;
import dev.kiq.profile.ProfileWriter;
import dev.kiq.profile.Provenance;
import dev.kiq.profile.ResourcesUsed;
import dev.kiq.profile.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserProfilesTest {

    @TempDir
    Path tmp;

    /** A format-valid profile built in code (not performance data). */
    static Profile profile(String accelerator) {
        List<PerformancePoint> points = List.of(
                new PerformancePoint(1, 190, 220, 21, 50, 17, 0, 5, 0.03),
                new PerformancePoint(8, 1500, 1740, 28, 70, 22, 0, 40, 0.27),
                new PerformancePoint(16, 2700, 3130, 72, 180, 57, 18, 80, 0.91));
        return new Profile(new ModelServerInfo("meta-llama/Llama-3.2-1B-Instruct", "vllm", "v0.7.2"), accelerator,
                Optional.empty(), "g2-standard-8", new ResourcesUsed(1), points,
                new Provenance(Provenance.Kind.measured, "kiq-bench", "0.1.0", "2026-11-26", "sharegpt"),
                new ServerConfig(8192, 256, 8192, 0.9), Optional.of(points.get(1)));
    }

    @Test
    void firstRunWithoutAUserFolderLoadsTheShippedProfilesQuietly() {
        UserProfiles loaded = UserProfiles.load(tmp.resolve("profiles"), List.of(), SettingsStoreTest.CLOCK);
        assertThat(loaded.setAside()).isEmpty();
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.repository().size()).isEqualTo(ProfileRepository.shipped().size());
        assertThat(tmp.resolve("profiles")).doesNotExist();
    }

    @Test
    void damagedUserProfileIsMovedAsideAndTheGoodOnesStillLoad() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("profiles"));
        ProfileWriter.write(profile("nvidia-l4"), dir.resolve("good.yaml"));
        Files.writeString(dir.resolve("bad.yaml"), "modelServerInfo: [oops\n");
        Files.writeString(dir.resolve("invalid.json"), "{\"acceleratorType\": \"nvidia-l4\"}");

        UserProfiles loaded = UserProfiles.load(dir, List.of(), SettingsStoreTest.CLOCK);

        assertThat(loaded.repository().profiles()).extracting(Profile::acceleratorType).contains("nvidia-l4");
        assertThat(loaded.setAside()).extracting(a -> a.file().getFileName().toString())
                .containsExactlyInAnyOrder("bad.yaml", "invalid.json");
        assertThat(dir.resolve("bad.yaml.broken-20261126T181500Z")).hasContent("modelServerInfo: [oops");
        assertThat(dir.resolve("bad.yaml")).doesNotExist();
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.warnings()).hasSize(2).allMatch(w -> w.contains("moved it to") && w.contains(".broken-"));

        // the next start is clean: set-aside files are not read again
        UserProfiles again = UserProfiles.load(dir, List.of(), SettingsStoreTest.CLOCK);
        assertThat(again.setAside()).isEmpty();
        assertThat(again.problems()).isEmpty();
    }

    @Test
    void filesInFoldersTheUserNamedAreReportedButNeverMoved() throws IOException {
        Path extra = Files.createDirectories(tmp.resolve("team-profiles"));
        Files.writeString(extra.resolve("bad.yaml"), "{");
        UserProfiles loaded = UserProfiles.load(tmp.resolve("none"), List.of(extra), SettingsStoreTest.CLOCK);
        assertThat(loaded.setAside()).isEmpty();
        assertThat(loaded.problems()).singleElement().satisfies(p -> assertThat(p.source()).endsWith("bad.yaml"));
        assertThat(extra.resolve("bad.yaml")).exists();
    }

    @Test
    void aDuplicateOfAReadableProfileIsReportedNotMoved() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("profiles"));
        ProfileWriter.write(profile("nvidia-l4"), dir.resolve("a.yaml"));
        ProfileWriter.write(profile("nvidia-l4"), dir.resolve("b.yaml"));
        UserProfiles loaded = UserProfiles.load(dir, List.of(), SettingsStoreTest.CLOCK);
        assertThat(loaded.setAside()).isEmpty();
        assertThat(loaded.problems()).hasSize(1);
        assertThat(dir.resolve("a.yaml")).exists();
        assertThat(dir.resolve("b.yaml")).exists();
    }

    @Test
    void aDamagedSettingsFileIsToldAlongWithTheProfiles() throws IOException {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve("settings.yaml"), "theme: [");
        UserProfiles loaded = UserProfiles.load(UserData.open(UserFolders.under(home), SettingsStoreTest.CLOCK), List.of());
        assertThat(loaded.warnings()).singleElement().satisfies(w -> assertThat(w)
                .contains(home.resolve("settings.yaml").toString()).contains("settings.yaml.broken-20261126T181500Z"));
        assertThat(loaded.repository().size()).isEqualTo(ProfileRepository.shipped().size());
    }

    @Test
    void userDataSuppliesTheFolderAndTheSettingsExtraFolders() throws IOException {
        Path home = tmp.resolve("home");
        Path extra = Files.createDirectories(tmp.resolve("extra"));
        ProfileWriter.write(profile("nvidia-h100-80gb"), extra.resolve("h100.yaml"));
        UserData data = UserData.open(UserFolders.under(home), SettingsStoreTest.CLOCK);
        data.save(data.settings().withProfileDirs(List.of(extra.toString())));
        ProfileWriter.write(profile("nvidia-l4"), data.createProfilesDir().resolve("l4.yaml"));

        UserProfiles loaded = UserProfiles.load(data, List.of());
        assertThat(loaded.repository().profiles()).extracting(Profile::acceleratorType)
                .contains("nvidia-l4", "nvidia-h100-80gb");
        assertThat(loaded.warnings()).isEmpty();
    }
}
