package dev.kiq.ui.accelerator;

import dev.kiq.profile.Profile;
import dev.kiq.ui.service.Recommendations;
import dev.kiq.ui.service.Workload;
import dev.kiq.ui.wizard.StepViewModel;
import dev.kiq.ui.wizard.WizardState;
import java.util.List;
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

    public AcceleratorStepViewModel(WizardState state, Recommendations recommendations) {
        this.state = state;
        this.recommendations = recommendations;
        complete = Bindings.isNotNull(state.profileProperty());
        state.profiles().addListener((ListChangeListener<Profile>) c -> refresh());
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

    /** What changed in the choice without the user choosing it (a version without the chosen accelerator). */
    public StringProperty choiceNoticeProperty() {
        return state.choiceNoticeProperty();
    }

    public ObjectProperty<Profile> selectedProfileProperty() {
        return state.profileProperty();
    }

    /** Selects the best-fitting row with that accelerator type. */
    public void select(String acceleratorType) {
        rows.stream().filter(r -> r.profile().acceleratorType().equals(acceleratorType)).findFirst()
                .ifPresent(r -> state.profileProperty().set(r.profile()));
    }

    @Override
    public void left() {
        // seen here: the notice has said its piece
        state.choiceNoticeProperty().set("");
    }

    @Override
    public void entered() {
        if (state.profileProperty().get() == null && !rows.isEmpty() && rows.get(0).feasible()) {
            state.profileProperty().set(rows.get(0).profile());
        }
    }

    private void refresh() {
        Workload w = state.workloadProperty().get();
        List<Ranking.Ranked> ranked = recommendations.ranked(state.profiles(), w);
        List<ProfileOption> options = ranked.stream().map(Ranking.Ranked::option).toList();
        rows.setAll(ranked.stream().map(r -> new AcceleratorRow(r.option(), r.note())).toList());
        boolean noneAchievable = !options.isEmpty() && options.stream().noneMatch(ProfileOption::achievable);
        noneMeets.set(noneAchievable ? recommendations.noneMeets(state.profiles(), w)
                .map(s -> "No accelerator meets your targets: " + s)
                .orElse("No accelerator meets your targets together; each row says why.") : "");
        ttftNote.set(recommendations.ttftNote(options.stream().filter(ProfileOption::achievable).toList(), w)
                .map(s -> "⚠ " + s + " Set it on the Workload step.").orElse(""));
    }
}
