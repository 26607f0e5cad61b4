package dev.kiq.calibration;

import dev.kiq.perf.Arrivals;
import dev.kiq.perf.ContinuousBatchingEngine;
import dev.kiq.perf.EfficiencyFactors;
import dev.kiq.perf.IterationCost;
import dev.kiq.perf.LoadRun;
import dev.kiq.perf.RateSweep;
import dev.kiq.perf.RequestTrace;
import dev.kiq.perf.SchedulerSettings;
import dev.kiq.perf.ServingSetup;
import dev.kiq.perf.Workload;
import dev.kiq.profile.PerformancePoint;
import java.util.List;

/**
 * One measured run made ready for the performance model: the replica, the requests, how they
 * arrived, and the figures to compare with. {@link #predict} replays the run with given efficiency
 * factors and returns the model's value of every target.
 *
 * @param source   the source id (what leave-one-source-out leaves out)
 * @param id       {@code source/point}, for messages
 * @param family   the accelerator generation whose factors the run depends on
 * @param setup    the replica (model, accelerators, scheduler and engine options)
 * @param workload the requests' lengths
 * @param trace    the requests replayed
 * @param arrivals how they arrive; null for a knee (a Poisson rate sweep and its {@link dev.kiq.profile.KneeDetector} knee)
 * @param window   which part of the run the figures describe; for a knee, how its sweep was measured: {@code WHOLE_RUN}
 *                 as GKE measures the knees it publishes and kiq sweeps its profiles ({@link RateSweep#run(ServingSetup,
 *                 IterationCost, RequestTrace, Workload, long)}: {@code rate × 300 s} requests a rate from {@code workload},
 *                 the trace serving as the capacity probe), {@code STEADY_STATE} as {@code kiq bench run} measures a
 *                 user's ({@link RateSweep#runSteadyState} of {@code trace})
 * @param targets  the published figures, at least one
 * @param chatStream the client timed vLLM's chat-completions stream, role chunk included ({@link LoadRun#run(
 *                 java.util.function.Supplier, RequestTrace, Arrivals, LoadRun.Window, boolean)})
 * @param held     the fit holds every figure within ±{@link FactorFit#KNEE_MARGIN} and weighs it {@link
 *                 FactorFit#KNEE_WEIGHT} times ({@link FactorFit}): a published point marked {@code hold: true} (the
 *                 seed's two DeepSeek knees) and a user's measured knee; every other case is an ordinary figure
 */
public record CalibrationCase(
        String source,
        String id,
        EfficiencyFactors.Family family,
        ServingSetup setup,
        Workload workload,
        RequestTrace trace,
        Arrivals arrivals,
        LoadRun.Window window,
        List<Target> targets,
        boolean chatStream,
        boolean held) {

    /** A case whose client read a completions stream (or whose endpoint is not stated), not held. */
    public CalibrationCase(String source, String id, EfficiencyFactors.Family family, ServingSetup setup,
                           Workload workload, RequestTrace trace, Arrivals arrivals, LoadRun.Window window,
                           List<Target> targets) {
        this(source, id, family, setup, workload, trace, arrivals, window, targets, false, false);
    }

    public CalibrationCase {
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException(id + " has no figure the model predicts");
        }
    }

    /** Whether the figures describe the knee of a rate sweep rather than one run. */
    public boolean isKnee() {
        return arrivals == null;
    }

    /** Whether the run uses tensor parallelism, so that the link factors matter. */
    public boolean tensorParallel() {
        return setup.acceleratorCount() > 1;
    }

    /** The model's value of every target (same order), with these factors. */
    public double[] predict(EfficiencyFactors factors) {
        SchedulerSettings settings = setup.schedulerSettings();
        IterationCost cost = setup.iterationCost(factors);
        double[] out = new double[targets.size()];
        if (isKnee()) {
            RateSweep.Result sweep = window == LoadRun.Window.WHOLE_RUN
                    ? RateSweep.run(setup, cost, trace, workload, CaseBuilder.SEED)
                    : RateSweep.runSteadyState(setup, cost, trace);
            PerformancePoint knee = sweep.knee().orElse(sweep.points().get(sweep.points().size() - 1));
            for (int i = 0; i < out.length; i++) {
                out[i] = targets.get(i).of(knee, null);
            }
            return out;
        }
        LoadRun.Result r = LoadRun.run(() -> new ContinuousBatchingEngine(settings, cost), trace, arrivals, window,
                chatStream);
        int steps = setup.options().numSchedulerSteps();
        for (int i = 0; i < out.length; i++) {
            out[i] = targets.get(i).of(r.point(), r.latencies());
            if (targets.get(i).quantity() == Quantity.ITL) {
                // with multi-step scheduling vLLM streams a group's k tokens together: a client sees gaps of k steps
                out[i] *= steps;
            }
        }
        return out;
    }

    /** Groups of metrics the accuracy is reported for. */
    public enum MetricGroup {
        THROUGHPUT("throughput"), NTPOT("NTPOT"), TPOT_ITL("TPOT/ITL"), TTFT("TTFT");

        private final String label;

        MetricGroup(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Key in accuracy.yaml. */
        public String key() {
            return switch (this) {
                case THROUGHPUT -> "throughput";
                case NTPOT -> "ntpot";
                case TPOT_ITL -> "tpot";
                case TTFT -> "ttft";
            };
        }
    }

    /** What a target reads from a run. */
    public enum Quantity {
        REQUESTS_PER_SECOND(MetricGroup.THROUGHPUT), OUTPUT_TOKENS_PER_SECOND(MetricGroup.THROUGHPUT),
        TOTAL_TOKENS_PER_SECOND(MetricGroup.THROUGHPUT),
        TTFT(MetricGroup.TTFT), TPOT(MetricGroup.TPOT_ITL), ITL(MetricGroup.TPOT_ITL),
        NTPOT(MetricGroup.NTPOT), E2E(MetricGroup.NTPOT);

        private final MetricGroup group;

        Quantity(MetricGroup group) {
            this.group = group;
        }

        public MetricGroup group() {
            return group;
        }
    }

    /** Which statistic of a latency. */
    public enum Stat {
        MEAN, MEDIAN, P90, P99
    }

    /**
     * One published figure.
     *
     * @param quantity what it measures
     * @param stat     its statistic (ignored for throughputs)
     * @param observed the published value (ms for latencies)
     * @param weight   its own weight in the fit: reading (printed 1, read off a plot 0.5) times tail (p90/p99 0.5); a
     *                 knee case's figures weigh {@link FactorFit#KNEE_WEIGHT} times that, applied by the fit
     */
    public record Target(Quantity quantity, Stat stat, double observed, double weight) {

        public MetricGroup group() {
            return quantity.group();
        }

        /** The model's value from a run's point and latency statistics (a knee has no statistics: medians). */
        double of(PerformancePoint p, LoadRun.Latencies l) {
            return switch (quantity) {
                case REQUESTS_PER_SECOND -> p.queriesPerSecond();
                case OUTPUT_TOKENS_PER_SECOND -> p.outputTokensPerSecond();
                case TOTAL_TOKENS_PER_SECOND -> p.outputTokensPerSecond() + p.inputTokensPerSecond();
                case TTFT -> l == null ? p.ttftMilliseconds() : pick(l.ttft());
                case TPOT -> l == null ? p.itlMilliseconds() : pick(l.tpot());
                case ITL -> l == null ? p.itlMilliseconds() : pick(l.itl());
                case NTPOT -> l == null ? p.ntpotMilliseconds() : pick(l.ntpot());
                case E2E -> l == null ? Double.NaN : pick(l.e2e());
            };
        }

        private double pick(LoadRun.Statistic s) {
            return switch (stat) {
                case MEAN -> s.mean();
                case MEDIAN -> s.median();
                case P90 -> s.p90();
                case P99 -> s.p99();
            };
        }
    }
}
