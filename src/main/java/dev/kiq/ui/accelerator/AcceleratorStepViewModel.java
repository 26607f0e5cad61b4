package dev.kiq.ui.accelerator;

import dev.kiq.profile.Profile;
import dev.kiq.ui.service.Recommendations;
import dev.kiq.ui.service.Workload;
import dev.kiq.ui.wizard.StepViewModel;
import dev.kiq.ui.wizard.WizardState;
import dev.kiq.profile.ProfileKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javafx.beans.binding.Bindings;
import dev.kiq.recommend.ProfileOption;
import dev.kiq.recommend.Ranking;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * Step 4: every accelerator's profile for the choice, judged by the core under the workload and in the
 * core's order ({@code ProfileOption.CHEAPEST_FIRST}, as {@code kiq accelerators list}); rows that cannot
 * meet the targets carry the core's reason. The rows follow the targets live.
 */
public final class AcceleratorStepViewModel implements StepViewModel {

    private final WizardState state;
    private final Recommendations recommendations;
    private final ObservableList<AcceleratorRow> rows = FXCollections.observableArrayList();
    private final ObservableBooleanValue complete;
    private final StringProperty noneMeets = new SimpleStringProperty(this, "noneMeets", "");
    private final StringProperty ttftNote = new SimpleStringProperty(this, "ttftNote", "");
    private final StringProperty noKneeNote = new SimpleStringProperty(this, "noKneeNote", "");
    /** The core's tie-break notes of the rows that stand above cheaper ones, each after its row's accelerator. */
    private final StringProperty rankNote = new SimpleStringProperty(this, "rankNote", "");
    private final StringProperty modelingNote = new SimpleStringProperty(this, "modelingNote", "");
    /** Whether the step is shown: when the last profiles arrive meanwhile, the best fit is preselected as on entering. */
    private boolean shown;
    private boolean wasPartial;

    public AcceleratorStepViewModel(WizardState state, Recommendations recommendations) {
        this.state = state;
        this.recommendations = recommendations;
        complete = Bindings.isNotNull(state.profileProperty());
        state.profiles().addListener((ListChangeListener<Profile>) c -> refresh());
        state.pendingProfiles().addListener((ListChangeListener<Profile>) c -> refresh());
        state.workloadProperty().addListener((o, a, b) -> refresh());
        refresh();
    }

    @Override
    public String title() {
        return "Accelerator";
    }

    @Override
    public ObservableBooleanValue complete() {
        return complete;
    }

    public ObservableList<AcceleratorRow> rows() {
        return rows;
    }

    /** When no row meets a latency target: the lowest value any profile reaches and on what; else empty. */
    public StringProperty noneMeetsProperty() {
        return noneMeets;
    }

    /** Which rows make users wait seconds for the first token, and the TTFT target that rules them out; else empty. */
    public StringProperty ttftNoteProperty() {
        return ttftNote;
    }

    /**
     * Why rows stand above cheaper ones (a tie within the expected errors won by better-founded figures), one line a
     * row: said under the table, as the order it explains is what a person reads (in the tooltip alone, it was seen
     * only by hovering the right row).
     */
    public StringProperty rankNoteProperty() {
        return rankNote;
    }

    /** Which rows' figures are at the highest rate of a curve without a knee (the core's sentences); else empty. */
    public StringProperty noKneeNoteProperty() {
        return noKneeNote;
    }

    /**
     * While some accelerators are still being modeled for the workload: how many are done, and that the rows are not
     * ranked yet; else empty.
     */
    public StringProperty modelingNoteProperty() {
        return modelingNote;
    }

    /** What changed in the choice without the user choosing it (a version without the chosen accelerator). */
    public StringProperty choiceNoticeProperty() {
        return state.choiceNoticeProperty();
    }

    public ObjectProperty<Profile> selectedProfileProperty() {
        return state.profileProperty();
    }

    /** Selects the best-fitting row with that accelerator type (among those modeled, while some are not). */
    public void select(String acceleratorType) {
        rows.stream().filter(r -> r.modeled() && r.profile().acceleratorType().equals(acceleratorType)).findFirst()
                .ifPresent(r -> state.profileProperty().set(r.profile()));
    }

    @Override
    public void left() {
        shown = false;
        // seen here: the notice has said its piece
        state.choiceNoticeProperty().set("");
    }

    @Override
    public void entered() {
        shown = true;
        preselect();
    }

    /** The best fit, when nothing is chosen and every accelerator is modeled (never the best of a partial set). */
    private void preselect() {
        if (state.profileProperty().get() == null && state.pendingProfiles().isEmpty() && !rows.isEmpty()
                && rows.get(0).feasible()) {
            state.profileProperty().set(rows.get(0).profile());
        }
    }

    private void refresh() {
        Workload w = state.workloadProperty().get();
        boolean complete = state.pendingProfiles().isEmpty();
        if (complete) {
            List<Ranking.Ranked> ranked = recommendations.ranked(state.profiles(), w);
            rows.setAll(ranked.stream().map(r -> new AcceleratorRow(r.option(), r.note())).toList());
            modelingNote.set("");
            rankNote.set(String.join("\n", rows.stream().flatMap(r -> r.rankNote().map(n -> r.count() + "x " + r.accelerator() + ": " + n).stream())
                    .toList()));
        } else {
            rows.setAll(unranked(w));
            rankNote.set("");
            int done = state.profiles().size();
            modelingNote.set(String.format(Locale.ROOT, "Modeling %s: %d of %d accelerators done. The rows are not "
                    + "sorted yet: which fits best is known when every accelerator is modeled.", w.choice().label(), done,
                    done + state.pendingProfiles().size()));
        }
        List<ProfileOption> options = rows.stream().flatMap(r -> r.judged().stream()).toList();
        // "none meets" is a claim about every accelerator: not made from a partial set
        boolean noneAchievable = complete && !options.isEmpty() && options.stream().noneMatch(ProfileOption::achievable);
        noneMeets.set(noneAchievable ? recommendations.noneMeets(state.profiles(), w)
                .map(s -> "No accelerator meets your targets: " + s)
                .orElse("No accelerator meets your targets together; each row says why.") : "");
        ttftNote.set(recommendations.ttftNote(options.stream().filter(ProfileOption::achievable).toList(), w)
                .map(s -> "⚠ " + s + " Set it on the Workload step.").orElse(""));
        noKneeNote.set(String.join("\n", options.stream().flatMap(o -> o.noKneeNote().stream()).map(s -> "⚠ " + s).toList()));
        if (complete && wasPartial && shown) {
            preselect(); // the last accelerators arrived while the step was shown
        }
        wasPartial = !complete;
    }

    /**
     * Some accelerators are still being modeled: the rows in the configurations' order, the modeled ones judged by the
     * core (not ranked), the others saying they are being modeled.
     */
    private List<AcceleratorRow> unranked(Workload w) {
        Map<ProfileKey, AcceleratorRow> byKey = new HashMap<>();
        recommendations.judged(state.profiles(), w).forEach(o -> byKey.put(o.profile().key(), new AcceleratorRow(o)));
        state.pendingProfiles().forEach(p -> byKey.putIfAbsent(p.key(), AcceleratorRow.pending(p)));
        List<AcceleratorRow> ordered = new ArrayList<>();
        Set<ProfileKey> seen = new HashSet<>();
        for (Profile candidate : state.candidateProfiles()) {
            if (seen.add(candidate.key()) && byKey.containsKey(candidate.key())) {
                ordered.add(byKey.get(candidate.key()));
            }
        }
        return ordered;
    }
}
