package dev.kiq.ui.model;

import dev.kiq.KiqException;
import dev.kiq.catalog.ModelArchitecture;
import dev.kiq.catalog.ModelIds;
import dev.kiq.profile.Profile;
import dev.kiq.ui.service.ModelEntry;
import dev.kiq.ui.service.Services;
import dev.kiq.ui.task.BackgroundTask;
import dev.kiq.ui.task.TaskHandle;
import dev.kiq.ui.wizard.StepViewModel;
import dev.kiq.ui.wizard.WizardState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/** Step 1: pick a catalog model, or model a new one from its config.json. */
public final class ModelStepViewModel implements StepViewModel {

    private final WizardState state;
    private final Services services;
    private final ObservableList<ModelEntry> models = FXCollections.observableArrayList();
    private final FilteredList<ModelEntry> visibleModels = new FilteredList<>(models);
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ObservableBooleanValue complete;

    // modeling a config.json
    private final ObservableList<String> modelingAccelerators = FXCollections.observableArrayList();
    private final BooleanProperty modeling = new SimpleBooleanProperty(this, "modeling");
    private final DoubleProperty modelingProgress = new SimpleDoubleProperty(this, "modelingProgress");
    private final StringProperty modelingStatus = new SimpleStringProperty(this, "modelingStatus", "");
    private TaskHandle modelingTask = TaskHandle.NONE;
    private final StringProperty configPath = new SimpleStringProperty(this, "configPath", "");
    /** The Hugging Face id the added model gets (it goes into the manifests as --model=). */
    private final StringProperty modelId = new SimpleStringProperty(this, "modelId", "");
    /** What is wrong with {@link #modelId}, in plain words; empty when it is a valid org/name (or nothing is chosen). */
    private final StringProperty modelIdProblem = new SimpleStringProperty(this, "modelIdProblem", "");
    private long suggestion;
    /** The user typed an id since the config.json was last changed: a late suggestion must not overwrite it. */
    private boolean idTyped;
    private boolean prefilling;

    public ModelStepViewModel(WizardState state, Services services) {
        this.state = state;
        this.services = services;
        models.setAll(services.catalog().models());
        filter.addListener((o, a, text) -> {
            String needle = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
            visibleModels.setPredicate(needle.isEmpty() ? null : m -> m.id().toLowerCase(Locale.ROOT).contains(needle));
        });
        complete = Bindings.isNotNull(state.modelProperty());
        // a new config.json prefills the id it names; typing in the path is a burst of changes: look once it pauses
        Runnable chosen = services.tasks().debounced(this::suggestId);
        configPath.addListener((o, a, b) -> {
            idTyped = false;
            chosen.run();
        });
        modelId.addListener((o, a, id) -> {
            idTyped |= !prefilling;
            modelIdProblem.set(configPath.get().isBlank() && id.isBlank() ? "" : ModelIds.problem(id).orElse(""));
        });
    }

    @Override
    public String title() {
        return "Model";
    }

    @Override
    public ObservableBooleanValue complete() {
        return complete;
    }

    /** Profile files that could not be loaded, for a notice above the list. */
    public List<String> profileWarnings() {
        return services.catalog().warnings();
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public ObservableList<ModelEntry> visibleModels() {
        return visibleModels;
    }

    public ObjectProperty<ModelEntry> selectedProperty() {
        return state.modelProperty();
    }

    public void select(String modelId) {
        models.stream().filter(m -> m.id().equals(modelId)).findFirst().ifPresent(state.modelProperty()::set);
    }

    // ---- model from config.json ---------------------------------------------------------------

    /** Accelerators the performance model can simulate on. */
    public List<String> availableAccelerators() {
        return services.modeler().accelerators();
    }

    public ObservableList<String> modelingAccelerators() {
        return modelingAccelerators;
    }

    public BooleanProperty modelingProperty() {
        return modeling;
    }

    public DoubleProperty modelingProgressProperty() {
        return modelingProgress;
    }

    public StringProperty modelingStatusProperty() {
        return modelingStatus;
    }

    /** The config.json path as typed or browsed to. */
    public StringProperty configPathProperty() {
        return configPath;
    }

    /** The model's Hugging Face id, prefilled from the config.json, editable. */
    public StringProperty modelIdProperty() {
        return modelId;
    }

    /** The inline error under the id field; empty when the id is fine. */
    public StringProperty modelIdProblemProperty() {
        return modelIdProblem;
    }

    /** Prefills the id from the chosen config.json (its _name_or_path, or the Hugging Face cache folder it is in). */
    private void suggestId() {
        String typed = configPath.get() == null ? "" : configPath.get().strip();
        if (typed.isEmpty()) {
            return;
        }
        long ticket = ++suggestion;
        Path file;
        try {
            file = Path.of(typed);
        } catch (java.nio.file.InvalidPathException e) {
            return; // "Model it" says what is wrong with the path
        }
        BackgroundTask.wrap(() -> services.modeler().suggestedId(file))
                .onSuccess(id -> {
                    if (ticket == suggestion && !idTyped) {
                        prefilling = true;
                        modelId.set(id.orElse(""));
                        prefilling = false;
                        modelIdProblem.set(id.isPresent() ? "" : "This config.json does not name its model. "
                                + ModelIds.problem("").orElseThrow());
                    }
                })
                .executeWith(services.tasks());
    }

    /** A model the user added from a config.json (not one of kiq's or a measured one): it can be removed. */
    public boolean isRemovable(ModelEntry entry) {
        return entry != null && entry.origin() == ModelEntry.Origin.MODELED && services.catalog().isAdded(entry.id());
    }

    /** Forgets a model added from a config.json, here and in the per-user folder. */
    public void remove(ModelEntry entry) {
        if (!isRemovable(entry)) {
            return;
        }
        String id = entry.id();
        BackgroundTask.wrap(() -> services.catalog().removeModeled(id))
                .onSuccess(v -> {
                    if (state.modelProperty().get() != null && state.modelProperty().get().id().equals(id)) {
                        state.modelProperty().set(null);
                    }
                    models.setAll(services.catalog().models());
                    modelingStatus.set("Removed " + id + ".");
                })
                .onFailure(e -> modelingStatus.set(e instanceof KiqException ? e.getMessage() : "Could not remove " + id
                        + ": " + e.getMessage()))
                .executeWith(services.tasks());
    }

    /** Models the config.json at {@link #configPathProperty()} as {@link #modelIdProperty()}. */
    public void model() {
        String typed = configPath.get() == null ? "" : configPath.get().strip();
        if (typed.isEmpty()) {
            modelingStatus.set("Give the path of a Hugging Face config.json.");
            return;
        }
        try {
            model(Path.of(typed));
        } catch (java.nio.file.InvalidPathException e) {
            modelingStatus.set("\u201c" + typed + "\u201d is not a file path; give the path of a Hugging Face config.json.");
        }
    }

    /**
     * Reads the config.json and simulates it on each chosen accelerator in the background; when done the
     * model is listed (marked modeled) and selected. Accelerators it does not fit on are reported and skipped.
     */
    public void model(Path configJson) {
        if (modeling.get()) {
            return;
        }
        List<String> accelerators = List.copyOf(modelingAccelerators);
        String chosenId = modelId.get() == null ? "" : modelId.get().strip();
        Optional<String> idProblem = ModelIds.problem(chosenId);
        if (idProblem.isPresent()) {
            modelIdProblem.set(idProblem.get());
            return;
        }
        if (accelerators.isEmpty()) {
            modelingStatus.set("Choose at least one accelerator to model the model on.");
            return;
        }
        String[] id = new String[1];
        String[] skippedNote = {""};
        modeling.set(true);
        modelingProgress.set(0);
        modelingTask = BackgroundTask.wrap(context -> {
            context.updateMessage("Reading " + configJson.getFileName() + "…");
            ModelArchitecture architecture = services.modeler().read(configJson, chosenId);
            id[0] = architecture.id();
            List<Profile> profiles = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            for (int i = 0; i < accelerators.size(); i++) {
                if (context.isCancelled()) {
                    return profiles;
                }
                String accelerator = accelerators.get(i);
                context.updateMessage("Simulating " + architecture.id() + " on " + accelerator + " (" + (i + 1)
                        + " of " + accelerators.size() + ")…");
                context.updateProgress(i, accelerators.size());
                try {
                    profiles.add(services.modeler().simulate(architecture, accelerator));
                } catch (KiqException e) {
                    skipped.add(e.getMessage());
                }
            }
            context.updateProgress(accelerators.size(), accelerators.size());
            if (profiles.isEmpty()) {
                throw new KiqException(architecture.id() + " fits none of the chosen accelerators: "
                        + String.join(" ", skipped));
            }
            if (!skipped.isEmpty()) {
                skippedNote[0] = " Skipped: " + String.join(" ", skipped);
            }
            if (context.isCancelled()) {
                return profiles;
            }
            context.updateMessage("Keeping " + architecture.id() + " for the next runs…");
            try {
                services.catalog().addModeled(architecture.id(), profiles, configJson);
            } catch (KiqException e) {
                skippedNote[0] += " It is not kept for the next runs: " + e.getMessage();
            }
            return profiles;
        })
                .onMessage(msg -> {
                    if (modeling.get()) {
                        modelingStatus.set(msg);
                    }
                })
                .onProgress(modelingProgress::set)
                .onSuccess(profiles -> {
                    models.setAll(services.catalog().models());
                    select(id[0]);
                    modelingStatus.set(String.format(Locale.ROOT, "Modeled %s on %d accelerator%s.%s", id[0],
                            profiles.size(), profiles.size() == 1 ? "" : "s", skippedNote[0]));
                    modeling.set(false);
                })
                .onFailure(e -> {
                    modelingStatus.set(e instanceof KiqException ? e.getMessage() : "Modeling failed: " + e);
                    modeling.set(false);
                })
                .onCancelled(() -> {
                    modelingStatus.set("Modeling cancelled.");
                    modeling.set(false);
                })
                .executeWith(services.tasks());
    }

    public void cancelModeling() {
        modelingTask.cancel();
    }
}
