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
    /**
     * The configurations whose profile for the chosen workload is still being modeled, each named by one of its
     * candidate profiles (for another workload: it names the accelerator, its figures are not the workload's);
     * empty when {@link #profiles()} is the complete set.
     */
    private final ObservableList<Profile> pendingProfiles = FXCollections.observableArrayList();
    private final ObjectProperty<Profile> profile = new SimpleObjectProperty<>(this, "profile");
    /** The manifests as the user will deploy them (generated, possibly edited). */
    private final StringProperty manifests = new SimpleStringProperty(this, "manifests", "");
    /** The one namespace of the wizard: the manifests are generated for it and deployed to it. */
    private final StringProperty namespace = new SimpleStringProperty(this, "namespace", "default");
    private final ObjectBinding<Optional<Analysis>> analysis;
    /** What changed in the choices without the user choosing it, and why; empty when nothing did. */
    private final StringProperty choiceNotice = new SimpleStringProperty(this, "choiceNotice", "");
    /**
     * The accelerator the user had chosen before a new model, server or version without it cleared the choice, while
     * nothing else is chosen: a later list that has it again chooses it again, and one that does not says so anew.
     */
    private Profile lostChoice;

    public WizardState(Recommendations recommendations) {
        // any accelerator chosen since (by the user or by a preselection) replaces the one a version change took away
        profile.addListener((o, was, now) -> {
            if (now != null) {
                lostChoice = null;
            }
        });
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

    /** The configurations still being modeled for the workload; while any is, {@link #profiles()} is a partial set. */
    public ObservableList<Profile> pendingProfiles() {
        return pendingProfiles;
    }

    /**
     * The profiles for a new model, server or version. The chosen accelerator stays chosen when the new list has
     * a profile of it (same type, topology and count); otherwise the choice is cleared and {@link #choiceNoticeProperty()}
     * says what changed and why (issue 11 defect 12). While nothing else is chosen, a later list with that accelerator
     * chooses it again and clears the notice, and a later list without it says so naming its own version (seen in the
     * Xvfb walk: after a second version change the notice still named the first, which the page no longer showed).
     */
    public void setProfiles(List<Profile> list) {
        setProfiles(list, List.of());
    }

    /**
     * The profiles modeled so far for a workload, with the configurations still being modeled (each named by one of
     * its candidate profiles); an empty {@code pending} when the list is complete. The chosen accelerator is kept or
     * cleared as by {@link #setProfiles(List)}.
     */
    public void setProfiles(List<Profile> list, List<Profile> pending) {
        Profile chosen = profile.get();
        // a listener that sees no pending configuration sees the complete set, never a part of it
        if (!pending.isEmpty()) {
            pendingProfiles.setAll(pending);
        }
        profiles.setAll(list);
        if (pending.isEmpty()) {
            pendingProfiles.clear();
        }
        Profile wanted = chosen != null ? chosen : lostChoice;
        if (wanted == null || (chosen != null && list.contains(chosen))) {
            return;
        }
        Optional<Profile> same = list.stream().filter(p -> sameAccelerator(p, wanted)).findFirst();
        profile.set(same.orElse(null));
        if (same.isPresent()) {
            choiceNotice.set("");
            return;
        }
        lostChoice = wanted;
        if (pending.stream().anyMatch(p -> sameAccelerator(p, wanted))) {
            choiceNotice.set(""); // still being modeled for this workload: chosen again when it is done
        } else if (!list.isEmpty()) {
            Profile any = list.get(0);
            choiceNotice.set(describe(any) + " has no profile for " + accelerator(wanted) + " (your choice with "
                    + describe(wanted) + "), so the accelerator changed: choose one on the Accelerator step, which preselects"
                    + " the cheapest that meets your targets.");
        }
    }

    private static boolean sameAccelerator(Profile a, Profile b) {
        return a.acceleratorType().equals(b.acceleratorType()) && a.tpuTopology().equals(b.tpuTopology())
                && a.acceleratorCount() == b.acceleratorCount();
    }

    private static String accelerator(Profile p) {
        return p.acceleratorCount() + "× " + p.acceleratorType() + p.tpuTopology().map(t -> " " + t).orElse("");
    }

    private static String describe(Profile p) {
        return p.modelServerInfo().model() + " on " + p.modelServerInfo().modelServer() + " "
                + p.modelServerInfo().modelServerVersion();
    }

    public StringProperty choiceNoticeProperty() {
        return choiceNotice;
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

    /**
     * The name a saved file is offered under: what it is, then the model, the accelerators and the use case, e.g.
     * {@code kiq-performance-DeepSeek-R1-Distill-Qwen-7B-1x-nvidia-h100-80gb-chatbot.png}, so files saved for several
     * choices neither overwrite one another nor need renaming. Characters a file system may refuse become {@code -}.
     */
    public String fileName(String what, String extension) {
        StringBuilder name = new StringBuilder("kiq-").append(what);
        Profile p = profile.get();
        if (p != null) {
            String model = p.modelServerInfo().model();
            name.append('-').append(model.substring(model.lastIndexOf('/') + 1))
                    .append('-').append(p.acceleratorCount()).append("x-").append(p.acceleratorType());
        }
        name.append('-').append(workload.get().useCase());
        return name.toString().replaceAll("[^A-Za-z0-9._-]+", "-") + "." + extension;
    }
}
