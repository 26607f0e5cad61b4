package dev.kiq.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserDataTest {

    @TempDir
    Path home;

    @Test
    void firstRunStartsFromDefaultsAndWritesNothing() {
        UserData data = UserData.open(UserFolders.under(home), SettingsStoreTest.CLOCK);
        assertThat(data.settings()).isEqualTo(Settings.defaults());
        assertThat(data.setAside()).isEmpty();
        assertThat(home).isEmptyDirectory();
    }

    @Test
    void damagedSettingsAndAProfilesFileAreBothSetAsideAndListed() throws IOException {
        Files.writeString(home.resolve("settings.yaml"), "theme: {");
        Files.writeString(home.resolve("profiles"), "not a folder");
        UserData data = UserData.open(UserFolders.under(home), SettingsStoreTest.CLOCK);

        assertThat(data.settings()).isEqualTo(Settings.defaults());
        assertThat(data.setAside()).extracting(SetAsideFile::file)
                .containsExactly(home.resolve("settings.yaml"), home.resolve("profiles"));
        assertThat(home.resolve("profiles.broken-20261126T181500Z")).hasContent("not a folder");
        assertThat(data.createProfilesDir()).isDirectory();
    }

    @Test
    void saveKeepsTheNewSettingsForTheNextStart() {
        UserData data = UserData.open(UserFolders.under(home), SettingsStoreTest.CLOCK);
        data.save(data.settings().withTheme(Theme.DARK));
        assertThat(data.settings().theme()).isEqualTo(Theme.DARK);
        assertThat(UserData.open(UserFolders.under(home), SettingsStoreTest.CLOCK).settings().theme())
                .isEqualTo(Theme.DARK);
    }
}
