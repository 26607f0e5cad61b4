package dev.kiq.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserFoldersTest {

    static UserFolders resolve(String os, Map<String, String> props, Map<String, String> env) {
        return UserFolders.resolve(k -> switch (k) {
            case "os.name" -> os;
            case "user.home" -> "/home/ana";
            default -> props.get(k);
        }, env);
    }

    @Test
    void linuxFollowsXdgBaseDirectories() {
        UserFolders f = resolve("Linux", Map.of(), Map.of("XDG_CONFIG_HOME", "/cfg", "XDG_DATA_HOME", "/data"));
        assertThat(f.settingsFile()).isEqualTo(Path.of("/cfg/kiq/settings.yaml"));
        assertThat(f.profilesDir()).isEqualTo(Path.of("/data/kiq/profiles"));
    }

    @Test
    void linuxWithoutXdgVariablesUsesTheSpecDefaults() {
        UserFolders f = resolve("Linux", Map.of(), Map.of());
        assertThat(f.settingsFile()).isEqualTo(Path.of("/home/ana/.config/kiq/settings.yaml"));
        assertThat(f.profilesDir()).isEqualTo(Path.of("/home/ana/.local/share/kiq/profiles"));
    }

    @Test
    void linuxDefaultsFollowTheHomeVariableLikeOtherXdgPrograms() {
        UserFolders f = resolve("Linux", Map.of(), Map.of("HOME", "/tmp/fresh"));
        assertThat(f.settingsFile()).isEqualTo(Path.of("/tmp/fresh/.config/kiq/settings.yaml"));
        assertThat(f.profilesDir()).isEqualTo(Path.of("/tmp/fresh/.local/share/kiq/profiles"));
        assertThat(resolve("Linux", Map.of(), Map.of("HOME", "relative")).configDir())
                .isEqualTo(Path.of("/home/ana/.config/kiq"));
    }

    @Test
    void relativeXdgValuesAreIgnoredAsTheSpecSays() {
        UserFolders f = resolve("Linux", Map.of(), Map.of("XDG_CONFIG_HOME", "cfg", "XDG_DATA_HOME", ""));
        assertThat(f.configDir()).isEqualTo(Path.of("/home/ana/.config/kiq"));
        assertThat(f.dataDir()).isEqualTo(Path.of("/home/ana/.local/share/kiq"));
    }

    @Test
    void macOsUsesApplicationSupport() {
        UserFolders f = resolve("Mac OS X", Map.of(), Map.of("XDG_CONFIG_HOME", "/cfg"));
        assertThat(f.settingsFile()).isEqualTo(Path.of("/home/ana/Library/Application Support/kiq/settings.yaml"));
        assertThat(f.profilesDir()).isEqualTo(Path.of("/home/ana/Library/Application Support/kiq/profiles"));
    }

    @Test
    void windowsUsesAppData() {
        UserFolders f = resolve("Windows 11", Map.of(), Map.of("APPDATA", "/users/ana/AppData/Roaming"));
        assertThat(f.configDir()).isEqualTo(Path.of("/users/ana/AppData/Roaming/kiq"));
        assertThat(f.profilesDir()).isEqualTo(Path.of("/users/ana/AppData/Roaming/kiq/profiles"));
        assertThat(resolve("Windows 10", Map.of(), Map.of()).configDir())
                .isEqualTo(Path.of("/home/ana/AppData/Roaming/kiq"));
    }

    @Test
    void systemPropertyWinsOverEnvironmentWhichWinsOverTheOsRule() {
        assertThat(resolve("Linux", Map.of("kiq.home", "/tmp/p"), Map.of("KIQ_HOME", "/tmp/e")).configDir())
                .isEqualTo(Path.of("/tmp/p"));
        UserFolders env = resolve("Linux", Map.of(), Map.of("KIQ_HOME", "/tmp/e"));
        assertThat(env.settingsFile()).isEqualTo(Path.of("/tmp/e/settings.yaml"));
        assertThat(env.profilesDir()).isEqualTo(Path.of("/tmp/e/profiles"));
    }
}
