package dev.kiq.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.catalog.Accelerator;
import dev.kiq.catalog.Catalog;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileRepository;
import dev.kiq.recommend.ProfileSelection;
import dev.kiq.recommend.Recommender;
import dev.kiq.recommend.Targets;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Manifests for every profile kiq ships, on both platforms, with and without a target. */
class ShippedManifestsTest {

    @Test
    void everyShippedProfileGivesManifestsThatParseBackIntoTheSameObjects() {
        Catalog catalog = Catalog.bundled();
        List<Profile> shipped = ProfileRepository.shipped().profiles();
        ProfileSelection selection = new ProfileSelection(shipped, catalog);
        Recommender recommender = Recommender.standard();
        ManifestPlanner planner = new ManifestPlanner(catalog, selection, recommender);
        int documents = 0;
        for (Profile p : shipped) {
            Accelerator accelerator = catalog.findAccelerator(p.acceleratorType()).orElseThrow();
            PerformancePoint knee = recommender.knee(p).orElseThrow();
            double target = (p.performanceStats().get(0).ntpotMilliseconds() + knee.ntpotMilliseconds()) / 2;
            for (Platform platform : Platform.values()) {
                if (platform == Platform.KUBERNETES && accelerator.family() == Accelerator.Family.TPU) {
                    continue;
                }
                for (Targets targets : List.of(Targets.none(), Targets.ntpot(target))) {
                    var choice = new ManifestPlanner.Choice(p.modelServerInfo().model(), p.modelServerInfo().modelServer(),
                            Optional.of(p.modelServerInfo().modelServerVersion()), p.acceleratorType(), targets,
                            Optional.empty(), OptionalDouble.empty(), "default", platform, Optional.empty());
                    Manifests m = planner.create(choice, Instant.parse("2026-11-26T00:00:00Z"), "kiq test");
                    List<HasMetadata> parsed = ManifestYaml.parse(m.text(OutputMode.ALL));
                    assertThat(parsed).as(p.key() + " " + platform).hasSize(targets.isEmpty() ? 3 : 4);
                    assertThat(parsed).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(m.objects());
                    Deployment d = (Deployment) parsed.get(0);
                    var container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
                    assertThat(container.getArgs()).contains("--tensor-parallel-size=" + p.acceleratorCount());
                    String resource = accelerator.family() == Accelerator.Family.TPU ? "google.com/tpu" : "nvidia.com/gpu";
                    assertThat(container.getResources().getLimits().get(resource).getAmount())
                            .isEqualTo(Integer.toString(p.acceleratorCount()));
                    assertThat(container.getImage()).isEqualTo(catalog.findModelServer("vllm").orElseThrow()
                            .version(p.modelServerInfo().modelServerVersion()).orElseThrow().images().get(accelerator.family()));
                    documents += parsed.size();
                }
            }
        }
        assertThat(documents).isGreaterThan(300);
    }
}
