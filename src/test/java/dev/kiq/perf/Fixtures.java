package dev.kiq.perf;

import dev.kiq.catalog.Accelerator;
import dev.kiq.catalog.ModelArchitecture;
import java.util.List;
import java.util.Optional;

/** Catalog records written by hand from shared/data/reference.yaml, for tests independent of the loader. */
final class Fixtures {

    private Fixtures() {
    }

    static final ModelArchitecture DEEPSEEK_7B = new ModelArchitecture(
            "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "qwen2", 7_615_616_512L,
            28, 3584, 28, 4, 128, 18944, 152064, 1, 1, 131072, "bfloat16", false, Optional.empty(), 0);

    static final ModelArchitecture MIXTRAL_8X7B = new ModelArchitecture(
            "mistralai/Mixtral-8x7B-Instruct-v0.1", "mixtral", 46_702_792_704L,
            32, 4096, 32, 8, 128, 14336, 32000, 8, 2, 32768, "bfloat16", false, Optional.empty(), 0);

    static final ModelArchitecture GEMMA_2_27B = new ModelArchitecture(
            "google/gemma-2-27b-it", "gemma2", 27_227_128_320L,
            46, 4608, 32, 16, 128, 36864, 256000, 1, 1, 8192, "bfloat16", true, Optional.of(4096), 23);

    static final Accelerator A100_40 = new Accelerator("nvidia-tesla-a100", "NVIDIA A100 40GB SXM4",
            Accelerator.Family.GPU, 40, 1555, 312, Optional.empty(), 300, "NVLink 3", List.of(), "test");

    static final Accelerator H100_80 = new Accelerator("nvidia-h100-80gb", "NVIDIA H100 80GB SXM5",
            Accelerator.Family.GPU, 80, 3350, 989, Optional.of(1979.0), 450, "NVLink 4", List.of(), "test");

    static final Accelerator L4 = new Accelerator("nvidia-l4", "NVIDIA L4",
            Accelerator.Family.GPU, 24, 300, 121, Optional.of(242.0), 32, "PCIe Gen4", List.of(), "test");

    /** vLLM v0.7.2 (V0) defaults for a model: chunked prefill with a 2048 budget above 32k context. */
    static ServingSetup v072(ModelArchitecture m, Accelerator a, int count) {
        boolean chunked = m.maxContext() > 32768 && m.slidingWindow().isEmpty();
        int budget = chunked ? 2048 : Math.max(m.maxContext(), 2048);
        return new ServingSetup(m, a, count, 256, budget, chunked, 0.9, m.maxContext(), 16);
    }
}
