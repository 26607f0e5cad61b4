package dev.kiq.ui.wizard;

import dev.kiq.profile.Profile;
import dev.kiq.ui.service.Analysis;
import dev.kiq.ui.service.ModelEntry;
import dev.kiq.ui.service.Recommendations;
import dev.kiq.ui.service.Workload;
import java.util.List;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The choices made so far, shared by every step: each step reads what the earlier ones chose and
 * writes its own. The analysis of the chosen profile is derived, so it follows the targets live.
 */
public final class WizardState {

    private final ObjectProperty<ModelEntry> model = new SimpleObjectProperty<>(this, "model");
    private final StringProperty modelServer = new SimpleStringProperty(this, "modelServer");
    private final StringProperty modelServerVersion = new SimpleStringProperty(this, "modelServerVersion");
    private final ObjectProperty<Workload> workload = new SimpleObjectProperty<>(this, "workload", Workload.defaults());
    /** Every profile of the chosen model, server and version, whatever workload each is for. */
    private final ObservableList<Profile> candidateProfiles = FXCollections.observableArrayList();
    /** Every accelerator's profile for the chosen model, server and version, for the chosen workload. */
    private final ObservableList<Profile> profiles = FXCollections.observableArrayList();
    private final ObjectProperty<Profile> profile = new SimpleObjectProperty<>(this, "profile");
    /** The manifests as the user will deploy them (generated, possibly edited). */
    private final StringProperty manifests = new SimpleStringProperty(this, "manifests", "");
    /** The one namespace of the wizard: the manifests are generated for it and deployed to it. */
    private final StringProperty namespace = new SimpleStringProperty(this, "namespace", "default");
    private final ObjectBinding<Optional<Analysis>> analysis;

    public WizardState(Recommendations recommendations) {
        analysis = Bindings.createObjectBinding(() -> {
            Profile p = profile.get();
            return p == null ? Optional.<Analysis>empty() : Optional.of(recommendations.analyse(p, workload.get()));
        }, profile, workload);
    }

    public ObjectProperty<ModelEntry> modelProperty() {
        return model;
    }

    public StringProperty modelServerProperty() {
        return modelServer;
    }

    public StringProperty modelServerVersionProperty() {
        return modelServerVersion;
    }

    public ObjectProperty<Workload> workloadProperty() {
        return workload;
    }

    /** The profiles the server step found; the workload step picks or models from them ({@link #profiles()}). */
    public ObservableList<Profile> candidateProfiles() {
        return candidateProfiles;
    }

    public void setCandidateProfiles(List<Profile> list) {
        candidateProfiles.setAll(list);
    }

    public ObservableList<Profile> profiles() {
        return profiles;
    }

    public void setProfiles(List<Profile> list) {
        profiles.setAll(list);
        Profile chosen = profile.get();
        if (chosen != null && !list.contains(chosen)) {
            // the same accelerator's profile for another workload stays chosen
            profile.set(list.stream().filter(p -> p.key().equals(chosen.key())).findFirst().orElse(null));
        }
    }

    public ObjectProperty<Profile> profileProperty() {
        return profile;
    }

    public StringProperty manifestsProperty() {
        return manifests;
    }

    /** The one namespace: the Manifests step and the Deploy page edit this same value. */
    public StringProperty namespaceProperty() {
        return namespace;
    }

    public ObjectBinding<Optional<Analysis>> analysisProperty() {
        return analysis;
    }

    public Optional<Analysis> analysis() {
        return analysis.get();
    }
}
