package dev.kiq.ui.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.catalog.Catalog;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileRepository;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Manifests step's dashboard option adds the core's dashboard (the CLI's --dashboards) to the generated text. */
class CoreManifestsDashboardsTest {

    private final CoreManifests manifests = new CoreManifests(Catalog.bundled(), Recommendations.standard(Catalog.bundled()));
    private final Profile a100 = ProfileRepository.shipped().forModel("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "vllm", "v0.7.2")
            .stream().filter(p -> p.acceleratorType().equals("nvidia-tesla-a100") && p.acceleratorCount() == 1).findFirst().orElseThrow();

    private String generate(Optional<String> dashboards) {
        return manifests.generate(new ManifestRequest(a100, Workload.defaults(), "llm", "gke", Optional.empty(), Optional.empty(),
                dashboards));
    }

    @Test
    void grafanaAddsASidecarConfigMapGmpTheGcloudCommandAndNoneNothing() {
        String none = generate(Optional.empty());
        assertThat(none).doesNotContain("dashboard.json");
        String grafana = generate(Optional.of("grafana"));
        assertThat(grafana).contains("kind: ConfigMap").contains("grafana_dashboard: \"1\"").contains("dashboard.json")
                // the v0.7.2 KV-cache gauge's name, not the one renamed at 0.9
                .contains("vllm:gpu_cache_usage_perc").doesNotContain("vllm:kv_cache_usage_perc");
        String gmp = generate(Optional.of("gmp"));
        assertThat(gmp).contains("gcloud monitoring dashboards create").contains("dashboard.json").doesNotContain("grafana_dashboard");
    }
}
