package dev.kiq.perf;

import dev.kiq.profile.PerformancePoint;
import java.util.Arrays;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * The offline driver of {@link ContinuousBatchingEngine}: one benchmark run of a request trace with
 * given {@link Arrivals}, simulated as a discrete-event loop. The clock jumps from iteration end to
 * iteration end (or to the next arrival when the engine is idle); requests that arrived meanwhile
 * join the next iteration. In a closed loop ({@link Arrivals.Concurrency}) a client sends its next
 * request at the moment its previous one received its last token, so it joins the next iteration.
 *
 * <p>Two measurement windows:
 * <ul>
 *   <li>{@link Window#STEADY_STATE} (kiq's profiles). The first {@value #WARM_UP_FRACTION} of the
 *       requests (in a closed loop at least the first wave of {@code clients}) warm the server up and
 *       are not measured; the window runs from the arrival of the first measured request to the
 *       arrival of the last request, so that neither the start-up nor the drain after the last arrival
 *       (a single 1024-token request can outlive the others by a minute) distorts the rates. A burst's
 *       window is from 0 to the moment the queue has emptied and half of the requests have finished:
 *       the throughput of a permanently full batch, i.e. the replica's capacity (when fewer requests
 *       than the batch holds are sent, the throughput of all of them running at once).</li>
 *   <li>{@link Window#WHOLE_RUN} (what vLLM's {@code benchmark_serving.py} and GKE's
 *       inference-benchmark report): every request is measured and the window runs from the first
 *       arrival to the last token of the last request, drain included.</li>
 * </ul>
 * In the window:
 * <ul>
 *   <li>output tokens/s = tokens emitted in the window / window length; input tokens/s = prompt
 *       tokens of the requests whose first token came in the window / window length;</li>
 *   <li>per measured request: NTPOT = e2e / output tokens, TTFT = first token - arrival,
 *       TPOT = (e2e - TTFT) / (output - 1) (requests with more than one output token; the profile's
 *       {@code itlMilliseconds}); per output token after a request's first: ITL = the gap since that
 *       request's previous token. Statistics by HdrHistogram (microsecond resolution, 3 significant
 *       digits); the profile point holds the medians. TTFT and e2e are what a client-side benchmark sees:
 *       they include the engine's {@link ContinuousBatchingEngine#clientSeconds client-side cost} of the
 *       request (HTTP, chat template and tokenisation, hand-over, streaming);</li>
 *   <li>queue size, batch size and KV usage: time-weighted means over the window (idle time counts
 *       as 0), i.e. what a uniform scrape of the server's gauges averages to;</li>
 *   <li>request rate: a Poisson run's offered rate; otherwise requests finished in the window / window for a
 *       steady-state closed loop (Little's law: its throughput), all requests / window for a whole run, and output tokens/s / mean
 *       output length for a burst's capacity window.</li>
 * </ul>
 */
public final class LoadRun {

    /** Fraction of the requests that warm the server up before measurement starts. */
    public static final double WARM_UP_FRACTION = 0.1;

    /** Which part of the run is measured (see the class comment). */
    public enum Window {
        STEADY_STATE, WHOLE_RUN
    }

    private LoadRun() {
    }

    /**
     * What one run measured.
     *
     * @param measuredRequests requests whose latencies the statistics describe
     */
    public record Result(PerformancePoint point, double windowSeconds, long iterations, long preemptions,
                         Latencies latencies, int measuredRequests) {
    }

    /** Latency statistics of the measured requests, in milliseconds. */
    public record Latencies(Statistic ttft, Statistic tpot, Statistic itl, Statistic ntpot, Statistic e2e) {
    }

    /** Mean and percentiles of one latency, in milliseconds (all 0 when nothing was recorded). */
    public record Statistic(double mean, double median, double p90, double p99) {
        static Statistic of(Histogram h) {
            if (h.getTotalCount() == 0) {
                return new Statistic(0, 0, 0, 0);
            }
            return new Statistic(h.getMean() / 1e3, h.getValueAtPercentile(50) / 1e3,
                    h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3);
        }
    }

    /**
     * Sends every request of {@code trace} at {@code qps} (Poisson; {@code Double.POSITIVE_INFINITY}
     * sends them all at once and measures the capacity window) to a fresh engine from {@code engines}.
     */
    public static Result run(Supplier<ContinuousBatchingEngine> engines, RequestTrace trace, double qps) {
        Arrivals arrivals = Double.isInfinite(qps) ? new Arrivals.Burst() : new Arrivals.Poisson(qps);
        return run(engines, trace, arrivals, Window.STEADY_STATE);
    }

    /** Sends every request of {@code trace} with {@code arrivals} to a fresh engine from {@code engines}. */
    public static Result run(Supplier<ContinuousBatchingEngine> engines, RequestTrace trace, Arrivals arrivals,
                             Window window) {
        int n = trace.size();
        if (n == 0) {
            throw new IllegalArgumentException("a load run needs at least one request");
        }
        if (arrivals instanceof Arrivals.Concurrency c && c.clients() >= n) {
            arrivals = new Arrivals.Burst(); // every request in flight from the start
        }
        ContinuousBatchingEngine engine = engines.get();
        boolean burst = arrivals instanceof Arrivals.Burst;
        boolean whole = window == Window.WHOLE_RUN;
        int clients = arrivals instanceof Arrivals.Concurrency c ? c.clients() : n;

        double[] arrival = new double[n];
        int assigned;
        if (arrivals instanceof Arrivals.Poisson p) {
            for (int i = 0; i < n; i++) {
                arrival[i] = trace.arrivalSeconds(i, p.requestsPerSecond());
            }
            assigned = n;
        } else {
            Arrays.fill(arrival, Double.NaN);
            assigned = Math.min(clients, n);
            Arrays.fill(arrival, 0, assigned, 0.0);
        }

        int firstMeasured;
        if (whole || burst) {
            firstMeasured = 0;
        } else if (clients < n) {
            firstMeasured = Math.min(Math.max((int) Math.floor(n * WARM_UP_FRACTION), clients), n - 1);
        } else {
            firstMeasured = (int) Math.floor(n * WARM_UP_FRACTION);
        }
        // not yet known in a closed loop: set when that request is sent
        double windowStart = firstMeasured < assigned ? arrival[firstMeasured] : Double.POSITIVE_INFINITY;
        double windowEnd = whole || burst ? Double.POSITIVE_INFINITY
                : n - 1 < assigned ? arrival[n - 1] : Double.POSITIVE_INFINITY;

        double[] firstToken = new double[n];
        double[] lastToken = new double[n];
        double[] end = new double[n];
        Arrays.fill(firstToken, Double.NaN);
        Histogram itl = new Histogram(3);
        double t = arrival[0];
        int next = 0;
        int done = 0;
        long iterations = 0;
        long windowOutput = 0;
        long windowInput = 0;
        int windowFinished = 0;
        double queueArea = 0;
        double batchArea = 0;
        double kvArea = 0;
        while (done < n) {
            while (next < assigned && arrival[next] <= t) {
                engine.submit(next, trace.inputTokens(next), trace.outputTokens(next), trace.cachedPrefixTokens(next));
                next++;
            }
            if (!engine.hasWork()) {
                t = arrival[next];
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
                } else if (i >= firstMeasured) {
                    itl.recordValue(micros(t - lastToken[i]));
                }
                lastToken[i] = t;
            }
            for (long id : it.finished()) {
                end[(int) id] = t;
                done++;
                if (inWindow) {
                    windowFinished++;
                }
                if (assigned < n) {
                    // closed loop: this client sends its next request now
                    arrival[assigned] = t;
                    if (assigned == firstMeasured) {
                        windowStart = t;
                    }
                    if (assigned == n - 1 && !whole) {
                        windowEnd = t;
                    }
                    assigned++;
                }
            }
            if (burst && !whole && Double.isInfinite(windowEnd) && engine.waitingCount() == 0 && 2 * done >= n) {
                windowEnd = t;
            }
        }
        if (whole) {
            windowEnd = t;
        }
        double windowLength = windowEnd - windowStart;

        Histogram ntpot = new Histogram(3);
        Histogram ttft = new Histogram(3);
        Histogram tpot = new Histogram(3);
        Histogram e2e = new Histogram(3);
        for (int i = firstMeasured; i < n; i++) {
            int out = trace.outputTokens(i);
            double client = engine.clientSeconds(trace.inputTokens(i));
            double latency = end[i] - arrival[i] + client;
            ntpot.recordValue(micros(latency / out));
            ttft.recordValue(micros(firstToken[i] - arrival[i] + client));
            e2e.recordValue(micros(latency));
            if (out > 1) {
                tpot.recordValue(micros((end[i] - firstToken[i]) / (out - 1)));
            }
        }
        double outputRate = windowOutput / windowLength;
        double requestRate;
        if (arrivals instanceof Arrivals.Poisson p) {
            requestRate = p.requestsPerSecond();
        } else if (whole) {
            requestRate = n / windowLength;
        } else if (burst) {
            requestRate = outputRate / meanOutput(trace);
        } else {
            requestRate = windowFinished / windowLength;
        }
        PerformancePoint point = new PerformancePoint(
                requestRate,
                outputRate,
                windowInput / windowLength,
                ntpot.getValueAtPercentile(50) / 1e3,
                ttft.getValueAtPercentile(50) / 1e3,
                tpot.getTotalCount() == 0 ? 0 : tpot.getValueAtPercentile(50) / 1e3,
                queueArea / windowLength,
                batchArea / windowLength,
                kvArea / windowLength);
        Latencies latencies = new Latencies(Statistic.of(ttft), Statistic.of(tpot), Statistic.of(itl),
                Statistic.of(ntpot), Statistic.of(e2e));
        return new Result(point, windowLength, iterations, engine.preemptions(), latencies, n - firstMeasured);
    }

    private static double meanOutput(RequestTrace trace) {
        return (double) trace.totalOutputTokens() / trace.size();
    }

    private static long micros(double seconds) {
        return Math.max(0, Math.round(seconds * 1e6));
    }
}
