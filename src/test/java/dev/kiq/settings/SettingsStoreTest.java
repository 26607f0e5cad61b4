package dev.kiq.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiq.KiqException;
import dev.kiq.catalog.PricingModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsStoreTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T18:15:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    SettingsStore store() {
        return new SettingsStore(dir.resolve("settings.yaml"), CLOCK);
    }

    @Test
    void missingFileGivesDefaultsWithoutComplaint() {
        SettingsStore.Loaded loaded = store().load();
        assertThat(loaded.settings()).isEqualTo(Settings.defaults());
        assertThat(loaded.settings().theme()).isEqualTo(Theme.LIGHT);
        assertThat(loaded.settings().pricingModel()).isEqualTo(PricingModel.ON_DEMAND);
        assertThat(loaded.settings().outputInputCostRatio()).isEqualTo(4.0);
        assertThat(loaded.setAside()).isEmpty();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void savedSettingsReadBackEqual() {
        Settings s = Settings.defaults().withTheme(Theme.DARK).withPricingModel(PricingModel.CUD_3Y)
                .withLastChoice("google/gemma-2-2b-it", "vllm", "v0.7.2", "nvidia-l4")
                .withLastDeployTarget("gke_demo", "llm")
                .withProfileDirs(List.of("/srv/profiles"));
        store().save(s);
        SettingsStore.Loaded loaded = store().load();
        assertThat(loaded.setAside()).isEmpty();
        assertThat(loaded.settings()).isEqualTo(s);
    }

    @Test
    void fileUsesGcloudPricingIdsAndOmitsUnsetChoices() throws IOException {
        store().save(Settings.defaults().withPricingModel(PricingModel.CUD_1Y));
        String yaml = Files.readString(dir.resolve("settings.yaml"));
        assertThat(yaml).contains("pricingModel: \"1-year-cud\"").contains("theme: \"light\"")
                .doesNotContain("lastModel").doesNotContain("null");
    }

    @Test
    void handWrittenPartialFileKeepsDefaultsForTheRestAndIgnoresUnknownFields() throws IOException {
        Files.writeString(dir.resolve("settings.yaml"), "theme: dark\nlastModel: meta-llama/Meta-Llama-3-8B\nfutureField: 3\n");
        SettingsStore.Loaded loaded = store().load();
        assertThat(loaded.setAside()).isEmpty();
        assertThat(loaded.settings().theme()).isEqualTo(Theme.DARK);
        assertThat(loaded.settings().lastModel()).contains("meta-llama/Meta-Llama-3-8B");
        assertThat(loaded.settings().pricingModel()).isEqualTo(PricingModel.ON_DEMAND);
        assertThat(loaded.settings().lastAccelerator()).isEmpty();
    }

    @Test
    void damagedYamlIsMovedAsideNamedAndDefaultsUsed() throws IOException {
        Path file = dir.resolve("settings.yaml");
        Files.writeString(file, "theme: dark\npricingModel: [unclosed\n");
        SettingsStore.Loaded loaded = store().load();

        assertThat(loaded.settings()).isEqualTo(Settings.defaults());
        SetAsideFile aside = loaded.setAside().orElseThrow();
        Path moved = dir.resolve("settings.yaml.broken-20261126T181500Z");
        assertThat(aside.file()).isEqualTo(file);
        assertThat(aside.movedTo()).contains(moved);
        assertThat(file).doesNotExist();
        assertThat(moved).hasContent("theme: dark\npricingModel: [unclosed");
        assertThat(aside.message()).contains(file.toString()).contains("settings.yaml.broken-20261126T181500Z")
                .contains("defaults");
    }

    @Test
    void unknownPricingModelIsReportedWithItsLine() throws IOException {
        Files.writeString(dir.resolve("settings.yaml"), "theme: dark\npricingModel: free\n");
        SettingsStore.Loaded loaded = store().load();
        assertThat(loaded.settings().theme()).isEqualTo(Theme.LIGHT);
        assertThat(loaded.setAside().orElseThrow().reason()).isEqualTo(
                "line 2, field pricingModel: \"free\" is not valid; valid: on-demand, spot, 1-year-cud, 3-years-cud");
    }

    @Test
    void aValueOfTheWrongKindIsNamedByItsFieldAndWhatIsValidNotByAJavaType() throws IOException {
        Files.writeString(dir.resolve("settings.yaml"), "theme: blue\n");
        assertThat(store().load().setAside().orElseThrow().reason())
                .isEqualTo("line 1, field theme: \"blue\" is not valid; valid: light, dark");
        Files.writeString(dir.resolve("settings.yaml"), "theme: dark\noutputInputCostRatio: [1]\n");
        assertThat(store().load().setAside().orElseThrow().reason())
                .isEqualTo("line 2, field outputInputCostRatio: this is not valid; valid: a number");
    }

    @Test
    void emptyListAndBinaryFilesAreAllSetAside() throws IOException {
        Path file = dir.resolve("settings.yaml");
        for (byte[] content : List.of(new byte[0], "- a\n- b\n".getBytes(), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1})) {
            Files.write(file, content);
            SettingsStore.Loaded loaded = store().load();
            assertThat(loaded.settings()).isEqualTo(Settings.defaults());
            assertThat(loaded.setAside()).isPresent();
            assertThat(file).doesNotExist();
        }
        // the same second: each set-aside copy keeps its own name
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "settings.yaml.broken-20261126T181500Z",
                    "settings.yaml.broken-20261126T181500Z-1",
                    "settings.yaml.broken-20261126T181500Z-2");
        }
    }

    @Test
    void folderWhereTheFileShouldBeIsSetAside() throws IOException {
        Files.createDirectory(dir.resolve("settings.yaml"));
        SettingsStore.Loaded loaded = store().load();
        assertThat(loaded.setAside().orElseThrow().reason()).isEqualTo("it is a folder, not a file");
        assertThat(dir.resolve("settings.yaml")).doesNotExist();
        store().save(Settings.defaults().withTheme(Theme.DARK));
        assertThat(store().load().settings().theme()).isEqualTo(Theme.DARK);
    }

    @Test
    void saveReplacesTheFileAndLeavesNoTemporaryFile() throws IOException {
        store().save(Settings.defaults());
        store().save(Settings.defaults().withTheme(Theme.DARK));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("settings.yaml");
        }
        assertThat(store().load().settings().theme()).isEqualTo(Theme.DARK);
    }

    @Test
    void saveCreatesMissingFolders() {
        SettingsStore nested = new SettingsStore(dir.resolve("a/b/settings.yaml"), CLOCK);
        nested.save(Settings.defaults().withLastChoice("m", null, null, null));
        assertThat(nested.load().settings().lastModel()).isEqualTo(Optional.of("m"));
    }

    @Test
    void saveIntoAFileInsteadOfAFolderIsAUserError() throws IOException {
        Files.writeString(dir.resolve("blocker"), "x");
        SettingsStore blocked = new SettingsStore(dir.resolve("blocker/settings.yaml"), CLOCK);
        assertThatThrownBy(() -> blocked.save(Settings.defaults()))
                .isInstanceOf(KiqException.class).hasMessageContaining("blocker is not a folder")
                .extracting(e -> ((KiqException) e).exitCode()).isEqualTo(KiqException.BAD_INPUT);
    }

    @Test
    void nonPositiveCostRatioFallsBackToTheDefault() throws IOException {
        Files.writeString(dir.resolve("settings.yaml"), "outputInputCostRatio: -2\n");
        assertThat(store().load().settings().outputInputCostRatio()).isEqualTo(Settings.DEFAULT_COST_RATIO);
        // zero, not-a-number and infinity are no ratio either; any positive finite one is kept
        for (String bad : new String[] {"0", ".nan", ".inf"}) {
            Files.writeString(dir.resolve("settings.yaml"), "outputInputCostRatio: " + bad + "\n");
            assertThat(store().load().settings().outputInputCostRatio()).as(bad).isEqualTo(Settings.DEFAULT_COST_RATIO);
        }
        Files.writeString(dir.resolve("settings.yaml"), "outputInputCostRatio: 0.5\n");
        assertThat(store().load().settings().outputInputCostRatio()).isEqualTo(0.5);
    }

    @Test
    void blankRememberedChoicesAreNone() throws IOException {
        Files.writeString(dir.resolve("settings.yaml"), "lastModel: \"  \"\nlastAccelerator: nvidia-l4\n");
        Settings loaded = store().load().settings();
        assertThat(loaded.lastModel()).isEmpty();
        assertThat(loaded.lastAccelerator()).contains("nvidia-l4");
    }
}
