package dev.kiq.bench;

import java.util.EnumMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Accumulates request records of one rate (thread-safe) into a {@link RateResult}. */
final class RateRecorder {

    private static final long MAX_MICROS = 3_600_000_000L;

    private final GoodputTargets targets;
    private final double timeScale;
    private final Histogram ttft = histogram();
    private final Histogram itl = histogram();
    private final Histogram ntpot = histogram();
    private final Histogram e2e = histogram();
    private final Histogram gap = histogram();
    private final Histogram lag = histogram();
    private final Map<Fault, Integer> faults = new EnumMap<>(Fault.class);
    private final Map<Fault, String> examples = new EnumMap<>(Fault.class);
    private long firstSend = Long.MAX_VALUE;
    private long lastSend = Long.MIN_VALUE;
    private long lastEnd = Long.MIN_VALUE;
    private int sent;
    private int succeeded;
    private long outputTokens;
    private long inputTokens;
    private int good;

    RateRecorder(GoodputTargets targets, double timeScale) {
        this.targets = targets;
        this.timeScale = timeScale;
    }

    private static Histogram histogram() {
        return new Histogram(MAX_MICROS, 3);
    }

    private static void record(Histogram h, long nanos) {
        h.recordValue(Math.max(0, Math.min(MAX_MICROS, nanos / 1000)));
    }

    synchronized void sent(long sendNanos, long lateNanos) {
        sent++;
        firstSend = Math.min(firstSend, sendNanos);
        lastSend = Math.max(lastSend, sendNanos);
        record(lag, lateNanos);
    }

    synchronized void add(RequestRecord r) {
        lastEnd = Math.max(lastEnd, r.endNanos());
        if (!r.succeeded()) {
            Fault f = r.fault().orElseThrow();
            faults.merge(f, 1, Integer::sum);
            examples.putIfAbsent(f, r.faultDetail());
            return;
        }
        succeeded++;
        outputTokens += r.outputTokens();
        inputTokens += r.promptTokens();
        long e2eNanos = r.e2eNanos();
        long ttftNanos = r.ttftNanos();
        long itlNanos = r.outputTokens() > 1 ? (e2eNanos - ttftNanos) / (r.outputTokens() - 1) : 0;
        long ntpotNanos = e2eNanos / Math.max(1, r.outputTokens());
        record(ttft, ttftNanos);
        record(e2e, e2eNanos);
        record(ntpot, ntpotNanos);
        if (r.outputTokens() > 1) {
            record(itl, itlNanos);
        }
        for (long g : r.tokenGapsNanos()) {
            record(gap, g);
        }
        double ms = timeScale / 1e6;
        if (targets.met(ttftNanos * ms, itlNanos * ms, ntpotNanos * ms)) {
            good++;
        }
    }

    synchronized int sent() {
        return sent;
    }

    synchronized int finished() {
        return succeeded + faults.values().stream().mapToInt(Integer::intValue).sum();
    }

    synchronized int failed() {
        return faults.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Output tokens/s so far (target time) and the running p50 TTFT in ms, for the progress line. */
    synchronized double[] live(long now) {
        double seconds = firstSend == Long.MAX_VALUE ? 0 : (now - firstSend) / 1e9 * timeScale;
        double tps = seconds <= 0 ? 0 : outputTokens / seconds;
        double p50 = ttft.getTotalCount() == 0 ? Double.NaN : ttft.getValueAtPercentile(50) * timeScale / 1000.0;
        double ntpotP50 = ntpot.getTotalCount() == 0 ? Double.NaN : ntpot.getValueAtPercentile(50) * timeScale / 1000.0;
        return new double[] {tps, p50, ntpotP50};
    }

    synchronized RateResult result(double offeredRate, ServerMetrics server, boolean interrupted) {
        double sendSeconds = sent > 1 ? (lastSend - firstSend) / 1e9 * timeScale : 0;
        double duration = succeeded + failed() > 0 && firstSend != Long.MAX_VALUE ? (lastEnd - firstSend) / 1e9 * timeScale : 0;
        // n arrivals span n-1 gaps; the rate estimate over the send window uses that
        double achieved = sendSeconds > 0 ? (sent - 1) / sendSeconds : 0;
        return new RateResult(offeredRate, achieved, sent, succeeded, faults, examples, duration,
                duration > 0 ? outputTokens / duration : 0, duration > 0 ? inputTokens / duration : 0,
                Percentiles.of(ttft, timeScale), Percentiles.of(itl, timeScale), Percentiles.of(ntpot, timeScale),
                Percentiles.of(e2e, timeScale), Percentiles.of(gap, timeScale), Percentiles.of(lag, 1.0),
                duration > 0 ? good / duration : 0, server, interrupted);
    }
}
