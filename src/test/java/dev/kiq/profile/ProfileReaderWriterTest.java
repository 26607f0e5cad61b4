package dev.kiq.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfileReaderWriterTest {

    @Test
    void yamlUsesGkeRecommenderFieldNamesInAFixedOrder() {
        String yaml = ProfileWriter.toYaml(ProfileFixtures.gpuProfile());
        assertThat(yaml).startsWith("""
                modelServerInfo:
                  model: deepseek-ai/DeepSeek-R1-Distill-Qwen-7B
                  modelServer: vllm
                  modelServerVersion: v0.7.2
                acceleratorType: nvidia-tesla-a100
                instanceType: a2-highgpu-1g
                resourcesUsed:
                  acceleratorCount: 1
                provenance:
                  kind: modeled
                """);
        assertThat(yaml).contains("""
                performanceStats:
                - queriesPerSecond: 1
                  outputTokensPerSecond: 195.3
                  inputTokensPerSecond: 226.3477
                  ntpotMilliseconds: 21.25
                  ttftMilliseconds: 53.125
                  itlMilliseconds: 17
                  queueSize: 0
                  batchSize: 5.1
                  kvCacheUsage: 0.0312
                """);
        assertThat(yaml).doesNotContain("tpuTopology").doesNotContain("\r").endsWith("\n");
    }

    @Test
    void numbersAreRoundedToFourDecimalsWithoutExponent() {
        assertThat(ProfileWriter.number(2301.7777777).asString()).isEqualTo("2301.7778");
        assertThat(ProfileWriter.number(1555.0).asString()).isEqualTo("1555");
        assertThat(ProfileWriter.number(1e7).asString()).isEqualTo("10000000");
        assertThat(ProfileWriter.number(0.00001).asString()).isEqualTo("0");
        assertThat(ProfileWriter.number(0.1 + 0.2).asString()).isEqualTo("0.3");
        assertThat(ProfileWriter.number(-0.0).asString()).isEqualTo("0");
    }

    @Test
    void yamlRoundTripGivesTheSameProfileAndTheSameBytes() {
        for (Profile profile : List.of(ProfileFixtures.gpuProfile(), ProfileFixtures.tpuProfile())) {
            String first = ProfileWriter.toYaml(profile);
            Profile read = ProfileReader.read(first, "first.yaml", ProfileFormat.YAML);
            String second = ProfileWriter.toYaml(read);
            assertThat(second).isEqualTo(first);
            assertThat(read.modelServerInfo()).isEqualTo(profile.modelServerInfo());
            assertThat(read.tpuTopology()).isEqualTo(profile.tpuTopology());
            assertThat(read.provenance()).isEqualTo(profile.provenance());
            assertThat(read.serverConfig()).isEqualTo(profile.serverConfig());
            assertThat(read.performanceStats()).hasSameSizeAs(profile.performanceStats());
            assertThat(read.knee().isPresent()).isEqualTo(profile.knee().isPresent());
        }
    }

    @Test
    void jsonRoundTripGivesTheSameBytesAndMatchesYaml() {
        Profile profile = ProfileFixtures.tpuProfile();
        String json = ProfileWriter.toJson(profile);
        assertThat(json).startsWith("{\n  \"modelServerInfo\" : {\n").contains("\"tpuTopology\" : \"2x4\"");
        Profile fromJson = ProfileReader.read(json, "p.json", ProfileFormat.JSON);
        assertThat(ProfileWriter.toJson(fromJson)).isEqualTo(json);
        assertThat(ProfileWriter.toYaml(fromJson)).isEqualTo(ProfileWriter.toYaml(profile));
    }

    @Test
    void textThatLooksLikeANumberOrDateStaysText() {
        Profile base = ProfileFixtures.gpuProfile();
        Profile tricky = new Profile(new ModelServerInfo("org/1.0", "vllm", "0.10"), base.acceleratorType(), Optional.empty(),
                base.instanceType(), base.resourcesUsed(), base.performanceStats(),
                new Provenance(Provenance.Kind.measured, "true", "1.10", "2026-01-02", "null"), base.serverConfig(), Optional.empty());
        String yaml = ProfileWriter.toYaml(tricky);
        Profile read = ProfileReader.read(yaml, "t.yaml", ProfileFormat.YAML);
        assertThat(read.modelServerInfo().modelServerVersion()).isEqualTo("0.10");
        assertThat(read.provenance().toolVersion()).isEqualTo("1.10");
        assertThat(read.provenance().tool()).isEqualTo("true");
        assertThat(read.provenance().workload()).isEqualTo("null");
        assertThat(read.provenance().date()).isEqualTo("2026-01-02");
    }

    @Test
    void writingToAFileIsAtomicAndFollowsTheExtension(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("sub/p.yaml");
        Path json = dir.resolve("p.json");
        ProfileWriter.write(ProfileFixtures.gpuProfile(), yaml);
        ProfileWriter.write(ProfileFixtures.gpuProfile(), json);
        assertThat(Files.readString(yaml)).isEqualTo(ProfileWriter.toYaml(ProfileFixtures.gpuProfile()));
        assertThat(ProfileReader.read(json).performanceStats()).hasSize(6);
        try (var files = Files.list(dir.resolve("sub"))) {
            assertThat(files).as("no temporary file left behind").containsExactly(yaml);
        }
        assertThatThrownBy(() -> ProfileWriter.write(ProfileFixtures.gpuProfile(), dir.resolve("p.txt")))
                .hasMessageContaining(".yaml, .yml or .json");
    }

    @Test
    void writerRefusesAProfileThatBreaksTheRules() {
        Profile base = ProfileFixtures.gpuProfile();
        Profile bad = new Profile(base.modelServerInfo(), base.acceleratorType(), base.tpuTopology(), base.instanceType(),
                base.resourcesUsed(), List.of(ProfileFixtures.point(1, 100, 20, 1.5)), base.provenance(), base.serverConfig(),
                Optional.empty());
        assertThatThrownBy(() -> ProfileWriter.toYaml(bad))
                .isInstanceOf(ProfileFormatException.class)
                .hasMessageContaining("performanceStats[0].kvCacheUsage")
                .hasMessageContaining("from 0 to 1");
    }
}
