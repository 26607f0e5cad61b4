package dev.kiq.ui.manifests;

import dev.kiq.files.AtomicWriter;
import dev.kiq.KiqException;
import dev.kiq.profile.Profile;
import dev.kiq.ui.service.ManifestRequest;
import dev.kiq.ui.service.Services;
import dev.kiq.ui.service.YamlProblem;
import dev.kiq.ui.task.BackgroundTask;
import dev.kiq.ui.task.TaskHandle;
import dev.kiq.ui.wizard.StepViewModel;
import dev.kiq.ui.wizard.WizardState;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;

/**
 * Step 6: the manifests for the choice, regenerated live while the user has not edited them. Once
 * edited, a change of the recommendation never overwrites the text: it is flagged as stale and the
 * user chooses to regenerate or keep the edits. Every change of the text is validated off the UI thread.
 */
public final class ManifestsStepViewModel implements StepViewModel {

    public static final List<String> PLATFORMS = List.of("gke", "kubernetes");
    /** "auto" lets the engine choose from the workload's sensitivity. */
    public static final List<String> HPA_METRICS = List.of("auto", "queue-size", "batch-size", "kv-cache");

    private final WizardState state;
    private final Services services;
    private final StringProperty platform = new SimpleStringProperty(this, "platform", "gke");
    private final StringProperty hpaMetric = new SimpleStringProperty(this, "hpaMetric", "auto");
    /** The dashboard choices, in the words the step shows: none, Grafana, Google Cloud Monitoring. */
    public static final List<String> DASHBOARDS = List.of("None", "Grafana", "Google Cloud Monitoring");
    private final StringProperty dashboards = new SimpleStringProperty(this, "dashboards", "None");
    private final StringProperty modelBucketUri = new SimpleStringProperty(this, "modelBucketUri", "");
    private final ReadOnlyBooleanWrapper edited = new ReadOnlyBooleanWrapper(this, "edited");
    private final ReadOnlyBooleanWrapper stale = new ReadOnlyBooleanWrapper(this, "stale");
    private final ReadOnlyBooleanWrapper keptStale = new ReadOnlyBooleanWrapper(this, "keptStale");
    private final ReadOnlyBooleanWrapper generating = new ReadOnlyBooleanWrapper(this, "generating");
    private final ReadOnlyObjectWrapper<Optional<YamlProblem>> problem =
            new ReadOnlyObjectWrapper<>(this, "problem", Optional.empty());
    private final StringProperty status = new SimpleStringProperty(this, "status", "");
    /** Why the options cannot be generated (e.g. a namespace Kubernetes refuses), in the core's words; empty when they can. */
    private final javafx.beans.property.ReadOnlyStringWrapper optionsProblem =
            new javafx.beans.property.ReadOnlyStringWrapper(this, "optionsProblem", "");
    private final BooleanProperty live = new SimpleBooleanProperty(this, "live");
    private final ObjectProperty<ManifestRequest> generatedFor = new SimpleObjectProperty<>(this, "generatedFor");
    private final ObservableBooleanValue complete;
    private String generated = "";
    private final javafx.beans.binding.BooleanBinding exportable;
    /** The latest edit's ticket; read by the validation threads, which skip the work of older edits. */
    private final java.util.concurrent.atomic.AtomicLong validation = new java.util.concurrent.atomic.AtomicLong();
    private long generation;

    public ManifestsStepViewModel(WizardState state, Services services) {
        this.state = state;
        this.services = services;
        complete = Bindings.createBooleanBinding(() -> problem.get().isEmpty() && optionsProblem.get().isEmpty()
                        && !state.manifestsProperty().get().isBlank(), problem, optionsProblem, state.manifestsProperty());
        exportable = Bindings.createBooleanBinding(() -> !generating.get() && !state.manifestsProperty().get().isBlank(),
                generating, state.manifestsProperty());
        // a drag of the target line or typing a namespace is a burst of changes: regenerate once it pauses
        Runnable changed = services.tasks().debounced(this::requestChanged);
        for (var p : List.of(state.namespaceProperty(), platform, hpaMetric, modelBucketUri, dashboards)) {
            p.addListener((o, a, b) -> changed.run());
        }
        state.profileProperty().addListener((o, a, b) -> changed.run());
        state.workloadProperty().addListener((o, a, b) -> changed.run());
    }

    @Override
    public String title() {
        return "Manifests";
    }

    @Override
    public ObservableBooleanValue complete() {
        return complete;
    }

    /** The first visit generates; from then on the manifests follow the choices live (generated off the UI thread). */
    @Override
    public void entered() {
        live.set(true);
        Optional<ManifestRequest> request = request();
        if (!edited.get() && request.isPresent() && !request.get().equals(generatedFor.get())) {
            generateInBackground(request.get());
        }
    }

    @Override
    public void left() {
        status.set("");
    }

    /** The wizard's one namespace (the Deploy page shows the same one). */
    public StringProperty namespaceProperty() {
        return state.namespaceProperty();
    }

    public StringProperty platformProperty() {
        return platform;
    }

    public StringProperty hpaMetricProperty() {
        return hpaMetric;
    }

    /** A ready dashboard added to the manifests (one of {@link #DASHBOARDS}). */
    public StringProperty dashboardsProperty() {
        return dashboards;
    }

    public StringProperty modelBucketUriProperty() {
        return modelBucketUri;
    }

    public StringProperty manifestsProperty() {
        return state.manifestsProperty();
    }

    /** The user changed the text since it was generated. */
    public ReadOnlyBooleanProperty editedProperty() {
        return edited.getReadOnlyProperty();
    }

    /** The recommendation changed after the user edited the text; the edits were kept. */
    public ReadOnlyBooleanProperty staleProperty() {
        return stale.getReadOnlyProperty();
    }

    /**
     * The user kept edits made before the recommendation changed: the HPA threshold and the comments in the text
     * describe the old operating point. Stays until the manifests are regenerated or the edits undone.
     */
    public ReadOnlyBooleanProperty keptStaleProperty() {
        return keptStale.getReadOnlyProperty();
    }

    /**
     * Whether Copy and Save as have text of the current choices to give: not while the manifests are being generated,
     * when the editor holds nothing yet or the text of the previous choices. Copy said "Copied to the clipboard." and
     * copied nothing (Xvfb walk 1024x700: the Manifests step opened on "Generating the manifests…" with both buttons
     * live).
     */
    public javafx.beans.value.ObservableBooleanValue exportable() {
        return exportable;
    }

    /** Manifests are being generated in the background (the first visit takes a few seconds). */
    public ReadOnlyBooleanProperty generatingProperty() {
        return generating.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Optional<YamlProblem>> problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public StringProperty statusProperty() {
        return status;
    }

    /**
     * Why the manifests could not be generated for the options as they are (a namespace Kubernetes refuses): the
     * text shown is still the last one generated, so the step is not complete until the options are valid again.
     */
    public javafx.beans.property.ReadOnlyStringProperty optionsProblemProperty() {
        return optionsProblem.getReadOnlyProperty();
    }

    /** The view reports each change of the editor's text here. */
    public void edit(String text) {
        if (text.equals(state.manifestsProperty().get())) {
            return;
        }
        state.manifestsProperty().set(text);
        edited.set(!text.equals(generated));
        if (!edited.get()) {
            stale.set(false);
            keptStale.set(false);
        }
        validate(text);
    }

    /** Replaces the text, edits included, with freshly generated manifests (the user asked for it). */
    public void regenerate() {
        Optional<ManifestRequest> request = request();
        if (request.isEmpty()) {
            return;
        }
        generation++; // what is still being generated in the background is out of date now
        try {
            install(request.get(), services.manifests().generate(request.get()));
        } catch (KiqException e) {
            optionsProblem.set(e.getMessage());
        }
    }

    private void install(ManifestRequest request, String text) {
        generated = text;
        generatedFor.set(request);
        edited.set(false);
        stale.set(false);
        keptStale.set(false);
        generating.set(false);
        state.manifestsProperty().set(generated);
        problem.set(Optional.empty());
        optionsProblem.set("");
        status.set("");
    }

    /** Generates off the UI thread; only the latest request's result is used, and never over edits. */
    private void generateInBackground(ManifestRequest request) {
        long ticket = ++generation;
        generating.set(true);
        BackgroundTask.wrap(() -> services.manifests().generate(request))
                .onSuccess(text -> {
                    if (ticket != generation) {
                        return;
                    }
                    generating.set(false);
                    if (edited.get()) {
                        stale.set(true);
                    } else {
                        install(request, text);
                    }
                })
                .onFailure(e -> {
                    if (ticket == generation) {
                        generating.set(false);
                        if (e instanceof KiqException) {
                            optionsProblem.set(e.getMessage());
                        } else {
                            status.set("Could not generate the manifests: " + e);
                        }
                    }
                })
                .executeWith(services.tasks());
    }

    /** Keeps the edited text although the recommendation changed. */
    public void keepEdits() {
        stale.set(false);
        keptStale.set(true);
    }

    /** The file name Save as offers: {@link WizardState#fileName}. */
    public String saveFileName() {
        return state.fileName("manifests", "yaml");
    }

    /** Writes the text atomically (temporary file in the same folder, then a move) off the UI thread. */
    public TaskHandle saveAs(Path file) {
        String text = state.manifestsProperty().get();
        return BackgroundTask.wrap(() -> {
            AtomicWriter.write(file, text);
            return file;
        })
                .onSuccess(f -> status.set("Saved to " + f))
                .onFailure(e -> status.set("Could not save to " + file + ": " + e.getMessage()))
                .executeWith(services.tasks());
    }

    private Optional<ManifestRequest> request() {
        Profile profile = state.profileProperty().get();
        if (profile == null) {
            return Optional.empty();
        }
        String bucket = modelBucketUri.get() == null ? "" : modelBucketUri.get().strip();
        String typed = state.namespaceProperty().get();
        String ns = typed == null || typed.isBlank() ? "default" : typed.strip();
        return Optional.of(new ManifestRequest(profile, state.workloadProperty().get(), ns, platform.get(),
                "auto".equals(hpaMetric.get()) ? Optional.empty() : Optional.ofNullable(hpaMetric.get()),
                bucket.isEmpty() ? Optional.empty() : Optional.of(bucket),
                "Grafana".equals(dashboards.get()) ? Optional.of("grafana")
                        : "Google Cloud Monitoring".equals(dashboards.get()) ? Optional.of("gmp") : Optional.empty()));
    }

    private void requestChanged() {
        if (!live.get()) {
            return;
        }
        Optional<ManifestRequest> request = request();
        if (request.isEmpty() || request.get().equals(generatedFor.get())) {
            // back to the options the shown text was generated for: nothing is wrong with them
            request.ifPresent(r -> {
                generation++;
                generating.set(false);
                optionsProblem.set("");
            });
            return;
        }
        if (edited.get()) {
            stale.set(true);
        } else {
            generateInBackground(request.get());
        }
    }

    private void validate(String text) {
        long ticket = validation.incrementAndGet();
        // typing queues one validation per keystroke: those overtaken by a newer edit skip the parse, so the
        // answer for the last keystroke comes one parse after it, not after a queue of them
        BackgroundTask.wrap(() -> ticket == validation.get() ? services.manifests().validate(text)
                        : Optional.<YamlProblem>empty())
                .onSuccess(found -> {
                    if (ticket == validation.get()) {
                        problem.set(found);
                    }
                })
                .onFailure(e -> {
                    if (ticket == validation.get()) {
                        problem.set(Optional.of(new YamlProblem(1, String.valueOf(e.getMessage()))));
                    }
                })
                .executeWith(services.tasks());
    }
}
