package dev.kiq.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Lets the user stop a deploy, undeploy or rollout watch; waiting steps wake up promptly. */
public final class CancelToken {

    private static final Duration POLL_SLICE = Duration.ofMillis(200);

    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final BooleanSupplier external;

    public CancelToken() {
        this(() -> false);
    }

    private CancelToken(BooleanSupplier external) {
        this.external = external;
    }

    /** A token that is also cancelled as soon as {@code cancelled} says so (e.g. a UI task's isCancelled). */
    public static CancelToken polling(BooleanSupplier cancelled) {
        return new CancelToken(cancelled);
    }

    public void cancel() {
        cancelled.countDown();
    }

    public boolean isCancelled() {
        if (cancelled.getCount() > 0 && external.getAsBoolean()) {
            cancel();
        }
        return cancelled.getCount() == 0;
    }

    /** Waits up to {@code d}; returns true when cancelled meanwhile. */
    public boolean sleep(Duration d) {
        Instant end = Instant.now().plus(d);
        try {
            while (!isCancelled()) {
                Duration left = Duration.between(Instant.now(), end);
                if (left.isNegative() || left.isZero()) {
                    return false;
                }
                Duration slice = left.compareTo(POLL_SLICE) < 0 ? left : POLL_SLICE;
                if (cancelled.await(slice.toMillis(), TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            return true;
        }
    }
}
