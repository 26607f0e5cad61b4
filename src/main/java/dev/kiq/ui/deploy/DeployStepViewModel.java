package dev.kiq.ui.deploy;

import dev.kiq.KiqException;
import dev.kiq.ui.service.DeployProgress;
import dev.kiq.ui.service.DeployRequest;
import dev.kiq.ui.service.Services;
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
    private final StringProperty namespace = new SimpleStringProperty(this, "namespace", "default");
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
    private static final ObservableBooleanValue ALWAYS = new ReadOnlyBooleanWrapper(true);
    private TaskHandle current = TaskHandle.NONE;
    private boolean contextsLoaded;

    public DeployStepViewModel(WizardState state, Services services) {
        this.state = state;
        this.services = services;
        canDeploy = Bindings.createBooleanBinding(() -> !running.get() && noCluster.get().isEmpty()
                && context.get() != null && !state.manifestsProperty().get().isBlank(),
                running, noCluster, context, state.manifestsProperty());
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
                    namespace.set(k.namespace());
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

    public void undeploy() {
        String ctx = context.get();
        String ns = namespace.get();
        start("Undeploy", false, (events, cancelled) -> services.deployer().undeploy(ctx, ns, events));
    }

    public void cancel() {
        current.cancel();
    }

    private void apply(boolean dryRun) {
        if (!canDeploy.get()) {
            return;
        }
        String token = hfToken.get() == null ? "" : hfToken.get().strip();
        DeployRequest request = new DeployRequest(state.manifestsProperty().get(), context.get(),
                namespace.get() == null || namespace.get().isBlank() ? "default" : namespace.get().strip(),
                createNamespace.get(), token.isEmpty() ? Optional.empty() : Optional.of(token), dryRun, waitForRollout.get());
        start(dryRun ? "Dry run" : "Deploy", !dryRun, (events, cancelled) -> services.deployer().deploy(request, events, cancelled));
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
                    error.set(plain(e));
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
