package dev.kiq.ui.performance;

import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.ui.service.Analysis;
import dev.kiq.ui.service.Cost;
import dev.kiq.ui.service.LatencyMetric;
import dev.kiq.ui.service.Recommender;
import dev.kiq.ui.service.Workload;
import dev.kiq.ui.wizard.StepViewModel;
import dev.kiq.ui.wizard.WizardState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * Step 5: the chosen profile's curve, which latency is on the axis, the target the user drags, which
 * other accelerators are overlaid, and whether the cost-vs-latency view is shown.
 */
public final class PerformanceStepViewModel implements StepViewModel {

    private final WizardState state;
    private final Recommender recommender;
    private final ObjectProperty<LatencyMetric> metric = new SimpleObjectProperty<>(this, "metric", LatencyMetric.NTPOT);
    private final BooleanProperty costView = new SimpleBooleanProperty(this, "costView");
    private final ObservableList<Profile> overlays = FXCollections.observableArrayList();
    private final ObjectBinding<Optional<Double>> target;
    private final StringBinding verdict;
    private final ObservableBooleanValue complete;

    public PerformanceStepViewModel(WizardState state, Recommender recommender) {
        this.state = state;
        this.recommender = recommender;
        target = Bindings.createObjectBinding(() -> state.workloadProperty().get().target(metric.get()),
                state.workloadProperty(), metric);
        complete = Bindings.isNotNull(state.profileProperty());
        verdict = Bindings.createStringBinding(this::describeVerdict, state.analysisProperty(), metric);
        state.profileProperty().addListener((o, a, p) -> overlays.remove(p));
        state.profiles().addListener((ListChangeListener<Profile>) c -> overlays.retainAll(state.profiles()));
    }

    @Override
    public String title() {
        return "Performance";
    }

    @Override
    public ObservableBooleanValue complete() {
        return complete;
    }

    public ObjectProperty<Profile> profileProperty() {
        return state.profileProperty();
    }

    public ObjectBinding<Optional<Analysis>> analysisProperty() {
        return state.analysisProperty();
    }

    public ObjectProperty<LatencyMetric> metricProperty() {
        return metric;
    }

    public BooleanProperty costViewProperty() {
        return costView;
    }

    /** The target of the metric on the axis. */
    public ObjectBinding<Optional<Double>> targetProperty() {
        return target;
    }

    /** Moves the target of the metric on the axis; the analysis, table and manifests follow. */
    public void setTarget(double milliseconds) {
        if (!(milliseconds > 0) || !Double.isFinite(milliseconds)) {
            return;
        }
        Workload w = state.workloadProperty().get();
        state.workloadProperty().set(w.withTarget(metric.get(), Optional.of(milliseconds)));
    }

    public void clearTarget() {
        Workload w = state.workloadProperty().get();
        state.workloadProperty().set(w.withTarget(metric.get(), Optional.empty()));
    }

    /** The other accelerators' profiles that can be overlaid for comparison. */
    public List<Profile> overlayCandidates() {
        return state.profiles().stream().filter(p -> p != state.profileProperty().get()).toList();
    }

    public ObservableList<Profile> overlays() {
        return overlays;
    }

    public Optional<Cost> cost(Profile profile, PerformancePoint point) {
        return recommender.cost(profile, point, state.workloadProperty().get().pricingModel());
    }

    /** One line under the chart: the operating point, or why there is none. */
    public StringBinding verdictProperty() {
        return verdict;
    }

    private String describeVerdict() {
        Optional<Analysis> a = state.analysis();
        if (a.isEmpty()) {
            return "";
        }
        Analysis analysis = a.get();
        if (analysis.operatingPoint().isEmpty()) {
            return "No recommendation: " + analysis.problem().orElse("the targets cannot be met.");
        }
        PerformancePoint op = analysis.operatingPoint().get();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "Operating point: %,.0f output tok/s at %.1f QPS, NTPOT %.1f ms, TTFT %.0f ms, ITL %.1f ms",
                op.outputTokensPerSecond(), op.queriesPerSecond(), op.ntpotMilliseconds(), op.ttftMilliseconds(),
                op.itlMilliseconds()));
        analysis.cost().ifPresent(c -> s.append(String.format(Locale.ROOT, ", $%.3f/M input, $%.3f/M output",
                c.perMillionInputTokens(), c.perMillionOutputTokens())));
        analysis.hpa().ifPresent(h -> s.append("; HPA: ").append(h));
        if (analysis.replicas() > 1) {
            s.append("; ").append(analysis.replicas()).append(" replicas");
        }
        return s.toString();
    }

    /** Every field of a point, for the hover tooltip. */
    public String describe(Profile profile, PerformancePoint p) {
        List<String> lines = new ArrayList<>();
        lines.add(profile.acceleratorCount() + "× " + profile.acceleratorType() + " (" + profile.provenance().kind()
                + ")");
        lines.add(String.format(Locale.ROOT, "QPS: %.2f", p.queriesPerSecond()));
        lines.add(String.format(Locale.ROOT, "Output tok/s: %,.0f", p.outputTokensPerSecond()));
        lines.add(String.format(Locale.ROOT, "Input tok/s: %,.0f", p.inputTokensPerSecond()));
        lines.add(String.format(Locale.ROOT, "NTPOT p50: %.1f ms", p.ntpotMilliseconds()));
        lines.add(String.format(Locale.ROOT, "TTFT p50: %.1f ms", p.ttftMilliseconds()));
        lines.add(String.format(Locale.ROOT, "ITL p50: %.1f ms", p.itlMilliseconds()));
        lines.add(String.format(Locale.ROOT, "Queue size: %.1f", p.queueSize()));
        lines.add(String.format(Locale.ROOT, "Batch size: %.1f", p.batchSize()));
        lines.add(String.format(Locale.ROOT, "KV-cache usage: %.0f%%", p.kvCacheUsage() * 100));
        lines.add(cost(profile, p).map(c -> String.format(Locale.ROOT, "Cost: $%.3f/M input, $%.3f/M output",
                c.perMillionInputTokens(), c.perMillionOutputTokens())).orElse("Cost: N/A (no price)"));
        return String.join("\n", lines);
    }
}
