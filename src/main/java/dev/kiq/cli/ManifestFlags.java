package dev.kiq.cli;

import dev.kiq.KiqException;
import dev.kiq.Version;
import dev.kiq.manifest.ManifestPlanner;
import dev.kiq.manifest.Manifests;
import dev.kiq.manifest.Platform;
import dev.kiq.recommend.HpaMetric;
import dev.kiq.perf.OnDemandProfiles;
import dev.kiq.perf.WorkloadChoice;
import dev.kiq.recommend.ProfileSelection;
import dev.kiq.recommend.Recommender;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import dev.kiq.profile.Profile;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code kiq manifests create} flags, for {@code kiq deploy} without a file: the manifests are
 * generated in memory by the same planner and deployed. None is required here, because {@code -f FILE}
 * is the alternative; {@link #generate} says which are missing.
 */
final class ManifestFlags {

    @Mixin
    ProfileSources sources = new ProfileSources();

    @Mixin
    TargetOptions targetOptions = new TargetOptions();

    @Option(names = "--model", paramLabel = "MODEL", description = "Hugging Face model id (instead of -f).")
    String model;

    @Option(names = "--model-server", paramLabel = "SERVER", description = "Model server, e.g. vllm.")
    String modelServer;

    @Option(names = "--accelerator-type", paramLabel = "TYPE", description = "GKE accelerator label, e.g. nvidia-l4.")
    String accelerator;

    @Option(names = "--model-server-version", paramLabel = "VERSION", description = "Default: the latest with a profile.")
    String version;

    @Option(names = "--model-bucket-uri", paramLabel = "gs://BUCKET[/PATH]",
            description = "Load the weights from this Cloud Storage bucket (GCS FUSE) instead of Hugging Face.")
    String bucket;

    @Option(names = "--expected-qps", paramLabel = "QPS", description = "Expected requests per second; sets the initial replicas.")
    Double expectedQps;

    @Option(names = "--platform", paramLabel = "PLATFORM", defaultValue = "gke",
            description = "gke, or kubernetes for other clusters (default: ${DEFAULT-VALUE}).")
    String platform = "gke";

    @Option(names = "--hpa-metric", paramLabel = "METRIC", description = "queue-size, batch-size or kv-cache.")
    String hpaMetric;

    @Mixin
    WorkloadOptions workload = new WorkloadOptions();

    boolean anyGiven() {
        return model != null || modelServer != null || accelerator != null || version != null || bucket != null
                || expectedQps != null || hpaMetric != null || !targetOptions.targets().isEmpty() || workload.given();
    }

    /** The manifests {@code kiq manifests create} would write for these flags, in {@code namespace}. */
    Manifests generate(String namespace, PrintWriter err) {
        if (model == null || modelServer == null || accelerator == null) {
            throw new KiqException("kiq deploy needs -f FILE, or --model, --model-server and --accelerator-type "
                    + "(the flags of kiq manifests create).");
        }
        Platform target = platform(platform);
        Optional<HpaMetric> metric = hpaMetric(hpaMetric);
        refuseAllVersions(version, "a deploy needs");
        return plan(sources.load(err), new ManifestPlanner.Choice(model, modelServer, Optional.ofNullable(version),
                accelerator, targetOptions.targets(), metric,
                TargetOptions.of(expectedQps), namespace, target,
                Optional.ofNullable(bucket)), Optional.empty(), workload, err);
    }

    // The checks and planning below are shared with kiq manifests create, so both verbs accept and refuse alike.

    static Platform platform(String id) {
        return Platform.byId(id).orElseThrow(() -> new KiqException(
                "--platform " + id + " is not valid; use gke or kubernetes."));
    }

    static Optional<HpaMetric> hpaMetric(String id) {
        return Optional.ofNullable(id).map(m -> HpaMetric.byId(m).orElseThrow(() ->
                new KiqException("--hpa-metric " + m + " is not valid; use queue-size, batch-size or kv-cache.")));
    }

    /** Manifests are for one version; {@code whoNeeds} ends the message, e.g. "a deploy needs". */
    static void refuseAllVersions(String version, String whoNeeds) {
        if (ProfileSelection.ALL_VERSIONS.equals(version)) {
            throw new KiqException("--model-server-version all selects several versions; " + whoNeeds + " one version"
                    + " (or none for the latest).");
        }
    }

    /**
     * The manifests for {@code choice}; with workload flags, from the profile that answers for that workload
     * (matching within 20%, or modeled on demand), so the server settings and the HPA threshold fit it.
     */
    static Manifests plan(ProfileSources.Library library, ManifestPlanner.Choice choice,
                          Optional<dev.kiq.manifest.Dashboards.Kind> dashboard, WorkloadOptions workload, PrintWriter err) {
        ProfileSelection selection = library.selection();
        if (workload.given()) {
            List<Profile> candidates = selection.select(Optional.of(choice.model()), Optional.of(choice.modelServer()),
                    choice.modelServerVersion(), Optional.of(choice.acceleratorType()));
            selection = new ProfileSelection(workload.answer(candidates, library.catalog(), err), library.catalog());
        } else {
            // the chat workload's profile of each configuration, measured before modeled (OnDemandProfiles.existing):
            // left to the planner's cost order, a dearer measurement lost to the shipped model of the same combination
            List<Profile> candidates = selection.select(Optional.of(choice.model()), Optional.of(choice.modelServer()),
                    Optional.of(choice.modelServerVersion().orElse(ProfileSelection.ALL_VERSIONS)), Optional.of(choice.acceleratorType()));
            List<Profile> chat = OnDemandProfiles.existingFor(candidates, WorkloadChoice.defaultChoice());
            if (!chat.isEmpty()) {
                selection = new ProfileSelection(chat, library.catalog());
            }
        }
        ManifestPlanner planner = new ManifestPlanner(library.catalog(), selection, Recommender.standard());
        ManifestPlanner.Plan chosen = planner.plan(choice);
        dev.kiq.recommend.TtftGuidance.warning(chosen.profile(), chosen.serving().operatingPoint().point())
                .ifPresent(w -> {
                    String useCase = Choices.useCaseId(workload);
                    err.println("NOTE: " + w + " For latency-sensitive serving, target a TTFT: "
                            + dev.kiq.recommend.TtftGuidance.targetBasis(useCase) + "." + Choices.ttftFlag(useCase));
                    err.flush();
                });
        return planner.create(choice, dashboard, Instant.now().truncatedTo(ChronoUnit.SECONDS), "kiq " + Version.current());
    }
}
