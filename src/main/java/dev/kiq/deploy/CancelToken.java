package dev.kiq.deploy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Lets the user stop a deploy, undeploy or rollout watch; waiting steps wake up at once. */
public final class CancelToken {

    private final CountDownLatch cancelled = new CountDownLatch(1);

    public void cancel() {
        cancelled.countDown();
    }

    public boolean isCancelled() {
        return cancelled.getCount() == 0;
    }

    /** Waits up to {@code d}; returns true when cancelled meanwhile. */
    public boolean sleep(Duration d) {
        try {
            return cancelled.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            return true;
        }
    }
}
