package dev.kiq.cli;

import dev.kiq.manifest.Dashboards;
import dev.kiq.KiqException;
import dev.kiq.manifest.OutputMode;
import dev.kiq.manifest.Platform;
import dev.kiq.recommend.HpaMetric;
import dev.kiq.manifest.ManifestPlanner;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kiq manifests create}: gcloud's manifest generation (SPEC §5). */
@Command(name = "manifests", mixinStandardHelpOptions = true, description = "Kubernetes manifests for a profile.",
        subcommands = ManifestsCommand.Create.class)
final class ManifestsCommand extends VerbGroup {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Write the Deployment, Service, PodMonitoring and (with a target) HPA for a model on an accelerator.")
    static final class Create extends ProfileVerb {
        @Mixin
        TargetOptions targetOptions;
        @Mixin
        SelectionOptions.Model model;
        @Mixin
        SelectionOptions.ModelServer modelServer;
        @Option(names = "--accelerator-type", required = true, paramLabel = "TYPE",
                description = "GKE accelerator label, e.g. nvidia-l4 or tpu-v6e-slice.")
        String accelerator;
        @Option(names = "--model-server-version", paramLabel = "VERSION", description = "Default: the latest with a profile.")
        String version;
        @Option(names = "--namespace", paramLabel = "NAMESPACE", defaultValue = "default",
                description = "Namespace of the objects (default: ${DEFAULT-VALUE}).")
        String namespace;
        @Option(names = "--output", paramLabel = "WHAT", defaultValue = "all",
                description = "manifest, comments or all (default: ${DEFAULT-VALUE}).")
        String output;
        @Option(names = "--output-path", paramLabel = "FILE", description = "Write to this file instead of the terminal.")
        Path outputPath;
        @Option(names = "--model-bucket-uri", paramLabel = "gs://BUCKET[/PATH]",
                description = "Load the weights from this Cloud Storage bucket (GCS FUSE) instead of Hugging Face.")
        String bucket;
        @Option(names = "--expected-qps", paramLabel = "QPS",
                description = "Expected requests per second; sets the initial replicas (default: 1 replica).")
        Double expectedQps;
        @Option(names = "--platform", paramLabel = "PLATFORM", defaultValue = "gke",
                description = "gke, or kubernetes for other clusters (GPU operator, Prometheus Operator, prometheus-adapter).")
        String platform;
        @Option(names = "--hpa-metric", paramLabel = "METRIC",
                description = "queue-size, batch-size or kv-cache (default: " + HpaMetric.CHOSEN_WITHOUT_REQUEST + ").")
        String hpaMetric;
        @Option(names = "--dashboards", paramLabel = "KIND",
                description = "Add a dashboard for the model server version: grafana (a ConfigMap for Grafana's sidecar) or gmp"
                        + " (Cloud Monitoring for managed Prometheus; the gcloud command is in the comments).")
        String dashboards;
        @Mixin
        WorkloadOptions workload;

        @Override
        public Integer call() {
            OutputMode mode = OutputMode.byId(output).orElseThrow(() -> new KiqException(
                    "--output " + output + " is not valid; use manifest, comments or all."));
            Platform target = ManifestFlags.platform(platform);
            Optional<HpaMetric> metric = ManifestFlags.hpaMetric(hpaMetric);
            var targets = targetOptions.targets();
            if (metric.isPresent() && targets.isEmpty()) {
                throw new KiqException("--hpa-metric needs a target (--target-ntpot-milliseconds, --target-ttft-milliseconds"
                        + " or --target-itl-milliseconds): without one no HPA is generated.");
            }
            ManifestFlags.refuseAllVersions(version, "manifests need");
            var manifests = ManifestFlags.plan(library(), new ManifestPlanner.Choice(
                    model.id, modelServer.id, Optional.ofNullable(version), accelerator, targets, metric,
                    TargetOptions.of(expectedQps), namespace, target,
                    Optional.ofNullable(bucket)), Optional.ofNullable(dashboards).map(Dashboards.Kind::byId), workload, err());
            String text = manifests.text(mode);
            if (outputPath != null) {
                OutputPath.write(outputPath, text, out());
            } else {
                out().print(text);
                out().flush();
            }
            return 0;
        }
    }
}
