package dev.kiq.ui.model;

import dev.kiq.catalog.ModelArchitecture;
import dev.kiq.profile.Profile;
import dev.kiq.ui.service.ModelEntry;
import dev.kiq.ui.service.Services;
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
import javafx.concurrent.Task;

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
    private Task<List<Profile>> modelingTask;

    public ModelStepViewModel(WizardState state, Services services) {
        this.state = state;
        this.services = services;
        models.setAll(services.catalog().models());
        filter.addListener((o, a, text) -> {
            String needle = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
            visibleModels.setPredicate(needle.isEmpty() ? null : m -> m.id().toLowerCase(Locale.ROOT).contains(needle));
        });
        complete = Bindings.isNotNull(state.modelProperty());
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

    /**
     * Reads the config.json and simulates it on each chosen accelerator in the background; when done the
     * model is listed (marked modeled) and selected. Accelerators it does not fit on are reported and skipped.
     */
    public void model(Path configJson) {
        if (modeling.get()) {
            return;
        }
        List<String> accelerators = List.copyOf(modelingAccelerators);
        if (accelerators.isEmpty()) {
            modelingStatus.set("Choose at least one accelerator to model the model on.");
            return;
        }
        Task<List<Profile>> task = new Task<>() {
            private ModelArchitecture architecture;

            @Override
            protected List<Profile> call() {
                updateMessage("Reading " + configJson.getFileName() + "…");
                architecture = services.modeler().read(configJson);
                List<Profile> profiles = new ArrayList<>();
                List<String> skipped = new ArrayList<>();
                for (int i = 0; i < accelerators.size(); i++) {
                    if (isCancelled()) {
                        return profiles;
                    }
                    String accelerator = accelerators.get(i);
                    updateMessage("Simulating " + architecture.id() + " on " + accelerator + " (" + (i + 1) + " of "
                            + accelerators.size() + ")…");
                    updateProgress(i, accelerators.size());
                    try {
                        profiles.add(services.modeler().simulate(architecture, accelerator));
                    } catch (dev.kiq.KiqException e) {
                        skipped.add(e.getMessage());
                    }
                }
                updateProgress(accelerators.size(), accelerators.size());
                if (profiles.isEmpty()) {
                    throw new dev.kiq.KiqException(architecture.id() + " fits none of the chosen accelerators: "
                            + String.join(" ", skipped));
                }
                if (!skipped.isEmpty()) {
                    updateMessage("Skipped: " + String.join(" ", skipped));
                }
                return profiles;
            }

            @Override
            protected void succeeded() {
                String id = architecture.id();
                services.catalog().addModeled(id, getValue());
                models.setAll(services.catalog().models());
                select(id);
                String skippedNote = getMessage().startsWith("Skipped") ? " " + getMessage() : "";
                modelingStatus.set(String.format(Locale.ROOT, "Modeled %s on %d accelerator%s.%s", id,
                        getValue().size(), getValue().size() == 1 ? "" : "s", skippedNote));
                modeling.set(false);
            }

            @Override
            protected void failed() {
                Throwable e = getException();
                modelingStatus.set(e instanceof dev.kiq.KiqException ? e.getMessage()
                        : "Modeling failed: " + e);
                modeling.set(false);
            }

            @Override
            protected void cancelled() {
                modelingStatus.set("Modeling cancelled.");
                modeling.set(false);
            }
        };
        modelingTask = task;
        modeling.set(true);
        modelingProgress.bind(task.progressProperty());
        task.messageProperty().addListener((o, a, msg) -> {
            if (modeling.get()) {
                modelingStatus.set(msg);
            }
        });
        services.executor().execute(task);
    }

    public void cancelModeling() {
        Optional.ofNullable(modelingTask).ifPresent(Task::cancel);
    }
}
