package dev.kiq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkersTest {

    private static int threadsOf(ExecutorService pool) {
        return ((ThreadPoolExecutor) pool).getMaximumPoolSize();
    }

    @Test
    void aPoolHasOneThreadPerTaskUpToTheCores() {
        int cores = Runtime.getRuntime().availableProcessors();
        ExecutorService one = Workers.forTasks(1, "t");
        ExecutorService none = Workers.forTasks(0, "t");
        ExecutorService many = Workers.forTasks(cores + 7, "t");
        try {
            assertEquals(1, threadsOf(one));
            assertEquals(1, threadsOf(none), "no tasks still gives a usable pool of one thread");
            assertEquals(cores, threadsOf(many));
        } finally {
            one.shutdownNow();
            none.shutdownNow();
            many.shutdownNow();
        }
    }

    @Test
    void itsThreadsAreNamedDaemons() throws Exception {
        ExecutorService pool = Workers.forTasks(2, "kiq-test-worker");
        try {
            Thread thread = pool.submit(Thread::currentThread).get(10, TimeUnit.SECONDS);
            assertEquals("kiq-test-worker", thread.getName());
            assertTrue(thread.isDaemon(), "a stopped command must not wait for its workers");
        } finally {
            pool.shutdownNow();
        }
    }
}
