package dev.kiq.ui.service;

import dev.kiq.profile.Profile;
import java.util.Optional;

/**
 * What the manifest generator needs from the wizard.
 *
 * @param platform  {@code gke} or {@code kubernetes}
 * @param hpaMetric {@code queue-size}, {@code batch-size} or {@code kv-cache}; empty lets the engine choose from the workload
 */
public record ManifestRequest(
        Profile profile,
        Workload workload,
        String namespace,
        String platform,
        Optional<String> hpaMetric,
        Optional<String> modelBucketUri) {
}
