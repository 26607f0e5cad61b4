package dev.kiq.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which files the repository reads and what it says about the others: only {@code .yaml}, {@code .yml} and
 * {@code .json} files that are not hidden, a user folder that does not exist yet is normal while a named one
 * that does not exist is a problem, a profile of an accelerator the catalog lacks is reported and left out,
 * and a measured profile outranks a modeled one.
 */
class ProfileRepositoryRulesTest {

    private static Profile renamed(Profile p, String model) {
        return new Profile(new ModelServerInfo(model, p.modelServerInfo().modelServer(), p.modelServerInfo().modelServerVersion()),
                p.acceleratorType(), p.tpuTopology(), p.instanceType(), p.resourcesUsed(), p.performanceStats(), p.provenance(),
                p.serverConfig(), p.knee());
    }

    @Test
    void onlyVisibleProfileFilesAreRead(@TempDir Path dir) throws Exception {
        Profile a = renamed(ProfileFixtures.gpuProfile(), "test-org/A-1B");
        Profile b = renamed(ProfileFixtures.gpuProfile(), "test-org/B-1B");
        Profile hidden = renamed(ProfileFixtures.gpuProfile(), "test-org/Hidden-1B");
        ProfileWriter.write(a, dir.resolve("a.yml"));
        ProfileWriter.write(b, dir.resolve("sub/b.json"));
        ProfileWriter.write(hidden, dir.resolve(".hidden.yaml"));
        Files.writeString(dir.resolve("notes.txt"), "not a profile");
        ProfileRepository repo = ProfileRepository.load(List.of(dir));
        assertThat(repo.problems()).isEmpty();
        // read back as written (4 decimals)
        assertThat(ProfileWriter.toYaml(repo.find(a.key()).orElseThrow())).isEqualTo(ProfileWriter.toYaml(a));
        assertThat(ProfileWriter.toYaml(repo.find(b.key()).orElseThrow())).isEqualTo(ProfileWriter.toYaml(b));
        assertThat(repo.find(hidden.key())).isEmpty();
        assertThat(repo.entry(a.key()).orElseThrow().source()).isEqualTo(dir.resolve("a.yml").toString());
        assertThat(repo.entry(a.key()).orElseThrow().shipped()).isFalse();
        assertThat(repo.forModel("test-org/A-1B", "vllm", "v0.7.2")).extracting(Profile::key).containsExactly(a.key());
        assertThat(repo.forModel("test-org/A-1B", "vllm", "v0.11.0")).isEmpty();
        assertThat(repo.forModel("test-org/A-1B", "tgi", "v0.7.2")).isEmpty();
        assertThat(repo.filter(p -> p.modelServerInfo().model().startsWith("test-org/"))).extracting(Profile::key)
                .containsExactly(a.key(), b.key());
        assertThat(repo.size()).isEqualTo(ProfileRepository.shipped().size() + 2);
    }

    @Test
    void aUserFolderThatDoesNotExistYetIsNormalButANamedOneIsAProblem(@TempDir Path dir) {
        Path missing = dir.resolve("nope");
        ProfileRepository quiet = ProfileRepository.load(Optional.of(missing), List.of());
        assertThat(quiet.problems()).isEmpty();
        ProfileRepository named = ProfileRepository.load(Optional.empty(), List.of(missing));
        assertThat(named.problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo(missing.toString());
            assertThat(p.message()).isEqualTo("Profile directory " + missing + " does not exist or is not a directory.");
        });
    }

    @Test
    void aProfileOfAnAcceleratorTheCatalogLacksIsReportedAtItsLineAndLeftOut(@TempDir Path dir) throws IOException {
        Profile p = ProfileFixtures.gpuProfile();
        Profile unknown = new Profile(new ModelServerInfo("test-org/U-1B", "vllm", "v0.7.2"), "nvidia-quantum-9000",
                Optional.empty(), p.instanceType(), p.resourcesUsed(), p.performanceStats(), p.provenance(), p.serverConfig(),
                p.knee());
        Path file = dir.resolve("u.yaml");
        ProfileWriter.write(unknown, file);
        // the user fixes the file at the field's line: count it here, not with the reader's own line finder
        List<String> lines = Files.readAllLines(file);
        int line = 1 + lines.indexOf("acceleratorType: nvidia-quantum-9000");
        assertThat(line).isGreaterThan(1);
        ProfileRepository repo = ProfileRepository.load(List.of(dir));
        assertThat(repo.find(unknown.key())).isEmpty();
        assertThat(repo.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(line);
            assertThat(problem.message()).startsWith(file + ", line " + line + ", field acceleratorType: nvidia-quantum-9000"
                    + " is not in kiq's catalog; valid: ").contains("nvidia-tesla-a100").endsWith("It was not loaded.");
        });
    }

    @Test
    void aMeasuredProfileOutranksAModeledOneOnlyThatWay() {
        Profile modeled = ProfileFixtures.gpuProfile();
        Profile measured = new Profile(modeled.modelServerInfo(), modeled.acceleratorType(), modeled.tpuTopology(),
                modeled.instanceType(), modeled.resourcesUsed(), modeled.performanceStats(),
                new Provenance(Provenance.Kind.measured, "kiq-bench", "1", "2026-11-26", "sharegpt"), modeled.serverConfig(),
                modeled.knee());
        assertThat(ProfileRepository.outranks(measured, modeled)).isTrue();
        assertThat(ProfileRepository.outranks(modeled, measured)).isFalse();
        assertThat(ProfileRepository.outranks(measured, measured)).isFalse();
        assertThat(ProfileRepository.outranks(modeled, modeled)).isFalse();
    }

    @Test
    void dataFoldersAreNotProfiles() {
        assertThat(ProfileRepository.isDataEntry("profiles/catalog/models.yaml")).isTrue();
        assertThat(ProfileRepository.isDataEntry("profiles/published/x.yaml")).isTrue();
        assertThat(ProfileRepository.isDataEntry("profiles/calibration/accuracy.yaml")).isTrue();
        assertThat(ProfileRepository.isDataEntry("profiles/modeled/vllm/x.yaml")).isFalse();
        assertThat(ProfileRepository.isDataEntry("profiles/catalogue/x.yaml")).isFalse();
        assertThat(ProfileRepository.isDataEntry("other/catalog/x.yaml")).isFalse();
        // no shipped profile comes from a data folder
        assertThat(ProfileRepository.shipped().entries()).allSatisfy(e ->
                assertThat(ProfileRepository.isDataEntry(e.source().substring("shipped:".length()))).isFalse());
    }
}
