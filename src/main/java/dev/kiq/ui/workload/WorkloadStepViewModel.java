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
import java.util.function.Consumer;
import java.util.function.IntConsumer;
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

    // The fields' labels: the page shows them and an error names its field with the same words.
    public static final String INPUT_TOKENS = "Input tokens (mean)";
    public static final String OUTPUT_TOKENS = "Output tokens (mean)";
    public static final String TARGET_NTPOT = "Target NTPOT p50 (ms)";
    public static final String TARGET_TTFT = "Target TTFT p50 (ms)";
    public static final String TARGET_ITL = "Target ITL p50 (ms)";
    public static final String EXPECTED_QPS = "Expected QPS";

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
    /** True from a new workload until its first profiles are shown (the chosen accelerator's, or any one without a choice). */
    private final ReadOnlyBooleanWrapper waiting = new ReadOnlyBooleanWrapper(this, "waiting");
    private final ObservableBooleanValue complete = Bindings.createBooleanBinding(
            () -> error.get().isEmpty() && !waiting.get(), error, waiting);
    private final Runnable startModelingSoon;
    /** True while a use case chosen from the list is pushed (no typing to wait for). */
    private boolean chosenInOneGo;
    /** Where a TTFT target the wizard filled in comes from; empty when the user's own. */
    private final StringProperty ttftHint = new SimpleStringProperty(this, "ttftHint", "");
    /** The TTFT target text the wizard filled in, so that it can take it back; null when none. */
    private String filledTtft;
    private boolean syncing;
    /** The workload the shared profiles are for, and the one being made (the same when nothing runs). */
    private WorkloadChoice shownFor;
    /** The last workload whose profiles were all shown, and those profiles: what a cancel goes back to. */
    private WorkloadChoice settledFor;
    private List<Profile> settled = List.of();
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

    /**
     * True while profiles for a new workload are being modeled; the step is complete once the chosen accelerator's is
     * shown ({@link #waitingProperty()}), while the others are still modeled.
     */
    public ReadOnlyBooleanProperty modelingProperty() {
        return modeling.getReadOnlyProperty();
    }

    /** True from a new workload until its first profile is shown: the step is not complete meanwhile. */
    public ReadOnlyBooleanProperty waitingProperty() {
        return waiting.getReadOnlyProperty();
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

    /**
     * Stops the modeling; the workload goes back to the last one whose profiles were complete, and so do the
     * profiles (the chosen accelerator's, already shown for the new workload, goes too: a partial set is never
     * left standing). What was modeled stays in the per-user cache, so choosing the workload again models only the rest.
     */
    public void cancelModeling() {
        if (!modeling.get() || settledFor == null) {
            return;
        }
        WorkloadChoice back = settledFor;
        requested = back;
        running.cancel();
        running = TaskHandle.NONE;
        modeling.set(false);
        waiting.set(false);
        if (shownFor != back) {
            show(back, settled, List.of());
        }
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
        // a use case is chosen in one go: its modeling starts at once, without the pause that waits for typing to end
        chosenInOneGo = true;
        try {
            push();
        } finally {
            chosenInOneGo = false;
        }
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
                waiting.set(true);
                progress.set(0);
                status.set("Modeling " + choice.label() + "…");
                if (chosenInOneGo) {
                    startModeling();
                } else {
                    startModelingSoon.run();
                }
                return;
            }
            answered.add(p.get());
        }
        settle(choice, answered);
        modeling.set(false);
        waiting.set(false);
        status.set("");
    }

    /**
     * Models every configuration for the workload in the background. The chosen accelerator's (the one the chart
     * shows) goes first and alone, so that the performance model's rate sweep has the machine's cores to itself;
     * when it is done it is shown, and the step is complete. The others follow side by side, each shown as it is
     * done, the ones still running named in {@link WizardState#pendingProfiles()} (the accelerator table ranks
     * nothing until all are done). Without a chosen accelerator all run side by side from the start.
     */
    private void startModeling() {
        WorkloadChoice choice = requested;
        if (!modeling.get() || choice == null) {
            return; // cancelled, or answered at once, before the pause ended
        }
        List<List<Profile>> configurations = configurations();
        int n = configurations.size();
        Profile chosen = state.profileProperty().get();
        int first = IntStream.range(0, n).filter(i -> chosen != null && configurations.get(i).get(0).key().equals(chosen.key()))
                .findFirst().orElse(-1);
        Map<Integer, Optional<Profile>> done = new LinkedHashMap<>();
        // why a configuration cannot serve the workload, by its index (written by the modeling threads)
        Map<Integer, String> leftOut = new java.util.concurrent.ConcurrentSkipListMap<>();
        // each configuration's answer reaches the UI thread as soon as it is modeled, in turn (before the task's success)
        Consumer<Map.Entry<Integer, Optional<Profile>>> arrived = tasks.onUiThread(e -> {
            if (choice != requested) {
                return; // a later workload or a cancel replaced this one
            }
            done.put(e.getKey(), e.getValue());
            Profile like = configurations.get(e.getKey()).get(0);
            status.set(String.format(Locale.ROOT, "Modeling %s: %s done (%d of %d)%s…", choice.label(), describe(like),
                    done.size(), n, e.getKey() == first ? ", on the chart; the other accelerators follow" : ""));
            progress.set((double) done.size() / n);
            if (first < 0 || done.getOrDefault(first, Optional.empty()).isPresent()) {
                showPartial(choice, configurations, done);
            }
        });
        status.set(String.format(Locale.ROOT, "Modeling %s on %d accelerator%s%s…", choice.label(), n, n == 1 ? "" : "s",
                first < 0 ? "" : ", " + describe(configurations.get(first).get(0)) + " first"));
        progress.set(0);
        running = BackgroundTask.wrap(context -> {
            IntConsumer model = i -> {
                if (!context.isCancelled()) {
                    Optional<Profile> p;
                    try {
                        p = modeler.forWorkload(configurations.get(i), choice);
                    } catch (KiqException e) {
                        // this configuration cannot serve the workload: the others still can, and the status says why
                        leftOut.put(i, describe(configurations.get(i).get(0)) + ": " + e.getMessage());
                        p = Optional.empty();
                    }
                    arrived.accept(Map.entry(i, p));
                }
            };
            if (first >= 0) {
                model.accept(first);
            }
            // the others are independent: modeled side by side on the machine's cores
            IntStream.range(0, n).filter(i -> i != first).parallel().forEach(model);
            return null;
        })
                .onSuccess(v -> {
                    if (choice != requested) {
                        return;
                    }
                    List<Profile> answered = done.values().stream().flatMap(Optional::stream).toList();
                    settle(choice, answered);
                    modeling.set(false);
                    waiting.set(false);
                    int missing = n - answered.size();
                    // each left-out accelerator named with the model's reason: the count alone left the user to
                    // guess which row was missing and why (Xvfb walk: Mixtral-8x22B, RAG, 8x A100 40GB)
                    status.set("Profiles for " + choice.label() + " are ready"
                            + (missing == 0 ? "." : "; " + missing + " accelerator" + (missing == 1 ? "" : "s")
                                    + " could not be modeled for it and " + (missing == 1 ? "is" : "are") + " left out."
                                    + leftOut.values().stream().map(why -> "\n" + why).collect(java.util.stream.Collectors.joining())));
                })
                .onFailure(e -> {
                    if (choice != requested) {
                        return;
                    }
                    String why = e instanceof KiqException ? e.getMessage() : "Modeling failed: " + e;
                    cancelModeling();
                    status.set(why + (settledFor == null ? "" : " The figures are still for " + settledFor.label() + "."));
                })
                .onCancelled(() -> { })
                .executeWith(tasks);
    }

    /** The configurations modeled so far, in their order, and the ones still running; the step is complete from now on. */
    private void showPartial(WorkloadChoice choice, List<List<Profile>> configurations, Map<Integer, Optional<Profile>> done) {
        List<Profile> modeled = new ArrayList<>();
        List<Profile> pending = new ArrayList<>();
        for (int i = 0; i < configurations.size(); i++) {
            if (done.containsKey(i)) {
                done.get(i).ifPresent(modeled::add);
            } else {
                pending.add(configurations.get(i).get(0));
            }
        }
        if (pending.isEmpty()) {
            return; // the last one: the task's success settles it
        }
        show(choice, modeled, pending);
        waiting.set(false);
    }

    /** The complete profiles for a workload: cancelling a later modeling comes back to them. */
    private void settle(WorkloadChoice choice, List<Profile> answered) {
        settledFor = choice;
        settled = List.copyOf(answered);
        show(choice, answered, List.of());
    }

    private void show(WorkloadChoice choice, List<Profile> answered, List<Profile> pending) {
        shownFor = choice;
        state.setProfiles(answered, pending);
    }

    private static String describe(Profile like) {
        return like.acceleratorCount() + "× " + like.acceleratorType();
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
        int in = wholeNumber(inputTokens.get(), INPUT_TOKENS, problems);
        int out = wholeNumber(outputTokens.get(), OUTPUT_TOKENS, problems);
        Optional<Double> ntpot = positive(targetNtpot.get(), TARGET_NTPOT, "milliseconds, e.g. 50", problems);
        Optional<Double> ttft = positive(targetTtft.get(), TARGET_TTFT, "milliseconds, e.g. 500", problems);
        Optional<Double> itl = positive(targetItl.get(), TARGET_ITL, "milliseconds, e.g. 30", problems);
        Optional<Double> qps = positive(expectedQps.get(), EXPECTED_QPS, "requests per second, e.g. 20", problems);
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
        problems.add(name + " must be a whole number of tokens from 1 to 1,000,000, not '" + text + "'.");
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
