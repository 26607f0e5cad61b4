package dev.kiq.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiq.KiqException;
import dev.kiq.catalog.Accelerator;
import dev.kiq.catalog.ModelServerVersion;
import dev.kiq.profile.Profile;
import dev.kiq.recommend.CurveFixtures;
import dev.kiq.recommend.Recommender;
import dev.kiq.recommend.ServingPlan;
import dev.kiq.recommend.Targets;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * Golden files: {@code src/test/resources/dev/kiq/manifest/golden}. After an intended change, regenerate
 * them with {@code ./mvnw test -Dtest=ManifestGeneratorTest -Dkiq.updateGolden=true} and review the diff.
 */
class ManifestGeneratorTest {

    private static final Path GOLDEN = Path.of("src/test/resources/dev/kiq/manifest/golden");
    private static final Instant AT = Instant.parse("2026-11-26T18:00:00Z");

    private final ManifestGenerator generator = new ManifestGenerator();

    static ManifestRequest request(Profile profile, Accelerator accelerator, ModelServerVersion version, Targets targets,
            Platform platform, Optional<String> bucket, OptionalDouble expectedQps, int kneeIndex) {
        ServingPlan plan = ServingPlan.of(new Recommender(p -> kneeIndex), profile, targets, Optional.empty(),
                version.metrics(), Optional.empty(), expectedQps);
        return new ManifestRequest(profile, accelerator, version, plan.operatingPoint(), "default", platform,
                plan.replicas(), plan.hpa(), bucket, AT, "kiq test");
    }

    private static ManifestRequest gpuV072(Targets targets, Platform platform) {
        return request(CurveFixtures.deepseekOnA100(), CurveFixtures.a100(), ManifestFixtures.vllmV072(), targets,
                platform, Optional.empty(), OptionalDouble.empty(), CurveFixtures.KNEE_INDEX);
    }

    private static ManifestRequest gpuCurrent(Targets targets, Platform platform, Optional<String> bucket) {
        return request(ManifestFixtures.withVersion(CurveFixtures.deepseekOnA100(), "v0.11.0"), CurveFixtures.a100(),
                ManifestFixtures.vllmV0110(), targets, platform, bucket, OptionalDouble.of(40), CurveFixtures.KNEE_INDEX);
    }

    private static ManifestRequest tpuCurrent(Targets targets) {
        return request(ManifestFixtures.llama70bOnV6e(), ManifestFixtures.v6e(), ManifestFixtures.vllmV0110(), targets,
                Platform.GKE, Optional.empty(), OptionalDouble.empty(), 3);
    }

    @Test
    void gpuOnGkeWithNtpotTargetMatchesGolden() throws IOException {
        assertGolden("gpu-v0.7.2-gke-ntpot40-hpa.yaml", gpuV072(Targets.ntpot(40), Platform.GKE));
    }

    @Test
    void gpuOnGkeWithoutTargetMatchesGolden() throws IOException {
        assertGolden("gpu-v0.7.2-gke-no-target.yaml", gpuV072(Targets.none(), Platform.GKE));
    }

    @Test
    void currentVllmFromBucketMatchesGolden() throws IOException {
        assertGolden("gpu-v0.11.0-gke-bucket-qps40.yaml",
                gpuCurrent(Targets.none(), Platform.GKE, Optional.of("gs://my-models/deepseek/r1-distill-qwen-7b/")));
    }

    @Test
    void tpuOnGkeWithTargetAboveTheCurveMatchesGolden() throws IOException {
        assertGolden("tpu-v0.11.0-gke-ntpot500-hpa.yaml", tpuCurrent(Targets.ntpot(500)));
    }

    @Test
    void gpuOnKubernetesWithHpaMatchesGolden() throws IOException {
        assertGolden("gpu-v0.7.2-kubernetes-ntpot40-hpa.yaml", gpuV072(Targets.ntpot(40), Platform.KUBERNETES));
    }

    @Test
    void currentGpuOnKubernetesWithoutTargetMatchesGolden() throws IOException {
        assertGolden("gpu-v0.11.0-kubernetes-no-target.yaml", gpuCurrent(Targets.none(), Platform.KUBERNETES, Optional.empty()));
    }

    @Test
    void everyDocumentParsesBackIntoTheSameFabric8Objects() {
        for (ManifestRequest request : List.of(gpuV072(Targets.ntpot(40), Platform.GKE),
                gpuV072(Targets.ntpot(40), Platform.KUBERNETES), tpuCurrent(Targets.ntpot(500)),
                gpuCurrent(Targets.none(), Platform.GKE, Optional.of("gs://models-bucket/m")))) {
            Manifests m = generator.generate(request);
            List<HasMetadata> parsed = ManifestYaml.parse(m.text(OutputMode.ALL));
            assertThat(parsed).hasSameSizeAs(m.objects());
            assertThat(parsed).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(m.objects());
            assertThat(parsed.get(0)).isInstanceOf(Deployment.class);
            assertThat(parsed.get(1)).isInstanceOf(Service.class);
            assertThat(parsed.get(2)).isInstanceOf(GenericKubernetesResource.class);
            if (request.hpa().isPresent()) {
                assertThat(parsed.get(3)).isInstanceOf(HorizontalPodAutoscaler.class);
            }
        }
    }

    @Test
    void hpaOnGkeUsesTheManagedPrometheusMetricAtTheOperatingPoint() {
        Manifests m = generator.generate(gpuV072(Targets.ntpot(40), Platform.GKE));
        HorizontalPodAutoscaler hpa = (HorizontalPodAutoscaler) m.objects().get(3);
        var metric = hpa.getSpec().getMetrics().get(0);
        assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
        assertThat(metric.getType()).isEqualTo("Pods");
        assertThat(metric.getPods().getMetric().getName()).isEqualTo("prometheus.googleapis.com|vllm:num_requests_running|gauge");
        // batch size 38 + 32 × 7/15 = 52.93 at the operating point, minus 20 %
        assertThat(metric.getPods().getTarget().getAverageValue().toString()).isEqualTo("42347m");
        assertThat(metric.getPods().getTarget().getType()).isEqualTo("AverageValue");
    }

    @Test
    void noTargetMeansNoHpa() {
        Manifests m = generator.generate(gpuV072(Targets.none(), Platform.GKE));
        assertThat(m.objects()).extracting(HasMetadata::getKind).containsExactly("Deployment", "Service", "PodMonitoring");
        assertThat(m.text(OutputMode.COMMENTS)).doesNotContain("HorizontalPodAutoscaler").doesNotContain("adapter");
    }

    @Test
    void argsAreOnlyThoseTheVersionAccepts() {
        Deployment v072 = (Deployment) generator.generate(gpuV072(Targets.none(), Platform.GKE)).objects().get(0);
        Deployment v0110 = (Deployment) generator.generate(gpuCurrent(Targets.none(), Platform.GKE, Optional.empty()))
                .objects().get(0);
        assertThat(v072.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .contains("--disable-log-requests", "--tensor-parallel-size=1", "--max-num-seqs=256",
                        "--gpu-memory-utilization=0.9", "--max-model-len=4096");
        assertThat(v0110.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .doesNotContain("--disable-log-requests").contains("--max-num-batched-tokens=2048");
        assertThat(v0110.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("vllm/vllm-openai:v0.11.0");
    }

    @Test
    void outputModesAreRespectedStrictly() {
        Manifests m = generator.generate(gpuV072(Targets.ntpot(40), Platform.GKE));
        String manifest = m.text(OutputMode.MANIFEST);
        String comments = m.text(OutputMode.COMMENTS);
        assertThat(manifest.lines()).noneMatch(l -> l.startsWith("#"));
        assertThat(manifest).endsWith("\n---\n");
        assertThat(comments.lines()).allMatch(l -> l.startsWith("#"));
        assertThat(m.text(OutputMode.ALL)).isEqualTo(manifest + comments);
        assertThat(manifest.split("\n---\n")).hasSize(4);
    }

    @Test
    void everyObjectCarriesTheKiqLabelAndProvenance() {
        for (HasMetadata o : generator.generate(gpuV072(Targets.ntpot(40), Platform.GKE)).objects()) {
            assertThat(o.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "kiq")
                    .containsEntry("ai.gke.io/model", "DeepSeek-R1-Distill-Qwen-7B")
                    .containsEntry("ai.gke.io/inference-server", "vllm");
            assertThat(o.getMetadata().getAnnotations()).containsEntry("kiq.dev/generated-at", "2026-11-26T18:00:00Z")
                    .containsKey("kiq.dev/profile");
            assertThat(o.getMetadata().getNamespace()).isEqualTo("default");
        }
    }

    @Test
    void tpuOnPlainKubernetesIsRefused() {
        ManifestRequest tpu = tpuCurrent(Targets.none());
        ManifestRequest onKubernetes = new ManifestRequest(tpu.profile(), tpu.accelerator(), tpu.serverVersion(),
                tpu.operatingPoint(), "default", Platform.KUBERNETES, 1, Optional.empty(), Optional.empty(), AT, "kiq test");
        assertThatThrownBy(() -> generator.generate(onKubernetes)).isInstanceOf(KiqException.class)
                .hasMessageContaining("only GKE offers");
    }

    @Test
    void bucketMustBeAGsUri() {
        assertThatThrownBy(() -> generator.generate(gpuCurrent(Targets.none(), Platform.GKE, Optional.of("s3://x/y"))))
                .isInstanceOf(KiqException.class).hasMessageContaining("must start with gs://");
        assertThatThrownBy(() -> generator.generate(gpuCurrent(Targets.none(), Platform.KUBERNETES, Optional.of("gs://xyz/y"))))
                .isInstanceOf(KiqException.class).hasMessageContaining("Cloud Storage FUSE");
    }

    private void assertGolden(String name, ManifestRequest request) throws IOException {
        String actual = generator.generate(request).text(OutputMode.ALL);
        Path golden = GOLDEN.resolve(name);
        if (Boolean.getBoolean("kiq.updateGolden") || !Files.exists(golden)) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
