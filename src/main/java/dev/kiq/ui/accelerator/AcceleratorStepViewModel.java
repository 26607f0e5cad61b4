package dev.kiq.ui.accelerator;

import dev.kiq.profile.Profile;
import dev.kiq.ui.service.Recommender;
import dev.kiq.ui.service.Workload;
import dev.kiq.ui.wizard.StepViewModel;
import dev.kiq.ui.wizard.WizardState;
import java.util.Comparator;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * Step 4: every accelerator's profile for the choice, judged by the recommendation engine under the
 * workload and sorted by fit: rows that meet the targets first, cheapest per million output tokens
 * first (unknown price last, then highest throughput); rows that cannot meet them after, greyed with
 * the engine's reason. The rows follow the targets live.
 */
public final class AcceleratorStepViewModel implements StepViewModel {

    static final Comparator<AcceleratorRow> BY_FIT = Comparator
            .comparing((AcceleratorRow r) -> !r.feasible())
            .thenComparing(r -> r.cost().map(c -> c.perMillionOutputTokens()).orElse(Double.MAX_VALUE))
            .thenComparing(r -> -r.point().map(p -> p.outputTokensPerSecond()).orElse(0.0))
            .thenComparing(AcceleratorRow::accelerator)
            .thenComparingInt(AcceleratorRow::count);

    private final WizardState state;
    private final Recommender recommender;
    private final ObservableList<AcceleratorRow> rows = FXCollections.observableArrayList();
    private final ObservableBooleanValue complete;

    public AcceleratorStepViewModel(WizardState state, Recommender recommender) {
        this.state = state;
        this.recommender = recommender;
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

    public ObjectProperty<Profile> selectedProfileProperty() {
        return state.profileProperty();
    }

    /** Selects the best-fitting row with that accelerator type. */
    public void select(String acceleratorType) {
        rows.stream().filter(r -> r.profile().acceleratorType().equals(acceleratorType)).findFirst()
                .ifPresent(r -> state.profileProperty().set(r.profile()));
    }

    @Override
    public void entered() {
        if (state.profileProperty().get() == null && !rows.isEmpty() && rows.get(0).feasible()) {
            state.profileProperty().set(rows.get(0).profile());
        }
    }

    private void refresh() {
        Workload w = state.workloadProperty().get();
        List<AcceleratorRow> fresh = state.profiles().stream()
                .map(p -> new AcceleratorRow(p, recommender.analyse(p, w)))
                .sorted(BY_FIT)
                .toList();
        rows.setAll(fresh);
    }
}
