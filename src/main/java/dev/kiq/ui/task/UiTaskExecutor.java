package dev.kiq.ui.task;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.concurrent.Task;
import org.reactfx.EventSource;

/**
 * The app's executor: short work (generation, validation, file writes, simulation) on a small fixed
 * pool; {@linkplain BackgroundTask#longRunning() long-running} work (a rollout watch of up to 20 minutes)
 * on threads of its own, so it never occupies a thread the short work waits for. Callbacks run on the
 * JavaFX thread.
 */
public final class UiTaskExecutor implements TaskExecutor {

    /** How long the user must pause (e.g. dragging the target line) before a debounced action runs. */
    public static final Duration QUIET_PERIOD = Duration.ofMillis(250);

    private final ExecutorService shortWork;
    private final ExecutorService longWork;
    private final Duration quietPeriod;

    public UiTaskExecutor() {
        this(2, QUIET_PERIOD);
    }

    public UiTaskExecutor(int threads, Duration quietPeriod) {
        shortWork = Executors.newFixedThreadPool(threads, daemons("kiq-background-"));
        longWork = Executors.newCachedThreadPool(daemons("kiq-long-"));
        this.quietPeriod = quietPeriod;
    }

    @Override
    public <V> TaskHandle execute(BackgroundTask<V> task) {
        Task<V> fx = new Task<>() {
            @Override
            protected V call() throws Exception {
                Task<V> self = this;
                return task.call(new BackgroundTask.Context() {
                    @Override
                    public boolean isCancelled() {
                        return self.isCancelled();
                    }

                    @Override
                    public void updateMessage(String message) {
                        Platform.runLater(() -> task.message(message));
                    }

                    @Override
                    public void updateProgress(double done, double total) {
                        double fraction = total <= 0 ? 0 : done / total;
                        Platform.runLater(() -> task.progress(fraction));
                    }
                });
            }

            @Override
            protected void succeeded() {
                task.succeeded(getValue());
            }

            @Override
            protected void failed() {
                task.failed(getException());
            }

            @Override
            protected void cancelled() {
                task.cancelled();
            }
        };
        try {
            (task.isLongRunning() ? longWork : shortWork).execute(fx);
        } catch (RejectedExecutionException e) {
            // the app is closing (a debounced action that fires after shutdown): the work is dropped
            return TaskHandle.NONE;
        }
        return new TaskHandle() {
            @Override
            public void cancel() {
                if (Platform.isFxApplicationThread()) {
                    fx.cancel();
                } else {
                    Platform.runLater(fx::cancel);
                }
            }

            @Override
            public boolean isCancelled() {
                return fx.isCancelled();
            }
        };
    }

    @Override
    public <T> Consumer<T> onUiThread(Consumer<T> sink) {
        return item -> {
            if (Platform.isFxApplicationThread()) {
                sink.accept(item);
            } else {
                Platform.runLater(() -> sink.accept(item));
            }
        };
    }

    /** ReactFX's {@code successionEnds}: the action runs once the calls have paused for the quiet period. */
    @Override
    public Runnable debounced(Runnable action) {
        EventSource<Boolean> calls = new EventSource<>();
        calls.successionEnds(quietPeriod).subscribe(x -> action.run());
        return () -> calls.push(Boolean.TRUE);
    }

    @Override
    public void shutdown() {
        shortWork.shutdownNow();
        longWork.shutdownNow();
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
