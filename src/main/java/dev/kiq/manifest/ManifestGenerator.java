package dev.kiq.manifest;

import dev.kiq.KiqException;
import dev.kiq.catalog.Accelerator;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ServerConfig;
import dev.kiq.recommend.HpaRecommendation;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the Deployment, Service, metrics scrape object and HPA for one profile (SPEC §5) with fabric8
 * model builders, and the comments that say what to set up before applying them.
 */
public final class ManifestGenerator {

    /** Label kiq puts on every object it generates; undeploy selects on it. */
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "kiq";
    public static final String MODEL_LABEL = "ai.gke.io/model";
    public static final String SERVER_LABEL = "ai.gke.io/inference-server";
    public static final String GENERATED_BY_ANNOTATION = "kiq.dev/generated-by";
    public static final String GENERATED_AT_ANNOTATION = "kiq.dev/generated-at";
    public static final String PROFILE_ANNOTATION = "kiq.dev/profile";

    public static final int PORT = 8000;
    static final String CONTAINER = "inference-server";
    /** The Secret the generated Deployments read the Hugging Face token from, and its key; kiq deploy writes it. */
    public static final String HF_SECRET = "hf-secret";
    public static final String HF_SECRET_KEY = "hf_api_token";
    static final String MODEL_MOUNT = "/data/model";

    public Manifests generate(ManifestRequest request) {
        Profile profile = request.profile();
        String server = profile.modelServerInfo().modelServer();
        if (!server.equals("vllm")) {
            throw new KiqException("kiq writes manifests for the vllm model server only, not " + server + ".");
        }
        Accelerator.Family family = request.accelerator().family();
        if (request.platform() == Platform.KUBERNETES && family == Accelerator.Family.TPU) {
            throw new KiqException("accelerator " + profile.acceleratorType()
                    + " is a Cloud TPU, which only GKE offers; use platform gke or a GPU accelerator.");
        }
        Optional<GcsBucket> bucket = request.modelBucketUri().map(GcsBucket::parse);
        if (bucket.isPresent() && request.platform() == Platform.KUBERNETES) {
            throw new KiqException("a gs:// model bucket is mounted with the GKE Cloud Storage FUSE CSI driver;"
                    + " use platform gke or drop the model bucket.");
        }
        if (request.replicas() < 1) {
            throw new KiqException("replicas must be 1 or more, got " + request.replicas() + ".");
        }
        String base = ResourceNames.base(profile.modelServerInfo().model(), server);

        List<HasMetadata> objects = new ArrayList<>();
        objects.add(deployment(request, base, bucket));
        objects.add(service(request, base));
        objects.add(request.platform() == Platform.GKE ? podMonitoring(request, base) : serviceMonitor(request, base));
        request.hpa().ifPresent(hpa -> objects.add(hpa(request, base, hpa)));
        List<String> yaml = objects.stream().map(ManifestYaml::write).toList();
        return new Manifests(objects, yaml, ManifestComments.lines(request, base, bucket));
    }

    static String metricForHpa(Platform platform, String metricName) {
        return platform == Platform.GKE
                ? "prometheus.googleapis.com|" + metricName + "|gauge"
                : PrometheusAdapter.metricName(metricName);
    }

    /** An HPA average value as a Kubernetes quantity, to the milli-unit: 1.68 → {@code 1680m}, 2 → {@code 2}. */
    static Quantity quantity(double value) {
        long milli = Math.round(value * 1000);
        return milli % 1000 == 0 ? new Quantity(Long.toString(milli / 1000)) : new Quantity(milli + "m");
    }

    private static Map<String, String> labels(ManifestRequest request, String base) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app", base);
        labels.put(MODEL_LABEL, ResourceNames.labelValue(request.profile().modelServerInfo().model()));
        labels.put(SERVER_LABEL, request.profile().modelServerInfo().modelServer());
        labels.put(MANAGED_BY_LABEL, MANAGED_BY_VALUE);
        return labels;
    }

    private static ObjectMeta metadata(ManifestRequest request, String name, String base) {
        Profile p = request.profile();
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(GENERATED_BY_ANNOTATION, request.generator());
        annotations.put(GENERATED_AT_ANNOTATION, request.generatedAt().toString());
        annotations.put(PROFILE_ANNOTATION, String.format(Locale.ROOT, "%s %s %s on %dx %s%s (%s, %s %s, %s)",
                p.modelServerInfo().model(), p.modelServerInfo().modelServer(), p.modelServerInfo().modelServerVersion(),
                p.acceleratorCount(), p.acceleratorType(), p.tpuTopology().map(t -> " " + t).orElse(""),
                p.provenance().kind(), p.provenance().tool(), p.provenance().toolVersion(), p.provenance().date()));
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(request.namespace())
                .withLabels(labels(request, base))
                .withAnnotations(annotations)
                .build();
    }

    private static Deployment deployment(ManifestRequest request, String base, Optional<GcsBucket> bucket) {
        Profile p = request.profile();
        Accelerator.Family family = request.accelerator().family();
        String resource = family == Accelerator.Family.TPU ? "google.com/tpu" : "nvidia.com/gpu";
        Quantity count = new Quantity(Integer.toString(p.acceleratorCount()));
        String image = request.serverVersion().images().get(family);
        if (image == null) {
            throw new KiqException("the catalog has no " + family + " image for " + p.modelServerInfo().modelServer()
                    + " " + p.modelServerInfo().modelServerVersion() + "; choose another version or accelerator.");
        }

        List<VolumeMount> mounts = new ArrayList<>();
        List<Volume> volumes = new ArrayList<>();
        mounts.add(new VolumeMountBuilder().withName("dshm").withMountPath("/dev/shm").build());
        volumes.add(new VolumeBuilder().withName("dshm").withNewEmptyDir().withMedium("Memory").endEmptyDir().build());
        bucket.ifPresent(b -> {
            mounts.add(new VolumeMountBuilder().withName("model-bucket").withMountPath(MODEL_MOUNT).withReadOnly(true).build());
            volumes.add(new VolumeBuilder().withName("model-bucket").withNewCsi()
                    .withDriver("gcsfuse.csi.storage.gke.io")
                    .withReadOnly(true)
                    .withVolumeAttributes(b.volumeAttributes())
                    .endCsi().build());
        });

        Container container = new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(image)
                .withCommand("python3", "-m", "vllm.entrypoints.openai.api_server")
                .withArgs(vllmArgs(request, bucket))
                .withEnv(new EnvVarBuilder().withName("HUGGING_FACE_HUB_TOKEN").withNewValueFrom().withNewSecretKeyRef()
                        .withName(HF_SECRET).withKey(HF_SECRET_KEY)
                        .withOptional(bucket.isPresent() ? Boolean.TRUE : null)
                        .endSecretKeyRef().endValueFrom().build())
                .addNewPort().withName("http").withContainerPort(PORT).withProtocol("TCP").endPort()
                .withNewResources().addToRequests(resource, count).addToLimits(resource, count).endResources()
                .withReadinessProbe(probe(10, 3))
                // loading tens of GB of weights can take many minutes: allow up to 30 min before restarting
                .withStartupProbe(probe(10, 180))
                .withVolumeMounts(mounts)
                .build();

        Map<String, String> nodeSelector = new LinkedHashMap<>();
        PodSpecBuilder pod = new PodSpecBuilder();
        if (family == Accelerator.Family.TPU) {
            nodeSelector.put("cloud.google.com/gke-tpu-accelerator", p.acceleratorType());
            nodeSelector.put("cloud.google.com/gke-tpu-topology", p.tpuTopology().orElseThrow(() -> new KiqException(
                    "TPU profile " + p.acceleratorType() + " × " + p.acceleratorCount() + " has no TPU topology.")));
        } else if (request.platform() == Platform.GKE) {
            nodeSelector.put("cloud.google.com/gke-accelerator", p.acceleratorType());
        } else {
            nodeSelector.put("nvidia.com/gpu.product", GpuOperatorLabels.product(p.acceleratorType())
                    .orElseThrow(() -> new KiqException("kiq does not know the NVIDIA GPU operator product label of "
                            + p.acceleratorType() + "; use platform gke.")));
            pod.addToTolerations(new TolerationBuilder().withKey("nvidia.com/gpu").withOperator("Exists")
                    .withEffect("NoSchedule").build());
        }
        pod.withNodeSelector(nodeSelector).withContainers(container).withVolumes(volumes);

        ObjectMetaBuilder podMetadata = new ObjectMetaBuilder().withLabels(labels(request, base));
        // the GKE webhook injects the Cloud Storage FUSE sidecar only into pods that ask for it
        bucket.ifPresent(b -> podMetadata.addToAnnotations("gke-gcsfuse/volumes", "true"));

        return new DeploymentBuilder()
                .withMetadata(metadata(request, base, base))
                .withNewSpec()
                .withReplicas(request.replicas())
                .withNewSelector().addToMatchLabels("app", base).endSelector()
                .withNewTemplate()
                .withMetadata(podMetadata.build())
                .withSpec(pod.build())
                .endTemplate()
                .endSpec()
                .build();
    }

    private static Probe probe(int periodSeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath("/health").withPort(new IntOrString(PORT)).endHttpGet()
                .withPeriodSeconds(periodSeconds)
                .withFailureThreshold(failureThreshold)
                .build();
    }

    /** The server's flags, from the profile's server config, keeping only those the version accepts. */
    static List<String> vllmArgs(ManifestRequest request, Optional<GcsBucket> bucket) {
        Profile p = request.profile();
        ServerConfig config = p.serverConfig();
        Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put("--model", bucket.isPresent() ? MODEL_MOUNT : p.modelServerInfo().model());
        if (bucket.isPresent()) {
            wanted.put("--served-model-name", p.modelServerInfo().model());
        }
        wanted.put("--tensor-parallel-size", Integer.toString(p.acceleratorCount()));
        wanted.put("--max-model-len", Integer.toString(config.maxModelLen()));
        wanted.put("--gpu-memory-utilization", trim(config.gpuMemoryUtilization()));
        wanted.put("--max-num-seqs", Integer.toString(config.maxNumSeqs()));
        wanted.put("--max-num-batched-tokens", Integer.toString(config.maxNumBatchedTokens()));
        wanted.put("--port", Integer.toString(PORT));
        wanted.put("--disable-log-requests", "");
        List<String> args = new ArrayList<>();
        wanted.forEach((flag, value) -> {
            if (request.serverVersion().validArgs().contains(flag)) {
                args.add(value.isEmpty() ? flag : flag + "=" + value);
            }
        });
        return args;
    }

    private static String trim(double value) {
        return new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    private static Service service(ManifestRequest request, String base) {
        return new ServiceBuilder()
                .withMetadata(metadata(request, base + "-service", base))
                .withNewSpec()
                .withType("ClusterIP")
                .addToSelector("app", base)
                .addNewPort().withName("http").withProtocol("TCP").withPort(PORT).withTargetPort(new IntOrString(PORT)).endPort()
                .endSpec()
                .build();
    }

    private static GenericKubernetesResource podMonitoring(ManifestRequest request, String base) {
        return metricsMonitor(request, base, "monitoring.googleapis.com/v1", "PodMonitoring", "-podmonitoring", PORT);
    }

    private static GenericKubernetesResource serviceMonitor(ManifestRequest request, String base) {
        return metricsMonitor(request, base, "monitoring.coreos.com/v1", "ServiceMonitor", "-servicemonitor", "http");
    }

    /** Scrapes the server's /metrics every 15 s; {@code port} is the container port number or the Service port's name. */
    private static GenericKubernetesResource metricsMonitor(ManifestRequest request, String base, String apiVersion,
            String kind, String nameSuffix, Object port) {
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("port", port);
        endpoint.put("path", "/metrics");
        endpoint.put("interval", "15s");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("selector", Map.of("matchLabels", Map.of("app", base)));
        spec.put("endpoints", List.of(endpoint));
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(apiVersion)
                .withKind(kind)
                .withMetadata(metadata(request, base + nameSuffix, base))
                .addToAdditionalProperties("spec", spec)
                .build();
    }

    private static HorizontalPodAutoscaler hpa(ManifestRequest request, String base, HpaRecommendation hpa) {
        return new HorizontalPodAutoscalerBuilder()
                .withMetadata(metadata(request, base + "-hpa", base))
                .withNewSpec()
                .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName(base).endScaleTargetRef()
                .withMinReplicas(hpa.minReplicas())
                .withMaxReplicas(Math.max(hpa.maxReplicas(), request.replicas()))
                .addNewMetric()
                .withType("Pods")
                .withNewPods()
                .withNewMetric().withName(metricForHpa(request.platform(), hpa.metricName())).endMetric()
                .withNewTarget().withType("AverageValue").withAverageValue(quantity(hpa.threshold())).endTarget()
                .endPods()
                .endMetric()
                .endSpec()
                .build();
    }

    /** Figures of one point for the comments. */
    static String describe(PerformancePoint p) {
        return String.format(Locale.ROOT, "%.2f QPS, %.0f output tokens/s, NTPOT %.1f ms, TTFT %.1f ms, ITL %.1f ms",
                p.queriesPerSecond(), p.outputTokensPerSecond(), p.ntpotMilliseconds(), p.ttftMilliseconds(),
                p.itlMilliseconds());
    }
}
