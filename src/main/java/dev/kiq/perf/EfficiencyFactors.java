package dev.kiq.perf;

import dev.kiq.catalog.Accelerator;

/**
 * How much of an accelerator's data-sheet speed vLLM achieves, and what each scheduler iteration
 * costs beyond the roofline. These are the performance model's only tuned numbers; they are the
 * same for every model, and each is documented with its origin in {@code docs/performance-model.md}.
 *
 * @param bandwidthFraction   achievable fraction of peak memory bandwidth for weight/KV streaming
 * @param computeFraction     achievable fraction of dense BF16 (or FP8) peak for the iteration's GEMMs and attention
 * @param iterationOverheadMs fixed time per scheduler iteration: kernel launches, synchronisation,
 *                            the engine loop
 * @param sequenceOverheadUs  host time per scheduled sequence and iteration: scheduling, block tables,
 *                            input preparation, sampling and output processing in Python (vLLM V0)
 * @param allReduceLatencyUs  start-up latency of one tensor-parallel all-reduce
 * @param interconnectFraction achievable fraction of the per-direction interconnect bandwidth for all-reduce
 * @param calibrated          whether the factors were fitted to published measurements (see {@link Calibration});
 *                            uncalibrated factors are estimates borrowed from the closest calibrated generation
 * @param basis               one line saying where the numbers come from
 */
public record EfficiencyFactors(
        double bandwidthFraction,
        double computeFraction,
        double iterationOverheadMs,
        double sequenceOverheadUs,
        double allReduceLatencyUs,
        double interconnectFraction,
        boolean calibrated,
        String basis) {

    /**
     * Ampere (A100 40 GB and 80 GB): compute fraction and iteration overhead fitted to the published
     * DeepSeek-R1-Distill-Qwen-7B knee on 1x A100 40 GB with vLLM v0.7.2 (3357 tok/s at 72 ms NTPOT).
     */
    public static final EfficiencyFactors AMPERE = new EfficiencyFactors(
            0.80, 0.66, 24.0, 40.0, 8.0, 0.70, true,
            "fitted to the published DeepSeek-R1-Distill-Qwen-7B knee on 1x nvidia-tesla-a100 (vLLM v0.7.2)");

    /**
     * Hopper (H100 80 GB, H200 141 GB): compute fraction and iteration overhead fitted to the published
     * DeepSeek-R1-Distill-Qwen-7B knee on 1x H100 80 GB with vLLM v0.7.2 (6934 tok/s at 30 ms NTPOT).
     */
    public static final EfficiencyFactors HOPPER = new EfficiencyFactors(
            0.80, 0.44, 6.0, 40.0, 8.0, 0.70, true,
            "fitted to the published DeepSeek-R1-Distill-Qwen-7B knee on 1x nvidia-h100-80gb (vLLM v0.7.2)");

    /**
     * Ada (L4) and other PCIe GPUs, uncalibrated: the mean of the Ampere and Hopper fractions and
     * overheads; all-reduce over PCIe with a higher latency.
     */
    public static final EfficiencyFactors ADA_PCIE = new EfficiencyFactors(
            0.80, 0.55, 15.0, 40.0, 20.0, 0.70, false,
            "uncalibrated: mean of the calibrated Ampere and Hopper factors; PCIe all-reduce latency estimated");

    /**
     * Cloud TPU (v5e, v6e), uncalibrated estimates: no published vLLM TPU knee was available.
     * Slightly lower bandwidth fraction than GPUs (XLA's paged attention), Hopper's overheads.
     */
    public static final EfficiencyFactors TPU = new EfficiencyFactors(
            0.75, 0.45, 6.0, 40.0, 10.0, 0.60, false,
            "uncalibrated estimate: no published vLLM TPU measurement was available to fit");

    /** The factors for an accelerator, chosen by its generation (see the constants). */
    public static EfficiencyFactors forAccelerator(Accelerator accelerator) {
        String id = accelerator.id();
        if (accelerator.family() == Accelerator.Family.TPU || id.startsWith("tpu-")) {
            return TPU;
        }
        if (id.contains("a100")) {
            return AMPERE;
        }
        if (id.contains("h100") || id.contains("h200") || id.contains("b200")) {
            return HOPPER;
        }
        return ADA_PCIE;
    }
}
