package dev.kiq.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The edges of each profile rule: values exactly at a bound are accepted and the next value past it is refused
 * (a fraction of memory above 0 and at most 1, KV-cache usage from 0 to 1, rates strictly increasing, whole
 * numbers of at least 1, mean lengths of at least 1 token), and the small value types (expected error, workload
 * shape, key, provenance) against sums done by hand.
 */
class ProfileRulesTest {

    private static final String GOOD = ProfileWriter.toYaml(ProfileFixtures.gpuProfile());

    /** The problem reported for a document, empty when it reads. */
    private static String problem(String yaml) {
        try {
            ProfileReader.read(yaml, "p.yaml", ProfileFormat.YAML);
            return "";
        } catch (ProfileFormatException e) {
            return e.getMessage();
        }
    }

    private static String replaced(String from, String to) {
        assertThat(GOOD).as("fixture text " + from).contains(from);
        return GOOD.replace(from, to);
    }

    @Test
    void gpuMemoryUtilizationIsAFractionAboveZeroAndAtMostOne() {
        assertThat(problem(replaced("gpuMemoryUtilization: 0.9", "gpuMemoryUtilization: 1"))).isEmpty();
        assertThat(problem(replaced("gpuMemoryUtilization: 0.9", "gpuMemoryUtilization: 0.0001"))).isEmpty();
        assertThat(problem(replaced("gpuMemoryUtilization: 0.9", "gpuMemoryUtilization: 0")))
                .endsWith("field serverConfig.gpuMemoryUtilization: 0 is out of range; valid: a fraction above 0 and at most 1");
        assertThat(problem(replaced("gpuMemoryUtilization: 0.9", "gpuMemoryUtilization: 1.01")))
                .contains("1.01 is out of range");
    }

    @Test
    void kvCacheUsageMayBeExactlyZeroOrOne() {
        assertThat(problem(replaced("kvCacheUsage: 0.99", "kvCacheUsage: 1"))).isEmpty();
        assertThat(problem(replaced("kvCacheUsage: 0.0312", "kvCacheUsage: 0"))).isEmpty();
        assertThat(problem(replaced("kvCacheUsage: 0.99", "kvCacheUsage: 1.0001"))).contains("is out of range");
        // zero is allowed for every point field
        assertThat(problem(replaced("queueSize: 0\n", "queueSize: 0.0\n"))).isEmpty();
    }

    @Test
    void aRateEqualToThePreviousIsRefusedNamingBoth() {
        assertThat(problem(replaced("queriesPerSecond: 8\n", "queriesPerSecond: 4\n")))
                .contains("field performanceStats[2].queriesPerSecond: 4 is not above 4 of the point before");
        // the first point may have rate 0
        assertThat(problem(replaced("queriesPerSecond: 1\n", "queriesPerSecond: 0\n"))).isEmpty();
    }

    @Test
    void wholeNumbersMustBeAtLeastOneAndIntegral() {
        assertThat(problem(replaced("maxNumSeqs: 256", "maxNumSeqs: 1"))).isEmpty();
        assertThat(problem(replaced("maxNumSeqs: 256", "maxNumSeqs: 0")))
                .endsWith("field serverConfig.maxNumSeqs: 0 is not allowed; valid: a whole number of at least 1");
        assertThat(problem(replaced("maxModelLen: 8192", "maxModelLen: 8192.5")))
                .contains("field serverConfig.maxModelLen: 8192.5 is not allowed");
        assertThat(problem(replaced("maxNumBatchedTokens: 8192", "maxNumBatchedTokens: 3000000000")))
                .contains("field serverConfig.maxNumBatchedTokens: 3000000000 is not allowed");
    }

    @Test
    void textFieldsMustBeNonBlankText() {
        assertThat(problem(replaced("instanceType: a2-highgpu-1g", "instanceType: \" \"")))
                .contains("field instanceType: \" \" is not a text");
        assertThat(problem(replaced("instanceType: a2-highgpu-1g", "instanceType: 42")))
                .contains("field instanceType: 42 is not a text");
        assertThat(problem(replaced("instanceType: a2-highgpu-1g", "instanceType: [a]")))
                .contains("field instanceType: a list is not a text");
        assertThat(problem(replaced("instanceType: a2-highgpu-1g", "instanceType: {a: 1}")))
                .contains("field instanceType: a mapping is not a text");
    }

    @Test
    void aTopologyIsDimensionsJoinedByX() {
        String tpu = ProfileWriter.toYaml(ProfileFixtures.tpuProfile());
        assertThat(problem(tpu)).isEmpty();
        for (String bad : List.of("2x", "x4", "0x8", "8", "2x2x2x1", "2*4")) {
            assertThat(problem(tpu.replace("tpuTopology: 2x4", "tpuTopology: \"" + bad + "\""))).as(bad)
                    .contains("is not a TPU topology");
        }
        assertThat(problem(tpu.replace("tpuTopology: 2x4", "tpuTopology: 2x2x2"))).isEmpty();
        assertThat(problem(tpu.replace("tpuTopology: 2x4", "tpuTopology: 4x4")))
                .contains("4x4 has 16 chips but resourcesUsed.acceleratorCount is 8");
    }

    @Test
    void theStoredKneeIsCheckedLikeAPoint() {
        String knee = GOOD.substring(GOOD.indexOf("knee:"));
        assertThat(knee).contains("kvCacheUsage: 0.91");
        String bad = GOOD.replaceFirst("kvCacheUsage: 0.91", "kvCacheUsage: 91");
        assertThat(problem(bad)).contains("field knee.kvCacheUsage: 91 is out of range");
    }

    @Test
    void optionalProvenanceFieldsAreChecked() {
        String withShape = ProfileWriter.toYaml(withProvenance(ProfileFixtures.gpuProfile(), new Provenance(Provenance.Kind.modeled,
                "kiq-perf-model", "0.1", "2026-11-26", "rag", Basis.calibrated,
                new ExpectedError(OptionalDouble.of(0.1), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(0.3)),
                Optional.of(new WorkloadShape("rag", 1, 200)))));
        assertThat(problem(withShape)).isEmpty();
        assertThat(problem(withShape.replace("meanInputTokens: 1", "meanInputTokens: 0.5")))
                .contains("field provenance.workloadShape.meanInputTokens: 0.5 is not allowed; valid: a mean length of at least 1 token");
        assertThat(problem(withShape.replace("throughput: 0.1", "throughput: -0.1")))
                .contains("field provenance.expectedError.throughput: -0.1 is negative");
        assertThat(problem(withShape.replace("throughput: 0.1", "throughput: 0"))).isEmpty();
        assertThat(problem(withShape.replace("throughput: 0.1", "latency: 0.1")))
                .contains("field provenance.expectedError.latency: unknown field");
        assertThat(problem(withShape.replace("basis: calibrated", "basis: guessed")))
                .contains("\"guessed\" is not a basis");
        Profile read = ProfileReader.read(withShape, "p.yaml", ProfileFormat.YAML);
        assertThat(read.provenance().shape()).contains(new WorkloadShape("rag", 1, 200));
        assertThat(read.provenance().expectedError().ttft()).hasValue(0.3);
        assertThat(read.provenance().expectedError().ntpot()).isEmpty();
    }

    private static Profile withProvenance(Profile p, Provenance provenance) {
        return new Profile(p.modelServerInfo(), p.acceleratorType(), p.tpuTopology(), p.instanceType(), p.resourcesUsed(),
                p.performanceStats(), provenance, p.serverConfig(), p.knee());
    }

    @Test
    void numbersAreRoundedHalfEvenToFourDecimals() {
        assertThat(ProfileWriter.number(1.23456).toString()).isEqualTo("1.2346");
        assertThat(ProfileWriter.number(2.5).toString()).isEqualTo("2.5");
        assertThat(ProfileWriter.number(100.0).toString()).isEqualTo("100");
        assertThat(ProfileWriter.number(0.00004).toString()).isEqualTo("0");
        assertThat(ProfileWriter.number(-0.0).toString()).isEqualTo("0");
        assertThat(ProfileWriter.number(1e7).toString()).isEqualTo("10000000");
        // 0.00005 is stored a little above 5e-5, so it rounds up; 0.00015 a little below 1.5e-4, so it rounds down
        assertThat(ProfileWriter.number(0.00005).toString()).isEqualTo("0.0001");
        assertThat(ProfileWriter.number(0.00015).toString()).isEqualTo("0.0001");
        assertThat(ProfileWriter.number(Double.NaN).isString()).isTrue();
    }

    @Test
    void aProfileFileNeedsAKnownExtension() {
        assertThatThrownBy(() -> ProfileWriter.write(ProfileFixtures.gpuProfile(), Path.of("/tmp/x.txt")))
                .hasMessage("Cannot write profile to /tmp/x.txt; valid extensions: .yaml, .yml or .json.");
        assertThatThrownBy(() -> ProfileReader.read(Path.of("/tmp/x.txt")))
                .hasMessage("Profile file /tmp/x.txt has an unknown extension; valid: .yaml, .yml or .json.");
        assertThat(ProfileFormat.of("A.YML")).contains(ProfileFormat.YAML);
        assertThat(ProfileFormat.of("a.Json")).contains(ProfileFormat.JSON);
        assertThat(ProfileFormat.of("a.yaml.bak")).isEmpty();
        assertThat(ProfileFormat.of(Path.of("/"))).isEmpty();
    }

    @Test
    void formatExceptionsNameSourceLineAndFieldOnlyWhenKnown() {
        assertThat(new ProfileFormatException("f.yaml", 3, Optional.of("a.b"), "bad").getMessage())
                .isEqualTo("f.yaml, line 3, field a.b: bad");
        assertThat(new ProfileFormatException("f.yaml", 0, Optional.empty(), "bad").getMessage()).isEqualTo("f.yaml: bad");
        ProfileFormatException e = new ProfileFormatException("f.yaml", 1, Optional.empty(), "bad");
        assertThat(e.getMessage()).isEqualTo("f.yaml, line 1: bad");
        assertThat(e.source()).isEqualTo("f.yaml");
    }

    @Test
    void expectedErrorsAreNonNegativeFinitesAndTheCurveTakesTheLargerAxis() {
        ExpectedError e = new ExpectedError(OptionalDouble.of(0.12), OptionalDouble.of(0.3), OptionalDouble.of(0.05),
                OptionalDouble.empty());
        assertThat(e.curve()).hasValue(0.3);
        assertThat(new ExpectedError(OptionalDouble.of(0.12), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.of(0.9)).curve()).hasValue(0.12);
        assertThat(ExpectedError.NONE.curve()).isEmpty();
        assertThat(e.curveKnown()).isTrue();
        assertThat(new ExpectedError(OptionalDouble.of(0.12), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.of(0.9)).curveKnown()).isFalse();
        assertThat(new ExpectedError(OptionalDouble.empty(), OptionalDouble.of(0.12), OptionalDouble.empty(),
                OptionalDouble.empty()).curveKnown()).isFalse();
        assertThat(ExpectedError.NONE.isEmpty()).isTrue();
        assertThat(new ExpectedError(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.of(0.1)).isEmpty()).isFalse();
        assertThat(e.of("throughput")).hasValue(0.12);
        assertThat(e.of("ntpot")).hasValue(0.3);
        assertThat(e.of("tpot")).hasValue(0.05);
        assertThat(e.of("ttft")).isEmpty();
        assertThatThrownBy(() -> e.of("itl")).hasMessageContaining("unknown metric itl");
        assertThat(e.forLatency("ntpot")).hasValue(0.3);
        assertThat(e.forLatency("ITL")).hasValue(0.05);
        assertThat(e.forLatency("TPOT")).hasValue(0.05);
        assertThat(e.forLatency("TTFT")).isEmpty();
        assertThatThrownBy(() -> e.forLatency("e2e")).hasMessageContaining("unknown latency e2e");
        assertThat(new ExpectedError(OptionalDouble.of(0), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty())
                .throughput()).hasValue(0);
        for (double bad : new double[] {-0.01, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new ExpectedError(OptionalDouble.empty(), OptionalDouble.of(bad), OptionalDouble.empty(),
                    OptionalDouble.empty())).as("" + bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(ExpectedError.percent(0.124)).isEqualTo("±12%");
        assertThat(ExpectedError.percent(0.125)).isEqualTo("±13%");
        assertThat(ExpectedError.percent(0.3)).isEqualTo("±30%");
    }

    @Test
    void aWorkloadMatchesWhenBothMeansAreWithinTheTolerance() {
        WorkloadShape wanted = new WorkloadShape("rag", 1000, 100);
        // 20% of 1000 is 200 and of 100 is 20: 1200/120 and 800/80 are in, one token more is out
        assertThat(new WorkloadShape("x", 1200, 120).within(wanted, 0.2)).isTrue();
        assertThat(new WorkloadShape("x", 800, 80).within(wanted, 0.2)).isTrue();
        assertThat(new WorkloadShape("x", 1201, 100).within(wanted, 0.2)).isFalse();
        assertThat(new WorkloadShape("x", 799, 100).within(wanted, 0.2)).isFalse();
        assertThat(new WorkloadShape("x", 1000, 121).within(wanted, 0.2)).isFalse();
        assertThat(new WorkloadShape("x", 1000, 79).within(wanted, 0.2)).isFalse();
        // SPEC §3: ShareGPT means 226 in, 195 out
        assertThat(WorkloadShape.CHATBOT).isEqualTo(new WorkloadShape("chatbot", 226, 195));
    }

    @Test
    void provenanceKindAndBasisMustAgree() {
        assertThatThrownBy(() -> new Provenance(Provenance.Kind.measured, "t", "1", "2026-01-01", "w", Basis.calibrated,
                ExpectedError.NONE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Provenance(Provenance.Kind.modeled, "t", "1", "2026-01-01", "w", Basis.measured,
                ExpectedError.NONE)).isInstanceOf(IllegalArgumentException.class);
        for (Basis b : List.of(Basis.calibrated, Basis.extrapolated, Basis.uncalibrated)) {
            assertThat(new Provenance(Provenance.Kind.modeled, "t", "1", "2026-01-01", "w", b, ExpectedError.NONE).basis())
                    .isEqualTo(b);
        }
        assertThat(new Provenance(Provenance.Kind.measured, "t", "1", "2026-01-01", "w").basis()).isEqualTo(Basis.measured);
        assertThat(new Provenance(Provenance.Kind.modeled, "t", "1", "2026-01-01", "w").basis()).isEqualTo(Basis.uncalibrated);
        assertThat(Basis.measured.isBetterThan(Basis.calibrated)).isTrue();
        assertThat(Basis.calibrated.isBetterThan(Basis.calibrated)).isFalse();
        assertThat(Basis.uncalibrated.isBetterThan(Basis.extrapolated)).isFalse();
    }

    @Test
    void accuracyWordsFollowTheBasisAndTheCurvesError() {
        ExpectedError twelve = new ExpectedError(OptionalDouble.of(0.12), OptionalDouble.of(0.08), OptionalDouble.empty(),
                OptionalDouble.empty());
        Provenance calibrated = new Provenance(Provenance.Kind.modeled, "m", "1", "2026-01-01", "w", Basis.calibrated, twelve);
        Provenance extrapolated = new Provenance(Provenance.Kind.modeled, "m", "1", "2026-01-01", "w", Basis.extrapolated, twelve);
        assertThat(calibrated.accuracyLabel()).isEqualTo("±12%");
        assertThat(extrapolated.accuracyLabel()).isEqualTo("±12% extrapolated");
        assertThat(calibrated.accuracyDescription()).endsWith("give its error. Expected error ±12%, the larger of its"
                + " throughput and NTPOT errors. Median out-of-sample errors of its family: throughput ±12%, NTPOT ±8%,"
                + " TPOT/ITL not known, TTFT not known.");
        assertThat(extrapolated.accuracyDescription()).endsWith("of its family. Expected error ±12% or more, the larger of its"
                + " throughput and NTPOT errors. Median out-of-sample errors of its family: throughput ±12%, NTPOT ±8%,"
                + " TPOT/ITL not known, TTFT not known.");
        // under a chart of one latency, the headline is that latency's error
        assertThat(calibrated.accuracyDescription("NTPOT")).endsWith("give its error. Expected NTPOT error ±8%."
                + " The band spans it and the throughput error ±12% across. Median out-of-sample errors of its family: throughput ±12%, NTPOT ±8%, TPOT/ITL not known, TTFT not known.");
        assertThat(extrapolated.accuracyDescription("NTPOT")).contains("of its family. Expected NTPOT error ±8% or more. The band spans it and the"
                + " throughput error ±12% or more across. Median");
        assertThat(calibrated.accuracyDescription("TTFT")).contains("give its error. TTFT error not known: no published"
                + " measurement of its family gives it. No band is drawn: a band of the throughput error ±12% alone would"
                + " show TTFT as exact. Median");
        // a family whose measurements give throughput and TTFT but no NTPOT (the TPU's one source): the throughput error
        // is no headline for the NTPOT chart, and the table's figure is only a lower bound of the curve's error
        ExpectedError noNtpot = new ExpectedError(OptionalDouble.of(0.34), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.of(0.25));
        Provenance tpu = new Provenance(Provenance.Kind.modeled, "m", "1", "2026-01-01", "w", Basis.calibrated, noNtpot);
        assertThat(tpu.accuracyDescription("NTPOT")).isEqualTo("Modeled for an accelerator whose published measurements"
                + " give its error. NTPOT error not known: no published measurement of its family gives it. No band is drawn:"
                + " a band of the throughput error ±34% alone would show NTPOT as exact. Median out-of-sample"
                + " errors of its family: throughput ±34%, NTPOT not known, TPOT/ITL not known, TTFT ±25%.");
        assertThat(tpu.accuracyDescription("TTFT")).contains("give its error. Expected TTFT error ±25%. The band spans it and the throughput error ±34%"
                + " across. Median");
        assertThat(tpu.accuracyDescription("ITL")).contains("give its error. ITL error not known");
        assertThat(tpu.accuracyDescription()).contains("give its error. Expected error ±34% or more: its NTPOT error is not known."
                + " Median");
        assertThat(tpu.accuracyLabel()).isEqualTo("±34% or more");
        assertThat(new Provenance(Provenance.Kind.modeled, "m", "1", "2026-01-01", "w", Basis.extrapolated, noNtpot).accuracyLabel())
                .isEqualTo("±34% extrapolated");
        // after kiq calibrate --from: the factors were refitted to the user's figures, and the errors are the published fit's
        Provenance mine = new Provenance(Provenance.Kind.modeled, "m", Provenance.userCalibrated("2", 32), "2026-01-01", "w",
                Basis.calibrated, twelve);
        assertThat(mine.toolVersion()).isEqualTo("2 (calibrated with 32 user measurements)");
        assertThat(mine.userMeasurements()).hasValue(32);
        // the short summary (the wizard's sidebar and chart caption) says it too; the error stays the published fit's
        assertThat(mine.accuracySummary()).isEqualTo("validated, ±12%, then calibrated with 32 user measurements");
        assertThat(calibrated.accuracySummary()).doesNotContain("user measurements");
        assertThat(calibrated.userMeasurements()).isEmpty();
        assertThat(mine.accuracyDescription("NTPOT")).isEqualTo("Modeled for an accelerator whose published measurements"
                + " give its error, then calibrated with 32 user measurements. Expected NTPOT error ±8%. The band spans it and the"
                + " throughput error ±12% across. Median out-of-sample errors"
                + " of its family: throughput ±12%, NTPOT ±8%, TPOT/ITL not known, TTFT not known. These errors are the published"
                + " calibration's, before your measurements.");
        assertThat(new Provenance(Provenance.Kind.modeled, "m", Provenance.userCalibrated("2", 5), "2026-01-01", "w")
                .accuracyDescription()).endsWith("bounds its error, then calibrated with 5 user measurements.");
        Provenance bareCalibrated = new Provenance(Provenance.Kind.modeled, "m", "1", "2026-01-01", "w", Basis.calibrated,
                ExpectedError.NONE);
        assertThat(bareCalibrated.accuracyLabel()).isEqualTo("validated");
        assertThat(bareCalibrated.accuracyDescription()).endsWith("give its error.");
        assertThat(new Provenance(Provenance.Kind.modeled, "m", "1", "2026-01-01", "w", Basis.extrapolated, ExpectedError.NONE)
                .accuracyLabel()).isEqualTo("extrapolated");
        assertThat(new Provenance(Provenance.Kind.modeled, "m", "1", "2026-01-01", "w").accuracyLabel()).isEqualTo("uncalibrated");
        Provenance measured = new Provenance(Provenance.Kind.measured, "kiq-bench", "1", "2026-02-03", "w");
        assertThat(measured.accuracyLabel()).isEqualTo("measured");
        assertThat(measured.accuracyDescription()).isEqualTo("Measured (kiq-bench, 2026-02-03).");
        assertThat(measured.workloadShape()).isEqualTo(WorkloadShape.CHATBOT);
    }

    @Test
    void keysSortByModelServerVersionAcceleratorCountAndTopology() {
        ProfileKey a = new ProfileKey("m", "vllm", "v1", "l4", 1, Optional.empty());
        ProfileKey twoChips = new ProfileKey("m", "vllm", "v1", "l4", 2, Optional.empty());
        ProfileKey tenChips = new ProfileKey("m", "vllm", "v1", "l4", 10, Optional.empty());
        ProfileKey topo = new ProfileKey("m", "vllm", "v1", "l4", 2, Optional.of("1x2"));
        ProfileKey otherModel = new ProfileKey("a", "vllm", "v1", "l4", 1, Optional.empty());
        List<ProfileKey> keys = new ArrayList<>(List.of(topo, tenChips, a, otherModel, twoChips));
        java.util.Collections.sort(keys);
        // counts compare as numbers (2 before 10), no topology before one
        assertThat(keys).containsExactly(otherModel, a, twoChips, topo, tenChips);
        assertThat(topo.toString()).isEqualTo("m on vllm v1, 2x l4 (1x2)");
        assertThat(a.toString()).isEqualTo("m on vllm v1, 1x l4");
        assertThat(ProfileFixtures.tpuProfile().key()).isEqualTo(new ProfileKey("google/gemma-2-27b-it", "vllm", "v0.19.1",
                "tpu-v6e-slice", 8, Optional.of("2x4")));
    }

    @Test
    void lineOfFindsTheKeyOfAFieldAndZeroForAFieldThatIsNotThere() {
        byte[] yaml = "a: 1\nb:\n  c: 2\n  d: [x, y]\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(ProfileReader.lineOf(yaml, ProfileFormat.YAML, tools.jackson.core.JsonPointer.compile("/b/c"))).isEqualTo(3);
        assertThat(ProfileReader.lineOf(yaml, ProfileFormat.YAML, tools.jackson.core.JsonPointer.compile("/b/d/1"))).isEqualTo(4);
        assertThat(ProfileReader.lineOf(yaml, ProfileFormat.YAML, tools.jackson.core.JsonPointer.compile("/z"))).isZero();
        byte[] broken = "a: [1, 2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(ProfileReader.lineOf(broken, ProfileFormat.YAML, tools.jackson.core.JsonPointer.compile("/q"))).isZero();
        ProfileFormatException e = catchThrowableOfType(ProfileFormatException.class,
                () -> ProfileReader.read(GOOD.replace("model: deepseek", "model: [deepseek"), "p.yaml", ProfileFormat.YAML));
        assertThat(e.line()).isPositive();
    }
}
