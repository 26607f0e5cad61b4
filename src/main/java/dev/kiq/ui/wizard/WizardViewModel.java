package dev.kiq.ui.wizard;

import dev.kiq.profile.PerformancePoint;
import dev.kiq.ui.format.Figures;
import dev.kiq.profile.Profile;
import dev.kiq.ui.service.Analysis;
import dev.kiq.ui.service.ModelEntry;
import dev.kiq.ui.service.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;

/**
 * The ordered steps, which one is shown, where the user may go, and the side summary. Knows
 * nothing of the pages' contents beyond {@link StepViewModel}.
 */
public final class WizardViewModel {

    private final WizardState state;
    private final List<StepViewModel> steps;
    private final ReadOnlyIntegerWrapper current = new ReadOnlyIntegerWrapper(this, "current", 0);
    private final BooleanBinding canGoBack = current.greaterThan(0);
    private final BooleanBinding canGoNext;

    public WizardViewModel(WizardState state, List<StepViewModel> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a wizard needs at least one step");
        }
        this.state = state;
        this.steps = List.copyOf(steps);
        canGoNext = Bindings.createBooleanBinding(() -> {
            int i = current.get();
            return i < this.steps.size() - 1 && this.steps.get(i).complete().get();
        }, dependencies());
        this.steps.get(0).entered();
    }

    private javafx.beans.Observable[] dependencies() {
        List<javafx.beans.Observable> deps = new ArrayList<>();
        deps.add(current);
        steps.forEach(s -> deps.add(s.complete()));
        return deps.toArray(javafx.beans.Observable[]::new);
    }

    public List<StepViewModel> steps() {
        return steps;
    }

    public ReadOnlyIntegerProperty currentProperty() {
        return current.getReadOnlyProperty();
    }

    public StepViewModel currentStep() {
        return steps.get(current.get());
    }

    public BooleanBinding canGoBackProperty() {
        return canGoBack;
    }

    public BooleanBinding canGoNextProperty() {
        return canGoNext;
    }

    public void next() {
        if (canGoNext.get()) {
            show(current.get() + 1);
        }
    }

    public void back() {
        if (canGoBack.get()) {
            show(current.get() - 1);
        }
    }

    /** Any earlier step, or a later one when every step before it is complete. */
    public boolean canGoTo(int index) {
        if (index < 0 || index >= steps.size()) {
            return false;
        }
        for (int i = 0; i < index; i++) {
            if (!steps.get(i).complete().get()) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link #canGoTo} as it changes (a step completed or undone, the current step moved): the step list shows a step
     * it cannot go to as disabled (clicking one did nothing, with nothing to say why).
     */
    public javafx.beans.binding.BooleanBinding reachable(int index) {
        javafx.beans.Observable[] dependencies = java.util.stream.Stream.concat(java.util.stream.Stream.of(current),
                steps.stream().map(StepViewModel::complete)).toArray(javafx.beans.Observable[]::new);
        return Bindings.createBooleanBinding(() -> canGoTo(index), dependencies);
    }

    public void goTo(int index) {
        if (canGoTo(index) && index != current.get()) {
            show(index);
        }
    }

    private void show(int index) {
        steps.get(current.get()).left();
        current.set(index);
        steps.get(index).entered();
    }

    // ---- side summary -------------------------------------------------------------------------

    public StringBinding modelSummary() {
        return Bindings.createStringBinding(() -> {
            ModelEntry m = state.modelProperty().get();
            return m == null ? "—" : m.id() + " (" + m.origin().label() + ")";
        }, state.modelProperty());
    }

    public StringBinding serverSummary() {
        return Bindings.createStringBinding(() -> {
            String s = state.modelServerProperty().get();
            String v = state.modelServerVersionProperty().get();
            return s == null ? "—" : s + (v == null ? "" : " " + v);
        }, state.modelServerProperty(), state.modelServerVersionProperty());
    }

    public StringBinding workloadSummary() {
        return Bindings.createStringBinding(() -> describe(state.workloadProperty().get()), state.workloadProperty());
    }

    public StringBinding acceleratorSummary() {
        return Bindings.createStringBinding(() -> {
            Profile p = state.profileProperty().get();
            return p == null ? "—" : p.acceleratorCount() + "× " + p.acceleratorType() + " (" + p.instanceType() + ")";
        }, state.profileProperty());
    }

    /**
     * The chosen profile's operating point; while the chosen accelerator's profile for a new workload is being
     * modeled (the profile is still the earlier workload's), says so instead of showing the earlier figures.
     */
    public StringBinding operatingPointSummary() {
        return Bindings.createStringBinding(() -> {
            Profile p = state.profileProperty().get();
            if (p != null && !forThisWorkload(p)) {
                return "being modeled for this workload…";
            }
            return state.analysis().map(WizardViewModel::describe).orElse("—");
        }, state.analysisProperty(), state.profileProperty(), state.workloadProperty());
    }

    /**
     * What the recommendation's figures rest on and their expected error, in the core's words
     * ({@link dev.kiq.recommend.ProfileOption#accuracySummary()}: {@code calibrated, ±11%}, {@code uncalibrated},
     * {@code measured}); empty while there are no
     * figures (no choice, no operating point, or the chosen accelerator being modeled for a new workload).
     */
    public StringBinding accuracySummary() {
        return Bindings.createStringBinding(() -> {
            Profile p = state.profileProperty().get();
            boolean figures = p != null && forThisWorkload(p) && state.analysis().flatMap(Analysis::operatingPoint).isPresent();
            // the error of the line's figures (under a latency target the throughput's and the cost's error holds the
            // target's error too: the Xvfb walk showed "(calibrated, ±13%)" beside a cost the table gave as ±19%)
            return figures ? state.analysis().map(a -> a.option().accuracySummary()).orElseGet(p::accuracySummary) : "";
        }, state.analysisProperty(), state.profileProperty(), state.workloadProperty());
    }

    /** Whether a profile's figures answer the chosen workload (not an earlier workload's, while the new one is modeled). */
    private boolean forThisWorkload(Profile p) {
        return state.workloadProperty().get().choice().answeredBy(p.provenance().workloadShape());
    }

    /** The core's whole sentence on the chosen figures' basis and every metric's error. */
    public StringBinding accuracyDescription() {
        return Bindings.createStringBinding(() -> {
            Profile p = state.profileProperty().get();
            return p == null ? "No accelerator chosen yet." : p.accuracyDescription();
        }, state.profileProperty());
    }

    /** The workload in one line, as the summary and the exported chart's title say it. */
    public static String describe(Workload w) {
        List<String> parts = new ArrayList<>();
        parts.add(w.choice().label());
        parts.add(w.latencySensitive() ? "latency-sensitive" : "throughput-sensitive");
        w.targetNtpotMs().ifPresent(t -> parts.add("NTPOT ≤ " + ms(t)));
        w.targetTtftMs().ifPresent(t -> parts.add("TTFT ≤ " + ms(t)));
        w.targetItlMs().ifPresent(t -> parts.add("ITL ≤ " + ms(t)));
        parts.add(w.pricingModel().id());
        w.expectedQps().ifPresent(q -> parts.add(Figures.qps(q) + " QPS"));
        return String.join(", ", parts);
    }

    static String describe(Analysis a) {
        Optional<PerformancePoint> op = a.operatingPoint();
        if (op.isEmpty()) {
            // the reason is long (the range of targets that can be met) and is on the Accelerator and Performance
            // pages; in the side summary it made the summary scroll at 1024x700
            return "none: the targets cannot be met on this accelerator (the Accelerator step says why)";
        }
        PerformancePoint p = op.get();
        // at the highest rate of a curve without a knee the figures are not its maximum (the core's limit says so)
        boolean noKnee = a.option().operatingPoint().filter(o -> o.limitedBy() == dev.kiq.recommend.OperatingPoint.Limit.HIGHEST_RATE)
                .isPresent();
        String s = Figures.perSecond(p.outputTokensPerSecond()) + " output tok/s at " + ms(p.ntpotMilliseconds())
                + " NTPOT" + (noKnee ? " (highest rate measured: no knee)" : "") + ", " + a.replicas() + " replica" + (a.replicas() == 1 ? "" : "s")
                + a.replicaRange().map(r -> " (" + r + " within error)").orElse("");
        return a.cost().map(c -> s + ", " + Figures.dollars(c.perMillionOutputTokens()) + "/M output tokens").orElse(s);
    }

    static String ms(double v) {
        return Figures.ms(v);
    }
}
