package dev.kiq.catalog;

import java.util.List;
import java.util.Optional;

/**
 * An accelerator type, keyed by its GKE node label.
 *
 * @param id                    GKE label, e.g. {@code nvidia-h100-80gb} or {@code tpu-v6e-slice}
 * @param memoryGb              memory per chip, GB (1e9 bytes)
 * @param memoryBandwidthGBps   per chip, GB/s
 * @param bf16Tflops            dense BF16 per chip
 * @param fp8Tflops             dense FP8 per chip, empty when unsupported
 * @param interconnectGBps      per-direction chip-to-chip bandwidth used by tensor parallelism
 * @param machineTypes          machines that carry 1, 2, 4, 8… of these, with prices
 * @param pricesSource          where the prices come from, and as of when
 */
public record Accelerator(
        String id,
        String product,
        Family family,
        double memoryGb,
        double memoryBandwidthGBps,
        double bf16Tflops,
        Optional<Double> fp8Tflops,
        double interconnectGBps,
        String interconnect,
        List<MachineType> machineTypes,
        String pricesSource) {

    public enum Family {
        GPU, TPU
    }

    public Accelerator {
        machineTypes = List.copyOf(machineTypes);
    }

    /** The cheapest-first machine type carrying exactly {@code count} accelerators. */
    public Optional<MachineType> machineFor(int count) {
        return machineTypes.stream().filter(m -> m.acceleratorCount() == count).findFirst();
    }
}
