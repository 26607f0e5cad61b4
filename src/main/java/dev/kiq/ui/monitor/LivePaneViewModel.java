package dev.kiq.ui.monitor;

import dev.kiq.KiqException;
import dev.kiq.bench.OpenAiStreamClient;
import dev.kiq.catalog.Catalog;
import dev.kiq.monitor.Assessment;
import dev.kiq.monitor.EndpointSource;
import dev.kiq.monitor.LiveRelease;
import dev.kiq.monitor.MetricsSource;
import dev.kiq.monitor.Recording;
import dev.kiq.profile.ProfileWriter;
import dev.kiq.settings.UserFolders;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import dev.kiq.monitor.LiveWindow;
import dev.kiq.monitor.Monitor;
import dev.kiq.monitor.Trial;
import dev.kiq.monitor.Watched;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.recommend.Recommender;
import dev.kiq.recommend.Targets;
import dev.kiq.ui.task.BackgroundTask;
import dev.kiq.ui.task.TaskExecutor;
import dev.kiq.ui.task.TaskHandle;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The "Try it" and "Monitor" panes after a deploy: one prompt streamed from the endpoint, and the live
 * operating point of the deployment (with its recent trail) read every few seconds from its metrics and
 * placed on the chosen profile's curve by the core's {@link Assessment}. Work runs through the
 * {@link TaskExecutor}; the view only binds.
 */
public final class LivePaneViewModel {

    /** Points of the trail kept on the chart (one per refresh). */
    public static final int TRAIL = 24;

    /** What the panes talk to. */
    public enum Target {
        RELEASE("The deployed release"),
        ENDPOINT("An endpoint address");

        private final String words;

        Target(String words) {
            this.words = words;
        }

        @Override
        public String toString() {
            return words;
        }
    }

    /** Opens the release the wizard deployed (context, namespace and release of the Deploy step); the caller closes it. */
    @FunctionalInterface
    public interface ReleaseOpener {
        LiveRelease open();
    }

    private final TaskExecutor tasks;
    private final Supplier<Targets> targets;
    private final Optional<ReleaseOpener> opener;
    private final BooleanProperty releaseReachable = new SimpleBooleanProperty(this, "releaseReachable");
    private final ObjectProperty<Target> target = new SimpleObjectProperty<>(this, "target", Target.ENDPOINT);
    private final ReadOnlyStringWrapper releaseInfo = new ReadOnlyStringWrapper(this, "releaseInfo", "");
    private final BooleanProperty recording = new SimpleBooleanProperty(this, "recording");
    private final ObjectProperty<Path> recordFile = new SimpleObjectProperty<>(this, "recordFile");
    private final ReadOnlyStringWrapper recordStatus = new ReadOnlyStringWrapper(this, "recordStatus", "");
    private final ReadOnlyStringWrapper curve = new ReadOnlyStringWrapper(this, "curve", "");
    private final AtomicBoolean recordingNow = new AtomicBoolean();
    private final AtomicReference<Path> recordTo = new AtomicReference<>();
    private final Supplier<Path> defaultRecordFolder;
    private final ObjectProperty<Profile> profile = new SimpleObjectProperty<>(this, "profile");
    private final StringProperty endpoint = new SimpleStringProperty(this, "endpoint", "http://127.0.0.1:8000");
    private final StringProperty prompt = new SimpleStringProperty(this, "prompt", "Write a haiku about GPUs.");
    private final BooleanProperty chat = new SimpleBooleanProperty(this, "chat", true);
    private final StringProperty windowSeconds = new SimpleStringProperty(this, "windowSeconds", "30");
    private final ReadOnlyStringWrapper reply = new ReadOnlyStringWrapper(this, "reply", "");
    private final ReadOnlyStringWrapper trialStats = new ReadOnlyStringWrapper(this, "trialStats", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper trying = new ReadOnlyBooleanWrapper(this, "trying");
    private final ReadOnlyBooleanWrapper monitoring = new ReadOnlyBooleanWrapper(this, "monitoring");
    private final ReadOnlyStringWrapper figures = new ReadOnlyStringWrapper(this, "figures", "");
    private final ReadOnlyStringWrapper position = new ReadOnlyStringWrapper(this, "position", "");
    private final ReadOnlyObjectWrapper<Optional<Assessment>> assessment =
            new ReadOnlyObjectWrapper<>(this, "assessment", Optional.empty());
    private final ObservableList<String> advice = FXCollections.observableArrayList();
    private final ObservableList<String> notes = FXCollections.observableArrayList();
    private final ObservableList<PerformancePoint> trail = FXCollections.observableArrayList();
    private TaskHandle monitorTask = TaskHandle.NONE;
    /** Seconds between refreshes of the running monitor, and its last figures (UI thread only). */
    private long refreshSeconds = 5;
    private String lastFigures = "";

    /** Endpoint only (no cluster to reach). */
    public LivePaneViewModel(TaskExecutor tasks, Supplier<Targets> targets) {
        this(tasks, targets, Optional.empty(), () -> UserFolders.forCurrentUser().profilesDir().resolve("measured"));
    }

    /**
     * @param opener              how to reach the deployed release; empty: endpoint only
     * @param defaultRecordFolder where recordings go when no file was chosen (the per-user profile folder)
     */
    public LivePaneViewModel(TaskExecutor tasks, Supplier<Targets> targets, Optional<ReleaseOpener> opener,
                             Supplier<Path> defaultRecordFolder) {
        this.tasks = tasks;
        this.targets = targets;
        this.opener = opener;
        this.defaultRecordFolder = defaultRecordFolder;
        releaseReachable.set(opener.isPresent());
        opener.ifPresent(o -> target.set(Target.RELEASE));
        // without a cluster (no kubeconfig) only an endpoint can be reached
        releaseReachable.addListener((o, was, now) -> {
            if (!now) {
                target.set(Target.ENDPOINT);
            }
        });
        recording.addListener((o, was, on) -> {
            recordingNow.set(on);
            if (on) {
                recordStatus.set("Recording: each full window with traffic is kept as a point of a measured profile.");
            }
        });
        recordFile.addListener((o, a, b) -> recordTo.set(b));
        // which curve the live point is compared with: an endpoint serving another model, version or accelerator
        // than the wizard's choice is compared with the wrong one, so say which it is
        profile.addListener((o, a, b) -> curve.set(describeCurve(b)));
        curve.set(describeCurve(profile.get()));
    }

    /**
     * Which curve, and what it rests on with its error (the core's words, as in the wizard's summary): drawn bare, a
     * modeled curve read as a measurement the live point must match (Xvfb walk 1440x900, Llama-3.3-70B on 8x TPU v6e,
     * a curve the Performance step shades ±7%).
     */
    private static String describeCurve(Profile p) {
        return p == null ? "No profile chosen in the wizard: the live figures are shown without a curve."
                : "Compared with the curve of " + p.modelServerInfo().model() + " on " + Recommender.describe(p)
                + ", the wizard's choice (" + p.accuracySummary() + "); a server running something else is not comparable"
                + " with it.";
    }

    /** Which profile's curve the live point is placed on, in one sentence. */
    public ReadOnlyStringProperty curveProperty() {
        return curve.getReadOnlyProperty();
    }

    /** Whether the deployed release can be reached (a cluster is configured). */
    public boolean canReachRelease() {
        return opener.isPresent() && releaseReachable.get();
    }

    /**
     * Whether a cluster is configured to reach the release through (the wizard binds it to the Deploy step: false
     * without a kubeconfig); ignored without an opener.
     */
    public BooleanProperty releaseReachableProperty() {
        return releaseReachable;
    }

    public ObjectProperty<Target> targetProperty() {
        return target;
    }

    /** Which release, namespace and context the panes talk to, once reached. */
    public ReadOnlyStringProperty releaseInfoProperty() {
        return releaseInfo.getReadOnlyProperty();
    }

    /** Record live windows as points of a measured profile while monitoring. */
    public BooleanProperty recordingProperty() {
        return recording;
    }

    /** The file recordings go to; empty (null): a new file in the per-user profile folder each time recording starts. */
    public ObjectProperty<Path> recordFileProperty() {
        return recordFile;
    }

    /** What was recorded where, in one line. */
    public ReadOnlyStringProperty recordStatusProperty() {
        return recordStatus.getReadOnlyProperty();
    }

    public ObjectProperty<Profile> profileProperty() {
        return profile;
    }

    public StringProperty endpointProperty() {
        return endpoint;
    }

    public StringProperty promptProperty() {
        return prompt;
    }

    public BooleanProperty chatProperty() {
        return chat;
    }

    public StringProperty windowSecondsProperty() {
        return windowSeconds;
    }

    public ReadOnlyStringProperty replyProperty() {
        return reply.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty trialStatsProperty() {
        return trialStats.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty tryingProperty() {
        return trying.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty monitoringProperty() {
        return monitoring.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty figuresProperty() {
        return figures.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty positionProperty() {
        return position.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Optional<Assessment>> assessmentProperty() {
        return assessment.getReadOnlyProperty();
    }

    public ObservableList<String> advice() {
        return advice;
    }

    public ObservableList<String> notes() {
        return notes;
    }

    /** The live point of each refresh, oldest first, at most {@link #TRAIL}. */
    public ObservableList<PerformancePoint> trail() {
        return trail;
    }

    private Optional<URI> endpointUri() {
        try {
            URI uri = URI.create(endpoint.get().strip().replaceAll("/+$", "").replaceFirst("/v1$", ""));
            if (uri.getScheme() != null && uri.getHost() != null && uri.getScheme().startsWith("http")) {
                return Optional.of(uri);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        error.set("The endpoint \"" + endpoint.get() + "\" is not a web address; type one like http://127.0.0.1:8000.");
        return Optional.empty();
    }

    /** Sends the prompt and streams the reply into {@link #replyProperty()}. */
    public void send() {
        if (trying.get()) {
            return;
        }
        boolean release = target.get() == Target.RELEASE && canReachRelease();
        Optional<URI> uri = release ? Optional.of(URI.create("http://127.0.0.1")) : endpointUri();
        if (uri.isEmpty()) {
            return;
        }
        error.set("");
        reply.set("");
        trialStats.set("");
        trying.set(true);
        Consumer<String> piece = tasks.onUiThread(p -> reply.set(reply.get() + p));
        String text = prompt.get();
        OpenAiStreamClient.Api api = chat.get() ? OpenAiStreamClient.Api.CHAT : OpenAiStreamClient.Api.COMPLETIONS;
        Consumer<String> reached = tasks.onUiThread(releaseInfo::set);
        tasks.execute(BackgroundTask.wrap(() -> {
            if (!release) {
                return Trial.run(uri.get(), Optional.empty(), api, text, 256, Duration.ofSeconds(120), piece);
            }
            try (LiveRelease r = opener.get().open(); LiveRelease.Forward f = r.forwardService()) {
                reached.accept(describe(r) + ", through a port-forward to its Service");
                return Trial.run(f.base(), Optional.empty(), api, text, 256, Duration.ofSeconds(120), piece);
            }
        })
                .onSuccess(r -> {
                    trying.set(false);
                    trialStats.set(r.summary());
                })
                .onFailure(e -> {
                    trying.set(false);
                    error.set(e instanceof KiqException ? e.getMessage() : "The request failed: " + e);
                }));
    }

    /** Starts watching the release's or the endpoint's metrics; each refresh updates the figures, the position and the trail. */
    public void startMonitor() {
        if (monitoring.get()) {
            return;
        }
        boolean release = target.get() == Target.RELEASE && canReachRelease();
        Optional<URI> uri = release ? Optional.of(URI.create("http://127.0.0.1")) : endpointUri();
        if (uri.isEmpty()) {
            return;
        }
        int seconds;
        try {
            seconds = Integer.parseInt(windowSeconds.get().strip());
            if (seconds < 2 || seconds > 3600) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            error.set("The window must be a whole number of seconds from 2 to 3600, not \"" + windowSeconds.get() + "\".");
            return;
        }
        Profile chosen = profile.get();
        error.set("");
        trail.clear();
        monitoring.set(true);
        Consumer<String> reached = tasks.onUiThread(releaseInfo::set);
        Consumer<String> recorded = tasks.onUiThread(recordStatus::set);
        Duration window = Duration.ofSeconds(seconds);
        Duration interval = Duration.ofSeconds(Math.max(1, Math.min(5, seconds / 4)));
        refreshSeconds = interval.toSeconds();
        lastFigures = "";
        monitorTask = tasks.execute(BackgroundTask.<Void>wrap(context -> {
            LiveRelease live = release ? opener.get().open() : null;
            try {
                Watched watched = live != null ? live.watched() : chosen != null ? Watched.of(Catalog.bundled(), chosen)
                        : Watched.resolve(Catalog.bundled(), dev.kiq.profile.ProfileRepository.shipped(), "?", "vllm",
                                Catalog.bundled().modelServer("vllm").latest().version(), Optional.empty(), java.util.OptionalInt.empty());
                if (live != null) {
                    reached.accept(describe(live));
                }
                Consumer<Assessed> show = tasks.onUiThread(r -> show(r.refresh(), r.assessment()));
                MetricsSource source = live != null ? live.pods() : new EndpointSource(URI.create(uri.get() + "/metrics"));
                try (Monitor m = new Monitor(source, watched.metrics(), watched.otherVersionsMetrics(Catalog.bundled()), window, 1)) {
                    Recorder recorder = new Recorder(watched, window, recorded);
                    while (!context.isCancelled()) {
                        long next = System.nanoTime() + interval.toNanos();
                        Monitor.Refresh refresh = m.refresh();
                        // the core's assessment (knee, position, advice) off the UI thread: the UI thread only shows it
                        show.accept(new Assessed(refresh, assess(refresh, watched)));
                        recorder.offer(refresh);
                        while (!context.isCancelled() && System.nanoTime() < next) {
                            LockSupport.parkNanos(Math.min(100_000_000L, next - System.nanoTime()));
                        }
                    }
                }
            } finally {
                if (live != null) {
                    live.close();
                }
            }
            return null;
        }).onSuccess(v -> monitoring.set(false)).onCancelled(() -> monitoring.set(false)).onFailure(e -> {
            monitoring.set(false);
            error.set(e instanceof KiqException ? e.getMessage() : "Monitoring stopped: " + e);
        }));
    }

    private static String describe(LiveRelease r) {
        return "Release " + r.release().name() + " in namespace " + r.release().namespace() + ": " + r.watched().model() + " on "
                + r.watched().modelServer() + " " + r.watched().modelServerVersion()
                + r.watched().acceleratorType().map(a -> ", " + r.watched().acceleratorCount().orElse(1) + "x " + a).orElse("");
    }

    /**
     * Keeps the windows of one recording (from the moment Record is switched on until it is switched off) as points
     * of a measured profile, rewritten atomically after each kept window so nothing recorded is lost. Runs on the
     * monitor's thread.
     */
    private final class Recorder {
        private final Watched watched;
        private final Duration window;
        private final Consumer<String> status;
        private Recording recording;
        private Path file;

        Recorder(Watched watched, Duration window, Consumer<String> status) {
            this.watched = watched;
            this.window = window;
            this.status = status;
        }

        void offer(Monitor.Refresh refresh) {
            if (!recordingNow.get()) {
                recording = null;
                return;
            }
            if (recording == null) {
                if (watched.acceleratorType().isEmpty()) {
                    status.accept("Nothing is recorded: choose the profile this server runs (its accelerator) first.");
                    return;
                }
                recording = new Recording(Catalog.bundled(), watched, window);
                Path chosen = recordTo.get();
                file = chosen != null ? chosen : defaultRecordFolder.get().resolve(String.join("-", "live",
                        watched.model().replace('/', '_'), watched.acceleratorType().get(),
                        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).format(LocalDateTime.now(ZoneOffset.UTC)))
                        .toLowerCase(Locale.ROOT) + ".yaml");
            }
            if (recording.offer(refresh)) {
                try {
                    ProfileWriter.write(recording.profile().orElseThrow(), file);
                    status.accept("Recorded " + recording.size() + " window" + (recording.size() == 1 ? "" : "s") + " to " + file);
                } catch (RuntimeException e) {
                    status.accept("Could not save the recording to " + file + ": " + (e.getMessage() == null
                            ? e.getClass().getSimpleName() : e.getMessage()));
                }
            }
        }
    }

    public void stopMonitor() {
        monitorTask.cancel();
        monitoring.set(false);
    }

    /** A refresh and where its window is on the profile's curve (empty without a profile or a window). */
    record Assessed(Monitor.Refresh refresh, Optional<Assessment> assessment) {
    }

    /** Places the refresh's window on the watched profile's curve (the core's {@link Assessment}); any thread. */
    Optional<Assessment> assess(Monitor.Refresh refresh, Watched watched) {
        LiveWindow w = refresh.window();
        return w.replicas() == 0 || watched.profile().isEmpty() ? Optional.empty()
                : Optional.of(Assessment.of(watched.profile().get(), Recommender.standard(), targets.get(), watched.metrics(), w,
                        refresh.hpa()));
    }

    /** Shows a refresh and its assessment (UI thread). */
    void show(Monitor.Refresh refresh, Optional<Assessment> assessed) {
        // what the figures lack stays listed while it holds; the other notes are said once
        java.util.List<String> shown = new java.util.ArrayList<>(refresh.lacking());
        refresh.notes().stream().filter(n -> !shown.contains(n)).forEach(shown::add);
        notes.setAll(shown);
        LiveWindow w = refresh.window();
        if (w.replicas() == 0) {
            figures.set(noWindow(refresh));
            return;
        }
        lastFigures = String.format(Locale.ROOT, "%d pod%s over %s s: %s output tok/s, %s req/s finished · TTFT p50 %s ms, p90 %s ms"
                        + " · TPOT p50 %s ms · e2e p50 %s ms · queue %s · batch %s · KV cache %s",
                w.replicas(), w.replicas() == 1 ? "" : "s", num(w.seconds()), num(w.outputTokensPerSecond()),
                num(w.requestsPerSecond()), opt(LiveWindow.millis(w.ttft(), 0.5)), opt(LiveWindow.millis(w.ttft(), 0.9)),
                opt(LiveWindow.millis(w.tpot(), 0.5)), opt(LiveWindow.millis(w.e2e(), 0.5)), opt(w.waiting()), opt(w.running()),
                w.kvCacheUsage().isPresent() ? num(w.kvCacheUsage().getAsDouble() * 100) + "%" : "-");
        figures.set(lastFigures);
        if (assessed.isPresent()) {
            Assessment a = assessed.get();
            assessment.set(assessed);
            position.set(a.summary());
            advice.setAll(a.advice());
            // a window whose requests have not finished yet has no NTPOT: drawn at 0 ms it would sit below any curve
            if (w.outputTokensPerSecond() > 0 && w.ntpotMillis().isPresent()) {
                // one change of the list per refresh: the chart redraws at most once
                java.util.List<PerformancePoint> next = new java.util.ArrayList<>(trail.subList(Math.max(0, trail.size() - TRAIL + 1),
                        trail.size()));
                next.add(a.live());
                trail.setAll(next);
            }
        }
    }

    /**
     * Why a refresh has no figures: only one good reading so far, or no reading at all this time (the notes say what
     * failed), and when it is tried again. The last window's figures stay, marked as such.
     */
    private String noWindow(Monitor.Refresh refresh) {
        String again = "tried again every " + refreshSeconds + " s";
        if (refresh.read() > 0) {
            return "One reading of the metrics so far; the figures need a second one, " + again + ".";
        }
        String why = refresh.notes().isEmpty() ? "" : ": " + String.join("; ", refresh.notes().stream()
                .map(n -> n.replaceAll("\\.+$", "")).toList());
        return "No metrics could be read this time" + why + ". They are " + again + (lastFigures.isEmpty() ? "."
                : "; the last figures were: " + lastFigures);
    }

    private static String opt(java.util.OptionalDouble v) {
        return v.isPresent() ? num(v.getAsDouble()) : "-";
    }

    private static String num(double v) {
        return Assessment.num(v);
    }
}
