package dev.kiq.bench;

import java.util.Map;

/**
 * Everything measured at one offered rate. Rates, throughputs and latencies are in the target's own
 * time (already corrected for a time-scaled emulator).
 *
 * @param offeredRate          requests/s the Poisson process was asked for
 * @param achievedRate         requests/s actually sent, over the window from first to last send
 * @param scheduledRate        requests/s of this run's Poisson sample (what a perfect generator would have sent)
 * @param peakInFlight         most requests open at once
 * @param sent                 requests sent
 * @param succeeded            requests that streamed to {@code [DONE]}
 * @param faults               failed requests by cause
 * @param faultExamples        one message per cause
 * @param durationSeconds      first send to last completion
 * @param ttft                 time to first token
 * @param itl                  per request, (e2e − TTFT) / (output tokens − 1)
 * @param ntpot                per request, e2e / output tokens
 * @param e2e                  request latency
 * @param tokenGap             per streamed chunk, the gap since the previous one
 * @param scheduleLagMs        how late the generator sent, p50 and p99 (client health)
 * @param goodputRate          successful requests/s that met every target
 * @param interrupted          cut short by the user; such a rate is reported, never written to a profile
 */
public record RateResult(
        double offeredRate,
        double achievedRate,
        double scheduledRate,
        int peakInFlight,
        int sent,
        int succeeded,
        Map<Fault, Integer> faults,
        Map<Fault, String> faultExamples,
        double durationSeconds,
        double outputTokensPerSecond,
        double inputTokensPerSecond,
        Percentiles ttft,
        Percentiles itl,
        Percentiles ntpot,
        Percentiles e2e,
        Percentiles tokenGap,
        Percentiles scheduleLagMs,
        double goodputRate,
        ServerMetrics server,
        boolean interrupted) {

    public RateResult {
        faults = Map.copyOf(faults);
        faultExamples = Map.copyOf(faultExamples);
    }

    /** The same measurement labelled with another request rate (a closed loop's achieved one). */
    public RateResult atRate(double rate) {
        return new RateResult(rate, achievedRate, scheduledRate, peakInFlight, sent, succeeded, faults, faultExamples,
                durationSeconds, outputTokensPerSecond, inputTokensPerSecond, ttft, itl, ntpot, e2e, tokenGap, scheduleLagMs,
                goodputRate, server, interrupted);
    }

    public int failed() {
        return faults.values().stream().mapToInt(Integer::intValue).sum();
    }

    public double completedRate() {
        return durationSeconds <= 0 ? 0 : succeeded / durationSeconds;
    }
}
