package dev.kiq.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The profile format's basis and expected error, the accuracy file they come from, and measured beating modeled. */
class UncertaintyTest {

    private static Profile withProvenance(Profile base, Provenance provenance) {
        return new Profile(base.modelServerInfo(), base.acceleratorType(), base.tpuTopology(), base.instanceType(),
                base.resourcesUsed(), base.performanceStats(), provenance, base.serverConfig(), base.knee());
    }

    private static Provenance calibrated(double throughput, double ntpot) {
        return new Provenance(Provenance.Kind.modeled, "kiq-perf-model", "0.1.0", "2026-11-26", "sharegpt-shaped",
                Basis.calibrated, new ExpectedError(OptionalDouble.of(throughput), OptionalDouble.of(ntpot),
                        OptionalDouble.empty(), OptionalDouble.of(0.3)));
    }

    @Test
    void basisAndExpectedErrorSurviveWritingAndReading() {
        Profile profile = withProvenance(ProfileFixtures.gpuProfile(), calibrated(0.12, 0.15));
        String yaml = ProfileWriter.toYaml(profile);
        assertThat(yaml).contains("basis: calibrated").contains("throughput: 0.12").doesNotContain("\n    tpot:");
        Profile read = ProfileReader.read(yaml, "x.yaml", ProfileFormat.YAML);
        assertThat(read.provenance()).isEqualTo(profile.provenance());
        assertThat(ProfileReader.read(ProfileWriter.toJson(profile), "x.json", ProfileFormat.JSON).provenance())
                .isEqualTo(profile.provenance());
    }

    @Test
    void aFileWithoutTheFieldsReadsAsItsKindSaysAndIsWrittenUnchanged() {
        String yaml = ProfileWriter.toYaml(ProfileFixtures.gpuProfile());
        assertThat(yaml).doesNotContain("basis").doesNotContain("expectedError");
        Provenance provenance = ProfileReader.read(yaml, "x.yaml", ProfileFormat.YAML).provenance();
        assertThat(provenance.basis()).isEqualTo(Basis.uncalibrated);
        assertThat(provenance.expectedError()).isEqualTo(ExpectedError.NONE);
        assertThat(provenance.accuracyLabel()).isEqualTo("uncalibrated");
    }

    @Test
    void theTableLabelIsTheLargerOfTheCurvesTwoErrors() {
        // throughput 12%, NTPOT 15%: the curve's band is the larger, 15% (TTFT's 30% is not on the curve)
        assertThat(calibrated(0.12, 0.15).accuracyLabel()).isEqualTo("±15%");
        assertThat(calibrated(0.204, 0.1).accuracyLabel()).isEqualTo("±20%");
        assertThat(new Provenance(Provenance.Kind.measured, "kiq-bench", "1", "2026-11-26", "mine").accuracyLabel())
                .isEqualTo("measured");
    }

    @Test
    void theSummaryLineNamesTheBasisBesideTheCurvesError() {
        // the wizard's side summary has no column heading: the basis is said with the error
        assertThat(calibrated(0.113, 0.052).accuracySummary()).isEqualTo("validated, ±11%");
        // only throughput known (a TPU): the curve's error is at least 10%
        Provenance tpu = new Provenance(Provenance.Kind.modeled, "kiq-perf-model", "0.1.0", "2026-11-26", "sharegpt-shaped",
                Basis.calibrated, new ExpectedError(OptionalDouble.of(0.102), OptionalDouble.empty(), OptionalDouble.of(0.07),
                        OptionalDouble.empty()));
        assertThat(tpu.accuracySummary()).isEqualTo("validated, ±10% or more");
        Provenance h200 = new Provenance(Provenance.Kind.modeled, "kiq-perf-model", "0.1.0", "2026-11-26", "sharegpt-shaped",
                Basis.extrapolated, new ExpectedError(OptionalDouble.of(0.028), OptionalDouble.of(0.215), OptionalDouble.empty(),
                        OptionalDouble.empty()));
        assertThat(h200.accuracySummary()).isEqualTo("extrapolated, ±22%");
        assertThat(new Provenance(Provenance.Kind.modeled, "kiq-perf-model", "0.1.0", "2026-11-26", "sharegpt-shaped")
                .accuracySummary()).isEqualTo("uncalibrated");
        assertThat(new Provenance(Provenance.Kind.measured, "kiq-bench", "1", "2026-11-26", "mine").accuracySummary())
                .isEqualTo("measured");
    }

    @Test
    void aBasisThatContradictsTheKindIsRefusedWithItsLine() {
        String yaml = ProfileWriter.toYaml(ProfileFixtures.gpuProfile())
                .replace("  workload: ", "  basis: measured\n  workload: ");
        assertThatThrownBy(() -> ProfileReader.read(yaml, "mine.yaml", ProfileFormat.YAML))
                .isInstanceOf(ProfileFormatException.class)
                .hasMessageContaining("mine.yaml, line ")
                .hasMessageContaining("field provenance.basis: \"measured\" does not go with kind modeled");
        String negative = ProfileWriter.toYaml(withProvenance(ProfileFixtures.gpuProfile(), calibrated(0.12, 0.15)))
                .replace("throughput: 0.12", "throughput: -0.12");
        assertThatThrownBy(() -> ProfileReader.read(negative, "mine.yaml", ProfileFormat.YAML))
                .hasMessageContaining("field provenance.expectedError.throughput: -0.12 is negative");
    }

    // ---- accuracy.yaml --------------------------------------------------------------------------

    private static final String ACCURACY = """
            families:
              ampere:
                accelerators: [nvidia-tesla-a100, nvidia-a100-80gb]
                measured: [nvidia-a100-80gb]
                points: 30
                sources: 4
                medianAbsoluteError: {throughput: 0.11, ntpot: 0.18, ttft: 0.4}
            """;

    private static ModelAccuracy accuracy(String yaml) {
        return ModelAccuracy.read(yaml.getBytes(StandardCharsets.UTF_8), "accuracy.yaml");
    }

    @Test
    void anAcceleratorsBasisFollowsItsFamilysData() {
        ModelAccuracy accuracy = accuracy(ACCURACY);
        assertThat(accuracy.uncertainty("nvidia-a100-80gb").basis()).isEqualTo(Basis.calibrated);
        assertThat(accuracy.uncertainty("nvidia-a100-80gb").expectedError().ntpot()).hasValue(0.18);
        assertThat(accuracy.uncertainty("nvidia-a100-80gb").expectedError().tpot()).isEmpty();
        assertThat(accuracy.uncertainty("nvidia-tesla-a100").basis()).isEqualTo(Basis.extrapolated);
        assertThat(accuracy.uncertainty("nvidia-l4")).isEqualTo(ModelAccuracy.Uncertainty.UNCALIBRATED);
    }

    @Test
    void theShippedAccuracyFileLoadsAndANewAcceleratorIsUncalibratedWithoutData() {
        ModelAccuracy shipped = ModelAccuracy.read(Path.of(ModelAccuracy.RESOURCE));
        assertThat(ModelAccuracy.bundled().families()).hasSameSizeAs(shipped.families());
        assertThat(shipped.uncertainty("no-such-accelerator")).isEqualTo(ModelAccuracy.Uncertainty.UNCALIBRATED);
        for (ModelAccuracy.Family family : shipped.families()) {
            assertThat(family.points()).isPositive();
            assertThat(family.error().isEmpty()).isFalse();
        }
    }

    @Test
    void aBadAccuracyFileNamesItsFieldAndLine() {
        assertThatThrownBy(() -> accuracy(ACCURACY.replace("ntpot: 0.18", "ntpot: -1")))
                .isInstanceOf(ProfileFormatException.class)
                .hasMessageContaining("accuracy.yaml, line 7, field families.ampere.medianAbsoluteError.ntpot");
        assertThatThrownBy(() -> accuracy(ACCURACY.replace("measured: [nvidia-a100-80gb]", "measured: [nvidia-l4]")))
                .hasMessageContaining("field families.ampere.measured: \"nvidia-l4\" is not in the family's accelerators");
        assertThatThrownBy(() -> accuracy(ACCURACY.replace("    points: 30\n", "")))
                .hasMessageContaining("points is missing");
    }

    /*
     * The bounds of accuracy.yaml, each on its edge: 0 points, 0 sources and an error of 0 are allowed (a family
     * whose model is exact so far); -1 points is refused naming the field, a missing count names the family; an empty
     * accelerator list is refused, an empty measured list means no accelerator of the family was measured (every one
     * extrapolated); broken YAML names its line.
     */
    @Test
    void theAccuracyFilesBoundsAreAtTheirEdges() {
        ModelAccuracy zero = accuracy(ACCURACY.replace("points: 30", "points: 0").replace("sources: 4", "sources: 0")
                .replace("throughput: 0.11", "throughput: 0"));
        ModelAccuracy.Family ampere = zero.families().get(0);
        assertThat(ampere.points()).isZero();
        assertThat(ampere.sources()).isZero();
        assertThat(ampere.error().throughput()).hasValue(0.0);
        assertThat(ampere.error().tpot()).isEmpty();
        assertThatThrownBy(() -> accuracy(ACCURACY.replace("points: 30", "points: -1")))
                .hasMessageContaining("line 5, field families.ampere.points: points is not allowed; valid: a whole number of at least 0");
        assertThatThrownBy(() -> accuracy(ACCURACY.replace("    sources: 4\n", "")))
                .hasMessageContaining("field families.ampere: sources is missing; valid: a whole number of at least 0");
        assertThatThrownBy(() -> accuracy(ACCURACY.replace("[nvidia-tesla-a100, nvidia-a100-80gb]", "[]")))
                .hasMessageContaining("field families.ampere: accelerators is missing or not a list");
        ModelAccuracy noneMeasured = accuracy(ACCURACY.replace("measured: [nvidia-a100-80gb]", "measured: []"));
        assertThat(noneMeasured.uncertainty("nvidia-a100-80gb").basis()).isEqualTo(Basis.extrapolated);
        assertThat(noneMeasured.uncertainty("nvidia-a100-80gb").expectedError().ntpot()).hasValue(0.18);
        // without a measured list every accelerator of the family was measured
        assertThat(accuracy(ACCURACY.replace("    measured: [nvidia-a100-80gb]\n", "")).uncertainty("nvidia-tesla-a100").basis())
                .isEqualTo(Basis.calibrated);
        assertThatThrownBy(() -> accuracy(ACCURACY.replace("points: 30", "points: [30")))
                .isInstanceOf(ProfileFormatException.class).hasMessageContaining("not valid YAML")
                .hasMessageContaining("accuracy.yaml, line ");
        assertThatThrownBy(() -> accuracy("families: [ampere]\n"))
                .hasMessageContaining("valid: a mapping 'families' from family key to its cross-validation result");
        assertThatThrownBy(() -> accuracy(ACCURACY.replace("ttft: 0.4", "latency: 0.4")))
                .hasMessageContaining("field families.ampere.medianAbsoluteError.latency: unknown metric");
    }

    // ---- a profile of another calibration ---------------------------------------------------------

    /** A modeled H100 profile whose file says calibrated, throughput ±98.7% and nothing else, as a user-calibrated one does. */
    private static Profile h100With(Basis basis, ExpectedError errors, String toolVersion) {
        Profile base = ProfileFixtures.gpuProfile();
        Profile h100 = new Profile(base.modelServerInfo(), "nvidia-h100-80gb", base.tpuTopology(), "a3-highgpu-1g",
                base.resourcesUsed(), base.performanceStats(), base.provenance(), base.serverConfig(), base.knee());
        return withProvenance(h100, new Provenance(Provenance.Kind.modeled, "kiq-perf-model", toolVersion, "2026-12-01",
                "sharegpt-shaped", basis, errors));
    }

    @Test
    void aProfileModeledWithAnotherCalibrationKeepsItsErrorsMarkedAndNamesThisKiqsOnes() {
        // seen in the Xvfb walk: an earlier calibrate --from left TPU profiles saying ±34% where this kiq's calibration
        // says ±10%. No cross-validation gives a family ±98.7% with no NTPOT, TPOT or TTFT error: this is another's.
        ExpectedError other = new ExpectedError(OptionalDouble.of(0.987), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty());
        Profile old = h100With(Basis.calibrated, other, Provenance.userCalibrated("2", 32));
        ModelAccuracy.Uncertainty now = ModelAccuracy.bundled().uncertainty("nvidia-h100-80gb");
        assertThat(old.otherCalibration()).contains(now);
        // its own errors stay (its figures are that calibration's), marked in every short form
        assertThat(old.accuracyLabel()).isEqualTo("±99% or more, other calibration");
        // and, as the user's own factors made it, says so before that (4942b43)
        assertThat(old.accuracySummary()).isEqualTo("validated, ±99% or more, then calibrated with 32 user measurements, "
                + "other calibration");
        // the long form says so, gives this kiq's errors of the family, and how to use them
        assertThat(old.accuracyDescription()).startsWith(old.provenance().accuracyDescription())
                .contains("These figures and errors come from another calibration than this kiq's; this kiq's calibration"
                        + " gives its family " + now.expectedError().perMetric() + ".")
                .endsWith("Calibrate again from your measurements to model it with this kiq's calibration.");
        assertThat(old.accuracyDescription("NTPOT")).startsWith(old.provenance().accuracyDescription("NTPOT"))
                .contains("another calibration than this kiq's");
        // a profile modeled by kiq itself, not refitted to the user's measurements, is modeled again or its file removed
        assertThat(h100With(Basis.calibrated, other, "2").accuracyDescription())
                .endsWith("Model it again, or remove its file from your profile folder, to use this kiq's calibration.");
    }

    @Test
    void aProfileOfThisKiqsCalibrationAMeasuredOneAndAnUncalibratedOneAreNotMarked() {
        ModelAccuracy.Uncertainty now = ModelAccuracy.bundled().uncertainty("nvidia-h100-80gb");
        Profile current = h100With(now.basis(), now.expectedError(), "2");
        assertThat(current.otherCalibration()).isEmpty();
        assertThat(current.accuracyLabel()).isEqualTo(current.provenance().accuracyLabel()).doesNotContain("other");
        assertThat(current.accuracyDescription()).isEqualTo(current.provenance().accuracyDescription());
        // written to a file and read back it is still this kiq's (the file keeps 4 decimals)
        Profile read = ProfileReader.read(ProfileWriter.toYaml(current), "x.yaml", ProfileFormat.YAML);
        assertThat(read.otherCalibration()).isEmpty();
        // "uncalibrated" shows no error and is true of its figures; a measurement has no calibration
        assertThat(h100With(Basis.uncalibrated, ExpectedError.NONE, "1").otherCalibration()).isEmpty();
        Profile measured = withProvenance(current, new Provenance(Provenance.Kind.measured, "kiq-bench", "1", "2026-12-01", "mine"));
        assertThat(measured.otherCalibration()).isEmpty();
        assertThat(measured.accuracyLabel()).isEqualTo("measured");
    }

    @Test
    void errorsAreTheSameAsFarAsAProfileFileKeepsThem() {
        ExpectedError a = new ExpectedError(OptionalDouble.of(0.344), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.of(0.248));
        // 4 decimals: 0.34404 is written 0.344, 0.3442 is not
        assertThat(a.sameAs(new ExpectedError(OptionalDouble.of(0.34404), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.of(0.248)))).isTrue();
        assertThat(a.sameAs(new ExpectedError(OptionalDouble.of(0.3442), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.of(0.248)))).isFalse();
        // a metric known in one and not in the other
        assertThat(a.sameAs(new ExpectedError(OptionalDouble.of(0.344), OptionalDouble.of(0.1), OptionalDouble.empty(),
                OptionalDouble.of(0.248)))).isFalse();
        assertThat(a.sameAs(new ExpectedError(OptionalDouble.of(0.344), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty()))).isFalse();
    }

    @Test
    void everyShippedModeledProfileCarriesTheShippedCalibration() {
        // a refit that writes accuracy.yaml without regenerating the profiles would mark them all "other calibration"
        List<Profile> shipped = ProfileRepository.shipped().profiles();
        assertThat(shipped).isNotEmpty();
        assertThat(shipped.stream().filter(p -> p.otherCalibration().isPresent())
                .map(p -> p.key() + " " + p.provenance().basis() + " " + p.provenance().expectedError().perMetric()))
                .isEmpty();
    }

    // ---- measured beats modeled -----------------------------------------------------------------

    @TempDir
    Path temp;

    @Test
    void aMeasuredProfileIsNeverReplacedByAModeledOneOfTheSameCombination() throws Exception {
        Profile modeled = ProfileFixtures.gpuProfile();
        Profile measured = withProvenance(modeled, new Provenance(Provenance.Kind.measured, "kiq-bench", "1", "2026-11-26", "mine"));
        Path shipped = Files.createDirectories(temp.resolve("shipped"));
        Path first = Files.createDirectories(temp.resolve("first"));
        Path second = Files.createDirectories(temp.resolve("second"));
        ProfileWriter.write(measured, first.resolve("bench.yaml"));
        ProfileWriter.write(modeled, second.resolve("cached-model.yaml"));

        // the modeled profile comes later (it would replace an earlier one of its kind), yet the measurement stays
        ProfileRepository repository = ProfileRepository.load(shipped, List.of(first, second));
        assertThat(repository.find(modeled.key()).orElseThrow().provenance().kind()).isEqualTo(Provenance.Kind.measured);
        // the other order: the measurement replaces the model, as any later profile does
        ProfileRepository reversed = ProfileRepository.load(shipped, List.of(second, first));
        assertThat(reversed.find(modeled.key()).orElseThrow().provenance().kind()).isEqualTo(Provenance.Kind.measured);
        assertThat(ProfileRepository.outranks(measured, modeled)).isTrue();
        assertThat(ProfileRepository.outranks(modeled, measured)).isFalse();
        assertThat(ProfileRepository.outranks(modeled, modeled)).isFalse();
    }
}
