package dev.kiq.ui.performance;

import dev.kiq.corpus.ChartMarker;
import dev.kiq.corpus.PublishedCorpus;
import dev.kiq.profile.ErrorBand;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.ui.service.Analysis;
import dev.kiq.ui.service.Cost;
import dev.kiq.ui.service.LatencyMetric;
import dev.kiq.ui.service.Recommendations;
import dev.kiq.ui.service.Workload;
import dev.kiq.files.AtomicWriter;
import dev.kiq.ui.task.BackgroundTask;
import dev.kiq.ui.task.TaskExecutor;
import dev.kiq.ui.task.TaskHandle;
import dev.kiq.ui.wizard.StepViewModel;
import dev.kiq.ui.wizard.WizardState;
import dev.kiq.ui.format.Figures;
import dev.kiq.ui.wizard.WizardViewModel;
import java.time.LocalDate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
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
    private final Recommendations recommendations;
    private final TaskExecutor tasks;
    private final ObjectProperty<LatencyMetric> metric = new SimpleObjectProperty<>(this, "metric", LatencyMetric.NTPOT);
    private final BooleanProperty costView = new SimpleBooleanProperty(this, "costView");
    private final BooleanProperty wholeCurve = new SimpleBooleanProperty(this, "wholeCurve");
    private final StringProperty status = new SimpleStringProperty(this, "status", "");
    private final StringBinding chartTitle;
    private final ObservableList<Profile> overlays = FXCollections.observableArrayList();
    private final ObjectBinding<Optional<Double>> target;
    private final StringBinding verdict;
    private final ObservableBooleanValue complete;
    private final StringBinding modelingNote;

    public PerformanceStepViewModel(WizardState state, Recommendations recommendations, TaskExecutor tasks) {
        this.state = state;
        this.recommendations = recommendations;
        this.tasks = tasks;
        chartTitle = Bindings.createStringBinding(() -> {
            Profile p = state.profileProperty().get();
            String workload = state.workloadProperty().get().choice().label();
            return p == null ? workload : p.modelServerInfo().model() + " on " + p.acceleratorCount() + "× "
                    + p.acceleratorType() + " · " + workload;
        }, state.profileProperty(), state.workloadProperty());
        target = Bindings.createObjectBinding(() -> state.workloadProperty().get().target(metric.get()),
                state.workloadProperty(), metric);
        complete = Bindings.isNotNull(state.profileProperty());
        verdict = Bindings.createStringBinding(this::describeVerdict, state.analysisProperty(), metric);
        modelingNote = Bindings.createStringBinding(() -> {
            int pending = state.pendingProfiles().size();
            int done = state.profiles().size();
            return pending == 0 ? "" : String.format(java.util.Locale.ROOT, "The other accelerators are being modeled "
                    + "for this workload: %d of %d done. Compare with… offers each when it is done.", done, done + pending);
        }, state.pendingProfiles(), state.profiles());
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

    /**
     * Published measurements of the shown combination that carry the shown latency, comparable with the
     * curve or near matches (the core's {@link dev.kiq.corpus.PointMatch} rule): markers over the curve.
     */
    public List<ChartMarker> publishedMarkers() {
        Profile p = state.profileProperty().get();
        return p == null ? List.of() : ChartMarker.of(PublishedCorpus.bundled(), p, metric.get().name());
    }

    /** The errors of the shown curve's band (the core's: throughput across, the shown latency up and down); empty unless both are known. */
    public Optional<ErrorBand.Errors> bandErrors() {
        Profile p = state.profileProperty().get();
        return p == null ? Optional.empty() : p.provenance().expectedError().band(metric.get().name());
    }

    /** What the shown profile's numbers rest on, with the shown latency's expected error as the headline (the core's words). */
    public String accuracyDescription() {
        Profile p = state.profileProperty().get();
        return p == null ? "" : p.accuracyDescription(metric.get().label());
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

    /** Axes fit every point instead of ending a little past the knee. */
    public BooleanProperty wholeCurveProperty() {
        return wholeCurve;
    }

    /** What the last action on the page did ("Exported to …"); cleared when the user leaves the page. */
    public StringProperty statusProperty() {
        return status;
    }

    @Override
    public void left() {
        status.set("");
    }

    /**
     * The exported chart's title lines: model; server and version, accelerator × count; workload; date.
     */
    public List<String> exportTitle(LocalDate date) {
        Profile p = state.profileProperty().get();
        if (p == null) {
            return List.of("kiq", date.toString());
        }
        return List.of(p.modelServerInfo().model(),
                p.modelServerInfo().modelServer() + " " + p.modelServerInfo().modelServerVersion() + " on "
                        + p.acceleratorCount() + "× " + p.acceleratorType() + " (" + p.instanceType() + ")",
                WizardViewModel.describe(state.workloadProperty().get()) + " · " + date);
    }

    /** The chart's heading: what is plotted, on what, for which workload. */
    public StringBinding chartTitleProperty() {
        return chartTitle;
    }

    /** The file name the export offers: {@link WizardState#fileName}. */
    public String exportFileName(String extension) {
        return state.fileName("performance", extension);
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

    /** While other accelerators are being modeled for the workload: how many are done; else empty. */
    public StringBinding modelingNoteProperty() {
        return modelingNote;
    }

    /** Every accelerator's profile shown for the workload (grows while the others are modeled). */
    public ObservableList<Profile> profiles() {
        return FXCollections.unmodifiableObservableList(state.profiles());
    }

    /** The other accelerators' profiles that can be overlaid for comparison. */
    public List<Profile> overlayCandidates() {
        return state.profiles().stream().filter(p -> p != state.profileProperty().get()).toList();
    }

    public ObservableList<Profile> overlays() {
        return overlays;
    }

    /** The end of a compared profile's usable curve under the workload: its knee, or its highest rate measured (the chart's default range reaches it). */
    public PerformancePoint curveEnd(Profile profile) {
        return recommendations.analyse(profile, state.workloadProperty().get()).end().point();
    }

    public Optional<Cost> cost(Profile profile, PerformancePoint point) {
        return recommendations.cost(profile, point, state.workloadProperty().get().pricingModel());
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
        // each modeled figure with its expected error (the core's, by metric): bare, they read as certain
        java.util.function.Function<String, String> err = metric -> analysis.option().errorOf(metric).map(e -> " " + e)
                .orElse("");
        StringBuilder s = new StringBuilder("Operating point: " + Figures.perSecond(op.outputTokensPerSecond())
                + " output tok/s" + err.apply("throughput") + " at " + Figures.qps(op.queriesPerSecond()) + " QPS, NTPOT "
                + Figures.ms(op.ntpotMilliseconds()) + err.apply("ntpot") + ", TTFT " + Figures.ms(op.ttftMilliseconds())
                + err.apply("ttft") + ", ITL " + Figures.ms(op.itlMilliseconds()) + err.apply("tpot"));
        // a cost per token is a price over a throughput: the throughput's error (as the ranking's tie rule uses)
        analysis.cost().ifPresent(c -> s.append(", ").append(Figures.dollars(c.perMillionInputTokens()))
                .append("/M input, ").append(Figures.dollars(c.perMillionOutputTokens())).append("/M output")
                .append(err.apply("throughput")));
        if (analysis.replicas() > 1 || analysis.replicaRange().isPresent()) {
            s.append("; ").append(analysis.replicasText());
        }
        analysis.hpa().ifPresent(h -> s.append(".\nHPA: ").append(h));
        analysis.ttftWarning().ifPresent(w -> s.append(s.charAt(s.length() - 1) == '.' ? "\n⚠ " : ".\n⚠ ").append(w)
                .append(" Set a TTFT target on the Workload step to move the operating point."));
        analysis.option().noKneeNote().ifPresent(n -> s.append(s.charAt(s.length() - 1) == '.' ? "\n⚠ " : ".\n⚠ ").append(n));
        return s.toString();
    }

    /** Writes an exported chart atomically off the UI thread. */
    public TaskHandle export(Path file, byte[] bytes) {
        return BackgroundTask.wrap(() -> {
            AtomicWriter.write(file, bytes);
            return file;
        })
                .onSuccess(f -> status.set("Exported to " + f))
                .onFailure(e -> status.set("Could not export to " + file + ": " + e.getMessage()))
                .executeWith(tasks);
    }

    /**
     * Every field of a point, for the hover tooltip, after what the profile's figures rest on and how far to trust them
     * (seen in the Xvfb walk: a compared curve's hover said only "modeled" or "measured", and a compared curve has no band).
     */
    public String describe(Profile profile, PerformancePoint p) {
        return describe(profile, p, profile.accuracySummary());
    }

    /**
     * As {@link #describe(Profile, PerformancePoint)} for the operating point of the shown profile, whose figures carry
     * the errors the verdict gives them (the core's {@link dev.kiq.recommend.ProfileOption#accuracySummary()}): under a
     * latency target its throughput and cost are off by more than the curve's error. Seen in the Xvfb walk at 1024x700
     * (Llama-3.3-70B on 4x A100, NTPOT 40 ms): the diamond's hover said "(calibrated, ±13%)" under a verdict of ±41%.
     */
    public String describeOperatingPoint(Profile profile, PerformancePoint p) {
        String summary = state.analysis().filter(a -> a.option().profile() == profile).map(a -> a.option().accuracySummary())
                .orElseGet(profile::accuracySummary);
        return describe(profile, p, summary);
    }

    private String describe(Profile profile, PerformancePoint p, String accuracySummary) {
        List<String> lines = new ArrayList<>();
        lines.add(profile.acceleratorCount() + "× " + profile.acceleratorType() + " (" + accuracySummary + ")");
        lines.add("QPS: " + Figures.qps(p.queriesPerSecond()));
        lines.add("Output tok/s: " + Figures.perSecond(p.outputTokensPerSecond()));
        lines.add("Input tok/s: " + Figures.perSecond(p.inputTokensPerSecond()));
        lines.add("NTPOT p50: " + Figures.ms(p.ntpotMilliseconds()));
        lines.add("TTFT p50: " + Figures.ms(p.ttftMilliseconds()));
        lines.add("ITL p50: " + Figures.ms(p.itlMilliseconds()));
        lines.add("Queue size: " + Figures.count(p.queueSize()));
        lines.add("Batch size: " + Figures.count(p.batchSize()));
        lines.add("KV-cache usage: " + Figures.percent(p.kvCacheUsage()));
        lines.add(cost(profile, p).map(c -> "Cost: " + Figures.dollars(c.perMillionInputTokens()) + "/M input, "
                + Figures.dollars(c.perMillionOutputTokens()) + "/M output").orElse("Cost: N/A (no price)"));
        return String.join("\n", lines);
    }
}
