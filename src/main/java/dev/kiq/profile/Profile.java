package dev.kiq.profile;

import java.util.List;
import java.util.Optional;

/**
 * A latency profile: one (model, server, version, accelerator type, count [TPU topology]) with its
 * curve of performance points sorted by offered rate. Field names follow gkerecommender v1 in
 * camelCase, plus kiq's provenance.
 *
 * @param tpuTopology  e.g. {@code 2x4} for TPU profiles, empty for GPUs
 * @param instanceType GCP machine type one replica runs on, e.g. {@code a3-highgpu-1g}
 * @param serverConfig the model-server settings the curve was produced with (args for the manifest)
 * @param knee         the saturation point of the curve as found by {@link KneeDetector},
 *                     stored so readers of the file see it; recomputed by the recommendation engine
 */
public record Profile(
        ModelServerInfo modelServerInfo,
        String acceleratorType,
        Optional<String> tpuTopology,
        String instanceType,
        ResourcesUsed resourcesUsed,
        List<PerformancePoint> performanceStats,
        Provenance provenance,
        ServerConfig serverConfig,
        Optional<PerformancePoint> knee) {

    public Profile {
        performanceStats = List.copyOf(performanceStats);
    }

    public int acceleratorCount() {
        return resourcesUsed.acceleratorCount();
    }

    /**
     * kiq's calibration's basis and errors for this profile's accelerator when this modeled profile was modeled with
     * another calibration (an older file in a profile folder); empty otherwise. See {@link Provenance#otherCalibration}.
     */
    public Optional<ModelAccuracy.Uncertainty> otherCalibration() {
        return provenance.otherCalibration(ModelAccuracy.bundled().uncertainty(acceleratorType));
    }

    /** {@link Provenance#accuracyLabel()}, marked when the profile is of another calibration ({@link #otherCalibration()}). */
    public String accuracyLabel() {
        return provenance.accuracyLabel(otherCalibration());
    }

    /** {@link Provenance#accuracySummary()}, marked when the profile is of another calibration ({@link #otherCalibration()}). */
    public String accuracySummary() {
        return provenance.accuracySummary(otherCalibration());
    }

    /** {@link Provenance#accuracyDescription()}, saying so when the profile is of another calibration ({@link #otherCalibration()}). */
    public String accuracyDescription() {
        return provenance.accuracyDescription(otherCalibration());
    }

    /** {@link Provenance#accuracyDescription(String)}, saying so when the profile is of another calibration ({@link #otherCalibration()}). */
    public String accuracyDescription(String latency) {
        return provenance.accuracyDescription(latency, otherCalibration());
    }

    /** The identity a user profile shares with the shipped profile it replaces. */
    public ProfileKey key() {
        return ProfileKey.of(this);
    }
}
