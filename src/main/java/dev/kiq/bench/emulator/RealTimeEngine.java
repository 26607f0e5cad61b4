package dev.kiq.bench.emulator;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Drives a {@link BatchEngine} in real time on its own thread: takes submissions as they arrive, runs
 * an iteration, waits out its modeled duration (divided by the time scale), then hands the iteration's
 * token events to the server. Requests submitted during an iteration join the next one, as in vLLM.
 * Iteration deadlines accumulate from the previous deadline rather than from "now", so scheduling jitter
 * does not add up: a loop that falls behind (host busy) catches up; only a pause of over a second restarts
 * its clock.
 */
public final class RealTimeEngine implements AutoCloseable {

    /** What the server learns after each iteration; called on the engine thread. */
    public interface Events {
        void iteration(BatchEngine.Step step, long endNanos);

        /** A request the engine refused (it can never fit). */
        void refused(long id, String reason);
    }

    private record Submission(long id, int input, int output) {
    }

    /**
     * How far behind its clock the engine may run and still catch up (iterations back to back until on time
     * again), so a busy host shifts token times a little instead of slowing the modeled hardware down.
     */
    static final long MAX_CATCH_UP_NANOS = 1_000_000_000L;

    private final BatchEngine engine;
    private final double timeScale;
    private final Events events;
    private final ConcurrentLinkedQueue<Submission> submissions = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> aborts = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean stopped;
    private volatile int waiting;
    private volatile int running;
    private volatile double kvUsage;
    private volatile long preemptions;

    public RealTimeEngine(BatchEngine engine, double timeScale, Events events) {
        this.engine = engine;
        this.timeScale = timeScale;
        this.events = events;
        this.thread = new Thread(this::loop, "kiq-emulator-engine");
        this.thread.setDaemon(true);
        this.thread.setPriority(Thread.MAX_PRIORITY);
    }

    public void start() {
        thread.start();
    }

    public void submit(long id, int inputTokens, int outputTokens) {
        submissions.add(new Submission(id, inputTokens, outputTokens));
        LockSupport.unpark(thread);
    }

    public void abort(long id) {
        aborts.add(id);
        LockSupport.unpark(thread);
    }

    /** Gauges as of the last iteration, for {@code /metrics}. */
    public int waiting() {
        return waiting;
    }

    public int running() {
        return running;
    }

    public double kvCacheUsage() {
        return kvUsage;
    }

    public long preemptions() {
        return preemptions;
    }

    private void loop() {
        long deadline = System.nanoTime();
        while (!stopped) {
            intake();
            if (!engine.hasWork()) {
                publishGauges();
                LockSupport.parkNanos(50_000_000L);
                deadline = System.nanoTime();
                continue;
            }
            BatchEngine.Step step = engine.step();
            publishGauges();
            long now = System.nanoTime();
            if (deadline < now - MAX_CATCH_UP_NANOS) {
                deadline = now; // paused for long (GC, suspend): restart the clock rather than rush
            }
            deadline += (long) (step.seconds() / timeScale * 1e9);
            sleepUntil(deadline);
            events.iteration(step, System.nanoTime());
        }
    }

    private void intake() {
        Long abort;
        while ((abort = aborts.poll()) != null) {
            engine.abort(abort);
        }
        Submission s;
        while ((s = submissions.poll()) != null) {
            try {
                engine.submit(s.id(), s.input(), s.output());
            } catch (IllegalArgumentException e) {
                events.refused(s.id(), e.getMessage());
            }
        }
    }

    private void publishGauges() {
        waiting = engine.waiting() + submissions.size();
        running = engine.running();
        kvUsage = engine.kvCacheUsage();
        preemptions = engine.preemptions();
    }

    private static void sleepUntil(long deadline) {
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            // park is accurate to ~60 µs on Linux; spin the last stretch
            if (left > 200_000L) {
                LockSupport.parkNanos(left - 100_000L);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        LockSupport.unpark(thread);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
