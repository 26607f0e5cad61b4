package dev.kiq.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiq.KiqException;
import dev.kiq.catalog.Accelerator;
import dev.kiq.catalog.ModelServerVersion;
import dev.kiq.profile.ModelServerInfo;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.profile.Provenance;
import dev.kiq.profile.ServerConfig;
import dev.kiq.profile.WorkloadShape;
import dev.kiq.recommend.CurveFixtures;
import dev.kiq.recommend.Targets;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The small rules behind the manifests, each against a value worked out by hand from the Kubernetes docs, vLLM's
 * flags or SPEC §5: quantities to the milli-unit, the prometheus-adapter name, the server-settings sentence per
 * kind of profile, the comment wrapping, and every refusal.
 */
class ManifestDetailsTest {

    private static final Instant AT = Instant.parse("2026-11-26T18:00:00Z");
    private final ManifestGenerator generator = new ManifestGenerator();

    private static ManifestRequest request(Profile profile, Accelerator accelerator, ModelServerVersion version,
            Targets targets, Platform platform, int replicas) {
        ManifestRequest r = ManifestGeneratorTest.request(profile, accelerator, version, targets, platform,
                Optional.empty(), OptionalDouble.empty(), CurveFixtures.KNEE_INDEX);
        return new ManifestRequest(r.profile(), r.accelerator(), r.serverVersion(), r.operatingPoint(), r.namespace(),
                r.platform(), replicas, r.hpa(), r.modelBucketUri(), r.generatedAt(), r.generator());
    }

    private static ManifestRequest gpu(Targets targets, Platform platform) {
        return request(CurveFixtures.deepseekOnA100(), CurveFixtures.a100(), ManifestFixtures.vllmV072(), targets, platform, 1);
    }

    private static Profile with(Profile p, String server, String accelerator, Optional<String> topology, Provenance provenance,
            ServerConfig config) {
        return new Profile(new ModelServerInfo(p.modelServerInfo().model(), server, p.modelServerInfo().modelServerVersion()),
                accelerator, topology, p.instanceType(), p.resourcesUsed(), p.performanceStats(), provenance, config, p.knee());
    }

    @Test
    void quantitiesAreWholeUnitsOrMilliUnitsRoundedToTheNearest() {
        assertThat(ManifestGenerator.quantity(2).toString()).isEqualTo("2");
        assertThat(ManifestGenerator.quantity(1.68).toString()).isEqualTo("1680m");
        assertThat(ManifestGenerator.quantity(0.5).toString()).isEqualTo("500m");
        assertThat(ManifestGenerator.quantity(42.3467).toString()).isEqualTo("42347m");
        assertThat(ManifestGenerator.quantity(2.0004).toString()).isEqualTo("2");      // 2000.4 milli rounds to 2000
        assertThat(ManifestGenerator.quantity(2.0006).toString()).isEqualTo("2001m");
        assertThat(ManifestGenerator.quantity(0).toString()).isEqualTo("0");
    }

    @Test
    void hpaMetricIsManagedPrometheusOnGkeAndTheAdapterNameElsewhere() {
        assertThat(ManifestGenerator.metricForHpa(Platform.GKE, "vllm:num_requests_waiting"))
                .isEqualTo("prometheus.googleapis.com|vllm:num_requests_waiting|gauge");
        // the custom metrics API allows no ':' in a metric name
        assertThat(ManifestGenerator.metricForHpa(Platform.KUBERNETES, "vllm:num_requests_waiting"))
                .isEqualTo("vllm_num_requests_waiting");
        assertThat(PrometheusAdapter.rule("vllm:gpu_cache_usage_perc")).contains(
                "  - seriesQuery: 'vllm:gpu_cache_usage_perc{namespace!=\"\",pod!=\"\"}'",
                "      as: vllm_gpu_cache_usage_perc");
    }

    @Test
    void hpaOnPlainKubernetesReadsTheAdapterMetricAndNeverScalesBelowTheInitialReplicas() {
        ManifestRequest r = request(CurveFixtures.deepseekOnA100(), CurveFixtures.a100(), ManifestFixtures.vllmV072(),
                Targets.ntpot(40), Platform.KUBERNETES, 7);
        Manifests m = generator.generate(r);
        var hpa = (io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler) m.objects().get(3);
        assertThat(hpa.getSpec().getMetrics().get(0).getPods().getMetric().getName()).isEqualTo("vllm_num_requests_running");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("deepseek-r1-distill-qwen-7b-vllm");
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        // the HPA of one initial replica allows max(5, 2 × 1) = 5; with 7 initial replicas its maximum is 7
        assertThat(r.hpa().orElseThrow().maxReplicas()).isEqualTo(5);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(7);
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(1);
        assertThat(((Deployment) m.objects().get(0)).getSpec().getReplicas()).isEqualTo(7);
        assertThat(m.objects().get(2).getKind()).isEqualTo("ServiceMonitor");
        assertThat(m.objects().get(2).getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        // 7 replicas of 1 GPU each
        assertThat(m.text(OutputMode.COMMENTS)).contains("(7 replicas: 7 GPUs).");
    }

    @Test
    void gkeCommentsCountTheAcceleratorsOfEveryReplicaAndOfTheHpasMaximum() {
        ManifestRequest r = request(CurveFixtures.deepseekOnA100(), CurveFixtures.a100(), ManifestFixtures.vllmV072(),
                Targets.ntpot(40), Platform.GKE, 3);
        String comments = String.join(" ", generator.generate(r).comments()).replaceAll("\\s*#\\s*", " ");
        // 3 replicas of 1 GPU, and the HPA's maximum max(5, 2 × 1) = 5 replicas of 1 GPU
        assertThat(comments).contains("each replica uses 1 nvidia-tesla-a100 GPU on a2-highgpu-1g; 3 replicas need 3"
                + " and up to 5 when the HPA scales to 5.");
        assertThat(comments).contains("Autoscaling: 1 to 5 replicas on vllm:num_requests_running, target average 42.347 per pod (42347m in the HPA).");
    }

    @Test
    void everyCommentLineIsAtMostOneHundredCharactersExceptCommands() {
        for (Platform platform : Platform.values()) {
            for (String line : generator.generate(gpu(Targets.ntpot(40), platform)).comments()) {
                assertThat(line).startsWith("#");
                if (!line.startsWith("#      ") && !line.startsWith("#        ")) {
                    assertThat(line.length()).as(line).isLessThanOrEqualTo(100);
                    assertThat(line).doesNotEndWith(" ");
                }
            }
        }
    }

    @Test
    void numberedStepsIndentTheirContinuationLines() {
        List<String> lines = generator.generate(gpu(Targets.ntpot(40), Platform.GKE)).comments();
        int step = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("# 1. ")) {
                step = i;
            }
        }
        assertThat(step).isNotNegative();
        // step 1 is long enough to wrap: its next line is indented three spaces under the text
        assertThat(lines.get(step + 1)).startsWith("#    ").doesNotStartWith("#     ");
    }

    /** An operating point running 52.9 requests, about 53 (qps, tok/s and latencies do not matter to the server settings). */
    private static final dev.kiq.profile.PerformancePoint AT_BATCH_53 =
            new dev.kiq.profile.PerformancePoint(12, 2000, 1600, 40, 200, 30, 0, 52.9, 0.6);

    @Test
    void serverSettingsSayWhereTheLengthsComeFromForEachKindOfProfile() {
        Profile base = CurveFixtures.deepseekOnA100();
        ServerConfig config = new ServerConfig(8192, 256, 512, 0.9);
        Provenance measured = new Provenance(Provenance.Kind.measured, "kiq-bench", "0.1", "2026-11-26", "sharegpt");
        assertThat(ManifestComments.serverSettings(with(base, "vllm", "nvidia-tesla-a100", Optional.empty(), measured, config),
                AT_BATCH_53))
                .isEqualTo("Server settings for the chatbot workload (mean 226 input / 195 output tokens):"
                        + " --max-model-len=8192 and --max-num-batched-tokens=512 are the ones the measurement ran with.");

        Provenance modeled = new Provenance(Provenance.Kind.modeled, "kiq-perf-model", "0.1", "2026-11-26", "sharegpt");
        assertThat(ManifestComments.serverSettings(with(base, "vllm", "nvidia-tesla-a100", Optional.empty(), modeled, config),
                AT_BATCH_53))
                .contains("--max-model-len=8192 is the model's context")
                // the whole context is allowed, but the figures are for the chat requests at the operating point's batch
                .contains("at most 2048 tokens, and the figures above are for them: at the operating point's batch of"
                        + " about 53 requests, much longer requests would take KV cache from the others")
                .contains("--max-num-batched-tokens=512 is the version's default");

        // a long-prompt workload: mean prompt 3000 tokens, above a 2048-token budget, and below a 4096 one
        Provenance rag = modeled.withShape(Optional.of(new WorkloadShape("rag", 3000, 200)));
        assertThat(ManifestComments.serverSettings(with(base, "vllm", "nvidia-tesla-a100", Optional.empty(), rag,
                new ServerConfig(4096, 256, 2048, 0.9)), AT_BATCH_53))
                .startsWith("Server settings for the rag workload (mean 3000 input / 200 output tokens):")
                .contains("--max-num-batched-tokens=2048 is what the memory and the server's limits allow");
        assertThat(ManifestComments.serverSettings(with(base, "vllm", "nvidia-tesla-a100", Optional.empty(), rag,
                new ServerConfig(4096, 256, 4096, 0.9)), AT_BATCH_53))
                .contains("--max-num-batched-tokens=4096 holds a mean prompt");
        // exactly the mean prompt still holds it
        assertThat(ManifestComments.serverSettings(with(base, "vllm", "nvidia-tesla-a100", Optional.empty(), rag,
                new ServerConfig(4096, 256, 3000, 0.9)), AT_BATCH_53))
                .contains("--max-num-batched-tokens=3000 holds a mean prompt");
    }

    @Test
    void pointsAreDescribedWithTheirFiveFigures() {
        assertThat(ManifestGenerator.describe(new PerformancePoint(17.2, 3357, 3887, 72, 180, 58, 2.1, 110, 0.85)))
                .isEqualTo("17.20 QPS, 3357 output tokens/s, NTPOT 72.0 ms, TTFT 180.0 ms, ITL 58.0 ms");
    }

    @Test
    void gpuDeploymentsRequestAndLimitTheirGpusAndSelectTheirNodes() {
        Deployment gke = (Deployment) generator.generate(gpu(Targets.none(), Platform.GKE)).objects().get(0);
        var pod = gke.getSpec().getTemplate().getSpec();
        var c = pod.getContainers().get(0);
        assertThat(c.getResources().getRequests()).containsOnlyKeys("nvidia.com/gpu");
        assertThat(c.getResources().getRequests().get("nvidia.com/gpu").toString()).isEqualTo("1");
        assertThat(c.getResources().getLimits().get("nvidia.com/gpu").toString()).isEqualTo("1");
        assertThat(pod.getNodeSelector()).containsExactly(Map.entry("cloud.google.com/gke-accelerator", "nvidia-tesla-a100"));
        assertThat(pod.getTolerations()).isEmpty();
        assertThat(c.getEnv().get(0).getValueFrom().getSecretKeyRef().getName()).isEqualTo("hf-secret");
        assertThat(c.getEnv().get(0).getValueFrom().getSecretKeyRef().getKey()).isEqualTo("hf_api_token");
        // without a bucket the token is needed to download the weights: the reference is not optional
        assertThat(c.getEnv().get(0).getValueFrom().getSecretKeyRef().getOptional()).isNull();
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
        // 180 failures × 10 s: half an hour to load the weights before a restart
        assertThat(c.getStartupProbe().getFailureThreshold() * c.getStartupProbe().getPeriodSeconds()).isEqualTo(1800);
        assertThat(pod.getVolumes()).extracting(v -> v.getName()).containsExactly("dshm");
        assertThat(pod.getVolumes().get(0).getEmptyDir().getMedium()).isEqualTo("Memory");

        Deployment k8s = (Deployment) generator.generate(gpu(Targets.none(), Platform.KUBERNETES)).objects().get(0);
        var k8sPod = k8s.getSpec().getTemplate().getSpec();
        assertThat(k8sPod.getNodeSelector()).containsExactly(Map.entry("nvidia.com/gpu.product", "NVIDIA-A100-SXM4-40GB"));
        assertThat(k8sPod.getTolerations()).singleElement().satisfies(t -> {
            assertThat(t.getKey()).isEqualTo("nvidia.com/gpu");
            assertThat(t.getOperator()).isEqualTo("Exists");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
    }

    @Test
    void aBucketMountsReadOnlyAndMakesTheTokenOptional() {
        ManifestRequest r = ManifestGeneratorTest.request(ManifestFixtures.withVersion(CurveFixtures.deepseekOnA100(), "v0.11.0"),
                CurveFixtures.a100(), ManifestFixtures.vllmV0110(), Targets.none(), Platform.GKE,
                Optional.of("gs://my-models/deepseek/"), OptionalDouble.empty(), CurveFixtures.KNEE_INDEX);
        Deployment d = (Deployment) generator.generate(r).objects().get(0);
        var pod = d.getSpec().getTemplate().getSpec();
        var c = pod.getContainers().get(0);
        assertThat(c.getArgs()).contains("--model=/data/model", "--served-model-name=deepseek-ai/DeepSeek-R1-Distill-Qwen-7B");
        assertThat(c.getEnv().get(0).getValueFrom().getSecretKeyRef().getOptional()).isTrue();
        assertThat(c.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/data/model");
            assertThat(m.getReadOnly()).isTrue();
        });
        var csi = pod.getVolumes().stream().filter(v -> v.getCsi() != null).findFirst().orElseThrow().getCsi();
        assertThat(csi.getDriver()).isEqualTo("gcsfuse.csi.storage.gke.io");
        assertThat(csi.getReadOnly()).isTrue();
        assertThat(csi.getVolumeAttributes()).containsEntry("bucketName", "my-models")
                .containsEntry("mountOptions", "implicit-dirs,only-dir=deepseek");
        assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations()).containsEntry("gke-gcsfuse/volumes", "true");
    }

    @Test
    void tpuDeploymentsRequestTpuChipsAndSelectAcceleratorAndTopology() {
        ManifestRequest r = ManifestGeneratorTest.request(ManifestFixtures.llama70bOnV6e(), ManifestFixtures.v6e(),
                ManifestFixtures.vllmV0110(), Targets.none(), Platform.GKE, Optional.empty(), OptionalDouble.empty(), 3);
        Deployment d = (Deployment) generator.generate(r).objects().get(0);
        var pod = d.getSpec().getTemplate().getSpec();
        assertThat(pod.getContainers().get(0).getResources().getLimits().get("google.com/tpu").toString()).isEqualTo("8");
        assertThat(pod.getContainers().get(0).getImage()).isEqualTo("vllm/vllm-tpu:v0.11.1");
        assertThat(pod.getNodeSelector()).containsExactly(Map.entry("cloud.google.com/gke-tpu-accelerator", "tpu-v6e-slice"),
                Map.entry("cloud.google.com/gke-tpu-topology", "2x4"));
        assertThat(pod.getContainers().get(0).getArgs()).contains("--tensor-parallel-size=8");
        assertThat(String.join(" ", generator.generate(r).comments()).replaceAll("\\s*#\\s*", " "))
                .contains("each replica uses 8 tpu-v6e-slice TPU chips on ct6e-standard-8t; 1 replica needs 8");

        Profile noTopology = with(ManifestFixtures.llama70bOnV6e(), "vllm", "tpu-v6e-slice", Optional.empty(),
                ManifestFixtures.llama70bOnV6e().provenance(), ManifestFixtures.llama70bOnV6e().serverConfig());
        ManifestRequest bad = ManifestGeneratorTest.request(noTopology, ManifestFixtures.v6e(), ManifestFixtures.vllmV0110(),
                Targets.none(), Platform.GKE, Optional.empty(), OptionalDouble.empty(), 3);
        assertThatThrownBy(() -> generator.generate(bad)).isInstanceOf(KiqException.class).hasMessageContaining("has no TPU topology");
    }

    @Test
    void argsKeepTheProfilesServerConfigWithTrailingZerosDropped() {
        Profile p = CurveFixtures.deepseekOnA100();
        Profile tuned = new Profile(p.modelServerInfo(), p.acceleratorType(), p.tpuTopology(), p.instanceType(),
                new dev.kiq.profile.ResourcesUsed(2), p.performanceStats(), p.provenance(), new ServerConfig(8192, 128, 1024, 0.95),
                p.knee());
        ManifestRequest r = request(tuned, CurveFixtures.a100(), ManifestFixtures.vllmV072(), Targets.none(), Platform.GKE, 1);
        assertThat(ManifestGenerator.vllmArgs(r, Optional.empty())).containsExactly("--model=deepseek-ai/DeepSeek-R1-Distill-Qwen-7B",
                "--tensor-parallel-size=2", "--max-model-len=8192", "--gpu-memory-utilization=0.95", "--max-num-seqs=128",
                "--max-num-batched-tokens=1024", "--port=8000", "--disable-log-requests");
        // a version that accepts none of the flags gets none
        ModelServerVersion bare = new ModelServerVersion("v0.7.2", ManifestFixtures.vllmV072().images(),
                ManifestFixtures.vllmV072().metrics(), Set.of(), "2025-02-06");
        ManifestRequest none = request(tuned, CurveFixtures.a100(), bare, Targets.none(), Platform.GKE, 1);
        assertThat(ManifestGenerator.vllmArgs(none, Optional.empty())).isEmpty();
    }

    @Test
    void whatTheGeneratorCannotWriteIsRefusedWithTheReason() {
        Profile p = CurveFixtures.deepseekOnA100();
        Profile tgi = with(p, "tgi", p.acceleratorType(), Optional.empty(), p.provenance(), p.serverConfig());
        assertThatThrownBy(() -> generator.generate(request(tgi, CurveFixtures.a100(), ManifestFixtures.vllmV072(),
                Targets.none(), Platform.GKE, 1))).isInstanceOf(KiqException.class)
                .hasMessage("kiq writes manifests for the vllm model server only, not tgi.");
        assertThatThrownBy(() -> generator.generate(request(p, CurveFixtures.a100(), ManifestFixtures.vllmV072(),
                Targets.none(), Platform.GKE, 0))).isInstanceOf(KiqException.class)
                .hasMessage("replicas must be 1 or more, got 0.");
        // one replica is the least
        assertThat(generator.generate(request(p, CurveFixtures.a100(), ManifestFixtures.vllmV072(), Targets.none(),
                Platform.GKE, 1)).objects()).hasSize(3);
        ModelServerVersion tpuOnly = new ModelServerVersion("v0.7.2", Map.of(Accelerator.Family.TPU, "vllm/vllm-tpu:x"),
                ManifestFixtures.vllmV072().metrics(), ManifestFixtures.vllmV072().validArgs(), "2025-02-06");
        assertThatThrownBy(() -> generator.generate(request(p, CurveFixtures.a100(), tpuOnly, Targets.none(), Platform.GKE, 1)))
                .isInstanceOf(KiqException.class).hasMessageContaining("the catalog has no GPU image for vllm v0.7.2");
        Profile t4 = with(p, "vllm", "nvidia-unknown-gpu", Optional.empty(), p.provenance(), p.serverConfig());
        assertThatThrownBy(() -> generator.generate(request(t4, CurveFixtures.a100(), ManifestFixtures.vllmV072(),
                Targets.none(), Platform.KUBERNETES, 1))).isInstanceOf(KiqException.class)
                .hasMessageContaining("NVIDIA GPU operator product label of nvidia-unknown-gpu");
    }

    @Test
    void gpuOperatorLabelsAreKnownForEveryGkeGpu() {
        assertThat(GpuOperatorLabels.product("nvidia-l4")).contains("NVIDIA-L4");
        assertThat(GpuOperatorLabels.product("nvidia-h100-80gb")).contains("NVIDIA-H100-80GB-HBM3");
        assertThat(GpuOperatorLabels.product("tpu-v6e-slice")).isEmpty();
    }

    @Test
    void textJoinsDocumentsWithSeparatorsAndCommentsAfterThem() {
        Manifests m = new Manifests(List.<HasMetadata>of(), List.of("a: 1\n\n", "b: 2"), List.of("# one", "# two"));
        assertThat(m.text(OutputMode.MANIFEST)).isEqualTo("a: 1\n---\nb: 2\n---\n");
        assertThat(m.text(OutputMode.COMMENTS)).isEqualTo("# one\n# two\n");
        assertThat(m.text(OutputMode.ALL)).isEqualTo("a: 1\n---\nb: 2\n---\n# one\n# two\n");
    }

    @Test
    void modesAndPlatformsAreFoundByGcloudsIds() {
        assertThat(OutputMode.byId("manifest")).contains(OutputMode.MANIFEST);
        assertThat(OutputMode.byId("comments")).contains(OutputMode.COMMENTS);
        assertThat(OutputMode.byId("ALL")).isEmpty();
        assertThat(OutputMode.ALL.id()).isEqualTo("all");
        assertThat(Platform.byId("kubernetes")).contains(Platform.KUBERNETES);
        assertThat(Platform.byId("eks")).isEmpty();
        assertThat(Platform.GKE.id()).isEqualTo("gke");
    }

    @Test
    void parseSkipsCommentDocumentsUnpacksListsAndNamesBadDocuments() {
        String deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n";
        assertThat(ManifestYaml.parse("# only a comment\n---\n" + deployment + "---\n# trailing\n"))
                .singleElement().extracting(HasMetadata::getKind).isEqualTo("Deployment");
        String list = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: s\n"
                + "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c\n";
        assertThat(ManifestYaml.parse(list)).extracting(HasMetadata::getKind).containsExactly("Service", "ConfigMap");
        assertThatThrownBy(() -> ManifestYaml.parse("# nothing\n", "f.yaml")).isInstanceOf(KiqException.class)
                .hasMessage("f.yaml contains no Kubernetes objects; give a file with at least a Deployment.");
        assertThatThrownBy(() -> ManifestYaml.parse(deployment + "---\napiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: lots\n",
                "f.yaml")).isInstanceOf(KiqException.class)
                .hasMessageStartingWith("Document 2 of f.yaml: replicas must be a whole number, not \"lots\"");
    }

    @Test
    void plainWordsNameTheKindOfValueAFieldNeeds() {
        String[][] cases = {
            {"spec:\n  replicas: [1]\n", "replicas must be a whole number"},
            {"spec:\n  paused: maybe\n", "paused must be true or false"},
            {"spec:\n  template:\n    spec:\n      containers: x\n", "containers must be a list"},
            {"spec:\n  selector: 3\n", "selector must be a block of fields"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> ManifestYaml.parse("apiVersion: apps/v1\nkind: Deployment\n" + c[0], "f"))
                    .as(c[0]).isInstanceOf(KiqException.class).hasMessageContaining(c[1]);
        }
        assertThat(ManifestYaml.plainWords(new RuntimeException("not a mapping"))).isEmpty();
    }
}
