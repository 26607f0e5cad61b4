package dev.kiq.ui.workload;

import dev.kiq.KiqException;
import dev.kiq.catalog.PricingModel;
import dev.kiq.perf.OnDemandProfiles;
import dev.kiq.perf.UseCase;
import dev.kiq.perf.UseCases;
import dev.kiq.perf.WorkloadChoice;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileKey;
import dev.kiq.ui.service.Modeler;
import dev.kiq.recommend.TtftGuidance;
import dev.kiq.ui.service.Workload;
import dev.kiq.ui.task.BackgroundTask;
import dev.kiq.ui.task.TaskExecutor;
import dev.kiq.ui.task.TaskHandle;
import dev.kiq.ui.wizard.StepViewModel;
import dev.kiq.ui.wizard.WizardState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;

/**
 * Step 3: use case and mean lengths, latency vs throughput sensitivity, targets, pricing model and
 * expected QPS. The fields are text so a half-typed value is shown as an error instead of being lost;
 * every valid change is pushed to the shared workload, and targets dragged on the chart come back here.
 *
 * <p>The use case and lengths choose the profiles every later step uses: per accelerator, the core's
 * {@link OnDemandProfiles} rule picks a profile whose workload is within 20% (the shipped chatbot
 * profiles, at once), else the {@link Modeler} reads one from the per-user cache or models it, in the
 * background with progress and a cancel. Cancelling goes back to the workload the shown profiles are for.
 */
public final class WorkloadStepViewModel implements StepViewModel {

    private final WizardState state;
    private final Modeler modeler;
    private final TaskExecutor tasks;
    private final StringProperty useCase = new SimpleStringProperty(this, "useCase");
    private final StringProperty inputTokens = new SimpleStringProperty(this, "inputTokens");
    private final StringProperty outputTokens = new SimpleStringProperty(this, "outputTokens");
    private final BooleanProperty latencySensitive = new SimpleBooleanProperty(this, "latencySensitive");
    private final StringProperty targetNtpot = new SimpleStringProperty(this, "targetNtpot", "");
    private final StringProperty targetTtft = new SimpleStringProperty(this, "targetTtft", "");
    private final StringProperty targetItl = new SimpleStringProperty(this, "targetItl", "");
    private final ObjectProperty<PricingModel> pricingModel = new SimpleObjectProperty<>(this, "pricingModel");
    private final StringProperty expectedQps = new SimpleStringProperty(this, "expectedQps", "");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final ReadOnlyBooleanWrapper modeling = new ReadOnlyBooleanWrapper(this, "modeling");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ObservableBooleanValue complete = Bindings.createBooleanBinding(
            () -> error.get().isEmpty() && !modeling.get(), error, modeling);
    private final Runnable startModelingSoon;
    /** Where a TTFT target the wizard filled in comes from; empty when the user's own. */
    private final StringProperty ttftHint = new SimpleStringProperty(this, "ttftHint", "");
    /** The TTFT target text the wizard filled in, so that it can take it back; null when none. */
    private String filledTtft;
    private boolean syncing;
    /** The workload the shared profiles are for, and the one being made (the same when nothing runs). */
    private WorkloadChoice shownFor;
    private WorkloadChoice requested;
    private TaskHandle running = TaskHandle.NONE;

    public WorkloadStepViewModel(WizardState state, Modeler modeler, TaskExecutor tasks) {
        this.state = state;
        this.modeler = modeler;
        this.tasks = tasks;
        // typing 2, 20, 200, 2000 models once, for 2000
        startModelingSoon = tasks.debounced(this::startModeling);
        load(state.workloadProperty().get());
        useCase.addListener((o, a, b) -> {
            useCaseChosen(b);
            if (filledTtft != null && latencySensitive.get()) {
                // the filled-in target follows the use case
                filledTtft = null;
                targetTtft.set("");
                defaultTtftTarget(true);
            }
        });
        for (var p : List.of(inputTokens, outputTokens, targetNtpot, targetTtft, targetItl, expectedQps)) {
            p.addListener((o, a, b) -> push());
        }
        latencySensitive.addListener((o, a, b) -> {
            if (!syncing) {
                defaultTtftTarget(b);
            }
            push();
        });
        targetTtft.addListener((o, a, b) -> {
            if (filledTtft != null && !filledTtft.equals(b)) {
                // the user's own target now
                filledTtft = null;
                ttftHint.set("");
            }
        });
        pricingModel.addListener((o, a, b) -> push());
        state.workloadProperty().addListener((o, a, w) -> {
            if (!syncing) {
                load(w);
            }
            followWorkload();
        });
        state.candidateProfiles().addListener((ListChangeListener<Profile>) c -> refresh());
        refresh();
    }

    @Override
    public String title() {
        return "Workload & targets";
    }

    @Override
    public ObservableBooleanValue complete() {
        return complete;
    }

    public StringProperty useCaseProperty() {
        return useCase;
    }

    public StringProperty inputTokensProperty() {
        return inputTokens;
    }

    public StringProperty outputTokensProperty() {
        return outputTokens;
    }

    public BooleanProperty latencySensitiveProperty() {
        return latencySensitive;
    }

    public StringProperty targetNtpotProperty() {
        return targetNtpot;
    }

    public StringProperty targetTtftProperty() {
        return targetTtft;
    }

    public StringProperty targetItlProperty() {
        return targetItl;
    }

    public ObjectProperty<PricingModel> pricingModelProperty() {
        return pricingModel;
    }

    public StringProperty expectedQpsProperty() {
        return expectedQps;
    }

    /** Where the TTFT target the wizard filled in comes from; empty when the target is the user's. */
    public StringProperty ttftHintProperty() {
        return ttftHint;
    }

    /**
     * Latency-sensitive serving gets the core's default TTFT target for the use case when the user has none
     * (issue 11 defect 13); going back to throughput-sensitive takes back a target the wizard filled in.
     */
    private void defaultTtftTarget(boolean sensitive) {
        String current = targetTtft.get() == null ? "" : targetTtft.get().strip();
        if (sensitive && current.isEmpty()) {
            String id = useCase.get();
            String value = format(TtftGuidance.latencySensitiveTarget(id));
            targetTtft.set(value);
            filledTtft = value;
            ttftHint.set("Target TTFT filled in: " + TtftGuidance.targetBasis(id) + ". Change it, or clear it for none.");
        } else if (!sensitive && filledTtft != null && filledTtft.equals(current)) {
            targetTtft.set("");
            filledTtft = null;
            ttftHint.set("");
        }
    }

    /** Empty when every field is valid; else one sentence per bad field. */
    public StringProperty errorProperty() {
        return error;
    }

    /** True while profiles for a new workload are being modeled (the step is not complete meanwhile). */
    public ReadOnlyBooleanProperty modelingProperty() {
        return modeling.getReadOnlyProperty();
    }

    /** Fraction of the accelerators done, 0 to 1. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** What the modeling is doing or did, in plain words. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The use-case ids, in the catalog's order (chatbot first). */
    public List<String> useCases() {
        return UseCases.bundled().ids();
    }

    /** How the page names a use case, e.g. {@code Summarization}. */
    public String useCaseName(String id) {
        return id == null ? "" : UseCases.bundled().all().stream().filter(u -> u.id().equals(id)).findFirst()
                .map(UseCase::name).orElse(id);
    }

    /** Where the chosen use case's lengths come from. */
    public String useCaseSource() {
        return UseCases.bundled().all().stream().filter(u -> u.id().equals(useCase.get())).findFirst()
                .map(u -> u.name() + ": mean " + u.input().mean() + " input / " + u.output().mean()
                        + " output tokens. " + u.source().lines().findFirst().orElse(""))
                .orElse("");
    }

    /** Stops the modeling; the workload goes back to the one the profiles shown are for. */
    public void cancelModeling() {
        if (!modeling.get() || shownFor == null) {
            return;
        }
        WorkloadChoice back = shownFor;
        requested = back;
        running.cancel();
        running = TaskHandle.NONE;
        modeling.set(false);
        state.workloadProperty().set(state.workloadProperty().get().withLengths(back.useCase().id(),
                (int) Math.round(back.shape().meanInputTokens()), (int) Math.round(back.shape().meanOutputTokens())));
        status.set("Modeling cancelled; the figures are still for " + back.label() + ".");
    }

    private void useCaseChosen(String id) {
        if (syncing) {
            return;
        }
        UseCases.bundled().all().stream().filter(u -> u.id().equals(id)).findFirst().ifPresent(u -> {
            syncing = true;
            try {
                inputTokens.set(Integer.toString(u.input().mean()));
                outputTokens.set(Integer.toString(u.output().mean()));
            } finally {
                syncing = false;
            }
        });
        push();
    }

    /** Makes the shared profiles follow the workload's use case and lengths (not its targets or prices). */
    private void followWorkload() {
        WorkloadChoice c = state.workloadProperty().get().choice();
        if (requested == null || !c.shape().equals(requested.shape())) {
            refresh();
        }
    }

    private void refresh() {
        running.cancel();
        running = TaskHandle.NONE;
        WorkloadChoice choice = state.workloadProperty().get().choice();
        requested = choice;
        List<Profile> answered = new ArrayList<>();
        for (List<Profile> configuration : configurations()) {
            Optional<Profile> p = OnDemandProfiles.existing(configuration, choice);
            if (p.isEmpty()) {
                modeling.set(true);
                progress.set(0);
                status.set("Modeling " + choice.label() + "…");
                startModelingSoon.run();
                return;
            }
            answered.add(p.get());
        }
        show(choice, answered);
        modeling.set(false);
        status.set("");
    }

    private void startModeling() {
        WorkloadChoice choice = requested;
        if (!modeling.get() || choice == null) {
            return; // cancelled, or answered at once, before the pause ended
        }
        List<List<Profile>> configurations = configurations();
        running = BackgroundTask.wrap(context -> {
            int n = configurations.size();
            AtomicInteger done = new AtomicInteger();
            context.updateMessage(String.format(Locale.ROOT, "Modeling %s on %d accelerator%s…", choice.label(), n,
                    n == 1 ? "" : "s"));
            context.updateProgress(0, n);
            // the configurations are independent: modeled side by side on the machine's cores, kept in their order
            List<Optional<Profile>> modeled = IntStream.range(0, n).parallel().mapToObj(i -> {
                if (context.isCancelled()) {
                    return Optional.<Profile>empty();
                }
                Optional<Profile> p = modeler.forWorkload(configurations.get(i), choice);
                Profile like = configurations.get(i).get(0);
                int finished = done.incrementAndGet();
                context.updateMessage(String.format(Locale.ROOT, "Modeling %s: %d× %s done (%d of %d)…", choice.label(),
                        like.acceleratorCount(), like.acceleratorType(), finished, n));
                context.updateProgress(finished, n);
                return p;
            }).toList();
            return modeled.stream().flatMap(Optional::stream).collect(Collectors.toCollection(ArrayList::new));
        })
                .onMessage(m -> {
                    if (choice == requested) {
                        status.set(m);
                    }
                })
                .onProgress(f -> {
                    if (choice == requested) {
                        progress.set(f);
                    }
                })
                .onSuccess(answered -> {
                    if (choice != requested) {
                        return;
                    }
                    show(choice, answered);
                    modeling.set(false);
                    int missing = configurations.size() - answered.size();
                    status.set("Profiles for " + choice.label() + " are ready"
                            + (missing == 0 ? "." : "; " + missing + " accelerator" + (missing == 1 ? "" : "s")
                                    + " could not be modeled for it and " + (missing == 1 ? "is" : "are") + " left out."));
                })
                .onFailure(e -> {
                    if (choice != requested) {
                        return;
                    }
                    String why = e instanceof KiqException ? e.getMessage() : "Modeling failed: " + e;
                    cancelModeling();
                    status.set(why + " The figures are still for " + shownFor.label() + ".");
                })
                .onCancelled(() -> { })
                .executeWith(tasks);
    }

    private void show(WorkloadChoice choice, List<Profile> answered) {
        shownFor = choice;
        state.setProfiles(answered);
    }

    /** The candidate profiles by configuration (model, server, version, accelerator, count), in their order. */
    private List<List<Profile>> configurations() {
        Map<ProfileKey, List<Profile>> byKey = new LinkedHashMap<>();
        for (Profile p : state.candidateProfiles()) {
            byKey.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p);
        }
        return List.copyOf(byKey.values());
    }

    private void load(Workload w) {
        syncing = true;
        try {
            useCase.set(w.useCase());
            inputTokens.set(Integer.toString(w.inputTokens()));
            outputTokens.set(Integer.toString(w.outputTokens()));
            latencySensitive.set(w.latencySensitive());
            targetNtpot.set(w.targetNtpotMs().map(WorkloadStepViewModel::format).orElse(""));
            targetTtft.set(w.targetTtftMs().map(WorkloadStepViewModel::format).orElse(""));
            targetItl.set(w.targetItlMs().map(WorkloadStepViewModel::format).orElse(""));
            pricingModel.set(w.pricingModel());
            expectedQps.set(w.expectedQps().map(WorkloadStepViewModel::format).orElse(""));
            error.set("");
        } finally {
            syncing = false;
        }
    }

    private void push() {
        if (syncing) {
            return;
        }
        List<String> problems = new ArrayList<>();
        int in = wholeNumber(inputTokens.get(), "Input length", problems);
        int out = wholeNumber(outputTokens.get(), "Output length", problems);
        Optional<Double> ntpot = positive(targetNtpot.get(), "Target NTPOT", "milliseconds, e.g. 50", problems);
        Optional<Double> ttft = positive(targetTtft.get(), "Target TTFT", "milliseconds, e.g. 500", problems);
        Optional<Double> itl = positive(targetItl.get(), "Target ITL", "milliseconds, e.g. 30", problems);
        Optional<Double> qps = positive(expectedQps.get(), "Expected QPS", "requests per second, e.g. 20", problems);
        Workload w = new Workload(useCase.get(), in, out, latencySensitive.get(), ntpot, ttft,
                itl, pricingModel.get() == null ? PricingModel.ON_DEMAND : pricingModel.get(), qps);
        if (problems.isEmpty()) {
            try {
                w.choice();
            } catch (KiqException e) {
                problems.add(e.getMessage());
            }
        }
        error.set(String.join(" ", problems));
        if (problems.isEmpty()) {
            syncing = true;
            try {
                state.workloadProperty().set(w);
            } finally {
                syncing = false;
            }
        }
    }

    private static int wholeNumber(String text, String name, List<String> problems) {
        try {
            int v = Integer.parseInt(text == null ? "" : text.strip());
            if (v >= 1 && v <= 1_000_000) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(name + " must be a whole number of tokens from 1 to 1000000, not '" + text + "'.");
        return 1;
    }

    private static Optional<Double> positive(String text, String name, String unit, List<String> problems) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        try {
            double v = Double.parseDouble(t);
            if (v > 0 && Double.isFinite(v)) {
                return Optional.of(v);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(name + " must be a positive number of " + unit + " (or empty for none), not '" + t + "'.");
        return Optional.empty();
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
