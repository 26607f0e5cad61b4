package dev.kiq.bench;

import java.util.Optional;

/**
 * What the client saw of one request, in {@link System#nanoTime()} units.
 *
 * @param firstTokenNanos arrival of the first non-empty token chunk, 0 when none arrived
 * @param tokenGapsNanos  gaps between successive token chunks (per-chunk inter-token latency)
 * @param responseId      the {@code id} the server gave the completion, empty when unknown
 */
public record RequestRecord(
        long sendNanos,
        long firstTokenNanos,
        long endNanos,
        int promptTokens,
        int outputTokens,
        long[] tokenGapsNanos,
        Optional<Fault> fault,
        String faultDetail,
        String responseId) {

    public boolean succeeded() {
        return fault.isEmpty();
    }

    public long ttftNanos() {
        return firstTokenNanos - sendNanos;
    }

    public long e2eNanos() {
        return endNanos - sendNanos;
    }
}
