package dev.kiq.bench.emulator;

import dev.kiq.perf.ContinuousBatchingEngine;

/** The performance model's continuous-batching engine as the emulator's {@link BatchEngine}. */
public final class PerfBatchEngine implements BatchEngine {

    private final ContinuousBatchingEngine engine;

    public PerfBatchEngine(ContinuousBatchingEngine engine) {
        this.engine = engine;
    }

    @Override
    public void submit(long id, int inputTokens, int outputTokens) {
        engine.submit(id, inputTokens, outputTokens);
    }

    @Override
    public boolean abort(long id) {
        return engine.abort(id);
    }

    @Override
    public boolean hasWork() {
        return engine.hasWork();
    }

    @Override
    public Step step() {
        ContinuousBatchingEngine.Iteration it = engine.step();
        return new Step(it.seconds(), it.tokens(), it.finished());
    }

    @Override
    public int waiting() {
        return engine.waitingCount();
    }

    @Override
    public int running() {
        return engine.runningCount();
    }

    @Override
    public double kvCacheUsage() {
        return engine.kvCacheUsage();
    }

    @Override
    public long preemptions() {
        return engine.preemptions();
    }
}
