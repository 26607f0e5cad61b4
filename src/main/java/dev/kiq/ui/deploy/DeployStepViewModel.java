package dev.kiq.ui.deploy;

import dev.kiq.KiqException;
import dev.kiq.ui.service.DeployProgress;
import dev.kiq.ui.service.DeployRequest;
import dev.kiq.ui.service.ReportedFailure;
import dev.kiq.ui.service.Services;
import dev.kiq.ui.service.UndeployPreview;
import dev.kiq.ui.task.BackgroundTask;
import dev.kiq.ui.task.TaskHandle;
import dev.kiq.ui.wizard.StepViewModel;
import dev.kiq.ui.wizard.WizardState;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Step 7: where to deploy (kubeconfig context and namespace), the Hugging Face token, dry run,
 * deploy, undeploy, and the live progress list. The token lives only in {@link #hfTokenProperty()}
 * and in the request handed to the deploy core; it is never logged, shown or stored.
 */
public final class DeployStepViewModel implements StepViewModel {

    private final WizardState state;
    private final Services services;
    private final ObservableList<String> contexts = FXCollections.observableArrayList();
    private final StringProperty context = new SimpleStringProperty(this, "context");
    private final StringProperty namespace;
    /** The namespace of the chosen kube context, offered when it differs from the wizard's. */
    private final StringProperty contextNamespace = new SimpleStringProperty(this, "contextNamespace", "");
    private final BooleanProperty createNamespace = new SimpleBooleanProperty(this, "createNamespace");
    private final StringProperty hfToken = new SimpleStringProperty(this, "hfToken", "");
    private final BooleanProperty waitForRollout = new SimpleBooleanProperty(this, "waitForRollout", true);
    /** Why there is no cluster to deploy to (no kubeconfig…); empty when there is one. */
    private final StringProperty noCluster = new SimpleStringProperty(this, "noCluster", "");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ObservableList<DeployProgress> progress = FXCollections.observableArrayList();
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final StringProperty outcome = new SimpleStringProperty(this, "outcome", "");
    private final ObservableBooleanValue canDeploy;
    private final ObservableBooleanValue canUndeploy;
    /** The question Undeploy asks before deleting anything; null when it asks nothing. */
    private final ReadOnlyObjectWrapper<UndeployConfirmation> confirmation = new ReadOnlyObjectWrapper<>(this, "confirmation");
    private UndeployPreview pending;
    private static final ObservableBooleanValue ALWAYS = new ReadOnlyBooleanWrapper(true);
    private TaskHandle current = TaskHandle.NONE;
    private boolean contextsLoaded;

    public DeployStepViewModel(WizardState state, Services services) {
        this.state = state;
        this.services = services;
        this.namespace = state.namespaceProperty();
        canDeploy = Bindings.createBooleanBinding(() -> !running.get() && noCluster.get().isEmpty()
                && context.get() != null && !state.manifestsProperty().get().isBlank(),
                running, noCluster, context, state.manifestsProperty());
        canUndeploy = Bindings.createBooleanBinding(() -> !running.get() && noCluster.get().isEmpty()
                && context.get() != null && !state.manifestsProperty().get().isBlank() && confirmation.get() == null,
                running, noCluster, context, state.manifestsProperty(), confirmation);
    }

    @Override
    public String title() {
        return "Deploy";
    }

    @Override
    public ObservableBooleanValue complete() {
        return ALWAYS;
    }

    @Override
    public void entered() {
        if (!contextsLoaded) {
            reloadContexts();
        }
    }

    /** Reads the kubeconfig off the UI thread. */
    public void reloadContexts() {
        contextsLoaded = true;
        BackgroundTask.wrap(() -> services.deployer().contexts())
                .onSuccess(k -> {
                    contexts.setAll(k.contexts());
                    context.set(k.current());
                    // the wizard has one namespace (the manifests are generated for it): the context's is only offered
                    contextNamespace.set(k.namespace() == null ? "" : k.namespace());
                    noCluster.set("");
                })
                .onFailure(e -> {
                    contexts.clear();
                    context.set(null);
                    noCluster.set(plain(e));
                })
                .executeWith(services.tasks());
    }

    public ObservableList<String> contexts() {
        return contexts;
    }

    public StringProperty contextProperty() {
        return context;
    }

    public StringProperty namespaceProperty() {
        return namespace;
    }

    /** The current kube context's namespace (empty when unknown); the page offers it, never imposes it. */
    public StringProperty contextNamespaceProperty() {
        return contextNamespace;
    }

    /** Makes the context's namespace the wizard's one namespace (the manifests follow). */
    public void useContextNamespace() {
        if (!contextNamespace.get().isBlank()) {
            namespace.set(contextNamespace.get());
        }
    }

    public BooleanProperty createNamespaceProperty() {
        return createNamespace;
    }

    public StringProperty hfTokenProperty() {
        return hfToken;
    }

    /** Watch the pods after applying until the model server is ready (or fails). */
    public BooleanProperty waitForRolloutProperty() {
        return waitForRollout;
    }

    public StringProperty noClusterProperty() {
        return noCluster;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ObservableBooleanValue canDeployProperty() {
        return canDeploy;
    }

    /** Undeploy is possible: a cluster, and manifests that name the release to remove. */
    public ObservableBooleanValue canUndeployProperty() {
        return canUndeploy;
    }

    /** The question Undeploy asks (what will be deleted) while it waits for an answer; null otherwise. */
    public ReadOnlyObjectProperty<UndeployConfirmation> confirmationProperty() {
        return confirmation.getReadOnlyProperty();
    }

    public ObservableList<DeployProgress> progress() {
        return progress;
    }

    /** The last failure in plain words, with what to do. */
    public StringProperty errorProperty() {
        return error;
    }

    /** One line saying how the last run ended. */
    public StringProperty outcomeProperty() {
        return outcome;
    }

    public void dryRun() {
        apply(true);
    }

    public void deploy() {
        apply(false);
    }

    /**
     * Finds on the cluster what Undeploy would delete (the release of the wizard's manifests), deleting nothing:
     * the answer is a question in {@link #confirmationProperty()}, or a line saying there is nothing to remove.
     */
    public void undeploy() {
        if (!canUndeploy.get()) {
            return;
        }
        String ctx = context.get();
        String ns = namespace();
        String manifests = state.manifestsProperty().get();
        progress.clear();
        error.set("");
        outcome.set("Looking for what Undeploy would delete…");
        running.set(true);
        BackgroundTask.wrap(() -> services.deployer().planUndeploy(ctx, ns, manifests))
                .onSuccess(preview -> {
                    running.set(false);
                    if (preview.objects().isEmpty()) {
                        outcome.set("Nothing of release " + preview.release() + " in namespace " + preview.namespace()
                                + "; nothing to remove.");
                        return;
                    }
                    pending = preview;
                    outcome.set("");
                    confirmation.set(new UndeployConfirmation("Delete release " + preview.release() + " from namespace "
                            + preview.namespace() + "?", preview.objects(), preview.secretKept().map(k -> k + " ").orElse("")
                            + "The namespace and everything else in it stay."));
                })
                .onFailure(e -> {
                    running.set(false);
                    error.set(plain(e));
                    outcome.set("Undeploy failed; nothing was deleted.");
                })
                .executeWith(services.tasks());
    }

    /** The user confirmed the question: deletes exactly the objects it listed. */
    public void confirmUndeploy() {
        UndeployPreview preview = pending;
        pending = null;
        confirmation.set(null);
        if (preview != null) {
            start("Undeploy", false, (events, cancelled) -> services.deployer().undeploy(preview, events));
        }
    }

    /** The user declined the question: nothing is deleted. */
    public void declineUndeploy() {
        pending = null;
        confirmation.set(null);
        outcome.set("Undeploy cancelled; nothing was deleted.");
    }

    public void cancel() {
        current.cancel();
    }

    private void apply(boolean dryRun) {
        if (!canDeploy.get()) {
            return;
        }
        String token = hfToken.get() == null ? "" : hfToken.get().strip();
        DeployRequest request = new DeployRequest(state.manifestsProperty().get(), context.get(), namespace(),
                createNamespace.get(), token.isEmpty() ? Optional.empty() : Optional.of(token), dryRun, waitForRollout.get());
        start(dryRun ? "Dry run" : "Deploy", !dryRun, (events, cancelled) -> services.deployer().deploy(request, events, cancelled));
    }

    /** The namespace as typed, "default" when blank. */
    private String namespace() {
        return namespace.get() == null || namespace.get().isBlank() ? "default" : namespace.get().strip();
    }

    /** What runs against the cluster: reports each step to {@code events}, checks {@code cancelled} between steps. */
    private interface ClusterWork {
        void run(Consumer<DeployProgress> events, BooleanSupplier cancelled);
    }

    /** Runs on a thread of its own (a rollout watch can take 20 minutes); each event reaches the list as it comes. */
    /** @param applies the work applies objects (a deploy), so cancelling it leaves them applied */
    private void start(String what, boolean applies, ClusterWork work) {
        if (running.get()) {
            return;
        }
        progress.clear();
        error.set("");
        outcome.set(what + " running…");
        running.set(true);
        Consumer<DeployProgress> events = services.tasks().onUiThread(progress::add);
        current = BackgroundTask.wrap(context -> {
            work.run(events, context::isCancelled);
            return null;
        })
                .longRunning()
                .onSuccess(v -> {
                    running.set(false);
                    outcome.set(what + " finished.");
                })
                .onFailure(e -> {
                    running.set(false);
                    // a failure the list already shows (with what to do) is not repeated under it
                    error.set(e instanceof ReportedFailure ? "" : plain(e));
                    outcome.set(what + " failed.");
                })
                .onCancelled(() -> {
                    running.set(false);
                    // cancelling a deploy stops the rollout watch; what was applied stays applied
                    boolean applied = applies && progress.stream().anyMatch(p -> p.severity() == DeployProgress.Severity.DONE);
                    outcome.set(applied ? "Applied; stopped watching the rollout."
                            : what + " cancelled; the list above shows what was done.");
                })
                .executeWith(services.tasks());
    }

    /** A user-facing failure as it is; anything else named without a stack trace. */
    static String plain(Throwable e) {
        if (e instanceof KiqException) {
            return e.getMessage();
        }
        String m = e.getMessage();
        return "Unexpected failure (" + e.getClass().getSimpleName() + ")" + (m == null ? "." : ": " + m);
    }
}
