package dev.kiq.ui.service;

import dev.kiq.profile.Profile;
import java.util.Optional;

/**
 * What the manifest generator needs from the wizard.
 *
 * @param platform  {@code gke} or {@code kubernetes}
 * @param hpaMetric {@code queue-size}, {@code batch-size} or {@code kv-cache}; empty lets the engine choose from the workload
 * @param dashboards {@code grafana} or {@code gmp} (Google Cloud Monitoring) to add the core's dashboard; empty for none
 */
public record ManifestRequest(
        Profile profile,
        Workload workload,
        String namespace,
        String platform,
        Optional<String> hpaMetric,
        Optional<String> modelBucketUri,
        Optional<String> dashboards) {

    public ManifestRequest(Profile profile, Workload workload, String namespace, String platform, Optional<String> hpaMetric,
                           Optional<String> modelBucketUri) {
        this(profile, workload, namespace, platform, hpaMetric, modelBucketUri, Optional.empty());
    }
}
