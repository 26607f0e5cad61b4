package dev.kiq.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiq.catalog.TreeReader;
import dev.kiq.perf.EfficiencyFactors;
import dev.kiq.perf.FactorTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build's index of the shipped profiles says what the {@code profiles/} folder says, file by file. */
class ProfileIndexTest {

    @TempDir
    Path temp;

    private static Map<String, Profile> bySource(List<StoredProfile> entries) {
        return entries.stream().collect(Collectors.toMap(StoredProfile::source, StoredProfile::profile));
    }

    @Test
    void theBundledIndexHasEveryProfileOfTheProfilesFolderAndNothingElse() {
        // the source folder read file by file through the YAML reader, independently of the index
        ProfileRepository files = ProfileRepository.load(Path.of("profiles"), List.of());
        assertThat(files.problems()).isEmpty();
        assertThat(files.size()).isGreaterThan(50);

        List<ProfileIndex.Entry> index = ProfileIndex.bundled()
                .orElseThrow(() -> new AssertionError(ProfileIndex.RESOURCE + " is not on the class path: the build writes it"));

        Map<String, Profile> fromIndex = index.stream().collect(Collectors.toMap(ProfileIndex.Entry::source, ProfileIndex.Entry::profile));
        assertThat(fromIndex).hasSize(index.size());   // one entry per file
        assertThat(fromIndex).isEqualTo(bySource(files.entries()));
    }

    @Test
    void theShippedRepositoryFromTheIndexEqualsTheOneFromTheFiles() {
        ProfileRepository shipped = ProfileRepository.shipped();
        ProfileRepository files = ProfileRepository.load(Path.of("profiles"), List.of());

        assertThat(shipped.problems()).isEmpty();
        assertThat(shipped.entries()).containsExactlyElementsOf(files.entries());
        assertThat(shipped.entries()).allSatisfy(e -> assertThat(e.shipped()).isTrue());
    }

    @Test
    void theJsonCopiesOfTheCatalogAndCalibrationSayWhatTheirYamlFilesSay() throws Exception {
        List<String> names = new java.util.ArrayList<>();
        for (String folder : List.of("catalog", "calibration")) {
            List<Path> yamls;
            try (var files = Files.list(Path.of("profiles", folder))) {
                yamls = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            }
            for (Path yaml : yamls) {
                names.add(yaml.getFileName().toString());
                String resource = "/profiles/" + folder + "/" + TreeReader.jsonCopy(yaml.getFileName().toString());
                try (var json = ProfileIndexTest.class.getResourceAsStream(resource)) {
                    assertThat(json).as(resource + " is on the class path: the build writes it").isNotNull();
                    assertThat(TreeReader.read(TreeReader.JSON, json.readAllBytes())).as(resource)
                            .isEqualTo(TreeReader.read(TreeReader.yaml(), Files.readAllBytes(yaml)));
                }
            }
        }
        assertThat(names).contains("models.yaml", "accelerators.yaml", "model-servers.yaml", "use-cases.yaml",
                "factors.yaml", "accuracy.yaml");
    }

    @Test
    void theShippedAccuracyAndFactorsReadFromTheJsonCopiesEqualTheYamlFiles() {
        assertThat(ModelAccuracy.bundled().families())
                .isEqualTo(ModelAccuracy.read(Path.of(ModelAccuracy.RESOURCE)).families()).isNotEmpty();
        // the YAML file read as a user's calibration replaces every family it has, so both must agree family by family
        FactorTable fromYaml = FactorTable.load(Optional.of(Path.of(FactorTable.SHIPPED_RESOURCE)));
        for (EfficiencyFactors.Family family : EfficiencyFactors.Family.values()) {
            assertThat(FactorTable.shipped().factors(family)).as(family.key()).isEqualTo(fromYaml.factors(family));
        }
    }

    @Test
    void anIndexIsBuiltFromTheFilesOfAFolderAndLeavesItsDataFoldersOut() throws Exception {
        Path root = Files.createDirectories(temp.resolve("profiles"));
        Files.createDirectories(root.resolve("catalog"));
        Files.writeString(root.resolve("catalog/models.yaml"), "models: []\n");
        Files.createDirectories(root.resolve("published"));
        Files.writeString(root.resolve("published/corpus.yaml"), "points: []\n");
        Profile gpu = ProfileFixtures.gpuProfile();
        Profile tpu = ProfileFixtures.tpuProfile();
        ProfileWriter.write(gpu, root.resolve("modeled/b/gpu.yaml"));
        ProfileWriter.write(tpu, root.resolve("modeled/a/tpu.json"));

        List<ProfileIndex.Entry> index = ProfileIndex.read(ProfileIndex.build(root)).orElseThrow();

        assertThat(index).containsExactly(
                new ProfileIndex.Entry("shipped:profiles/modeled/a/tpu.json", ProfileReader.read(root.resolve("modeled/a/tpu.json"))),
                new ProfileIndex.Entry("shipped:profiles/modeled/b/gpu.yaml", ProfileReader.read(root.resolve("modeled/b/gpu.yaml"))));
        assertThat(index.get(1).profile().key()).isEqualTo(gpu.key());
    }

    @Test
    void aShippedProfileThatDoesNotReadStopsTheIndex() throws Exception {
        Path root = Files.createDirectories(temp.resolve("profiles"));
        Files.createDirectories(root.resolve("modeled"));
        Files.writeString(root.resolve("modeled/bad.yaml"), "modelServerInfo: {model: x}\n");

        assertThatThrownBy(() -> ProfileIndex.build(root)).isInstanceOf(ProfileFormatException.class)
                .hasMessageContaining("modeled/bad.yaml");
    }

    @Test
    void anIndexOfAnotherLayoutIsNotUsed() {
        assertThat(ProfileIndex.read("{\"layout\": 0, \"profiles\": []}".getBytes())).isEmpty();
    }
}
