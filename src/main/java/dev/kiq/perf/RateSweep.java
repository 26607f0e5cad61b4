package dev.kiq.perf;

import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.KneeDetector;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A latency profile by simulation: a ShareGPT-shaped workload at a sweep of Poisson request rates, from light load to
 * past saturation, and the knee of the resulting curve.
 *
 * <p>The rates are fractions of the replica's capacity, found first by sending a trace at once (the throughput of a
 * permanently full batch), rounded to three significant digits. Sweeping relative to capacity gives every profile the
 * same shape of curve, so the knee is found comparably across models and accelerators. Each rate is measured as GKE
 * Inference Quickstart measures the profiles it publishes ({@link #run(ServingSetup, IterationCost, RequestTrace,
 * Workload, long)}): the shipped profiles and the replay of a published knee are one sweep. Should the last rate still
 * show no queue (capacity underestimated), up to {@value #MAX_EXTRA_RATES} rates are added, each double the last.
 */
public final class RateSweep {

    /**
     * Offered load as fractions of capacity of {@code kiq bench run --sweep} and of a user's measured knee's replay
     * ({@link #runSteadyState}): dense around saturation, two points past it.
     */
    public static final double[] LOAD_FRACTIONS = {
            0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0, 1.05, 1.1, 1.25, 1.5, 2.0, 3.0};

    /** Requests of the capacity probe (and of each rate of a steady-state sweep), or more: {@code PerformanceModel#requestsPerRate}. */
    public static final int DEFAULT_REQUESTS_PER_RATE = 2000;

    /** Rates added (each double the last) when the last planned rate still has no queue. */
    static final int MAX_EXTRA_RATES = 3;

    /** Seconds of Poisson arrivals GKE's client sends at each rate ({@code BENCHMARK_TIME_SECONDS}, docs §6). */
    public static final double PUBLISHED_RUN_SECONDS = 300;

    /**
     * The most requests one rate sends: {@code rate × 300 s} is capped here, so a fast replica's run is shorter than
     * 300 s (above 20000 / 300 = 66.7 requests/s; at 1.2x capacity, the last of the fine steps, from a capacity of 55.6).
     * Of the 89 shipped profiles the fastest serve about 80 requests/s. The cap bounds the cost of a sweep (the
     * simulation's work grows with its requests) and only touches rates past the knee of a slower replica; see docs §6.
     */
    public static final int PUBLISHED_MAX_REQUESTS = 20_000;

    /**
     * The rates of a sweep, as fractions of capacity: {@link #LOAD_FRACTIONS} up to 0.9, every 2% from 0.92 to 1.2, then
     * 1.25, 1.5, 2 and 3. Measured over the whole run, the NTPOT of a rate near capacity rises by about 45% per 5% of
     * rate (a 300-s queue builds), so 5% steps there cannot resolve a knee's NTPOT to 10%.
     */
    public static final double[] PUBLISHED_LOAD_FRACTIONS = publishedFractions();

    private RateSweep() {
    }

    private static double[] publishedFractions() {
        List<Double> f = new ArrayList<>();
        for (double x : LOAD_FRACTIONS) {
            if (x < 0.9 + 1e-9) {
                f.add(x);
            }
        }
        for (int i = 1; i <= 15; i++) {
            f.add(Math.round((0.9 + 0.02 * i) * 100) / 100.0);
        }
        f.addAll(List.of(1.25, 1.5, 2.0, 3.0));
        return f.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * @param points      one per rate, in increasing rate
     * @param knee        the knee of NTPOT vs output throughput (see {@link KneeDetector})
     * @param capacityQps requests per second with the batch always full
     */
    public record Result(List<PerformancePoint> points, Optional<PerformancePoint> knee, double capacityQps,
                         MemoryPlan memory, long preemptions) {
    }

    /** The sweep of {@code workload} from {@code seed}, its capacity probed with {@code requestsPerRate} requests. */
    public static Result run(ServingSetup setup, Workload workload, int requestsPerRate, long seed) {
        return run(setup, setup.iterationCost(), RequestTrace.generate(workload, requestsPerRate, seed), workload, seed);
    }

    /**
     * The sweep as GKE Inference Quickstart measures the profiles it publishes (AI-Hypercomputer/inference-benchmark,
     * docs §6), with a given iteration cost (the calibration tries other factors): at each Poisson rate
     * {@code rate × }{@value #PUBLISHED_RUN_SECONDS} requests of {@code workload} from {@code seed} (at most
     * {@value #PUBLISHED_MAX_REQUESTS}), measured over the whole run (first send to last token, the drain included),
     * NTPOT the median of each request's end-to-end latency over its output tokens (its wait in the queue included), at
     * {@link #PUBLISHED_LOAD_FRACTIONS} of the capacity {@code probe} gives. Each point's request rate is the offered
     * one (the profile's x axis), its knee {@link KneeDetector}'s.
     */
    public static Result run(ServingSetup setup, IterationCost cost, RequestTrace probe, Workload workload, long seed) {
        SchedulerSettings settings = setup.schedulerSettings();
        double capacity = LoadRun.capacityQps(() -> new ContinuousBatchingEngine(settings, cost), probe);
        double[] fractions = PUBLISHED_LOAD_FRACTIONS;
        LoadRun.Result[] runs = new LoadRun.Result[fractions.length];
        double[] rates = new double[fractions.length];
        for (int i = 0; i < fractions.length; i++) {
            rates[i] = round3(capacity * fractions[i]);
        }
        // the rates are independent runs of their own engines: run them in parallel; rates capped at the same request
        // count (every rate past the cap's) replay one read-only trace, drawn once
        java.util.Map<Integer, RequestTrace> traces = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.stream.IntStream.range(0, fractions.length).parallel().forEach(i -> runs[i] = publishedRun(settings,
                cost, traces.computeIfAbsent(requestsAt(rates[i]), count -> RequestTrace.generate(workload, count, seed)),
                rates[i]));
        List<PerformancePoint> points = new ArrayList<>();
        long preemptions = 0;
        for (int i = 0; i < runs.length; i++) {
            points.add(atOfferedRate(runs[i].point(), rates[i]));
            preemptions += runs[i].preemptions();
        }
        double qps = rates[rates.length - 1];
        // the probe can underestimate capacity (e.g. fewer requests than the batch holds), and over whole runs a slow
        // replica's throughput keeps rising past 3x capacity (its drain, long outputs at a slow step, is a large share of
        // a 300-s run, a smaller one as overload lengthens the run): make sure the sweep ends past saturation, where
        // requests queue, and on its plateau
        for (int extra = 0; extra < MAX_EXTRA_RATES && (points.get(points.size() - 1).queueSize() < 1
                || KneeDetector.knee(points).isEmpty()); extra++) {
            qps = round3(qps * 2);
            LoadRun.Result r = publishedRun(settings, cost, RequestTrace.generate(workload, requestsAt(qps), seed), qps);
            points.add(atOfferedRate(r.point(), qps));
            preemptions += r.preemptions();
        }
        return new Result(points, KneeDetector.knee(points), capacity, setup.memoryPlan(), preemptions);
    }

    /** The window each rate of the sweep is measured over (a measurement that follows the sweep reads it here). */
    public static final LoadRun.Window WINDOW = LoadRun.Window.WHOLE_RUN;

    /**
     * Requests the sweep sends at {@code rate}: {@code rate × 300 s}, at least 1, at most {@value #PUBLISHED_MAX_REQUESTS},
     * drawn as {@code RequestTrace.generate(workload, requestsAt(rate), seed)} (a trace of n requests is not the first n
     * of a longer one: the lengths are stratified over the count).
     */
    public static int requestsAt(double rate) {
        return (int) Math.max(1, Math.min(PUBLISHED_MAX_REQUESTS, Math.round(rate * PUBLISHED_RUN_SECONDS)));
    }

    /** One rate of the sweep: {@code trace} ({@code requestsAt(rate)} requests) at Poisson {@code rate}, over the whole run. */
    private static LoadRun.Result publishedRun(SchedulerSettings settings, IterationCost cost, RequestTrace trace,
                                               double rate) {
        return LoadRun.point(() -> new ContinuousBatchingEngine(settings, cost), trace, new Arrivals.Poisson(rate), WINDOW);
    }

    private static PerformancePoint atOfferedRate(PerformancePoint p, double rate) {
        return new PerformancePoint(rate, p.outputTokensPerSecond(), p.inputTokensPerSecond(), p.ntpotMilliseconds(),
                p.ttftMilliseconds(), p.itlMilliseconds(), p.queueSize(), p.batchSize(), p.kvCacheUsage());
    }

    /**
     * A steady-state sweep of one trace at {@link #LOAD_FRACTIONS} of its capacity, as {@code kiq bench run --sweep}
     * measures a real server (the first 10% of the requests warm it up; the window ends at the last arrival): the replay
     * of a user's measured knee ({@code kiq calibrate --from}). kiq's own profiles were swept this way until 2026-12-03.
     */
    public static Result runSteadyState(ServingSetup setup, IterationCost cost, RequestTrace trace) {
        MemoryPlan memory = setup.memoryPlan();
        SchedulerSettings settings = setup.schedulerSettings();
        double capacity = LoadRun.capacityQps(() -> new ContinuousBatchingEngine(settings, cost), trace);
        // the rates are independent runs of their own engines over the same read-only trace: run them in parallel
        LoadRun.Result[] runs = new LoadRun.Result[LOAD_FRACTIONS.length];
        java.util.stream.IntStream.range(0, LOAD_FRACTIONS.length).parallel().forEach(i -> runs[i] = LoadRun.point(
                () -> new ContinuousBatchingEngine(settings, cost), trace,
                new Arrivals.Poisson(round3(capacity * LOAD_FRACTIONS[i])), LoadRun.Window.STEADY_STATE));
        List<PerformancePoint> points = new ArrayList<>();
        long preemptions = 0;
        for (LoadRun.Result r : runs) {
            points.add(r.point());
            preemptions += r.preemptions();
        }
        double qps = round3(capacity * LOAD_FRACTIONS[LOAD_FRACTIONS.length - 1]);
        for (int extra = 0; extra < MAX_EXTRA_RATES && points.get(points.size() - 1).queueSize() < 1; extra++) {
            qps = round3(qps * 2);
            LoadRun.Result r = LoadRun.point(() -> new ContinuousBatchingEngine(settings, cost), trace,
                    new Arrivals.Poisson(qps), LoadRun.Window.STEADY_STATE);
            points.add(r.point());
            preemptions += r.preemptions();
        }
        return new Result(points, KneeDetector.knee(points), capacity, memory, preemptions);
    }

    /**
     * The same trace at each of the given arrivals (Poisson rates, concurrencies, a burst), in the order
     * given, measured in steady state, with the knee of those points and the capacity probe's rate.
     */
    public static Result runAt(ServingSetup setup, Workload workload, int requestsPerRate, long seed,
                               List<Arrivals> arrivals) {
        if (arrivals.isEmpty()) {
            throw new IllegalArgumentException("no arrivals to run");
        }
        RequestTrace trace = RequestTrace.generate(workload, requestsPerRate, seed);
        SchedulerSettings settings = setup.schedulerSettings();
        IterationCost cost = setup.iterationCost();
        double capacity = LoadRun.capacityQps(() -> new ContinuousBatchingEngine(settings, cost), trace);
        List<PerformancePoint> points = new ArrayList<>();
        long preemptions = 0;
        for (Arrivals a : arrivals) {
            LoadRun.Result r = LoadRun.point(() -> new ContinuousBatchingEngine(settings, cost), trace, a,
                    LoadRun.Window.STEADY_STATE);
            points.add(r.point());
            preemptions += r.preemptions();
        }
        List<PerformancePoint> byRate = points.stream()
                .sorted(Comparator.comparingDouble(PerformancePoint::queriesPerSecond)).toList();
        return new Result(points, KneeDetector.knee(byRate), capacity, setup.memoryPlan(), preemptions);
    }

    static double round3(double v) {
        return new BigDecimal(v).round(new MathContext(3)).doubleValue();
    }
}
