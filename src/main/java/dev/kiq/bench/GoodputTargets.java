package dev.kiq.bench;

import java.util.OptionalDouble;

/**
 * Per-request latency targets a request must all meet to count toward goodput (as in vLLM's and
 * inference-perf's {@code --goodput}); empty targets make every successful request good.
 */
public record GoodputTargets(OptionalDouble ttftMs, OptionalDouble itlMs, OptionalDouble ntpotMs) {

    public static final GoodputTargets NONE = new GoodputTargets(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());

    public boolean isEmpty() {
        return ttftMs.isEmpty() && itlMs.isEmpty() && ntpotMs.isEmpty();
    }

    boolean met(double ttft, double itl, double ntpot) {
        return (ttftMs.isEmpty() || ttft <= ttftMs.getAsDouble())
                && (itlMs.isEmpty() || itl <= itlMs.getAsDouble())
                && (ntpotMs.isEmpty() || ntpot <= ntpotMs.getAsDouble());
    }
}
