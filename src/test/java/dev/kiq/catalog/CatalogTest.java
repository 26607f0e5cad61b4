package dev.kiq.catalog;

import dev.kiq.KiqException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CatalogTest {

    private final Catalog catalog = Catalog.bundled();

    @Test
    void bundledCatalogHoldsTheEightSeedModels() {
        assertThat(catalog.models()).extracting(ModelArchitecture::id).containsExactlyInAnyOrder(
                "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B",
                "google/gemma-2-27b-it",
                "google/gemma-2-2b-it",
                "meta-llama/Llama-3.2-1B-Instruct",
                "meta-llama/Llama-3.3-70B-Instruct",
                "meta-llama/Meta-Llama-3-8B",
                "mistralai/Mixtral-8x22B-Instruct-v0.1",
                "mistralai/Mixtral-8x7B-Instruct-v0.1");
    }

    @Test
    void modelsCarryTheirConfigJsonArchitecture() {
        ModelArchitecture gemma = catalog.model("google/gemma-2-27b-it");
        assertThat(gemma.numLayers()).isEqualTo(46);
        assertThat(gemma.hiddenSize()).isEqualTo(4608);
        assertThat(gemma.headDim()).isEqualTo(128);
        assertThat(gemma.numKeyValueHeads()).isEqualTo(16);
        assertThat(gemma.tiedEmbeddings()).isTrue();
        assertThat(gemma.slidingWindow()).contains(4096);
        assertThat(gemma.slidingWindowLayers()).isEqualTo(23);
        assertThat(gemma.kvBytesPerToken()).isEqualTo(376_832);

        ModelArchitecture mixtral = catalog.model("mistralai/Mixtral-8x7B-Instruct-v0.1");
        assertThat(mixtral.isMoe()).isTrue();
        assertThat(mixtral.numExperts()).isEqualTo(8);
        assertThat(mixtral.expertsPerToken()).isEqualTo(2);
        assertThat(mixtral.parameterCount() / 1e9).isCloseTo(46.7, within(0.05));
        assertThat(mixtral.activeParameterCount() / 1e9).isCloseTo(12.9, within(0.05));

        ModelArchitecture deepseek = catalog.model("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B");
        assertThat(deepseek.kvBytesPerToken()).isEqualTo(57_344);
        assertThat(deepseek.slidingWindow()).isEmpty();
        assertThat(deepseek.activeParameterCount()).isEqualTo(deepseek.parameterCount());
    }

    @Test
    void modelLookupIgnoresCaseLikeTheHub() {
        assertThat(catalog.model("meta-llama/llama-3.2-1b-instruct").id()).isEqualTo("meta-llama/Llama-3.2-1B-Instruct");
    }

    @Test
    void unknownModelSuggestsTheClosestIdAndListsTheValidOnes() {
        assertThatThrownBy(() -> catalog.model("gemma-2-27b"))
                .isInstanceOf(KiqException.class)
                .hasMessageContaining("Unknown model \"gemma-2-27b\"")
                .hasMessageContaining("did you mean \"google/gemma-2-27b-it\"?")
                .hasMessageContaining("meta-llama/Meta-Llama-3-8B")
                .hasMessageContaining("mistralai/Mixtral-8x22B-Instruct-v0.1");
    }

    @Test
    void misspelledModelNameIsMatchedByEditDistance() {
        assertThatThrownBy(() -> catalog.model("mistralai/Mixtral-8x7B-Instruct-v0.2"))
                .hasMessageContaining("did you mean \"mistralai/Mixtral-8x7B-Instruct-v0.1\"?");
        assertThatThrownBy(() -> catalog.model("Llama-3.3-70B"))
                .hasMessageContaining("did you mean \"meta-llama/Llama-3.3-70B-Instruct\"?");
    }

    @Test
    void unknownAcceleratorSuggestsTheClosestLabel() {
        assertThatThrownBy(() -> catalog.accelerator("h100"))
                .isInstanceOf(KiqException.class)
                .hasMessageContaining("did you mean \"nvidia-h100-80gb\"?")
                .hasMessageContaining("tpu-v6e-slice");
        assertThatThrownBy(() -> catalog.accelerator("nvidia-l5"))
                .hasMessageContaining("did you mean \"nvidia-l4\"?");
    }

    @Test
    void commonAcceleratorNamesSuggestTheirGkeLabel() {
        assertThatThrownBy(() -> catalog.accelerator("v5e")).hasMessageContaining("did you mean \"tpu-v5-lite-podslice\"?");
        assertThatThrownBy(() -> catalog.accelerator("A100")).hasMessageContaining("did you mean \"nvidia-tesla-a100\"?");
        assertThatThrownBy(() -> catalog.accelerator("a100-80")).hasMessageContaining("did you mean \"nvidia-a100-80gb\"?");
        assertThatThrownBy(() -> catalog.accelerator("trillium")).hasMessageContaining("did you mean \"tpu-v6e-slice\"?");
    }

    @Test
    void nonsenseIdGetsNoSuggestionButTheValidList() {
        assertThatThrownBy(() -> catalog.accelerator("quantum-abacus-9000"))
                .hasMessageNotContaining("did you mean")
                .hasMessageContaining("Valid accelerators: nvidia-l4,");
    }

    @Test
    void acceleratorsCarryHardwareAndPricedMachinesPerCount() {
        assertThat(catalog.accelerators()).extracting(Accelerator::id).contains(
                "nvidia-l4", "nvidia-tesla-a100", "nvidia-a100-80gb", "nvidia-h100-80gb", "nvidia-h200-141gb",
                "tpu-v5-lite-podslice", "tpu-v6e-slice");

        Accelerator h100 = catalog.accelerator("nvidia-h100-80gb");
        assertThat(h100.family()).isEqualTo(Accelerator.Family.GPU);
        assertThat(h100.memoryGb()).isEqualTo(80);
        assertThat(h100.memoryBandwidthGBps()).isEqualTo(3350);
        assertThat(h100.bf16Tflops()).isEqualTo(989);
        assertThat(h100.fp8Tflops()).contains(1979.0);
        assertThat(h100.interconnectGBps()).isEqualTo(450);
        MachineType oneGpu = h100.machineFor(1).orElseThrow();
        assertThat(oneGpu.name()).isEqualTo("a3-highgpu-1g");
        assertThat(oneGpu.price(PricingModel.ON_DEMAND)).contains(11.0612);
        assertThat(oneGpu.price(PricingModel.CUD_3Y)).contains(4.8580);
        assertThat(h100.pricesSource()).contains("Cyclenerd").contains("2026-07-30");

        assertThat(catalog.accelerator("nvidia-tesla-a100").fp8Tflops()).isEmpty();
        assertThat(catalog.accelerator("nvidia-l4").machineFor(1).orElseThrow().name())
                .as("cheapest 1-GPU machine first").isEqualTo("g2-standard-4");
        assertThat(catalog.accelerator("nvidia-l4").machineFor(4).orElseThrow().name()).isEqualTo("g2-standard-48");
    }

    @Test
    void tpuMachinesCarryTheirTopology() {
        Accelerator v6e = catalog.accelerator("tpu-v6e-slice");
        assertThat(v6e.family()).isEqualTo(Accelerator.Family.TPU);
        assertThat(v6e.machineTypes()).extracting(m -> m.tpuTopology().orElseThrow()).containsExactly("1x1", "2x2", "2x4");
        MachineType eight = v6e.machineFor(8).orElseThrow();
        assertThat(eight.name()).isEqualTo("ct6e-standard-8t");
        assertThat(eight.price(PricingModel.ON_DEMAND)).contains(21.6);
        assertThat(eight.price(PricingModel.CUD_1Y)).contains(15.12);
    }

    @Test
    void unverifiedPricesAreMarkedAsSuch() {
        MachineType h200 = catalog.accelerator("nvidia-h200-141gb").machineFor(8).orElseThrow();
        assertThat(h200.price(PricingModel.ON_DEMAND)).contains(86.76);
        assertThat(h200.priceVerified(PricingModel.ON_DEMAND)).isFalse();
        MachineType v5e = catalog.accelerator("tpu-v5-lite-podslice").machineFor(4).orElseThrow();
        assertThat(v5e.priceVerified(PricingModel.ON_DEMAND)).isTrue();
        assertThat(v5e.priceVerified(PricingModel.SPOT)).isFalse();
        assertThat(catalog.accelerator("nvidia-a100-80gb").machineFor(1).orElseThrow().price(PricingModel.CUD_1Y)).isEmpty();
    }

    @Test
    void vllmVersionsRunOldestToNewestWithImagesPerFamily() {
        ModelServer vllm = catalog.modelServer("vllm");
        assertThat(vllm.versions()).extracting(ModelServerVersion::version).containsExactly("v0.7.2", "v0.11.0", "v0.19.1");
        assertThat(vllm.latest().version()).isEqualTo("v0.19.1");
        ModelServerVersion old = catalog.modelServerVersion("vllm", "v0.7.2");
        assertThat(old.image(Accelerator.Family.GPU)).contains("vllm/vllm-openai:v0.7.2");
        assertThat(old.image(Accelerator.Family.TPU)).as("no v0.7.2 TPU image exists").isEmpty();
        assertThat(vllm.latest().image(Accelerator.Family.TPU)).contains("vllm/vllm-tpu:v0.19.0");
    }

    @Test
    void kvCacheMetricFollowsTheRenameIn092() {
        assertThat(catalog.modelServerVersion("vllm", "v0.7.2").metrics().kvCacheUsage()).isEqualTo("vllm:gpu_cache_usage_perc");
        assertThat(catalog.modelServerVersion("vllm", "v0.11.0").metrics().kvCacheUsage()).isEqualTo("vllm:kv_cache_usage_perc");
        assertThat(catalog.modelServerVersion("vllm", "0.19.1").metrics().kvCacheUsage()).isEqualTo("vllm:kv_cache_usage_perc");
        assertThat(catalog.modelServerVersion("vllm", "v0.7.2").metrics().queueSize()).isEqualTo("vllm:num_requests_waiting");
    }

    @Test
    void validArgsDropRemovedFlags() {
        assertThat(catalog.modelServerVersion("vllm", "v0.7.2").acceptsArg("--num-scheduler-steps")).isTrue();
        assertThat(catalog.modelServerVersion("vllm", "v0.11.0").acceptsArg("--num-scheduler-steps")).isFalse();
        assertThat(catalog.modelServerVersion("vllm", "v0.19.1").acceptsArg("--disable-log-requests")).isFalse();
        assertThat(catalog.modelServerVersion("vllm", "v0.19.1").acceptsArg("--max-num-seqs")).isTrue();
    }

    @Test
    void schedulerDefaultsDependOnVersionAndAccelerator() {
        SchedulerDefaults v0OnA100 = catalog.modelServerVersion("vllm", "v0.7.2").schedulerDefaults("nvidia-tesla-a100").orElseThrow();
        assertThat(v0OnA100.maxNumSeqs()).isEqualTo(256);
        assertThat(v0OnA100.gpuMemoryUtilization()).isEqualTo(0.9);
        assertThat(v0OnA100.blockSize()).isEqualTo(16);
        assertThat(v0OnA100.chunkedPrefill(8192)).as("V0 chunks prefill only above 32k context").isFalse();
        assertThat(v0OnA100.effectiveMaxNumBatchedTokens(8192)).isEqualTo(8192);
        assertThat(v0OnA100.chunkedPrefill(131072)).isTrue();
        assertThat(v0OnA100.effectiveMaxNumBatchedTokens(131072)).isEqualTo(2048);

        ModelServerVersion v1 = catalog.modelServerVersion("vllm", "v0.11.0");
        SchedulerDefaults h100 = v1.schedulerDefaults("nvidia-h100-80gb").orElseThrow();
        assertThat(h100.maxNumSeqs()).isEqualTo(1024);
        assertThat(h100.effectiveMaxNumBatchedTokens(8192)).isEqualTo(8192);
        assertThat(v1.schedulerDefaults("nvidia-l4").orElseThrow().effectiveMaxNumBatchedTokens(4096)).isEqualTo(2048);
        SchedulerDefaults v5e = v1.schedulerDefaults("tpu-v5-lite-podslice").orElseThrow();
        assertThat(v5e.maxNumBatchedTokens()).isEqualTo(512);
        assertThat(v5e.effectiveMaxNumSeqs(4096)).isEqualTo(256);
        assertThat(catalog.modelServerVersion("vllm", "v0.7.2").schedulerDefaults("tpu-v6e-slice")).isEmpty();
    }

    @Test
    void everyVersionHasSchedulerDefaultsForEveryAcceleratorItHasAnImageFor() {
        for (ModelServerVersion version : catalog.modelServer("vllm").versions()) {
            for (Accelerator accelerator : catalog.accelerators()) {
                boolean hasImage = version.image(accelerator.family()).isPresent();
                assertThat(version.schedulerDefaults(accelerator.id()).isPresent())
                        .as(version.version() + " on " + accelerator.id()).isEqualTo(hasImage);
            }
        }
    }

    @Test
    void unknownServerVersionListsTheValidVersions() {
        assertThatThrownBy(() -> catalog.modelServerVersion("vllm", "v0.7.3"))
                .hasMessageContaining("did you mean \"v0.7.2\"?")
                .hasMessageContaining("v0.7.2, v0.11.0, v0.19.1");
        assertThatThrownBy(() -> catalog.modelServer("vlm")).hasMessageContaining("did you mean \"vllm\"?");
    }

    @Test
    void closestIdPrefersFewestMissingCharacters() {
        assertThat(ClosestId.find("gemma-2-2b", List.of("google/gemma-2-27b-it", "google/gemma-2-2b-it")))
                .contains("google/gemma-2-2b-it");
        assertThat(ClosestId.editDistance("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void catalogDirectoryWithAMissingFieldNamesFileEntryAndField(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        copyBundled(dir);
        java.nio.file.Path models = dir.resolve(Catalog.MODELS_FILE);
        java.nio.file.Files.writeString(models, java.nio.file.Files.readString(models).replaceFirst("    hiddenSize: 4608\n", ""));
        assertThatThrownBy(() -> Catalog.load(dir))
                .isInstanceOf(KiqException.class)
                .hasMessage("Catalog file models.yaml: google/gemma-2-27b-it needs field \"hiddenSize\" as an integer.");
    }

    @Test
    void schedulerDefaultsForAnUnknownAcceleratorAreRejected(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        copyBundled(dir);
        java.nio.file.Path servers = dir.resolve(Catalog.MODEL_SERVERS_FILE);
        java.nio.file.Files.writeString(servers, java.nio.file.Files.readString(servers).replace("nvidia-l4: {}", "nvidia-l5: {}"));
        assertThatThrownBy(() -> Catalog.load(dir))
                .hasMessageContaining("vllm v0.7.2 has scheduler defaults for \"nvidia-l5\"")
                .hasMessageContaining("valid: nvidia-l4,");
    }

    @Test
    void tpuMachineWithAWrongTopologyIsRejected(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        copyBundled(dir);
        java.nio.file.Path accelerators = dir.resolve(Catalog.ACCELERATORS_FILE);
        java.nio.file.Files.writeString(accelerators, java.nio.file.Files.readString(accelerators)
                .replace("name: ct6e-standard-8t, acceleratorCount: 8, tpuTopology: \"2x4\"", "name: ct6e-standard-8t, acceleratorCount: 8, tpuTopology: \"2x2\""));
        assertThatThrownBy(() -> Catalog.load(dir)).hasMessageContaining("machine type ct6e-standard-8t of tpu-v6e-slice");
    }

    @Test
    void catalogLoadedFromADirectoryEqualsTheBundledOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        copyBundled(dir);
        Catalog copy = Catalog.load(dir);
        assertThat(copy.models()).isEqualTo(catalog.models());
        assertThat(copy.accelerators()).isEqualTo(catalog.accelerators());
        assertThat(copy.modelServers()).isEqualTo(catalog.modelServers());
    }

    private static void copyBundled(java.nio.file.Path dir) throws Exception {
        for (String file : List.of(Catalog.MODELS_FILE, Catalog.ACCELERATORS_FILE, Catalog.MODEL_SERVERS_FILE)) {
            try (var in = CatalogTest.class.getResourceAsStream(Catalog.RESOURCE_DIR + file)) {
                java.nio.file.Files.write(dir.resolve(file), in.readAllBytes());
            }
        }
    }
}
