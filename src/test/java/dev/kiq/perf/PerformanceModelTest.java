package dev.kiq.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiq.KiqException;
import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.SchedulerDefaults;
import dev.kiq.perf.EfficiencyFactors.Family;
import dev.kiq.profile.Basis;
import dev.kiq.profile.ModelAccuracy;
import dev.kiq.profile.Profile;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PerformanceModelTest {

    private static final Catalog CATALOG = Catalog.bundled();

    private static SchedulerDefaults v072(String accelerator) {
        return CATALOG.modelServerVersion("vllm", "v0.7.2").schedulerDefaults(accelerator).orElseThrow();
    }

    private static Profile llama1bOnH100(FactorTable factors) {
        return PerformanceModel.profile(CATALOG.model("meta-llama/Llama-3.2-1B-Instruct"), CATALOG.accelerator("nvidia-h100-80gb"),
                1, CATALOG.modelServer("vllm"), CATALOG.modelServerVersion("vllm", "v0.7.2"), PerformanceModel.DEFAULT_SEED, 200,
                "2026-12-01", factors);
    }

    @Test
    void aProfileModeledWithFittedFactorsCarriesItsFamilysCrossValidatedErrorAndWithPriorsNone() {
        // fitted (calibrated) factors: the basis and expected error are the accuracy file's for the accelerator
        FactorTable fitted = FactorTable.of(Map.of(Family.HOPPER, EfficiencyFactors.HOPPER_PRIOR.withBasis(true, "a fit")));
        var provenance = llama1bOnH100(fitted).provenance();
        ModelAccuracy.Uncertainty expected = ModelAccuracy.bundled().uncertainty("nvidia-h100-80gb");
        assertThat(provenance.basis()).isEqualTo(expected.basis());
        assertThat(provenance.expectedError()).isEqualTo(expected.expectedError());
        // the prior estimates were never fitted: no error is known, whatever the accuracy file says of the family
        var prior = llama1bOnH100(FactorTable.of(Map.of())).provenance();
        assertThat(prior.basis()).isEqualTo(Basis.uncalibrated);
        assertThat(prior.accuracyLabel()).isEqualTo("uncalibrated");
    }

    @Test
    void gemma27bNeedsOneH100TwoA100sOrFourL4s() {
        var gemma = CATALOG.model("google/gemma-2-27b-it");
        assertThat(PerformanceModel.smallestFittingCount(gemma, CATALOG.accelerator("nvidia-h100-80gb"), v072("nvidia-h100-80gb"))).contains(1);
        assertThat(PerformanceModel.smallestFittingCount(gemma, CATALOG.accelerator("nvidia-tesla-a100"), v072("nvidia-tesla-a100"))).contains(2);
        assertThat(PerformanceModel.smallestFittingCount(gemma, CATALOG.accelerator("nvidia-l4"), v072("nvidia-l4"))).contains(4);
    }

    @Test
    void aModelThatDoesNotFitNamesRequiredAndAvailableMemoryAndTheSmallestCount() {
        var gemma = CATALOG.model("google/gemma-2-27b-it");
        assertThatThrownBy(() -> PerformanceModel.requireSetup(gemma, CATALOG.accelerator("nvidia-l4"), 2, v072("nvidia-l4")))
                .isInstanceOf(KiqException.class)
                .hasMessageContaining("does not fit on 2x nvidia-l4")
                .hasMessageContaining("needs 3")
                .hasMessageContaining("GB usable")
                .hasMessageContaining("smallest count that fits is 4");
    }

    @Test
    void tensorParallelSizeMustDivideTheAttentionHeads() {
        var deepseek = CATALOG.model("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B"); // 28 heads
        assertThatThrownBy(() -> PerformanceModel.requireSetup(deepseek, CATALOG.accelerator("nvidia-h100-80gb"), 8,
                v072("nvidia-h100-80gb")))
                .hasMessageContaining("28 attention heads").hasMessageContaining("smallest count that fits is 1");
    }

    @Test
    void versionWithoutAnImageForTheFamilyIsRefusedNamingTheVersionsThatHaveOne() {
        var server = CATALOG.modelServer("vllm");
        assertThatThrownBy(() -> PerformanceModel.schedulerDefaults(server, CATALOG.modelServerVersion("vllm", "v0.7.2"),
                CATALOG.accelerator("tpu-v6e-slice")))
                .hasMessageContaining("v0.7.2 does not run on tpu-v6e-slice").hasMessageContaining("v0.19.1");
    }

    @Test
    void maxModelLenShrinksToWhatTheKvCacheHolds() {
        var deepseek = CATALOG.model("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B");
        ServingSetup onL4 = PerformanceModel.setup(deepseek, CATALOG.accelerator("nvidia-l4"), 1, v072("nvidia-l4")).orElseThrow();
        assertThat(onL4.maxModelLen()).isLessThan(131072);
        assertThat(onL4.memoryPlan().kvCapacityTokens()).isGreaterThanOrEqualTo(onL4.maxModelLen());
        ServingSetup onA100 = PerformanceModel.setup(deepseek, CATALOG.accelerator("nvidia-tesla-a100"), 1,
                v072("nvidia-tesla-a100")).orElseThrow();
        assertThat(onA100.maxModelLen()).isEqualTo(131072);
        assertThat(onA100.chunkedPrefill()).isTrue();
        assertThat(onA100.maxNumBatchedTokens()).isEqualTo(2048);
        assertThat(onA100.maxNumSeqs()).isEqualTo(256);
    }

    @Test
    void sameSeedGivesTheSameProfileAndAnotherSeedADifferentOne() {
        var model = CATALOG.model("meta-llama/Llama-3.2-1B-Instruct");
        var acc = CATALOG.accelerator("nvidia-l4");
        var server = CATALOG.modelServer("vllm");
        var version = server.latest();
        var a = PerformanceModel.profile(model, acc, 1, server, version, 1, 400, "2026-01-01");
        var b = PerformanceModel.profile(model, acc, 1, server, version, 1, 400, "2026-01-01");
        var c = PerformanceModel.profile(model, acc, 1, server, version, 2, 400, "2026-01-01");
        assertThat(a).isEqualTo(b);
        assertThat(a.performanceStats()).isNotEqualTo(c.performanceStats());
        assertThat(a.performanceStats()).hasSizeGreaterThanOrEqualTo(12);
        assertThat(a.knee()).isPresent();
    }

    @Test
    void sweepGoesFromLightLoadToPastSaturation() {
        var p = PerformanceModel.profile(CATALOG.model("meta-llama/Meta-Llama-3-8B"), CATALOG.accelerator("nvidia-h100-80gb"), 1,
                CATALOG.modelServer("vllm"), CATALOG.modelServerVersion("vllm", "v0.7.2"), 42, 2000, "2026-01-01");
        var first = p.performanceStats().get(0);
        var last = p.performanceStats().get(p.performanceStats().size() - 1);
        assertThat(first.queueSize()).isLessThan(0.1);
        assertThat(last.queueSize()).isGreaterThan(10);
        assertThat(last.ntpotMilliseconds()).isGreaterThan(3 * first.ntpotMilliseconds());
        assertThat(last.queriesPerSecond()).isGreaterThan(p.knee().orElseThrow().queriesPerSecond());
        for (int i = 1; i < p.performanceStats().size(); i++) {
            assertThat(p.performanceStats().get(i).queriesPerSecond()).isGreaterThan(p.performanceStats().get(i - 1).queriesPerSecond());
        }
    }
}
