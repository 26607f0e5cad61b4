package dev.kiq.manifest;

import java.util.Map;
import java.util.Optional;

/**
 * The {@code nvidia.com/gpu.product} node label that the NVIDIA GPU operator's GPU feature discovery sets,
 * per GKE accelerator label. Values as seen on nodes in public manifests; the H200 string varies with the
 * board (SXM/NVL), so the comments tell the user how to check it.
 */
final class GpuOperatorLabels {

    private static final Map<String, String> PRODUCTS = Map.of(
            "nvidia-l4", "NVIDIA-L4",
            "nvidia-tesla-t4", "Tesla-T4",
            "nvidia-tesla-a100", "NVIDIA-A100-SXM4-40GB",
            "nvidia-a100-80gb", "NVIDIA-A100-SXM4-80GB",
            "nvidia-h100-80gb", "NVIDIA-H100-80GB-HBM3",
            "nvidia-h200-141gb", "NVIDIA-H200",
            "nvidia-b200", "NVIDIA-B200");

    private GpuOperatorLabels() {
    }

    static Optional<String> product(String gkeAcceleratorLabel) {
        return Optional.ofNullable(PRODUCTS.get(gkeAcceleratorLabel));
    }
}
