package dev.kiq.profile;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Each malformed file gives one message naming the file, the line, the field and what is valid. */
class ProfileValidatorTest {

    private static final String GOOD = ProfileWriter.toYaml(ProfileFixtures.gpuProfile());
    private static final List<String> LINES = List.of(GOOD.split("\n"));

    private static int lineOf(String text) {
        int index = LINES.indexOf(text);
        assertThat(index).as("fixture line " + text).isNotNegative();
        return index + 1;
    }

    private static ProfileFormatException readYaml(String yaml) {
        return catchThrowableOfType(ProfileFormatException.class, () -> ProfileReader.read(yaml, "bad.yaml", ProfileFormat.YAML));
    }

    @Test
    void validProfilePasses() {
        assertThat(ProfileReader.read(GOOD, "good.yaml", ProfileFormat.YAML).performanceStats()).hasSize(6);
    }

    @Test
    void kvCacheUsageAboveOneNamesTheLineAndTheValidRange() {
        ProfileFormatException e = readYaml(GOOD.replace("kvCacheUsage: 0.55", "kvCacheUsage: 55"));
        assertThat(e.line()).isEqualTo(lineOf("  kvCacheUsage: 0.55"));
        assertThat(e.field()).contains("performanceStats[3].kvCacheUsage");
        assertThat(e.getMessage()).isEqualTo("bad.yaml, line " + e.line()
                + ", field performanceStats[3].kvCacheUsage: 55 is out of range; valid: a number from 0 to 1 (a fraction, not a percentage)");
    }

    @Test
    void negativeThroughputIsRejected() {
        ProfileFormatException e = readYaml(GOOD.replace("outputTokensPerSecond: 1555", "outputTokensPerSecond: -1555"));
        assertThat(e.line()).isEqualTo(lineOf("  outputTokensPerSecond: 1555"));
        assertThat(e.getMessage()).contains("field performanceStats[2].outputTokensPerSecond: -1555 is negative; valid: a number of at least 0");
    }

    @Test
    void missingRequiredFieldPointsAtItsParent() {
        ProfileFormatException e = readYaml(GOOD.replace("  ttftMilliseconds: 58.75\n", ""));
        assertThat(e.field()).contains("performanceStats[1].ttftMilliseconds");
        assertThat(e.line()).as("the line of the point that lacks it").isEqualTo(lineOf("- queriesPerSecond: 4"));
        assertThat(e.getMessage()).endsWith("missing; this field is required; valid: a finite number");

        ProfileFormatException top = readYaml(GOOD.replace("instanceType: a2-highgpu-1g\n", ""));
        assertThat(top.field()).contains("instanceType");
        assertThat(top.line()).isEqualTo(1);
    }

    /*
     * A missing field says what would be valid there, and a file that ends in the middle of a line says it may be cut
     * short (audit: a measured profile cut after 700 bytes named only "performanceStats[0].batchSize: missing").
     */
    @Test
    void aMissingFieldSaysWhatIsValidAndACutFileSaysSo() {
        ProfileFormatException type = readYaml(GOOD.replaceAll("(?m)^acceleratorType: .*\n", ""));
        assertThat(type.getMessage()).endsWith("field acceleratorType: missing; this field is required; valid: an accelerator "
                + "type, e.g. nvidia-h100-80gb or tpu-v6e-slice");
        String cut = GOOD.substring(0, GOOD.indexOf("  ttftMilliseconds: 58.75") + "  ttftMilliseconds: 58.75".length());
        assertThat(readYaml(cut).getMessage()).endsWith("; the file ends in the middle of a line: is it cut short?");
        String cutInAKey = GOOD.substring(0, GOOD.indexOf("  ttftMilliseconds: 58.75") + "  ttftMill".length());
        assertThat(readYaml(cutInAKey).getMessage()).contains(": not valid YAML")
                .endsWith("; the file ends in the middle of a line: is it cut short?");
        ProfileFormatException whole = readYaml(GOOD.replace("  ttftMilliseconds: 58.75\n", ""));
        assertThat(whole.getMessage()).doesNotContain("cut short");
    }

    @Test
    void aMissingOrEmptySectionIsNamedOnce() {
        // read inside its own path, a missing section was named twice ("field resourcesUsed.resourcesUsed")
        ProfileFormatException empty = readYaml(GOOD.replaceAll("(?m)^  acceleratorCount: .*\n", ""));
        assertThat(empty.field()).hasValue("resourcesUsed");
        assertThat(empty.getMessage()).as("written empty: its own line")
                .isEqualTo("bad.yaml, line " + lineOf("resourcesUsed:") + ", field resourcesUsed: missing; this field is required; "
                        + "valid: a mapping with the fields acceleratorCount");
        ProfileFormatException stats = readYaml(GOOD.substring(0, GOOD.indexOf("performanceStats:")));
        assertThat(stats.field()).hasValue("performanceStats");
        assertThat(stats.line()).as("absent: its parent's line").isEqualTo(1);
    }

    @Test
    void misspelledFieldListsTheValidOnes() {
        ProfileFormatException e = readYaml(GOOD.replace("  ntpotMilliseconds: 23.5", "  ntpotMiliseconds: 23.5"));
        assertThat(e.line()).isEqualTo(lineOf("  ntpotMilliseconds: 23.5"));
        assertThat(e.field()).contains("performanceStats[1].ntpotMiliseconds");
        assertThat(e.getMessage()).contains("unknown field (did you mean ntpotMilliseconds?); valid fields here: "
                + "queriesPerSecond, outputTokensPerSecond");
    }

    @Test
    void pointsMustBeSortedByRate() {
        ProfileFormatException e = readYaml(GOOD.replace("- queriesPerSecond: 12", "- queriesPerSecond: 7"));
        assertThat(e.line()).isEqualTo(lineOf("- queriesPerSecond: 12"));
        assertThat(e.getMessage()).contains("field performanceStats[3].queriesPerSecond: 7 is not above 8")
                .contains("strictly increasing queriesPerSecond");
    }

    @Test
    void provenanceKindMustBeKnown() {
        ProfileFormatException e = readYaml(GOOD.replace("kind: modeled", "kind: guessed"));
        assertThat(e.line()).isEqualTo(lineOf("  kind: modeled"));
        assertThat(e.getMessage()).contains("field provenance.kind: \"guessed\" is not a provenance kind; valid: measured or modeled");
    }

    @Test
    void dateMustBeIso() {
        ProfileFormatException e = readYaml(GOOD.replace("date: 2026-11-26", "date: 26/11/2026"));
        assertThat(e.getMessage()).contains("field provenance.date").contains("valid: an ISO date");
    }

    @Test
    void tpuTopologyMustMatchTheChipCount() {
        String tpu = ProfileWriter.toYaml(ProfileFixtures.tpuProfile());
        ProfileFormatException e = readYaml(tpu.replace("tpuTopology: 2x4", "tpuTopology: 2x2"));
        assertThat(e.line()).isEqualTo(List.of(tpu.split("\n")).indexOf("tpuTopology: 2x4") + 1);
        assertThat(e.getMessage()).contains("field tpuTopology: 2x2 has 4 chips but resourcesUsed.acceleratorCount is 8");
        assertThat(readYaml(tpu.replace("tpuTopology: 2x4", "tpuTopology: big")).getMessage())
                .contains("valid: dimensions joined by x");
    }

    @Test
    void acceleratorCountMustBeAPositiveWholeNumber() {
        ProfileFormatException e = readYaml(GOOD.replace("acceleratorCount: 1", "acceleratorCount: 1.5"));
        assertThat(e.line()).isEqualTo(lineOf("  acceleratorCount: 1"));
        assertThat(e.getMessage()).contains("field resourcesUsed.acceleratorCount: 1.5 is not allowed; valid: a whole number of at least 1");
    }

    @Test
    void numberWrittenAsTextIsRejected() {
        ProfileFormatException e = readYaml(GOOD.replace("gpuMemoryUtilization: 0.9", "gpuMemoryUtilization: ninety"));
        assertThat(e.getMessage()).contains("field serverConfig.gpuMemoryUtilization: \"ninety\" is not a number");
        assertThat(readYaml(GOOD.replace("gpuMemoryUtilization: 0.9", "gpuMemoryUtilization: 1.2")).getMessage())
                .contains("1.2 is out of range; valid: a fraction above 0 and at most 1");
    }

    @Test
    void emptyStatsAndEmptyFileAreExplained() {
        String noStats = GOOD.substring(0, GOOD.indexOf("performanceStats:")) + "performanceStats: []\n";
        assertThat(readYaml(noStats).getMessage()).contains("field performanceStats: valid: a non-empty list of performance points");
        assertThat(readYaml("").getMessage()).contains("bad.yaml").contains("the file is empty");
    }

    @Test
    void yamlSyntaxErrorGivesItsLine() {
        String broken = GOOD.replace("  modelServer: vllm", "  modelServer: [vllm");
        ProfileFormatException e = readYaml(broken);
        assertThat(e.line()).isBetween(3, 5);
        assertThat(e.getMessage()).startsWith("bad.yaml, line " + e.line() + ": not valid YAML: ");
        assertThat(e.field()).isEmpty();
    }

    @Test
    void jsonProblemsGetJsonLines() {
        String json = ProfileWriter.toJson(ProfileFixtures.tpuProfile()).replace("\"kvCacheUsage\" : 0.4", "\"kvCacheUsage\" : 4");
        ProfileFormatException e = catchThrowableOfType(ProfileFormatException.class,
                () -> ProfileReader.read(json, "p.json", ProfileFormat.JSON));
        List<String> lines = List.of(json.split("\n"));
        assertThat(e.line()).isEqualTo(lines.indexOf("      \"kvCacheUsage\" : 4") + 1);
        assertThat(e.field()).contains("performanceStats[1].kvCacheUsage");
    }
}
