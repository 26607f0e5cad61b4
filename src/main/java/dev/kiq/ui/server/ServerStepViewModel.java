package dev.kiq.ui.server;

import dev.kiq.ui.service.ModelEntry;
import dev.kiq.ui.service.ProfileCatalog;
import dev.kiq.ui.wizard.StepViewModel;
import dev.kiq.ui.wizard.WizardState;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Step 2: model server and version for the chosen model; the latest version is the default. It also
 * loads every accelerator's profiles for the choice into the shared state, from which the workload step
 * takes (or models) the ones for the chosen workload.
 */
public final class ServerStepViewModel implements StepViewModel {

    private final WizardState state;
    private final ProfileCatalog catalog;
    private final ObservableList<String> servers = FXCollections.observableArrayList();
    private final ObservableList<String> versions = FXCollections.observableArrayList();
    private final ObservableBooleanValue complete;

    public ServerStepViewModel(WizardState state, ProfileCatalog catalog) {
        this.state = state;
        this.catalog = catalog;
        complete = Bindings.createBooleanBinding(() -> state.modelServerProperty().get() != null
                && state.modelServerVersionProperty().get() != null && !state.candidateProfiles().isEmpty(),
                state.modelServerProperty(), state.modelServerVersionProperty(), state.candidateProfiles());
        state.modelProperty().addListener((o, a, b) -> refreshServers());
        state.modelServerProperty().addListener((o, a, b) -> refreshVersions());
        state.modelServerVersionProperty().addListener((o, a, b) -> refreshProfiles());
        refreshServers();
    }

    @Override
    public String title() {
        return "Model server & version";
    }

    @Override
    public ObservableBooleanValue complete() {
        return complete;
    }

    public ObservableList<String> servers() {
        return servers;
    }

    public ObservableList<String> versions() {
        return versions;
    }

    public StringProperty serverProperty() {
        return state.modelServerProperty();
    }

    public StringProperty versionProperty() {
        return state.modelServerVersionProperty();
    }

    /** What changed in the choice because of a change here, and why (issue 11 defect 12); empty when nothing did. */
    public StringProperty choiceNoticeProperty() {
        return state.choiceNoticeProperty();
    }

    private void refreshServers() {
        ModelEntry model = state.modelProperty().get();
        servers.setAll(model == null ? List.of() : catalog.modelServers(model.id()));
        String chosen = state.modelServerProperty().get();
        if (chosen == null || !servers.contains(chosen)) {
            state.modelServerProperty().set(servers.isEmpty() ? null : servers.get(0));
        } else {
            refreshVersions();
        }
    }

    private void refreshVersions() {
        ModelEntry model = state.modelProperty().get();
        String server = state.modelServerProperty().get();
        versions.setAll(model == null || server == null ? List.of() : catalog.versions(model.id(), server));
        String chosen = state.modelServerVersionProperty().get();
        if (chosen == null || !versions.contains(chosen)) {
            // latest by default
            state.modelServerVersionProperty().set(versions.isEmpty() ? null : versions.get(versions.size() - 1));
        } else {
            refreshProfiles();
        }
    }

    private void refreshProfiles() {
        ModelEntry model = state.modelProperty().get();
        String server = state.modelServerProperty().get();
        String version = state.modelServerVersionProperty().get();
        state.setCandidateProfiles(model == null || server == null || version == null ? List.of()
                : catalog.profiles(model.id(), server, version));
    }
}
