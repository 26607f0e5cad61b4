package dev.kiq.ui.monitor;

import dev.kiq.KiqException;
import dev.kiq.bench.OpenAiStreamClient;
import dev.kiq.catalog.Catalog;
import dev.kiq.monitor.Assessment;
import dev.kiq.monitor.EndpointSource;
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

    private final TaskExecutor tasks;
    private final Supplier<Targets> targets;
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

    public LivePaneViewModel(TaskExecutor tasks, Supplier<Targets> targets) {
        this.tasks = tasks;
        this.targets = targets;
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
        Optional<URI> uri = endpointUri();
        if (uri.isEmpty() || trying.get()) {
            return;
        }
        error.set("");
        reply.set("");
        trialStats.set("");
        trying.set(true);
        Consumer<String> piece = tasks.onUiThread(p -> reply.set(reply.get() + p));
        String text = prompt.get();
        OpenAiStreamClient.Api api = chat.get() ? OpenAiStreamClient.Api.CHAT : OpenAiStreamClient.Api.COMPLETIONS;
        tasks.execute(BackgroundTask.wrap(() -> Trial.run(uri.get(), Optional.empty(), api, text, 256, Duration.ofSeconds(120), piece))
                .onSuccess(r -> {
                    trying.set(false);
                    trialStats.set(r.summary());
                })
                .onFailure(e -> {
                    trying.set(false);
                    error.set(e instanceof KiqException ? e.getMessage() : "The request failed: " + e);
                }));
    }

    /** Starts watching the endpoint's metrics; each refresh updates the figures, the position and the trail. */
    public void startMonitor() {
        Optional<URI> uri = endpointUri();
        if (uri.isEmpty() || monitoring.get()) {
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
        Watched watched = chosen != null ? Watched.of(Catalog.bundled(), chosen)
                : Watched.resolve(Catalog.bundled(), dev.kiq.profile.ProfileRepository.shipped(), "?", "vllm",
                        Catalog.bundled().modelServer("vllm").latest().version(), Optional.empty(), java.util.OptionalInt.empty());
        Consumer<Monitor.Refresh> show = tasks.onUiThread(r -> show(r, watched));
        Duration interval = Duration.ofSeconds(Math.max(1, Math.min(5, seconds / 4)));
        monitorTask = tasks.execute(BackgroundTask.<Void>wrap(context -> {
            try (Monitor m = new Monitor(new EndpointSource(URI.create(uri.get() + "/metrics")), watched.metrics(),
                    Duration.ofSeconds(seconds), 1)) {
                while (!context.isCancelled()) {
                    long next = System.nanoTime() + interval.toNanos();
                    show.accept(m.refresh());
                    while (!context.isCancelled() && System.nanoTime() < next) {
                        LockSupport.parkNanos(Math.min(100_000_000L, next - System.nanoTime()));
                    }
                }
            }
            return null;
        }).onSuccess(v -> monitoring.set(false)).onCancelled(() -> monitoring.set(false)).onFailure(e -> {
            monitoring.set(false);
            error.set(e instanceof KiqException ? e.getMessage() : "Monitoring stopped: " + e);
        }));
    }

    public void stopMonitor() {
        monitorTask.cancel();
        monitoring.set(false);
    }

    void show(Monitor.Refresh refresh, Watched watched) {
        notes.setAll(refresh.notes());
        LiveWindow w = refresh.window();
        if (w.replicas() == 0) {
            figures.set("Waiting for a second reading of the metrics to form a window…");
            return;
        }
        figures.set(String.format(Locale.ROOT, "%d pod%s over %s s: %s output tok/s, %s req/s finished · TTFT p50 %s ms, p90 %s ms"
                        + " · TPOT p50 %s ms · e2e p50 %s ms · queue %s · batch %s · KV cache %s",
                w.replicas(), w.replicas() == 1 ? "" : "s", num(w.seconds()), num(w.outputTokensPerSecond()),
                num(w.requestsPerSecond()), opt(LiveWindow.millis(w.ttft(), 0.5)), opt(LiveWindow.millis(w.ttft(), 0.9)),
                opt(LiveWindow.millis(w.tpot(), 0.5)), opt(LiveWindow.millis(w.e2e(), 0.5)), opt(w.waiting()), opt(w.running()),
                w.kvCacheUsage().isPresent() ? num(w.kvCacheUsage().getAsDouble() * 100) + "%" : "-"));
        if (watched.profile().isPresent()) {
            Assessment a = Assessment.of(watched.profile().get(), Recommender.standard(), targets.get(), watched.metrics(), w,
                    refresh.hpa());
            assessment.set(Optional.of(a));
            position.set(a.summary());
            advice.setAll(a.advice());
            if (w.outputTokensPerSecond() > 0) {
                trail.add(a.live());
                if (trail.size() > TRAIL) {
                    trail.remove(0, trail.size() - TRAIL);
                }
            }
        }
    }

    private static String opt(java.util.OptionalDouble v) {
        return v.isPresent() ? num(v.getAsDouble()) : "-";
    }

    private static String num(double v) {
        return Assessment.num(v);
    }
}
