package dev.kiq.ui.task;

import java.util.function.Consumer;

/**
 * Runs each task at once on the calling thread and calls back before {@link #execute} returns, so a
 * view-model test sees the outcome without waiting. Debounced actions run on every call.
 */
public final class CurrentThreadTaskExecutor implements TaskExecutor {

    @Override
    public <V> TaskHandle execute(BackgroundTask<V> task) {
        boolean[] cancelled = {false};
        TaskHandle handle = new TaskHandle() {
            @Override
            public void cancel() {
                cancelled[0] = true;
            }

            @Override
            public boolean isCancelled() {
                return cancelled[0];
            }
        };
        V value;
        try {
            value = task.call(new BackgroundTask.Context() {
                @Override
                public boolean isCancelled() {
                    return cancelled[0];
                }

                @Override
                public void updateMessage(String message) {
                    task.message(message);
                }

                @Override
                public void updateProgress(double done, double total) {
                    task.progress(total <= 0 ? 0 : done / total);
                }
            });
        } catch (Exception e) {
            if (cancelled[0]) {
                task.cancelled();
            } else {
                task.failed(e);
            }
            return handle;
        }
        if (cancelled[0]) {
            task.cancelled();
        } else {
            task.succeeded(value);
        }
        return handle;
    }

    @Override
    public <T> Consumer<T> onUiThread(Consumer<T> sink) {
        // work that runs side by side (a parallel stream) feeds the sink one item at a time, as the UI thread would
        return item -> {
            synchronized (sink) {
                sink.accept(item);
            }
        };
    }

    @Override
    public Runnable debounced(Runnable action) {
        return action;
    }

    @Override
    public void shutdown() {
    }
}
