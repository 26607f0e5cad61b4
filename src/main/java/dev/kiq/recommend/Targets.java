package dev.kiq.recommend;

import dev.kiq.KiqException;
import java.util.OptionalDouble;

/**
 * What the user asks of one replica: p50 latency ceilings and cost-per-million-token ceilings.
 * Every target is optional; an empty target does not constrain the operating point.
 *
 * @param ntpotMilliseconds          highest acceptable p50 normalized time per output token
 * @param ttftMilliseconds           highest acceptable p50 time to first token
 * @param itlMilliseconds            highest acceptable p50 inter-token latency
 * @param costPerMillionInputTokens  highest acceptable USD per million input tokens
 * @param costPerMillionOutputTokens highest acceptable USD per million output tokens
 */
public record Targets(
        OptionalDouble ntpotMilliseconds,
        OptionalDouble ttftMilliseconds,
        OptionalDouble itlMilliseconds,
        OptionalDouble costPerMillionInputTokens,
        OptionalDouble costPerMillionOutputTokens) {

    public Targets {
        requirePositive(ntpotMilliseconds, "target NTPOT", "ms");
        requirePositive(ttftMilliseconds, "target TTFT", "ms");
        requirePositive(itlMilliseconds, "target ITL", "ms");
        requirePositive(costPerMillionInputTokens, "target cost per million input tokens", "USD");
        requirePositive(costPerMillionOutputTokens, "target cost per million output tokens", "USD");
    }

    public static Targets none() {
        return new Targets(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty());
    }

    public static Targets ntpot(double milliseconds) {
        return none().withNtpot(OptionalDouble.of(milliseconds));
    }

    public Targets withNtpot(OptionalDouble ms) {
        return new Targets(ms, ttftMilliseconds, itlMilliseconds, costPerMillionInputTokens, costPerMillionOutputTokens);
    }

    public Targets withTtft(OptionalDouble ms) {
        return new Targets(ntpotMilliseconds, ms, itlMilliseconds, costPerMillionInputTokens, costPerMillionOutputTokens);
    }

    public Targets withItl(OptionalDouble ms) {
        return new Targets(ntpotMilliseconds, ttftMilliseconds, ms, costPerMillionInputTokens, costPerMillionOutputTokens);
    }

    public Targets withCostPerMillionInputTokens(OptionalDouble usd) {
        return new Targets(ntpotMilliseconds, ttftMilliseconds, itlMilliseconds, usd, costPerMillionOutputTokens);
    }

    public Targets withCostPerMillionOutputTokens(OptionalDouble usd) {
        return new Targets(ntpotMilliseconds, ttftMilliseconds, itlMilliseconds, costPerMillionInputTokens, usd);
    }

    public boolean hasLatencyTarget() {
        return ntpotMilliseconds.isPresent() || ttftMilliseconds.isPresent() || itlMilliseconds.isPresent();
    }

    public boolean hasCostTarget() {
        return costPerMillionInputTokens.isPresent() || costPerMillionOutputTokens.isPresent();
    }

    public boolean isEmpty() {
        return !hasLatencyTarget() && !hasCostTarget();
    }

    private static void requirePositive(OptionalDouble value, String what, String unit) {
        if (value.isPresent() && !(value.getAsDouble() > 0 && Double.isFinite(value.getAsDouble()))) {
            throw new KiqException(what + " must be a positive number of " + unit + ", got "
                    + Format.number(value.getAsDouble()) + ".");
        }
    }
}
