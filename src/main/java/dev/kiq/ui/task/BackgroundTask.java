package dev.kiq.ui.task;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

/**
 * Work to run off the UI thread and what to do with its outcome on the UI thread, in the manner of
 * JabRef's {@code BackgroundTask}: a view model describes the work and its callbacks, and a
 * {@link TaskExecutor} handed in from outside runs it (on a pool in the app, on the calling thread in
 * tests). View models never touch threads or {@code Platform.runLater} themselves.
 *
 * @param <V> the result
 */
public final class BackgroundTask<V> {

    /** What the work can see and report while it runs. */
    public interface Context {
        /** True once the user cancelled; long work checks it between steps. */
        boolean isCancelled();

        /** A line for the user, delivered to {@link #onMessage} on the UI thread. */
        void updateMessage(String message);

        /** Fraction done, delivered to {@link #onProgress} on the UI thread. */
        void updateProgress(double done, double total);
    }

    @FunctionalInterface
    public interface Work<V> {
        V call(Context context) throws Exception;
    }

    private final Work<V> work;
    private Consumer<V> onSuccess = v -> { };
    private Consumer<Throwable> onFailure = e -> { };
    private Runnable onCancelled = () -> { };
    private Consumer<String> onMessage = m -> { };
    private DoubleConsumer onProgress = p -> { };
    private boolean longRunning;

    private BackgroundTask(Work<V> work) {
        this.work = Objects.requireNonNull(work);
    }

    public static <V> BackgroundTask<V> wrap(Work<V> work) {
        return new BackgroundTask<>(work);
    }

    public static <V> BackgroundTask<V> wrap(Callable<V> work) {
        return new BackgroundTask<>(context -> work.call());
    }

    public static BackgroundTask<Void> wrap(Runnable work) {
        return new BackgroundTask<>(context -> {
            work.run();
            return null;
        });
    }

    /** Runs on the UI thread with the result. */
    public BackgroundTask<V> onSuccess(Consumer<V> action) {
        onSuccess = Objects.requireNonNull(action);
        return this;
    }

    /** Runs on the UI thread with what the work threw. */
    public BackgroundTask<V> onFailure(Consumer<Throwable> action) {
        onFailure = Objects.requireNonNull(action);
        return this;
    }

    /** Runs on the UI thread when the user cancelled the work (instead of success or failure). */
    public BackgroundTask<V> onCancelled(Runnable action) {
        onCancelled = Objects.requireNonNull(action);
        return this;
    }

    public BackgroundTask<V> onMessage(Consumer<String> action) {
        onMessage = Objects.requireNonNull(action);
        return this;
    }

    /** Receives the fraction done, 0 to 1. */
    public BackgroundTask<V> onProgress(DoubleConsumer action) {
        onProgress = Objects.requireNonNull(action);
        return this;
    }

    /**
     * Marks work that may take minutes (a rollout watch): it gets a thread of its own, so it cannot
     * hold up the short work (validation, generation, file writes) queued behind it.
     */
    public BackgroundTask<V> longRunning() {
        longRunning = true;
        return this;
    }

    public boolean isLongRunning() {
        return longRunning;
    }

    public TaskHandle executeWith(TaskExecutor executor) {
        return executor.execute(this);
    }

    // used by the executors

    V call(Context context) throws Exception {
        return work.call(context);
    }

    void succeeded(V value) {
        onSuccess.accept(value);
    }

    void failed(Throwable e) {
        onFailure.accept(e);
    }

    void cancelled() {
        onCancelled.run();
    }

    void message(String m) {
        onMessage.accept(m);
    }

    void progress(double fraction) {
        onProgress.accept(fraction);
    }
}
