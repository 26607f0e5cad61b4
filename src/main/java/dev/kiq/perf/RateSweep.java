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
 * A latency profile by simulation: the same ShareGPT-shaped trace replayed at a sweep of Poisson
 * request rates, from light load to past saturation, and the knee of the resulting curve.
 *
 * <p>The rates are fractions of the replica's capacity, found first by sending the whole trace at
 * once (the throughput of a permanently full batch): {@link #LOAD_FRACTIONS}, rounded to three
 * significant digits. Sweeping relative to capacity gives every profile the same shape of curve,
 * so the knee is found comparably across models and accelerators. Should the last rate still show no
 * queue (capacity underestimated), up to {@value #MAX_EXTRA_RATES} rates are added, each double the last.
 */
public final class RateSweep {

    /** Offered load as fractions of capacity: dense around saturation, two points past it. */
    public static final double[] LOAD_FRACTIONS = {
            0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0, 1.05, 1.1, 1.25, 1.5, 2.0, 3.0};

    public static final int DEFAULT_REQUESTS_PER_RATE = 2000;

    /** Rates added (each double the last) when the last planned rate still has no queue. */
    static final int MAX_EXTRA_RATES = 3;

    private RateSweep() {
    }

    /**
     * @param points      one per rate, in increasing rate
     * @param knee        the knee of NTPOT vs output throughput (see {@link KneeDetector})
     * @param capacityQps requests per second with the batch always full
     */
    public record Result(List<PerformancePoint> points, Optional<PerformancePoint> knee, double capacityQps,
                         MemoryPlan memory, long preemptions) {
    }

    public static Result run(ServingSetup setup, Workload workload, int requestsPerRate, long seed) {
        return run(setup, setup.iterationCost(), RequestTrace.generate(workload, requestsPerRate, seed));
    }

    /** The sweep of a given trace with a given iteration cost (the calibration tries other factors). */
    public static Result run(ServingSetup setup, IterationCost cost, RequestTrace trace) {
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
        // the probe can underestimate capacity (e.g. fewer requests than the batch holds): make sure the
        // sweep ends past saturation, where requests queue
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

    /** Seconds of Poisson arrivals GKE's client sends at each rate ({@code BENCHMARK_TIME_SECONDS}, §6). */
    public static final double PUBLISHED_RUN_SECONDS = 300;

    /**
     * The rates of a published knee's replay, as fractions of capacity: {@link #LOAD_FRACTIONS} below 0.9, every 2% from
     * 0.92 to 1.2, then 1.25, 1.5, 2 and 3. Measured over the whole run, the NTPOT of a rate near capacity rises by
     * about 45% per 5% of rate (a 300-s queue builds), so kiq's 5% steps there cannot resolve a knee's NTPOT to 10%.
     */
    public static final double[] PUBLISHED_LOAD_FRACTIONS = publishedFractions();

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
     * A sweep measured as GKE Inference Quickstart measures the profiles it publishes (AI-Hypercomputer/inference-benchmark,
     * docs §6): at each Poisson rate {@code rate × }{@value #PUBLISHED_RUN_SECONDS} requests of {@code workload} (from
     * {@code seed}), over the whole run (first send to last token, the drain included), NTPOT the median of each
     * request's end-to-end latency over its output tokens (its wait in the queue included), at
     * {@link #PUBLISHED_LOAD_FRACTIONS} of the capacity {@code probe} gives. Each point's request rate is the offered
     * one (the profile's x axis), its knee {@link KneeDetector}'s.
     */
    public static Result runAsPublished(ServingSetup setup, IterationCost cost, RequestTrace probe, Workload workload,
                                        long seed) {
        SchedulerSettings settings = setup.schedulerSettings();
        double capacity = LoadRun.capacityQps(() -> new ContinuousBatchingEngine(settings, cost), probe);
        double[] fractions = PUBLISHED_LOAD_FRACTIONS;
        LoadRun.Result[] runs = new LoadRun.Result[fractions.length];
        double[] rates = new double[fractions.length];
        for (int i = 0; i < fractions.length; i++) {
            rates[i] = round3(capacity * fractions[i]);
        }
        java.util.stream.IntStream.range(0, fractions.length).parallel().forEach(i -> runs[i] = publishedRun(settings,
                cost, workload, seed, rates[i]));
        List<PerformancePoint> points = new ArrayList<>();
        long preemptions = 0;
        for (int i = 0; i < runs.length; i++) {
            points.add(atOfferedRate(runs[i].point(), rates[i]));
            preemptions += runs[i].preemptions();
        }
        return new Result(points, KneeDetector.knee(points), capacity, setup.memoryPlan(), preemptions);
    }

    private static LoadRun.Result publishedRun(SchedulerSettings settings, IterationCost cost, Workload workload, long seed,
                                               double rate) {
        int requests = Math.max(1, (int) Math.round(rate * PUBLISHED_RUN_SECONDS));
        return LoadRun.point(() -> new ContinuousBatchingEngine(settings, cost), RequestTrace.generate(workload, requests, seed),
                new Arrivals.Poisson(rate), LoadRun.Window.WHOLE_RUN);
    }

    private static PerformancePoint atOfferedRate(PerformancePoint p, double rate) {
        return new PerformancePoint(rate, p.outputTokensPerSecond(), p.inputTokensPerSecond(), p.ntpotMilliseconds(),
                p.ttftMilliseconds(), p.itlMilliseconds(), p.queueSize(), p.batchSize(), p.kvCacheUsage());
    }

    static double round3(double v) {
        return new BigDecimal(v).round(new MathContext(3)).doubleValue();
    }
}
