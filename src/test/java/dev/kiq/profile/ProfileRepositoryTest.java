package dev.kiq.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileRepositoryTest {

    @TempDir
    Path temp;

    private Path dir(String name) throws Exception {
        return Files.createDirectories(temp.resolve(name));
    }

    /** A shipped profiles folder whose model catalog is empty. */
    private Path shippedWithEmptyCatalog() throws Exception {
        Path shipped = dir("shipped");
        Files.createDirectories(shipped.resolve("catalog"));
        Files.writeString(shipped.resolve("catalog/models.yaml"), "models: []\n");
        return shipped;
    }

    private static Profile withOutput(Profile base, String tool) {
        return new Profile(base.modelServerInfo(), base.acceleratorType(), base.tpuTopology(), base.instanceType(),
                base.resourcesUsed(), base.performanceStats(),
                new Provenance(Provenance.Kind.measured, tool, "1", "2026-11-26", "mine"), base.serverConfig(), base.knee());
    }

    @Test
    void userProfilesWinOverShippedOnesWithTheSameKey() throws Exception {
        Path shipped = shippedWithEmptyCatalog();
        ProfileWriter.write(ProfileFixtures.gpuProfile(), shipped.resolve("deepseek/a100.yaml"));
        ProfileWriter.write(ProfileFixtures.tpuProfile(), shipped.resolve("gemma/v6e.yaml"));
        Path user = dir("user");
        ProfileWriter.write(withOutput(ProfileFixtures.gpuProfile(), "my-bench"), user.resolve("mine.json"));

        ProfileRepository repository = ProfileRepository.load(shipped, List.of(user));

        assertThat(repository.problems()).isEmpty();
        assertThat(repository.size()).isEqualTo(2);
        StoredProfile deepseek = repository.entry(ProfileFixtures.gpuProfile().key()).orElseThrow();
        assertThat(deepseek.shipped()).isFalse();
        assertThat(deepseek.source()).endsWith("mine.json");
        assertThat(deepseek.profile().provenance().tool()).isEqualTo("my-bench");
        StoredProfile gemma = repository.entry(ProfileFixtures.tpuProfile().key()).orElseThrow();
        assertThat(gemma.shipped()).isTrue();
        assertThat(gemma.source()).isEqualTo("shipped:profiles/gemma/v6e.yaml");
    }

    @Test
    void aProfileMeasuredForAnotherWorkloadSitsBesideTheChatProfileInsteadOfReplacingIt() throws Exception {
        Path shipped = shippedWithEmptyCatalog();
        Profile chat = ProfileFixtures.gpuProfile();
        ProfileWriter.write(chat, shipped.resolve("deepseek/a100.yaml"));
        Path user = dir("user");
        Profile measured = withOutput(chat, "kiq-bench");
        WorkloadShape summarization = new WorkloadShape("summarization", 2588, 291);
        Profile summary = new Profile(measured.modelServerInfo(), measured.acceleratorType(), measured.tpuTopology(),
                measured.instanceType(), measured.resourcesUsed(), measured.performanceStats(),
                measured.provenance().withShape(Optional.of(summarization)), measured.serverConfig(), measured.knee());
        ProfileWriter.write(summary, user.resolve("summarization.yaml"));

        ProfileRepository repository = ProfileRepository.load(shipped, List.of(user));

        assertThat(repository.problems()).isEmpty();
        assertThat(repository.size()).isEqualTo(2);
        // the measured one does not outrank the modeled chat one: they answer for different workloads
        assertThat(repository.entry(new ProfileRepository.Identity(chat.key(), WorkloadShape.CHATBOT)).orElseThrow()
                .shipped()).isTrue();
        assertThat(repository.entry(new ProfileRepository.Identity(chat.key(), summarization)).orElseThrow()
                .profile().provenance().kind()).isEqualTo(Provenance.Kind.measured);
        assertThat(repository.find(chat.key()).orElseThrow().provenance().workloadShape()).isEqualTo(WorkloadShape.CHATBOT);

        // a chat measurement of the same configuration still replaces the modeled chat profile
        ProfileWriter.write(measured, user.resolve("chat.yaml"));
        ProfileRepository again = ProfileRepository.load(shipped, List.of(user));
        assertThat(again.size()).isEqualTo(2);
        assertThat(again.find(chat.key()).orElseThrow().provenance().kind()).isEqualTo(Provenance.Kind.measured);
    }

    /*
     * kiq calibrate --from re-models profiles into a hidden staging folder and moves it into place at the end; an
     * interrupted run (Ctrl-C) leaves it behind, half-written, and its profiles must not be read as the user's.
     */
    @Test
    void profilesUnderAHiddenFolderAreNotTheUsers() throws Exception {
        Path shipped = shippedWithEmptyCatalog();
        ProfileWriter.write(ProfileFixtures.gpuProfile(), shipped.resolve("deepseek/a100.yaml"));
        Path user = dir("user");
        ProfileWriter.write(withOutput(ProfileFixtures.gpuProfile(), "half-written"),
                user.resolve(".calibrated-123/vllm-v0.7.2/deepseek/a100.yaml"));
        ProfileWriter.write(withOutput(ProfileFixtures.tpuProfile(), "mine"), user.resolve("calibrated/v6e.yaml"));

        ProfileRepository repository = ProfileRepository.load(shipped, List.of(user));

        assertThat(repository.problems()).isEmpty();
        assertThat(repository.size()).isEqualTo(2);
        assertThat(repository.entry(ProfileFixtures.gpuProfile().key()).orElseThrow().shipped()).isTrue();
        assertThat(repository.entry(ProfileFixtures.tpuProfile().key()).orElseThrow().profile().provenance().tool()).isEqualTo("mine");
    }

    @Test
    void badFilesAreReportedAndTheOthersStillLoad() throws Exception {
        Path user = dir("user");
        ProfileWriter.write(ProfileFixtures.gpuProfile(), user.resolve("good.yaml"));
        String bad = ProfileWriter.toYaml(ProfileFixtures.tpuProfile()).replace("kvCacheUsage: 0.4", "kvCacheUsage: 40");
        Files.writeString(user.resolve("bad.yaml"), bad);
        Files.writeString(user.resolve("broken.json"), "{\"modelServerInfo\": {\n  \"model\": \"x\",,\n}");
        Files.writeString(user.resolve("notes.txt"), "not a profile");

        ProfileRepository repository = ProfileRepository.load(dir("shipped"), List.of(user, temp.resolve("missing-dir")));

        assertThat(repository.profiles()).extracting(Profile::acceleratorType).containsExactly("nvidia-tesla-a100");
        assertThat(repository.problems()).hasSize(3);
        ProfileProblem kv = repository.problems().stream().filter(p -> p.source().endsWith("bad.yaml")).findFirst().orElseThrow();
        int kvLine = List.of(bad.split("\n")).indexOf("  kvCacheUsage: 40") + 1;
        assertThat(kv.line()).isEqualTo(kvLine);
        assertThat(kv.message()).contains("bad.yaml, line " + kvLine + ", field performanceStats[1].kvCacheUsage")
                .contains("valid: a number from 0 to 1");
        ProfileProblem json = repository.problems().stream().filter(p -> p.source().endsWith("broken.json")).findFirst().orElseThrow();
        assertThat(json.line()).isEqualTo(2);
        assertThat(json.message()).contains("not valid JSON");
        assertThat(repository.problems()).anyMatch(p -> p.message().contains("missing-dir") && p.message().contains("does not exist"));
    }

    @Test
    void laterDirectoryWinsAndClashesWithinOneDirectoryAreReported() throws Exception {
        Path first = dir("first");
        Path second = dir("second");
        ProfileWriter.write(withOutput(ProfileFixtures.gpuProfile(), "first"), first.resolve("a.yaml"));
        ProfileWriter.write(withOutput(ProfileFixtures.gpuProfile(), "second-a"), second.resolve("a.yaml"));
        ProfileWriter.write(withOutput(ProfileFixtures.gpuProfile(), "second-b"), second.resolve("b.yaml"));
        Path shipped = dir("shipped");

        ProfileRepository repository = ProfileRepository.load(shipped, List.of(first, second));

        assertThat(repository.profiles()).singleElement().extracting(p -> p.provenance().tool()).isEqualTo("second-b");
        assertThat(repository.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("b.yaml describes the same profile as").contains("a.yaml"));
    }

    @Test
    void profilesAreListedInKeyOrderAndFoundByModel() throws Exception {
        Path user = dir("user");
        ProfileWriter.write(ProfileFixtures.tpuProfile(), user.resolve("z.yaml"));
        ProfileWriter.write(ProfileFixtures.gpuProfile(), user.resolve("y.yaml"));
        ProfileRepository repository = ProfileRepository.load(dir("shipped"), List.of(user));
        assertThat(repository.profiles()).extracting(p -> p.modelServerInfo().model())
                .containsExactly("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "google/gemma-2-27b-it");
        assertThat(repository.forModel("google/gemma-2-27b-it", "vllm", "v0.19.1")).hasSize(1);
        assertThat(repository.find(new ProfileKey("google/gemma-2-27b-it", "vllm", "v0.19.1", "tpu-v6e-slice", 8, Optional.of("2x4"))))
                .isPresent();
        assertThat(repository.find(new ProfileKey("google/gemma-2-27b-it", "vllm", "v0.19.1", "tpu-v6e-slice", 8, Optional.empty())))
                .isEmpty();
    }

    @Test
    void shippedProfilesLoadFromTheClasspathWithoutProblemsAndMatchTheCatalog() {
        ProfileRepository repository = ProfileRepository.shipped();
        assertThat(repository.problems()).isEmpty();
        assertThat(repository.size()).isPositive();
        assertThat(repository.entries()).allMatch(StoredProfile::shipped);
        dev.kiq.catalog.Catalog catalog = dev.kiq.catalog.Catalog.bundled();
        for (Profile profile : repository.profiles()) {
            var accelerator = catalog.accelerator(profile.acceleratorType());
            var machine = accelerator.machineFor(profile.acceleratorCount()).orElseThrow();
            assertThat(profile.instanceType()).as(profile.key().toString()).isEqualTo(machine.name());
            assertThat(profile.tpuTopology()).as(profile.key().toString()).isEqualTo(machine.tpuTopology());
            catalog.model(profile.modelServerInfo().model());
            catalog.modelServerVersion(profile.modelServerInfo().modelServer(), profile.modelServerInfo().modelServerVersion());
        }
    }

    @Test
    void shippedProfileFilesAreInTheWritersCanonicalForm() throws Exception {
        for (StoredProfile stored : ProfileRepository.shipped().entries()) {
            String resource = "/" + stored.source().substring("shipped:".length());
            try (var in = ProfileRepositoryTest.class.getResourceAsStream(resource)) {
                String file = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                ProfileFormat format = ProfileFormat.of(resource).orElseThrow();
                assertThat(ProfileWriter.write(stored.profile(), format)).as(resource).isEqualTo(file);
            }
        }
    }

    @Test
    void shippedProfilesAreReadFromInsideAJar() throws Exception {
        Path jar = temp.resolve("kiq.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            put(out, "dev/kiq/Some.class", "not a profile");
            put(out, "profiles/catalog/models.yaml", "models: []\n");
            put(out, "profiles/deepseek/nvidia-tesla-a100.yaml", ProfileWriter.toYaml(ProfileFixtures.gpuProfile()));
            put(out, "profiles/gemma.json", ProfileWriter.toJson(ProfileFixtures.tpuProfile()));
            put(out, "profiles/broken.yaml", "modelServerInfo: [\n");
        }
        Path user = dir("user");
        ProfileWriter.write(withOutput(ProfileFixtures.tpuProfile(), "mine"), user.resolve("gemma.yaml"));

        ProfileRepository repository = ProfileRepository.loadFromJar(jar, List.of(user));

        assertThat(repository.entries()).extracting(StoredProfile::source)
                .containsExactly("shipped:profiles/deepseek/nvidia-tesla-a100.yaml", user.resolve("gemma.yaml").toString());
        assertThat(repository.problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo("shipped:profiles/broken.yaml");
            assertThat(p.message()).startsWith("shipped:profiles/broken.yaml, line ").contains("not valid YAML");
        });
    }

    private static void put(java.util.jar.JarOutputStream out, String name, String content) throws Exception {
        out.putNextEntry(new java.util.jar.JarEntry(name));
        out.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
