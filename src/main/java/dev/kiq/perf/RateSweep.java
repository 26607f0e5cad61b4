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

    static double round3(double v) {
        return new BigDecimal(v).round(new MathContext(3)).doubleValue();
    }
}
