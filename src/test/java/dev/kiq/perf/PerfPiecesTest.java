package dev.kiq.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.kiq.KiqException;
import dev.kiq.catalog.Accelerator;
import dev.kiq.perf.EfficiencyFactors.Family;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The performance model's small parts against sums done by hand from the architectures in reference.yaml
 * and vLLM's documented behaviour: parameter groups (Mixtral's published 12.9B active parameters), the
 * memory split of vLLM's start-up profiling, the client's fixed cost, how arrivals are named, the scheduler's
 * bounds, the accelerator generations, and the factor file's rules.
 */
class PerfPiecesTest {

    private static final double GIB = 1024.0 * 1024 * 1024;

    @Test
    void mixtralMultipliesAboutItsPublishedTwelvePointNineBillionActiveParameters() {
        ModelShape s = ModelShape.of(Fixtures.MIXTRAL_8X7B);
        // vocab 32000 × hidden 4096; one expert's gate/up/down: 3 × 4096 × 14336
        assertThat(s.embeddingParams()).isEqualTo(131_072_000.0);
        assertThat(s.expertParamsPerLayer()).isEqualTo(176_160_768.0);
        // shared = 46,702,792,704 − 2 × 131,072,000 (untied embedding and head) − 8 experts × 32 layers × 176,160,768
        //        = 1,343,492,096; active = shared + 2 experts × 32 layers × 176,160,768
        assertThat(s.activeBodyParams()).isEqualTo(12_617_781_248.0);
        // Mistral AI: "12.9B active parameters" (body plus embedding and head)
        assertThat(s.activeBodyParams() + 2 * s.embeddingParams()).isCloseTo(12.9e9, within(0.05e9));
        assertThat(s.numKeyValueHeads()).isEqualTo(8);
    }

    @Test
    void aTiedEmbeddingIsCountedOnceAndADenseModelMultipliesAllItsBody() {
        ModelShape g = ModelShape.of(Fixtures.GEMMA_2_27B);
        // 27,227,128,320 − 256000 × 4608 (tied: once) = 26,047,480,320, all of it active
        assertThat(g.embeddingParams()).isEqualTo(1_179_648_000.0);
        assertThat(g.activeBodyParams()).isEqualTo(26_047_480_320.0);
    }

    @Test
    void kvHeadsAreSplitAcrossChipsAndReplicatedWhenFewer() {
        ModelShape s = ModelShape.of(Fixtures.MIXTRAL_8X7B);
        assertThat(s.kvHeadsPerChip(1)).isEqualTo(8);
        assertThat(s.kvHeadsPerChip(2)).isEqualTo(4);
        assertThat(s.kvHeadsPerChip(8)).isEqualTo(1);
        assertThat(s.kvHeadsPerChip(16)).isEqualTo(1);
    }

    @Test
    void memoryIsSplitAsVllmProfilesIt() {
        MemoryPlan p = MemoryPlan.of(Fixtures.DEEPSEEK_7B, Fixtures.A100_40, 1, 0.9, 2048, 256, 16);
        // 40 GiB × 0.9
        assertThat(p.memoryBytes()).isEqualTo(40 * GIB * 0.9);
        // 7,615,616,512 bf16 parameters
        assertThat(p.weightBytes()).isEqualTo(15_231_233_024.0);
        // 2048 tokens × (6 × 3584 + 3 × 18944) × 2 B + 2 × 256 sequences × 152064 vocab × 4 B (fp32 logits) + 1.5 GiB
        assertThat(p.activationBytes()).isEqualTo(320_864_256.0 + 311_427_072.0 + 1.5 * GIB);
        // 2 (K and V) × 28 layers × 4 KV heads × 128 × 2 B
        assertThat(p.kvBytesPerToken()).isEqualTo(57_344.0);
        // (38,654,705,664 − 15,231,233,024 − 2,242,904,064) / (57,344 × 16) = 23,084.99: 23,084 whole blocks
        assertThat(p.kvBlocks()).isEqualTo(23_084);
        assertThat(p.blockSize()).isEqualTo(16);
        assertThat(p.kvCapacityTokens()).isEqualTo(23_084L * 16);
        assertThat(p.requiredBytes(1000)).isEqualTo(15_231_233_024.0 + p.activationBytes() + 57_344_000.0);
        // an 8-bit KV cache halves the bytes per token
        assertThat(MemoryPlan.of(Fixtures.DEEPSEEK_7B, Fixtures.A100_40, 1, 0.9, 2048, 256, 16, 1).kvBytesPerToken())
                .isEqualTo(28_672.0);
    }

    @Test
    void theApiServerOfEachEngineTakesItsOwnFactors() {
        EfficiencyFactors f = new EfficiencyFactors(0.8, 0.5, 2, 1, 40, 20, 4, 0.7, 3, 2, 20, 15, 1.5, 60, false, "test");
        ApiServer v0 = ApiServer.of(f, EngineOptions.Engine.V0);
        ApiServer v1 = ApiServer.of(f, EngineOptions.Engine.V1);
        // V0: 2 ms per request + 1 µs per prompt token; 20 µs per streamed token; 3 ms latency
        assertThat(v0.requestSeconds(1000)).isCloseTo(0.003, within(1e-12));
        assertThat(v0.outputSeconds(100)).isCloseTo(0.002, within(1e-12));
        assertThat(v0.latencySeconds()).isCloseTo(0.003, within(1e-12));
        // V1: 1.5 ms + 1 µs per prompt token; 60 µs per streamed token; 15 ms latency
        assertThat(v1.requestSeconds(500)).isCloseTo(0.002, within(1e-12));
        assertThat(v1.outputSeconds(100)).isCloseTo(0.006, within(1e-12));
        assertThat(v1.latencySeconds()).isCloseTo(0.015, within(1e-12));
        assertThat(ApiServer.NONE.requestSeconds(5000) + ApiServer.NONE.outputSeconds(5000)).isZero();
        assertThatThrownBy(() -> new ApiServer(-1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void arrivalsAreNamedAsBenchmarksNameThemAndBadRatesAreRefused() {
        assertThat(new Arrivals.Poisson(2.5).describe()).isEqualTo("Poisson 2.5 req/s");
        assertThat(new Arrivals.Poisson(2).describe()).isEqualTo("Poisson 2 req/s");
        assertThat(new Arrivals.Poisson(1.0 / 3).describe()).isEqualTo("Poisson 0.333 req/s");
        assertThat(new Arrivals.Poisson(0.0005).describe()).isEqualTo("Poisson 0.001 req/s");
        assertThat(new Arrivals.Concurrency(1).describe()).isEqualTo("concurrency 1");
        assertThat(new Arrivals.Burst().describe()).isEqualTo("burst (rate=inf)");
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new Arrivals.Poisson(bad)).as("" + bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new Arrivals.Concurrency(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void schedulerSettingsNeedPositiveKnobsAndKeepOnePercentOfBlocksFree() {
        SchedulerSettings s = new SchedulerSettings(256, 2048, true, 16, 1050, 4096);
        assertThat(s.numSchedulerSteps()).isEqualTo(1);
        // vLLM V0's watermark: 1% of 1050 blocks, rounded down
        assertThat(s.watermarkBlocks()).isEqualTo(10);
        assertThat(new SchedulerSettings(1, 1, false, 1, 0, 1, 1).watermarkBlocks()).isZero();
        int[][] bad = {{0, 1, 1, 0, 1, 1}, {1, 0, 1, 0, 1, 1}, {1, 1, 0, 0, 1, 1}, {1, 1, 1, -1, 1, 1}, {1, 1, 1, 0, 0, 1},
            {1, 1, 1, 0, 1, 0}};
        for (int[] b : bad) {
            assertThatThrownBy(() -> new SchedulerSettings(b[0], b[1], false, b[2], b[3], b[4], b[5]))
                    .as(java.util.Arrays.toString(b)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static Accelerator accelerator(String id, Accelerator.Family family) {
        return new Accelerator(id, id, family, 16, 100, 100, Optional.empty(), 0, "", List.of(), "test");
    }

    @Test
    void acceleratorsBelongToTheirGeneration() {
        assertThat(Family.of(accelerator("nvidia-tesla-a100", Accelerator.Family.GPU))).isEqualTo(Family.AMPERE);
        assertThat(Family.of(accelerator("nvidia-a100-80gb", Accelerator.Family.GPU))).isEqualTo(Family.AMPERE);
        assertThat(Family.of(accelerator("nvidia-h100-80gb", Accelerator.Family.GPU))).isEqualTo(Family.HOPPER);
        assertThat(Family.of(accelerator("nvidia-h200-141gb", Accelerator.Family.GPU))).isEqualTo(Family.HOPPER);
        assertThat(Family.of(accelerator("nvidia-b200", Accelerator.Family.GPU))).isEqualTo(Family.HOPPER);
        assertThat(Family.of(accelerator("nvidia-l4", Accelerator.Family.GPU))).isEqualTo(Family.ADA);
        assertThat(Family.of(accelerator("tpu-v6e-slice", Accelerator.Family.TPU))).isEqualTo(Family.TPU);
        assertThat(Family.of(accelerator("tpu-v5-lite-podslice", Accelerator.Family.GPU))).isEqualTo(Family.TPU);
        assertThat(Family.of(accelerator("v5e", Accelerator.Family.TPU))).isEqualTo(Family.TPU);
        assertThat(Family.ofKey("hopper")).contains(Family.HOPPER);
        assertThat(Family.ofKey("Hopper")).isEmpty();
        assertThat(Family.TPU.key()).isEqualTo("tpu");
        for (Family f : Family.values()) {
            assertThat(EfficiencyFactors.prior(f).calibrated()).isFalse();
            assertThat(EfficiencyFactors.prior(f).bandwidthFraction()).isBetween(0.0, 1.0);
        }
        // PCIe all-reduce ring steps are slower than NVLink peers
        assertThat(EfficiencyFactors.prior(Family.ADA).allReduceLatencyUs())
                .isGreaterThan(EfficiencyFactors.prior(Family.AMPERE).allReduceLatencyUs());
        EfficiencyFactors fitted = EfficiencyFactors.AMPERE_PRIOR.withBasis(true, "fit");
        assertThat(fitted.calibrated()).isTrue();
        assertThat(fitted.basis()).isEqualTo("fit");
        assertThat(fitted.computeFraction()).isEqualTo(EfficiencyFactors.AMPERE_PRIOR.computeFraction());
    }

    private static final String ONE_FAMILY = """
            hopper:
              bandwidthFraction: 0.85
              computeFraction: 0.5
              iterationOverheadMs: 5
              v1IterationOverheadMs: 2.5
              sequenceOverheadUs: 30
              v1SequenceOverheadUs: 15
              allReduceLatencyUs: 3
              interconnectFraction: 0.8
              calibrated: true
              basis: "fit to 12 points"
              userMeasurements: 4
            """;

    @Test
    void aFactorFileGivesItsFamiliesAndThePriorsStandForTheRest() {
        Map<Family, EfficiencyFactors> into = new EnumMap<>(Family.class);
        Map<Family, Integer> user = new EnumMap<>(Family.class);
        FactorTable.parse(ONE_FAMILY.getBytes(StandardCharsets.UTF_8), "f.yaml", into, user);
        FactorTable table = new FactorTable(into, user);
        EfficiencyFactors h = table.factors(Family.HOPPER);
        assertThat(h).isEqualTo(new EfficiencyFactors(0.85, 0.5, 5, 2.5, 30, 15, 3, 0.8, true, "fit to 12 points"));
        assertThat(table.userMeasurements(Family.HOPPER)).isEqualTo(4);
        assertThat(table.userMeasurements(Family.AMPERE)).isZero();
        assertThat(table.factors(Family.AMPERE)).isEqualTo(EfficiencyFactors.AMPERE_PRIOR);

        // written and read back: the same factors (all have at most 4 significant digits)
        Map<Family, EfficiencyFactors> again = new EnumMap<>(Family.class);
        Map<Family, Integer> againUser = new EnumMap<>(Family.class);
        String yaml = table.toYaml("header line 1\nline 2", List.of(Family.HOPPER, Family.ADA));
        assertThat(yaml).startsWith("# header line 1\n# line 2\nhopper:\n  bandwidthFraction: 0.8500\n");
        assertThat(yaml).contains("  userMeasurements: 4\n").contains("ada:\n");
        // a file written before vLLM 0.5's output processing was a factor: its prior, 100 µs, written out
        assertThat(yaml).contains("  syncOutputUs: 100.0\n");
        FactorTable.parse(yaml.getBytes(StandardCharsets.UTF_8), "again.yaml", again, againUser);
        assertThat(again.get(Family.HOPPER)).isEqualTo(h);
        assertThat(again.get(Family.ADA)).isEqualTo(EfficiencyFactors.ADA_PRIOR);
        assertThat(againUser).containsExactly(Map.entry(Family.HOPPER, 4));
    }

    @Test
    void replacingAFamilyKeepsTheOthersAndCountsItsMeasurements() {
        FactorTable base = FactorTable.of(Map.of());
        EfficiencyFactors mine = EfficiencyFactors.HOPPER_PRIOR.withBasis(true, "mine");
        FactorTable calibrated = base.with(Family.HOPPER, mine, 7);
        assertThat(calibrated.factors(Family.HOPPER)).isEqualTo(mine);
        assertThat(calibrated.userMeasurements(Family.HOPPER)).isEqualTo(7);
        assertThat(calibrated.factors(Family.TPU)).isEqualTo(EfficiencyFactors.TPU_PRIOR);
        assertThat(base.factors(Family.HOPPER)).isEqualTo(EfficiencyFactors.HOPPER_PRIOR);
        assertThat(calibrated.with(Family.HOPPER, mine, 0).userMeasurements(Family.HOPPER)).isZero();
        assertThat(calibrated.toYaml("h", List.of(Family.HOPPER))).contains("basis: \"mine\"");
    }

    /*
     * A damaged user calibration names its file, line and field, as a profile does. Before, a misspelt f_bw for
     * bandwidthFraction said "hopper.bandwidthFraction must be a positive number", and an empty file was read as no
     * calibration while the profiles re-modeled with one stayed in use.
     */
    @Test
    void aBadFactorFileIsRefusedNamingTheFileLineAndField() {
        Map<Family, EfficiencyFactors> into = new EnumMap<>(Family.class);
        Map<Family, Integer> user = new EnumMap<>(Family.class);
        String reset = " (kiq calibrate --from writes this file; kiq calibrate --reset removes it)";
        assertThatThrownBy(() -> FactorTable.parse(ONE_FAMILY.replace("hopper:", "volta:").getBytes(StandardCharsets.UTF_8),
                "f.yaml", into, user)).isInstanceOf(KiqException.class)
                .hasMessageStartingWith("f.yaml, line 1, field volta: unknown field").hasMessageEndingWith("; valid fields here: ampere, hopper, "
                        + "ada, tpu" + reset);
        assertThatThrownBy(() -> FactorTable.parse(ONE_FAMILY.replace("bandwidthFraction", "f_bw").getBytes(StandardCharsets.UTF_8),
                "f.yaml", into, user)).hasMessageStartingWith("f.yaml, line 2, field hopper.f_bw: unknown field")
                .hasMessageContaining("valid fields here: bandwidthFraction, computeFraction");
        for (String bad : List.of("computeFraction: 0", "computeFraction: -0.5", "computeFraction: .inf",
                "computeFraction: \"0.5\"")) {
            assertThatThrownBy(() -> FactorTable.parse(ONE_FAMILY.replace("computeFraction: 0.5", bad)
                    .getBytes(StandardCharsets.UTF_8), "f.yaml", into, user)).as(bad).isInstanceOf(KiqException.class)
                    .hasMessageStartingWith("f.yaml, line 3, field hopper.computeFraction: ").hasMessageEndingWith(reset);
        }
        assertThatThrownBy(() -> FactorTable.parse(ONE_FAMILY.replace("computeFraction: 0.5", "computeFraction: 0")
                .getBytes(StandardCharsets.UTF_8), "f.yaml", into, user)).hasMessageContaining("0 is not allowed; valid: a number above 0");
        assertThatThrownBy(() -> FactorTable.parse(ONE_FAMILY.replace("  computeFraction: 0.5\n", "")
                .getBytes(StandardCharsets.UTF_8), "f.yaml", into, user)).hasMessageStartingWith("f.yaml, line 1, field hopper.computeFraction: missing");
        assertThatThrownBy(() -> FactorTable.parse("- a\n- b\n".getBytes(StandardCharsets.UTF_8), "f.yaml", into, user))
                .hasMessageMatching("f\\.yaml(, line 1)?: valid: a mapping with the fields ampere, hopper, ada, tpu \\(kiq .*");
        assertThatThrownBy(() -> FactorTable.parse("a: [\n".getBytes(StandardCharsets.UTF_8), "f.yaml", into, user))
                .hasMessageMatching("f\\.yaml, line \\d+: not a valid factors file: while parsing a flow node: expected the node content, but found .*")
                .hasMessageEndingWith("; valid: the file kiq calibrate --from writes (kiq calibrate --reset removes it).");
        assertThatThrownBy(() -> FactorTable.parse(new byte[0], "empty.yaml", into, user))
                .hasMessage("empty.yaml: the file is empty; valid: the file kiq calibrate --from writes (kiq calibrate --reset removes it).");
        assertThat(into).isEmpty();
        // what the wizard says: the same problem without the command-line advice
        assertThatThrownBy(() -> FactorTable.parse(ONE_FAMILY.replace("computeFraction: 0.5", "computeFraction: banana")
                .getBytes(StandardCharsets.UTF_8), "f.yaml", into, user)).isInstanceOfSatisfying(FactorTable.DamagedCalibration.class,
                d -> {
                    assertThat(d.source()).isEqualTo("f.yaml");
                    assertThat(d.line()).isEqualTo(3);
                    assertThat(d.field()).hasValue("hopper.computeFraction");
                    assertThat(d.problem()).isEqualTo("\"banana\" is not a number; valid: a finite number");
                });
        assertThatThrownBy(() -> FactorTable.parse(new byte[0], "empty.yaml", into, user))
                .isInstanceOfSatisfying(FactorTable.DamagedCalibration.class, d -> assertThat(d.problem()).isEqualTo("the file is empty"));
        assertThatThrownBy(() -> FactorTable.parse("a: [\n".getBytes(StandardCharsets.UTF_8), "f.yaml", into, user))
                .isInstanceOfSatisfying(FactorTable.DamagedCalibration.class, d -> assertThat(d.problem())
                        .startsWith("not a valid factors file: while parsing a flow node").doesNotContain("kiq calibrate"));
    }
}
