package dev.kiq.ui.task;

import java.util.function.Consumer;

/**
 * Runs {@link BackgroundTask}s, in the manner of JabRef's {@code TaskExecutor}: the app's
 * {@link UiTaskExecutor} runs them on background threads and calls back on the UI thread; tests use
 * {@link CurrentThreadTaskExecutor}, which runs them at once on the calling thread.
 */
public interface TaskExecutor {

    <V> TaskHandle execute(BackgroundTask<V> task);

    /**
     * A sink that work running in the background can feed (deploy events, pod phases): each item reaches
     * {@code sink} on the UI thread, in order.
     */
    <T> Consumer<T> onUiThread(Consumer<T> sink);

    /**
     * An action that runs once a burst of calls has ended (e.g. a drag of the target line), not once per
     * call; calls come from the UI thread and the action runs on it.
     */
    Runnable debounced(Runnable action);

    /** Stops the threads; running work is interrupted. */
    void shutdown();
}
