package dev.kiq.bench.emulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A test engine with exact timing: every iteration takes {@code seconds}; up to {@code maxBatch}
 * requests run, each receiving one token per iteration (the first one in its admission iteration).
 */
public final class FixedStepEngine implements BatchEngine {

    private final double seconds;
    private final int maxBatch;
    private final ArrayDeque<long[]> waiting = new ArrayDeque<>();
    private final List<long[]> running = new ArrayList<>();
    private long preemptions;

    public FixedStepEngine(double seconds, int maxBatch) {
        this.seconds = seconds;
        this.maxBatch = maxBatch;
    }

    @Override
    public void submit(long id, int inputTokens, int outputTokens) {
        if (inputTokens > 100_000) {
            throw new IllegalArgumentException("request " + id + " can never fit in the KV cache");
        }
        waiting.add(new long[] {id, outputTokens, 0});
    }

    @Override
    public boolean abort(long id) {
        return waiting.removeIf(r -> r[0] == id) || running.removeIf(r -> r[0] == id);
    }

    @Override
    public boolean hasWork() {
        return !waiting.isEmpty() || !running.isEmpty();
    }

    @Override
    public Step step() {
        while (running.size() < maxBatch && !waiting.isEmpty()) {
            running.add(waiting.poll());
        }
        long[] tokens = new long[running.size()];
        List<Long> finished = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            long[] r = running.get(i);
            tokens[i] = r[0];
            r[2]++;
            if (r[2] == r[1]) {
                finished.add(r[0]);
            }
        }
        running.removeIf(r -> r[2] == r[1]);
        return new Step(seconds, tokens, finished.stream().mapToLong(Long::longValue).toArray());
    }

    @Override
    public int waiting() {
        return waiting.size();
    }

    @Override
    public int running() {
        return running.size();
    }

    @Override
    public double kvCacheUsage() {
        return running.size() / (double) maxBatch;
    }

    @Override
    public long preemptions() {
        return preemptions;
    }
}
