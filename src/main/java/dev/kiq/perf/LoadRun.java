package dev.kiq.perf;

import dev.kiq.profile.PerformancePoint;
import java.util.Arrays;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * The offline driver of {@link ContinuousBatchingEngine}: one benchmark run at a fixed request
 * rate, simulated as a discrete-event loop. The clock jumps from iteration end to iteration end
 * (or to the next arrival when the engine is idle); requests that arrived meanwhile join the next
 * iteration.
 *
 * <p>What it reports is measured in steady state. The first {@value #WARM_UP_FRACTION} of the
 * requests warm the server up (the batch fills from empty) and are not measured; the measurement
 * window runs from the arrival of the first measured request to the arrival of the last request,
 * so that neither the start-up nor the drain after the last arrival (a single 1024-token request
 * can outlive the others by a minute) distorts the rates.
 * <ul>
 *   <li>output tokens/s = tokens emitted in the window / window length; input tokens/s = prompt
 *       tokens of the requests whose first token came in the window / window length;</li>
 *   <li>p50 NTPOT = e2e / output tokens, TTFT = first token - arrival, ITL = (e2e - TTFT) / (output - 1)
 *       (requests with more than one output token), over the measured requests (HdrHistogram,
 *       microsecond resolution, 3 significant digits);</li>
 *   <li>queue size, batch size and KV usage: time-weighted means over the window (idle time counts
 *       as 0), i.e. what a uniform scrape of the server's gauges averages to.</li>
 * </ul>
 * With an infinite rate (everything sent at once) the window is from 0 to the moment the queue
 * has emptied and half of the requests have finished: the throughput of a permanently full batch,
 * i.e. the replica's capacity (when fewer requests than the batch holds are sent, the throughput of
 * all of them running at once).
 */
public final class LoadRun {

    /** Fraction of the requests that warm the server up before measurement starts. */
    public static final double WARM_UP_FRACTION = 0.1;

    private LoadRun() {
    }

    /** What one run measured. */
    public record Result(PerformancePoint point, double windowSeconds, long iterations, long preemptions) {
    }

    /**
     * Sends every request of {@code trace} at {@code qps} (Poisson; {@code Double.POSITIVE_INFINITY}
     * sends them all at once) to a fresh engine from {@code engines}.
     */
    public static Result run(Supplier<ContinuousBatchingEngine> engines, RequestTrace trace, double qps) {
        ContinuousBatchingEngine engine = engines.get();
        boolean burst = Double.isInfinite(qps);
        int n = trace.size();
        int firstMeasured = burst ? 0 : (int) Math.floor(n * WARM_UP_FRACTION);
        double windowStart = trace.arrivalSeconds(firstMeasured, qps);
        double windowEnd = burst ? Double.POSITIVE_INFINITY : trace.arrivalSeconds(n - 1, qps);
        double[] firstToken = new double[n];
        double[] end = new double[n];
        Arrays.fill(firstToken, Double.NaN);
        double t = trace.arrivalSeconds(0, qps);
        int next = 0;
        int done = 0;
        long iterations = 0;
        long windowOutput = 0;
        long windowInput = 0;
        double queueArea = 0;
        double batchArea = 0;
        double kvArea = 0;
        while (done < n) {
            while (next < n && trace.arrivalSeconds(next, qps) <= t) {
                engine.submit(next, trace.inputTokens(next), trace.outputTokens(next));
                next++;
            }
            if (!engine.hasWork()) {
                t = trace.arrivalSeconds(next, qps);
                continue;
            }
            ContinuousBatchingEngine.Iteration it = engine.step();
            iterations++;
            double begin = t;
            t += it.seconds();
            double overlap = Math.min(t, windowEnd) - Math.max(begin, windowStart);
            if (overlap > 0) {
                queueArea += it.waitingRequests() * overlap;
                batchArea += it.runningRequests() * overlap;
                kvArea += it.kvCacheUsage() * overlap;
            }
            boolean inWindow = t > windowStart && t <= windowEnd;
            long[] tokens = it.tokens();
            if (inWindow) {
                windowOutput += tokens.length;
            }
            for (long id : tokens) {
                int i = (int) id;
                if (Double.isNaN(firstToken[i])) {
                    firstToken[i] = t;
                    if (inWindow) {
                        windowInput += trace.inputTokens(i);
                    }
                }
            }
            for (long id : it.finished()) {
                end[(int) id] = t;
                done++;
            }
            if (burst && Double.isInfinite(windowEnd) && engine.waitingCount() == 0 && 2 * done >= n) {
                windowEnd = t;
            }
        }
        double window = windowEnd - windowStart;

        Histogram ntpot = new Histogram(3);
        Histogram ttft = new Histogram(3);
        Histogram itl = new Histogram(3);
        for (int i = firstMeasured; i < n; i++) {
            double arrival = trace.arrivalSeconds(i, qps);
            int out = trace.outputTokens(i);
            ntpot.recordValue(micros((end[i] - arrival) / out));
            ttft.recordValue(micros(firstToken[i] - arrival));
            if (out > 1) {
                itl.recordValue(micros((end[i] - firstToken[i]) / (out - 1)));
            }
        }
        double outputRate = windowOutput / window;
        double offered = burst ? outputRate / meanOutput(trace) : qps;
        PerformancePoint point = new PerformancePoint(
                offered,
                outputRate,
                windowInput / window,
                ntpot.getValueAtPercentile(50) / 1e3,
                ttft.getValueAtPercentile(50) / 1e3,
                itl.getTotalCount() == 0 ? 0 : itl.getValueAtPercentile(50) / 1e3,
                queueArea / window,
                batchArea / window,
                kvArea / window);
        return new Result(point, window, iterations, engine.preemptions());
    }

    private static double meanOutput(RequestTrace trace) {
        return (double) trace.totalOutputTokens() / trace.size();
    }

    private static long micros(double seconds) {
        return Math.max(0, Math.round(seconds * 1e6));
    }
}
