package dev.kiq.ui;

import dev.kiq.KiqException;
import dev.kiq.catalog.ModelArchitecture;
import dev.kiq.catalog.Catalog;
import dev.kiq.profile.ModelServerInfo;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.profile.Provenance;
import dev.kiq.profile.ResourcesUsed;
import dev.kiq.profile.ServerConfig;
import dev.kiq.ui.service.ClusterDeployer;
import dev.kiq.ui.service.DeployProgress;
import dev.kiq.ui.service.DeployRequest;
import dev.kiq.ui.service.KubeContexts;
import dev.kiq.ui.service.ManifestRequest;
import dev.kiq.ui.service.ManifestService;
import dev.kiq.ui.service.ModelEntry;
import dev.kiq.ui.service.Modeler;
import dev.kiq.perf.OnDemandProfiles;
import dev.kiq.perf.WorkloadChoice;
import dev.kiq.profile.WorkloadShape;
import dev.kiq.ui.service.ProfileCatalog;
import dev.kiq.ui.service.Recommendations;
import dev.kiq.ui.service.Services;
import dev.kiq.ui.task.CurrentThreadTaskExecutor;
import dev.kiq.ui.service.YamlProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Stand-ins for the core used by the view-model unit tests, so each test controls exactly what the
 * core answers. The end-to-end wizard test uses the real core instead.
 */
public final class FakeServices {

    public static final String MODEL = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";

    private FakeServices() {
    }

    /** A saturating curve: throughput rises to ~peak, latency rises sharply after the 8th point. */
    public static Profile profile(String accelerator, double peak, double baseNtpot, int count) {
        List<PerformancePoint> pts = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            double qps = i * peak / 1300.0;
            double out = i <= 8 ? peak * i / 8.5 : peak * (0.94 + 0.01 * (i - 8));
            double ntpot = i <= 8 ? baseNtpot * (1 + 0.05 * i) : baseNtpot * (1.4 + 0.9 * (i - 8));
            pts.add(new PerformancePoint(qps, out, out * 108 / 132, ntpot, ntpot * 3, ntpot * 0.8, i <= 8 ? 0 : i - 8,
                    Math.min(256, i * 20), Math.min(1, i / 10.0)));
        }
        return new Profile(new ModelServerInfo(MODEL, "vllm", "v0.7.2"), accelerator, Optional.empty(),
                "machine-for-" + accelerator, new ResourcesUsed(count), pts,
                new Provenance(Provenance.Kind.modeled, "test", "0", "2026-01-01", "sharegpt-shaped"),
                new ServerConfig(4096, 256, 8192, 0.9), Optional.of(pts.get(7)));
    }

    /**
     * Two models: the 7B on three accelerators (H100 fastest, L4 slowest, 3× A100, a count no catalog machine
     * has, so it has no price), gemma on an L4. Prices are the bundled catalog's (one L4 $0.71/h, one H100 $11.06/h).
     */
    public static List<Profile> profiles() {
        List<Profile> all = new ArrayList<>(List.of(profile("nvidia-h100-80gb", 6900, 25, 1),
                profile("nvidia-l4", 900, 60, 1), profile("nvidia-tesla-a100", 3300, 50, 3)));
        Profile gemma = profile("nvidia-l4", 2000, 20, 1);
        all.add(new Profile(new ModelServerInfo("google/gemma-2-2b-it", "vllm", "v0.7.2"), gemma.acceleratorType(),
                gemma.tpuTopology(), gemma.instanceType(), gemma.resourcesUsed(), gemma.performanceStats(),
                gemma.provenance(), gemma.serverConfig(), gemma.knee()));
        return all;
    }

    /** The wizard's catalog over {@link #profiles()} and the bundled catalog (prices, versions, metric names). */
    public static ProfileCatalog catalog(List<String> warnings) {
        return new ProfileCatalog(Catalog.bundled(), profiles(), warnings);
    }

    public static final class Manifests implements ManifestService {
        public final List<ManifestRequest> requests = new ArrayList<>();

        @Override
        public String generate(ManifestRequest r) {
            requests.add(r);
            String ntpot = r.workload().targetNtpotMs().map(t -> "\n# target ntpot " + t).orElse("");
            return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: vllm\n  namespace: " + r.namespace()
                    + "\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: vllm\n"
                    + "---\n# accelerator " + r.profile().acceleratorType() + ntpot + "\n";
        }

        @Override
        public Optional<YamlProblem> validate(String yaml) {
            String[] lines = yaml.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].contains("\t") || lines[i].strip().equals(":")) {
                    return Optional.of(new YamlProblem(i + 1, "not valid YAML here"));
                }
            }
            return Optional.empty();
        }
    }

    public static final class FakeModeler implements Modeler {
        public final List<WorkloadChoice> modeledFor = new ArrayList<>();
        /** Accelerator types whose configurations cannot serve any workload but chat's, with the reason thrown. */
        public final java.util.Map<String, String> refused = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public Optional<Profile> forWorkload(List<Profile> configuration, WorkloadChoice choice) {
            modeledFor.add(choice);
            String why = configuration.isEmpty() ? null : refused.get(configuration.get(0).acceleratorType());
            if (why != null) {
                throw new KiqException(why);
            }
            return forWorkloadByLength(configuration, choice);
        }

        @Override
        public Optional<String> suggestedId(Path configJson) {
            return dev.kiq.catalog.ModelConfigParser.suggestedId(configJson);
        }

        @Override
        public ModelArchitecture read(Path configJson, String id) {
            if (!configJson.toString().endsWith(".json")) {
                throw new KiqException(configJson + " is not a config.json.");
            }
            return new ModelArchitecture(id, "llama", 1_000_000_000L, 16, 2048, 32, 8, 64, 8192, 128256,
                    1, 1, 131072, "bfloat16", true, Optional.empty(), 0);
        }

        @Override
        public List<String> accelerators() {
            return List.of("nvidia-l4", "nvidia-h100-80gb", "tpu-v6e-slice");
        }

        @Override
        public Profile simulate(ModelArchitecture model, String accelerator) {
            if (accelerator.startsWith("tpu")) {
                throw new KiqException(model.id() + " cannot be modeled on " + accelerator + " (no TPU model).");
            }
            Profile p = profile(accelerator, 3000, 15, 1);
            return new Profile(new ModelServerInfo(model.id(), "vllm", "v0.7.2"), p.acceleratorType(),
                    p.tpuTopology(), p.instanceType(), p.resourcesUsed(), p.performanceStats(), p.provenance(),
                    p.serverConfig(), p.knee());
        }
    }

    /**
     * Stands in for the performance model's workload answer: the profile of the same configuration whose
     * workload is within 20% if there is one, else the first one with every throughput divided by the
     * ratio of the requests' mean total length to chat's, recorded as modeled for the workload.
     */
    public static Optional<Profile> forWorkloadByLength(List<Profile> configuration, WorkloadChoice choice) {
        Optional<Profile> existing = OnDemandProfiles.existing(configuration, choice);
        if (existing.isPresent() || configuration.isEmpty()) {
            return existing;
        }
        Profile p = configuration.get(0);
        double ratio = (choice.shape().meanInputTokens() + choice.shape().meanOutputTokens())
                / (WorkloadShape.CHATBOT.meanInputTokens() + WorkloadShape.CHATBOT.meanOutputTokens());
        List<PerformancePoint> pts = p.performanceStats().stream().map(x -> new PerformancePoint(
                x.queriesPerSecond() / ratio, x.outputTokensPerSecond() / ratio, x.inputTokensPerSecond() / ratio,
                x.ntpotMilliseconds(), x.ttftMilliseconds(), x.itlMilliseconds(), x.queueSize(), x.batchSize(),
                x.kvCacheUsage())).toList();
        int knee = p.knee().map(k -> p.performanceStats().indexOf(k)).orElse(pts.size() - 1);
        return Optional.of(new Profile(p.modelServerInfo(), p.acceleratorType(), p.tpuTopology(), p.instanceType(),
                p.resourcesUsed(), pts, p.provenance().withShape(Optional.of(choice.shape())), p.serverConfig(),
                Optional.of(pts.get(knee))));
    }

    public static final class Deployer implements ClusterDeployer {
        public boolean noKubeconfig;
        public volatile boolean watchUntilCancelled;
        public String failWith;
        public final List<DeployRequest> requests = new ArrayList<>();

        @Override
        public KubeContexts contexts() {
            if (noKubeconfig) {
                throw new KiqException("No kubeconfig found: neither $KUBECONFIG nor ~/.kube/config exists.");
            }
            return new KubeContexts(List.of("kind-kiq", "gke-prod"), "kind-kiq", "team-a");
        }

        @Override
        public void deploy(DeployRequest request, Consumer<DeployProgress> progress, BooleanSupplier cancelled) {
            requests.add(request);
            progress.accept(new DeployProgress(DeployProgress.Severity.INFO, "Connecting to " + request.context()));
            if (failWith != null) {
                throw new KiqException(failWith);
            }
            progress.accept(new DeployProgress(DeployProgress.Severity.DONE,
                    (request.dryRun() ? "Dry run accepted: " : "Applied ") + "Deployment/vllm"));
            // a rollout watch that only the user ends
            while (watchUntilCancelled && !request.dryRun() && !cancelled.getAsBoolean()) {
                Thread.onSpinWait();
            }
        }

        public final List<dev.kiq.ui.service.UndeployPreview> undeployed = new ArrayList<>();

        /** Release vllm of the fake manifests: its Deployment and Service; hf-secret stays (release other uses it). */
        @Override
        public dev.kiq.ui.service.UndeployPreview planUndeploy(String context, String namespace, String manifests) {
            var deployment = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder().withNewMetadata().withName("vllm")
                    .endMetadata().build();
            var service = new io.fabric8.kubernetes.api.model.ServiceBuilder().withNewMetadata().withName("vllm-service")
                    .endMetadata().build();
            return new dev.kiq.ui.service.UndeployPreview(context, "vllm", new dev.kiq.deploy.UndeployPlan(namespace,
                    java.util.Optional.of("vllm"), List.of(deployment, service), List.of("other")));
        }

        @Override
        public void undeploy(dev.kiq.ui.service.UndeployPreview preview, Consumer<DeployProgress> progress) {
            undeployed.add(preview);
            preview.objects().forEach(o -> progress.accept(new DeployProgress(DeployProgress.Severity.DONE, o + " deleted")));
        }
    }

    public static Services create() {
        return create(List.of());
    }

    /** Fake modeler, deployer and manifests; the core's recommendations; tasks run on the calling thread. */
    public static Services create(List<String> warnings) {
        return create(warnings, new CurrentThreadTaskExecutor());
    }

    public static Services create(List<String> warnings, dev.kiq.ui.task.TaskExecutor tasks) {
        return new Services(catalog(warnings), Recommendations.standard(Catalog.bundled()), new Manifests(),
                new FakeModeler(), new Deployer(), tasks);
    }
}
