package dev.kiq.ui.service;

import dev.kiq.KiqException;
import dev.kiq.deploy.CancelToken;
import dev.kiq.deploy.ClusterConnection;
import dev.kiq.deploy.DeployEvent;
import dev.kiq.deploy.DeployReport;
import dev.kiq.deploy.Deployer;
import dev.kiq.deploy.HfToken;
import dev.kiq.deploy.KubeConfigView;
import dev.kiq.deploy.KubeContext;
import dev.kiq.deploy.Problem;
import dev.kiq.deploy.ReleaseInventory;
import dev.kiq.manifest.ManifestYaml;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** The wizard's view of {@code dev.kiq.deploy}: typed deploy events become lines of the progress list. */
final class CoreDeployer implements ClusterDeployer {

    private final Optional<Path> kubeconfig;
    private final dev.kiq.profile.ProfileRepository profiles;

    /** @param kubeconfig a kubeconfig file; empty reads it as kubectl does ($KUBECONFIG, else ~/.kube/config) */
    CoreDeployer(Optional<Path> kubeconfig) {
        this(kubeconfig, dev.kiq.profile.ProfileRepository.shipped());
    }

    /** @param profiles where a deployed release's profile is looked up (its live point is placed on that curve) */
    CoreDeployer(Optional<Path> kubeconfig, dev.kiq.profile.ProfileRepository profiles) {
        this.kubeconfig = kubeconfig;
        this.profiles = profiles;
    }

    @Override
    public dev.kiq.monitor.LiveRelease openRelease(String context, String namespace, Optional<String> release) {
        KubeContext ctx = KubeConfigView.load(kubeconfig, WizardWording.INSTANCE).resolve(Optional.ofNullable(context));
        return dev.kiq.monitor.LiveRelease.open(ClusterConnection.connect(ctx, kubeconfig, WizardWording.INSTANCE), ctx.name(), namespace, release,
                dev.kiq.catalog.Catalog.bundled(), profiles, WizardWording.INSTANCE);
    }

    @Override
    public KubeContexts contexts() {
        KubeConfigView view = KubeConfigView.load(kubeconfig, WizardWording.INSTANCE);
        if (view.contexts().isEmpty()) {
            throw new KiqException("No kubeconfig context found (looked in "
                    + (view.files().isEmpty() ? "$KUBECONFIG and ~/.kube/config" : String.join(", ", view.files()))
                    + ").");
        }
        List<String> names = view.contexts().stream().map(KubeContext::name).toList();
        // without a current context the user picks one from the list (the CLI asks for --context instead)
        Optional<KubeContext> current = view.currentContext().flatMap(view::find);
        return new KubeContexts(names, current.map(KubeContext::name).orElse(null),
                current.map(KubeContext::effectiveNamespace).orElse(""));
    }

    @Override
    public void deploy(dev.kiq.ui.service.DeployRequest request, Consumer<DeployProgress> progress,
            BooleanSupplier cancelled) {
        List<HasMetadata> objects = ManifestYaml.parse(request.manifests(), "the manifests of the wizard");
        KubeContext context = KubeConfigView.load(kubeconfig, WizardWording.INSTANCE).resolve(Optional.of(request.context()));
        Optional<HfToken> token = request.hfToken().map(t -> HfToken.of(t.toCharArray()));
        try (KubernetesClient client = ClusterConnection.connect(context, kubeconfig, WizardWording.INSTANCE)) {
            dev.kiq.deploy.DeployRequest r = dev.kiq.deploy.DeployRequest.of(objects).inNamespace(request.namespace())
                    .creatingNamespace(request.createNamespace()).asDryRun(request.dryRun());
            if (token.isPresent()) {
                r = r.withToken(token.get());
            }
            if (request.waitForRollout() && !request.dryRun()) {
                r = r.waiting(dev.kiq.deploy.DeployRequest.DEFAULT_TIMEOUT);
            }
            // polled, so that a cancel during a silent stretch of the rollout watch stops it at once
            CancelToken cancel = CancelToken.polling(cancelled);
            DeployReport report = new Deployer(client, context.name(), WizardWording.INSTANCE).deploy(r,
                    event -> progress.accept(line(event, token)), cancel);
            if (!report.succeeded()) {
                throw new ReportedFailure(redact(report.failure().map(CoreDeployer::describe).orElse("The deploy failed.")
                        + " " + report.summary(), token));
            }
        } finally {
            token.ifPresent(HfToken::close);
        }
    }

    @Override
    public UndeployPreview planUndeploy(String context, String namespace, String manifests) {
        String release = Deployer.defaultRelease(ManifestYaml.parse(manifests, "the manifests of the wizard"));
        KubeContext ctx = KubeConfigView.load(kubeconfig, WizardWording.INSTANCE).resolve(Optional.ofNullable(context));
        try (KubernetesClient client = ClusterConnection.connect(ctx, kubeconfig, WizardWording.INSTANCE)) {
            return new UndeployPreview(ctx.name(), release,
                    new ReleaseInventory(client, ctx.name(), WizardWording.INSTANCE).plan(namespace, Optional.of(release)));
        }
    }

    @Override
    public void undeploy(UndeployPreview preview, Consumer<DeployProgress> progress) {
        KubeContext ctx = KubeConfigView.load(kubeconfig, WizardWording.INSTANCE).resolve(Optional.of(preview.context()));
        try (KubernetesClient client = ClusterConnection.connect(ctx, kubeconfig, WizardWording.INSTANCE)) {
            ReleaseInventory.Removal removal = new ReleaseInventory(client, ctx.name(), WizardWording.INSTANCE).undeploy(preview.plan(), new CancelToken());
            removal.deleted().forEach(r -> progress.accept(new DeployProgress(DeployProgress.Severity.DONE, r + " deleted")));
            removal.secretKept().ifPresent(k -> progress.accept(new DeployProgress(DeployProgress.Severity.INFO, k)));
            if (removal.failure().isPresent()) {
                throw new KiqException(describe(removal.failure().get()) + (removal.notDeleted().isEmpty() ? ""
                        : " Not deleted: " + String.join(", ", removal.notDeleted().stream().map(Object::toString).toList()) + "."));
            }
            progress.accept(new DeployProgress(DeployProgress.Severity.INFO, "Removed release " + preview.release()
                    + " from namespace " + preview.namespace() + " (the namespace itself is kept)."));
        }
    }

    static DeployProgress line(DeployEvent event, Optional<HfToken> token) {
        String text = event.describe().lines().map(String::strip).reduce((a, b) -> a + " " + b).orElse("");
        // the CLI's line prefixes; the page shows the severity by its mark and colour
        for (String prefix : List.of("ERROR: ", "WARNING: ")) {
            if (text.startsWith(prefix)) {
                text = text.substring(prefix.length());
            }
        }
        return new DeployProgress(DeployProgress.Severity.of(event.tone()), redact(text, token));
    }

    private static String describe(Problem p) {
        return p.message() + (p.remedy().isEmpty() ? "" : " What to do: " + p.remedy());
    }

    private static String redact(String text, Optional<HfToken> token) {
        return token.map(t -> t.redact(text)).orElse(text);
    }
}
