package dev.kiq.bench.emulator;

/**
 * A model server's scheduler stepped one iteration at a time with no clock of its own; the emulator
 * runs it in real time. The production implementation is the performance model's continuous-batching
 * engine ({@link PerfBatchEngine}); tests use a fixed-timing one. Confined to the engine thread.
 */
public interface BatchEngine {

    /** Queues a request; IllegalArgumentException when the engine can never run it. */
    void submit(long id, int inputTokens, int outputTokens);

    /** Drops a request whose client went away. */
    boolean abort(long id);

    boolean hasWork();

    /** Runs one iteration (only while {@link #hasWork()}). */
    Step step();

    int waiting();

    int running();

    double kvCacheUsage();

    long preemptions();

    /**
     * One iteration.
     *
     * @param seconds  its duration on the modeled hardware
     * @param tokens   ids that received one token at its end
     * @param finished ids that received their last token
     */
    record Step(double seconds, long[] tokens, long[] finished) {
    }
}
