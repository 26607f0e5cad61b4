package dev.kiq.ui.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.ui.Fx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

class UiTaskExecutorTest {

    @BeforeAll
    static void toolkit() {
        Fx.start();
    }

    /** One short-work thread, so a rollout watch on it would block everything behind it. */
    private final UiTaskExecutor executor = new UiTaskExecutor(1, Duration.ofMillis(200));

    @AfterEach
    void stop() {
        executor.shutdown();
    }

    @Test
    void rolloutWatchesDoNotStarveShortWork() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<TaskHandle> watches = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            watches.add(BackgroundTask.wrap(() -> release.await(5, TimeUnit.MINUTES)).longRunning()
                    .executeWith(executor));
        }
        CountDownLatch shortDone = new CountDownLatch(1);
        AtomicBoolean onFxThread = new AtomicBoolean();
        BackgroundTask.wrap(() -> "validated").onSuccess(v -> {
            onFxThread.set(Platform.isFxApplicationThread());
            shortDone.countDown();
        }).executeWith(executor);
        assertThat(shortDone.await(30, TimeUnit.SECONDS)).as("short work ran while three watches were running").isTrue();
        assertThat(onFxThread).isTrue();
        release.countDown();
        watches.forEach(TaskHandle::cancel);
    }

    @Test
    void aCancelledTaskSeesItAndReportsCancelled() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch cancelledSeen = new CountDownLatch(1);
        AtomicBoolean cancelledCallback = new AtomicBoolean();
        AtomicBoolean succeeded = new AtomicBoolean();
        TaskHandle handle = BackgroundTask.wrap(context -> {
            started.countDown();
            while (!context.isCancelled()) {
                Thread.onSpinWait();
            }
            cancelledSeen.countDown();
            return null;
        }).longRunning().onSuccess(v -> succeeded.set(true)).onCancelled(() -> cancelledCallback.set(true))
                .executeWith(executor);
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        handle.cancel();
        assertThat(cancelledSeen.await(30, TimeUnit.SECONDS)).isTrue();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cancelledCallback).isTrue();
        assertThat(succeeded).isFalse();
        assertThat(handle.isCancelled()).isTrue();
    }

    @Test
    void aBurstOfCallsRunsTheDebouncedActionOnceAfterItEnds() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch ran = new CountDownLatch(1);
        Runnable debounced = Fx.call(() -> executor.debounced(() -> {
            runs.incrementAndGet();
            ran.countDown();
        }));
        // 40 mouse-drag events in one pulse each: the action must not run per event. The action runs on the FX
        // thread, so the count read at the end of the same FX block is the burst's own; read later, on a loaded
        // machine the quiet period may already have ended (it failed so at load 30)
        int runsDuringTheBurst = Fx.call(() -> {
            for (int i = 0; i < 40; i++) {
                debounced.run();
            }
            return runs.get();
        });
        assertThat(runsDuringTheBurst).isZero();
        assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(runs).hasValue(1);
    }

    @Test
    void itemsFedFromTheBackgroundReachTheSinkOnTheFxThreadInOrder() throws Exception {
        List<Integer> seen = new ArrayList<>();
        AtomicBoolean allOnFx = new AtomicBoolean(true);
        var sink = executor.<Integer>onUiThread(i -> {
            allOnFx.compareAndSet(true, Platform.isFxApplicationThread());
            seen.add(i);
        });
        CountDownLatch done = new CountDownLatch(1);
        BackgroundTask.wrap(() -> {
            for (int i = 0; i < 100; i++) {
                sink.accept(i);
            }
        }).onSuccess(v -> done.countDown()).executeWith(executor);
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(seen).hasSize(100).isSorted();
        assertThat(allOnFx).isTrue();
    }
}
