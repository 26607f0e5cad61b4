package dev.kiq.perf;

import dev.kiq.profile.PerformancePoint;
import java.util.Arrays;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * The offline driver of {@link ContinuousBatchingEngine}: one benchmark run of a request trace with
 * given {@link Arrivals}, simulated as a discrete-event loop. The clock jumps from iteration end to
 * iteration end (or to the next request the engine can take when it is idle). A request goes through the
 * engine's {@link ApiServer} first ({@link ApiServerQueue}): the engine sees it when the API server has
 * taken it in, and requests that reached the engine during an iteration join the next one; the client gets
 * an iteration's tokens when the API server has streamed them, plus the API server's latency. In a closed
 * loop ({@link Arrivals.Concurrency}) a client sends its next request when it has its previous one's last token;
 * under a concurrency limit ({@link Arrivals.CappedPoisson}) a request is sent when it is due or, if the limit is
 * reached, when the client has a running request's last token, whichever is later.
 *
 * <p>Two measurement windows:
 * <ul>
 *   <li>{@link Window#STEADY_STATE} (kiq's profiles). The first {@value #WARM_UP_FRACTION} of the
 *       requests (in a closed loop at least the first wave of {@code clients}) warm the server up and
 *       are not measured; the window runs from the arrival of the first measured request to the
 *       arrival of the last request, so that neither the start-up nor the drain after the last arrival
 *       (a single 1024-token request can outlive the others by a minute) distorts the rates. A burst's
 *       window is from 0 to the moment the queues (the API server's and the engine's) have emptied and half of the requests have finished:
 *       the throughput of a permanently full batch, i.e. the replica's capacity (when fewer requests
 *       than the batch holds are sent, the throughput of all of them running at once).</li>
 *   <li>{@link Window#WHOLE_RUN} (what vLLM's {@code benchmark_serving.py} and GKE's
 *       inference-benchmark report): every request is measured and the window runs from the first
 *       arrival to the moment the client has the last token of the last request (the API server's latency after
 *       the server streamed it), drain included.</li>
 * </ul>
 * In the window:
 * <ul>
 *   <li>output tokens/s = tokens emitted in the window / window length; input tokens/s = prompt
 *       tokens of the requests whose first token came in the window / window length;</li>
 *   <li>per measured request: NTPOT = e2e / output tokens, TTFT = first token - arrival,
 *       TPOT = (e2e - TTFT) / (output - 1) (requests with more than one output token; the profile's
 *       {@code itlMilliseconds}); per output token after a request's first: ITL = the gap since that
 *       request's previous token. Statistics by HdrHistogram (microsecond resolution, 3 significant
 *       digits); the profile point holds the medians. Token times are when the client has the token, so TTFT,
 *       TPOT, ITL and e2e are what a client-side benchmark sees: they include the API server's work and
 *       queue and its latency;</li>
 *   <li>queue size, batch size and KV usage: time-weighted means over the window (idle time counts
 *       as 0), i.e. what a uniform scrape of the server's gauges averages to;</li>
 *   <li>request rate: all requests / window for a whole run (vLLM's request throughput, whatever the arrivals: a
 *       Poisson run's drain makes it lower than the offered rate); otherwise a Poisson run's offered rate, requests
 *       finished in the window / window for a steady-state closed loop (Little's law: its throughput), and output
 *       tokens/s / mean output length for a burst's capacity window.</li>
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
     * @param latencies        null when only the point was measured ({@link #point})
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
        return run(engines, trace, arrivals, window, Measure.LATENCIES, false);
    }

    /**
     * As {@link #run(Supplier, RequestTrace, Arrivals, Window)}, measured by a client that reads vLLM's chat-completions
     * stream when {@code chatStream}: vLLM sends a role-only chunk ({@code delta: {role: assistant, content: ""}}) in
     * the same iteration of its stream generator as the first token's chunk ({@code chat_completion_stream_generator},
     * vllm/entrypoints/openai/serving_chat.py: the role chunk is yielded under {@code if first_iteration} inside
     * {@code async for res in result_generator}), and {@code vllm bench serve --backend openai-chat} times every chunk
     * that carries a choice ({@code async_request_openai_chat_completions}, vllm/benchmarks/lib/endpoint_request_func.py):
     * TTFT at the role chunk (the first token's time), then one inter-token latency of about zero before the first
     * token's own chunk. So a request of N output tokens records N inter-token latencies, one of them 0, where a
     * completions stream records N - 1; TPOT, which divides by N - 1, does not change.
     */
    public static Result run(Supplier<ContinuousBatchingEngine> engines, RequestTrace trace, Arrivals arrivals,
                             Window window, boolean chatStream) {
        return run(engines, trace, arrivals, window, Measure.LATENCIES, chatStream);
    }

    /**
     * The point alone, without {@link Result#latencies()} (null): the same point as {@link #run(Supplier,
     * RequestTrace, Arrivals, Window)} at less cost (no per-token inter-token latencies, no percentiles beyond the
     * point's medians), for the rate sweeps, which keep only the points.
     */
    static Result point(Supplier<ContinuousBatchingEngine> engines, RequestTrace trace, Arrivals arrivals, Window window) {
        return run(engines, trace, arrivals, window, Measure.POINT, false);
    }

    /**
     * The request rate of the steady-state burst's capacity window ({@link #run(Supplier, RequestTrace, double)} at an
     * infinite rate: the same value), simulated only until that window has closed.
     */
    static double capacityQps(Supplier<ContinuousBatchingEngine> engines, RequestTrace trace) {
        return run(engines, trace, new Arrivals.Burst(), Window.STEADY_STATE, Measure.CAPACITY, false)
                .point().queriesPerSecond();
    }

    /** How much of a run is measured. */
    private enum Measure {
        /** The point and every latency statistic. */
        LATENCIES,
        /** The point alone. */
        POINT,
        /** A burst's capacity rate alone: the run stops when the capacity window closes. */
        CAPACITY
    }

    private static Result run(Supplier<ContinuousBatchingEngine> engines, RequestTrace trace, Arrivals arrivals,
                              Window window, Measure measure, boolean chatStream) {
        int n = trace.size();
        if (n == 0) {
            throw new IllegalArgumentException("a load run needs at least one request");
        }
        if (arrivals instanceof Arrivals.Concurrency c && c.clients() >= n) {
            arrivals = new Arrivals.Burst(); // every request in flight from the start
        }
        if (arrivals instanceof Arrivals.CappedPoisson cp && cp.maxInFlight() >= n) {
            arrivals = new Arrivals.Poisson(cp.requestsPerSecond()); // the limit never binds
        }
        ContinuousBatchingEngine engine = engines.get().withoutAborts(); // its ids are the trace's indices
        if (measure != Measure.LATENCIES) {
            engine.withoutTokenIds(); // a point reads each iteration's count of tokens, not whose they are
        }
        boolean burst = arrivals instanceof Arrivals.Burst;
        boolean whole = window == Window.WHOLE_RUN;
        int clients = arrivals instanceof Arrivals.Concurrency c ? c.clients()
                : arrivals instanceof Arrivals.CappedPoisson cp ? cp.maxInFlight() : n;

        double[] arrival = new double[n];
        // a capped Poisson run: when each request is due; it is sent then or when a slot frees, whichever is later
        double[] due = null;
        int assigned;
        if (arrivals instanceof Arrivals.Poisson p) {
            for (int i = 0; i < n; i++) {
                arrival[i] = trace.arrivalSeconds(i, p.requestsPerSecond());
            }
            assigned = n;
        } else if (arrivals instanceof Arrivals.CappedPoisson cp) {
            due = new double[n];
            for (int i = 0; i < n; i++) {
                due[i] = trace.arrivalSeconds(i, cp.requestsPerSecond());
            }
            Arrays.fill(arrival, Double.NaN);
            assigned = clients; // fewer than n (a limit of n or more ran as plain Poisson)
            System.arraycopy(due, 0, arrival, 0, assigned);
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
        double[] lastToken = measure == Measure.LATENCIES ? new double[n] : null;
        double[] end = new double[n];
        Arrays.fill(firstToken, Double.NaN);
        // the API server in front of the engine: requests reach the engine when it has taken them in (ready),
        // tokens reach the client when it has streamed them, plus its latency (ApiServerQueue)
        ApiServerQueue api = new ApiServerQueue(engine.apiServer());
        double latency = engine.apiServer().latencySeconds();
        double[] ready = new double[n];
        int started = 0;
        int submitted = 0;
        boolean latencies = measure == Measure.LATENCIES;
        Histogram itl = latencies ? new Histogram(3) : null;
        double t = arrival[0];
        double lastDelivery = t;
        int done = 0;
        long iterations = 0;
        long windowOutput = 0;
        long windowInput = 0;
        int windowFinished = 0;
        double queueArea = 0;
        double batchArea = 0;
        double kvArea = 0;
        // with the scheduler one step ahead (V1's async scheduling) the next iteration was scheduled when the last one
        // began: it takes only the requests that had reached the engine by then (an idle engine takes them at once)
        boolean ahead = engine.schedulesAhead();
        double scheduledAt = t;
        while (done < n) {
            started = startInputs(api, trace, arrival, ready, started, assigned, t);
            double visible = ahead && engine.hasWork() ? scheduledAt : t;
            while (submitted < started && ready[submitted] <= visible) {
                engine.submit(submitted, trace.inputTokens(submitted), trace.outputTokens(submitted),
                        trace.cachedPrefixTokens(submitted), trace.prefixGroup(submitted));
                submitted++;
            }
            if (!engine.hasWork()) {
                if (submitted == started) {
                    if (started >= assigned) {
                        throw new IllegalStateException("no request in flight with " + (n - done) + " unfinished");
                    }
                    // nothing streams while the engine is idle: the next request is taken in as soon as it arrives
                    ready[started] = api.startInput(arrival[started], trace.inputTokens(started));
                    started++;
                }
                t = Math.max(t, ready[submitted]);
                continue;
            }
            engine.advance(); // the iteration's results are read from the engine in place
            iterations++;
            double begin = t;
            scheduledAt = begin;
            t += engine.lastSeconds();
            double overlap = Math.min(t, windowEnd) - Math.max(begin, windowStart);
            if (overlap > 0) {
                queueArea += engine.lastWaiting() * overlap;
                batchArea += engine.lastRunning() * overlap;
                kvArea += engine.lastUsage() * overlap;
            }
            // requests the API server takes in before this iteration's tokens reach it
            started = startInputs(api, trace, arrival, ready, started, assigned, t);
            int tokenCount = engine.tokenCount();
            double delivered = tokenCount == 0 ? t : api.output(t, tokenCount);
            if (started > submitted) {
                ready[started - 1] = api.inputEnd(); // streaming may have held up the request being taken in
            }
            lastDelivery = Math.max(lastDelivery, delivered);
            boolean inWindow = delivered > windowStart && delivered <= windowEnd;
            if (inWindow) {
                windowOutput += tokenCount;
            }
            if (latencies) {
                for (int k = 0; k < tokenCount; k++) {
                    int i = (int) engine.tokenId(k);
                    if (Double.isNaN(firstToken[i])) {
                        firstToken[i] = delivered;
                        if (inWindow) {
                            windowInput += trace.inputTokens(i);
                        }
                        if (chatStream && i >= firstMeasured) {
                            itl.recordValue(0); // the role chunk, then the first token's chunk
                        }
                    } else if (i >= firstMeasured) {
                        itl.recordValue(micros(delivered - lastToken[i]));
                    }
                    lastToken[i] = delivered;
                }
            } else {
                // the point needs each request's first token only (the engine lists them apart)
                for (int k = 0, first = engine.firstTokenCount(); k < first; k++) {
                    int i = (int) engine.firstTokenId(k);
                    firstToken[i] = delivered;
                    if (inWindow) {
                        windowInput += trace.inputTokens(i);
                    }
                }
            }
            for (int k = 0, finished = engine.finishedCount(); k < finished; k++) {
                long id = engine.finishedId(k);
                end[(int) id] = delivered;
                done++;
                if (inWindow) {
                    windowFinished++;
                }
                if (assigned < n) {
                    // closed loop: this client sends its next request when it has the last token; under a
                    // concurrency limit the freed slot goes to the next request, sent when it is due
                    double send = delivered + latency;
                    if (due != null) {
                        send = Math.max(send, due[assigned]);
                    }
                    arrival[assigned] = send;
                    if (assigned == firstMeasured) {
                        windowStart = send;
                    }
                    if (assigned == n - 1 && !whole) {
                        windowEnd = send;
                    }
                    assigned++;
                }
            }
            if (burst && !whole && Double.isInfinite(windowEnd) && engine.waitingCount() == 0 && submitted == n
                    && 2 * done >= n) {
                windowEnd = delivered;
                if (measure == Measure.CAPACITY) {
                    break; // every later token is delivered after the window: the capacity rate is known
                }
            }
        }
        if (whole) {
            // vLLM's benchmark client stops its clock when it has processed the last response (benchmark_duration in
            // vllm/benchmarks/serve.py, after gathering every request): the client has the last token one latency after
            // the server streamed it, as every request's e2e latency says
            windowEnd = lastDelivery + latency;
        }
        double windowLength = windowEnd - windowStart;
        if (measure == Measure.CAPACITY && burst && !whole) {
            double outputRate = windowOutput / windowLength;
            return new Result(new PerformancePoint(outputRate / meanOutput(trace), outputRate, windowInput / windowLength,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN),
                    windowLength, iterations, engine.preemptions(), null, n - firstMeasured);
        }

        Histogram ntpot = new Histogram(3);
        Histogram ttft = new Histogram(3);
        Histogram tpot = new Histogram(3);
        Histogram e2e = latencies ? new Histogram(3) : null;
        for (int i = firstMeasured; i < n; i++) {
            int out = trace.outputTokens(i);
            double e2eSeconds = end[i] - arrival[i] + latency;
            ntpot.recordValue(micros(e2eSeconds / out));
            ttft.recordValue(micros(firstToken[i] - arrival[i] + latency));
            if (latencies) {
                e2e.recordValue(micros(e2eSeconds));
            }
            if (out > 1) {
                tpot.recordValue(micros((end[i] - firstToken[i]) / (out - 1)));
            }
        }
        double outputRate = windowOutput / windowLength;
        double requestRate;
        if (whole) {
            requestRate = n / windowLength; // what vLLM's benchmark prints: completed requests / duration
        } else if (arrivals instanceof Arrivals.Poisson p) {
            requestRate = p.requestsPerSecond();
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
        Latencies stats = latencies ? new Latencies(Statistic.of(ttft), Statistic.of(tpot), Statistic.of(itl),
                Statistic.of(ntpot), Statistic.of(e2e)) : null;
        return new Result(point, windowLength, iterations, engine.preemptions(), stats, n - firstMeasured);
    }

    /**
     * Starts taking in, in arrival order, every request that has arrived and that the API server can start
     * by {@code now}; returns the new count of requests started.
     */
    private static int startInputs(ApiServerQueue api, RequestTrace trace, double[] arrival, double[] ready,
                                   int started, int assigned, double now) {
        while (started < assigned && arrival[started] <= now) {
            double done = api.tryStartInput(arrival[started], trace.inputTokens(started), now);
            if (Double.isNaN(done)) {
                break;
            }
            ready[started++] = done;
        }
        return started;
    }

    private static double meanOutput(RequestTrace trace) {
        return (double) trace.totalOutputTokens() / trace.size();
    }

    private static long micros(double seconds) {
        return Math.max(0, Math.round(seconds * 1e6));
    }
}
