package dev.kiq;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The one home of the core's side-by-side work (simulating the shipped profiles, the calibration's folds and fits):
 * a pool of daemon threads, as many as there are tasks or cores, whichever is fewer, so a command that is stopped
 * never waits for them. The wizard's background tasks have their own executor ({@code UiTaskExecutor}).
 */
public final class Workers {

    private Workers() {
    }

    /** A pool for {@code tasks} independent tasks, its threads named {@code threadName}; the caller shuts it down. */
    public static ExecutorService forTasks(int tasks, String threadName) {
        int threads = Math.max(1, Math.min(tasks, Runtime.getRuntime().availableProcessors()));
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }
}
