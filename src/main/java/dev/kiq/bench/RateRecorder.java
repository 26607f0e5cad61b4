package dev.kiq.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import dev.kiq.perf.LoadRun;
import org.HdrHistogram.Histogram;

/**
 * Accumulates the request records of one rate (thread-safe) into a {@link RateResult}, measured in
 * steady state the way the performance model measures ({@link LoadRun}, so the two compare): the first
 * {@value #WARM_UP_FRACTION} of the requests sent warm the server up and are not measured; the window
 * runs from the send of the first measured request to the last send; output tokens/s counts the tokens
 * that streamed in within the window, input tokens/s the prompts whose first token came in it; latency
 * percentiles are over the measured requests. A run too short for a window falls back to first send →
 * last completion over every request.
 */
final class RateRecorder {

    static final double WARM_UP_FRACTION = LoadRun.WARM_UP_FRACTION;
    private static final long MAX_MICROS = 3_600_000_000L;

    private final GoodputTargets targets;
    private final double timeScale;
    private final Histogram lag = histogram();
    private final Histogram liveTtft = histogram();
    private final Histogram liveNtpot = histogram();
    private final Map<Fault, Integer> faults = new EnumMap<>(Fault.class);
    private final Map<Fault, String> examples = new EnumMap<>(Fault.class);
    private final List<RequestRecord> succeeded = new ArrayList<>();
    private long[] sendTimes = new long[1024];
    private long firstDue;
    private long lastDue;
    private int peakInFlight;
    private long lastEnd = Long.MIN_VALUE;
    private int sent;
    private long liveOutput;

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

    /** Called by the single sender thread, in send order. */
    synchronized void sent(long sendNanos, long lateNanos, int inFlight) {
        if (sent == 0) {
            firstDue = sendNanos - lateNanos;
        }
        lastDue = sendNanos - lateNanos;
        peakInFlight = Math.max(peakInFlight, inFlight);
        if (sent == sendTimes.length) {
            sendTimes = java.util.Arrays.copyOf(sendTimes, sent * 2);
        }
        sendTimes[sent++] = sendNanos;
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
        succeeded.add(r);
        liveOutput += r.outputTokens();
        record(liveTtft, r.ttftNanos());
        record(liveNtpot, r.e2eNanos() / Math.max(1, r.outputTokens()));
    }

    synchronized int sent() {
        return sent;
    }

    synchronized int finished() {
        return succeeded.size() + failed();
    }

    synchronized int failed() {
        return faults.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Output tokens/s of finished requests so far, running p50 TTFT and NTPOT in ms (target time), for progress. */
    synchronized double[] live(long now) {
        double seconds = sent == 0 ? 0 : (now - sendTimes[0]) / 1e9 * timeScale;
        return new double[] {
            seconds <= 0 ? 0 : liveOutput / seconds,
            liveTtft.getTotalCount() == 0 ? Double.NaN : liveTtft.getValueAtPercentile(50) * timeScale / 1000.0,
            liveNtpot.getTotalCount() == 0 ? Double.NaN : liveNtpot.getValueAtPercentile(50) * timeScale / 1000.0
        };
    }

    /**
     * After a burst (requests sent as fast as the server takes them): the server's capacity in requests/s (target
     * time), as the performance model finds it ({@link LoadRun}'s burst window): output tokens/s from the first send
     * while the queue still held requests and until half of the requests had finished (the later of the last first
     * token and the finish of half of the requests), over the mean output length. Empty when nothing succeeded.
     */
    synchronized java.util.OptionalDouble burstCapacity() {
        if (succeeded.isEmpty() || sent == 0) {
            return java.util.OptionalDouble.empty();
        }
        long start = sendTimes[0];
        long[] ends = succeeded.stream().mapToLong(RequestRecord::endNanos).sorted().toArray();
        long halfFinished = ends[Math.min(Math.max(0, (sent + 1) / 2 - 1), ends.length - 1)];
        long end = Math.max(halfFinished, succeeded.stream().mapToLong(RequestRecord::firstTokenNanos).max().orElse(start));
        if (end <= start) {
            return java.util.OptionalDouble.empty();
        }
        double tokens = 0;
        long total = 0;
        for (RequestRecord r : succeeded) {
            total += r.outputTokens();
            double perChunk = (double) r.outputTokens() / (r.tokenGapsNanos().length + 1);
            long t = r.firstTokenNanos();
            if (t <= end) {
                tokens += perChunk;
            }
            for (long g : r.tokenGapsNanos()) {
                t += g;
                if (t <= end) {
                    tokens += perChunk;
                }
            }
        }
        double tokensPerSecond = tokens / ((end - start) / 1e9 * timeScale);
        double meanOutput = (double) total / succeeded.size();
        return java.util.OptionalDouble.of(tokensPerSecond / meanOutput);
    }

    synchronized RateResult result(double offeredRate, ServerMetrics server, boolean interrupted) {
        Histogram ttft = histogram();
        Histogram itl = histogram();
        Histogram ntpot = histogram();
        Histogram e2e = histogram();
        Histogram gap = histogram();
        double sendSeconds = sent > 1 ? (sendTimes[sent - 1] - sendTimes[0]) / 1e9 : 0;
        int firstMeasured = (int) Math.floor(sent * WARM_UP_FRACTION);
        long windowStart = sent == 0 ? 0 : sendTimes[Math.min(firstMeasured, sent - 1)];
        long windowEnd = sent == 0 ? 0 : sendTimes[sent - 1];
        boolean steady = windowEnd - windowStart > 0 && sent - firstMeasured >= 10;
        if (!steady && sent > 0) {
            windowStart = sendTimes[0];
            windowEnd = Math.max(lastEnd, windowStart + 1);
        }
        double windowSeconds = (windowEnd - windowStart) / 1e9;
        double outputInWindow = 0;
        long inputInWindow = 0;
        int good = 0;
        for (RequestRecord r : succeeded) {
            int out = r.outputTokens();
            long[] gaps = r.tokenGapsNanos();
            // tokens per streamed chunk: servers may pack several tokens into one chunk
            double perChunk = (double) out / (gaps.length + 1);
            long t = r.firstTokenNanos();
            if (t >= windowStart && t <= windowEnd) {
                outputInWindow += perChunk;
                inputInWindow += r.promptTokens();
            }
            for (long g : gaps) {
                t += g;
                if (t >= windowStart && t <= windowEnd) {
                    outputInWindow += perChunk;
                }
            }
            if (r.sendNanos() < windowStart) {
                continue; // warm-up
            }
            long e2eNanos = r.e2eNanos();
            long ttftNanos = r.ttftNanos();
            long itlNanos = out > 1 ? (e2eNanos - ttftNanos) / (out - 1) : 0;
            long ntpotNanos = e2eNanos / Math.max(1, out);
            record(ttft, ttftNanos);
            record(e2e, e2eNanos);
            record(ntpot, ntpotNanos);
            if (out > 1) {
                record(itl, itlNanos);
            }
            for (long g : gaps) {
                record(gap, g);
            }
            double ms = timeScale / 1e6;
            if (targets.met(ttftNanos * ms, itlNanos * ms, ntpotNanos * ms)) {
                good++;
            }
        }
        double window = windowSeconds * timeScale;
        double duration = sent > 0 && lastEnd > sendTimes[0] ? (lastEnd - sendTimes[0]) / 1e9 * timeScale : 0;
        double achieved = sendSeconds > 0 ? (sent - 1) / (sendSeconds * timeScale) : 0;
        double scheduled = sent > 1 && lastDue > firstDue ? (sent - 1) / ((lastDue - firstDue) / 1e9 * timeScale) : 0;
        return new RateResult(offeredRate, achieved, scheduled, peakInFlight, sent, succeeded.size(), faults, examples, duration,
                window > 0 ? outputInWindow / window : 0, window > 0 ? inputInWindow / window : 0,
                Percentiles.of(ttft, timeScale), Percentiles.of(itl, timeScale), Percentiles.of(ntpot, timeScale),
                Percentiles.of(e2e, timeScale), Percentiles.of(gap, timeScale), Percentiles.of(lag, 1.0),
                window > 0 ? good / window : 0, server, interrupted);
    }
}
