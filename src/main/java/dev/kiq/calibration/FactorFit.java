package dev.kiq.calibration;

import dev.kiq.calibration.CalibrationCase.Target;
import dev.kiq.perf.EfficiencyFactors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.util.Pair;

/**
 * Fits one accelerator generation's efficiency factors to measured runs: weighted least squares on
 * the log error, by Levenberg–Marquardt over the logarithms of the factors (so they stay positive
 * and a step is a relative change), with a weak prior on each factor.
 *
 * <pre>
 * minimise  Σ_figures w · ((ln model − ln measured) / σ)²  +  Σ_factors ((ln f − ln f_prior) / σ_prior)²
 * w = reading weight (printed 1, read off a figure 0.5) · tail weight (p90/p99 0.5)
 *     · (mean figures per source / this source's figures)         every source weighs the same
 * σ = {@value #SIGMA_LOG_ERROR} (the scatter expected of one published figure), σ_prior = {@value #SIGMA_PRIOR}
 * </pre>
 *
 * Only the factors the data can move are fitted: the link factors (all-reduce latency, link
 * efficiency) when a run uses tensor parallelism, the V0 and V1 overheads (fixed and per sequence) when
 * a run uses that engine; the others keep their prior. The Jacobian is taken by forward differences of
 * {@value #STEP} in log space; every trace is replayed with the same seed (common random numbers),
 * so the objective is a deterministic function of the factors. The same procedure serves the shipped
 * fit over the corpus and {@code kiq calibrate --from} over a user's measurements.
 */
public final class FactorFit {

    static final double SIGMA_LOG_ERROR = 0.15;
    static final double SIGMA_PRIOR = 1.0;
    /**
     * Forward-difference step in log space. 0.02: with 0.05 the Jacobian of a curved, nearly degenerate valley
     * (fixed vs per-sequence overhead vs bandwidth) was so coarse that LM stopped far from the minimum
     * (ClosingTheLoopCalibrationTest: median error 1.7% where the true factors give 0, knee NTPOT +5.8%).
     */
    static final double STEP = 0.02;
    static final int MAX_ITERATIONS = 10;
    /** Fractions of a data-sheet figure cannot exceed 1. */
    private static final boolean[] FRACTION = {true, true, false, false, false, false, false, true};

    private FactorFit() {
    }

    /**
     * @param factors     the fitted factors
     * @param fitted      names of the factors the data moved (the rest kept their prior)
     * @param evaluations replays of the whole set of cases
     * @param rmsLogError root mean square of the unweighted log errors at the optimum
     */
    public record Result(EfficiencyFactors factors, List<String> fitted, int evaluations, double rmsLogError) {
    }

    /**
     * Fits {@code cases} (all of one generation) starting from, and regularised towards, {@code prior}.
     *
     * @param basis the basis line the fitted factors carry
     */
    public static Result fit(List<CalibrationCase> cases, EfficiencyFactors prior, String basis) {
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("nothing to fit");
        }
        double[] priorLog = logs(prior);
        boolean[] active = activeFactors(cases);
        int[] index = IntStream.range(0, active.length).filter(i -> active[i]).toArray();
        double[] weights = weights(cases);
        int figures = weights.length;
        int[] evaluations = {0};
        double[][] best = {null};
        double[] bestCost = {Double.POSITIVE_INFINITY};

        MultivariateJacobianFunction model = point -> {
            double[] theta = point.toArray();
            double[] base = residuals(cases, weights, factorsAt(priorLog, index, theta), theta, priorLog, index);
            double cost = 0;
            for (double r : base) {
                cost += r * r;
            }
            if (cost < bestCost[0]) {
                bestCost[0] = cost;
                best[0] = theta.clone();
            }
            double[][] jac = new double[base.length][theta.length];
            for (int k = 0; k < theta.length; k++) {
                double[] moved = theta.clone();
                moved[k] += STEP;
                double[] r = residuals(cases, weights, factorsAt(priorLog, index, moved), moved, priorLog, index);
                for (int i = 0; i < r.length; i++) {
                    jac[i][k] = (r[i] - base[i]) / STEP;
                }
            }
            evaluations[0] += theta.length + 1;
            return new Pair<>(new ArrayRealVector(base, false), new Array2DRowRealMatrix(jac, false));
        };
        double[] start = new double[index.length];
        for (int k = 0; k < index.length; k++) {
            start[k] = priorLog[index[k]];
        }
        double[] theta = start;
        if (index.length > 0) {
            try {
                LeastSquaresOptimizer.Optimum optimum = new LevenbergMarquardtOptimizer()
                        .optimize(new LeastSquaresBuilder()
                                .model(model)
                                .target(new double[figures + index.length])
                                .start(start)
                                .maxEvaluations(Integer.MAX_VALUE)
                                .maxIterations(MAX_ITERATIONS + 10)
                                // stop when an iteration improves the cost by less than 1%, or after MAX_ITERATIONS
                                .checker((iteration, previous, current) -> iteration >= MAX_ITERATIONS
                                        || Math.abs(previous.getCost() - current.getCost()) <= 1e-2 * current.getCost())
                                .lazyEvaluation(false)
                                .build());
                theta = optimum.getPoint().toArray();
            } catch (org.apache.commons.math3.exception.MathIllegalStateException e) {
                theta = best[0] == null ? start : best[0];
            }
        }
        EfficiencyFactors fitted = factorsAt(priorLog, index, theta);
        double[] errors = logErrors(cases, fitted);
        double ss = 0;
        for (double e : errors) {
            ss += e * e;
        }
        List<String> names = new ArrayList<>();
        for (int i : index) {
            names.add(NAMES[i]);
        }
        return new Result(fitted.withBasis(true, basis), names, evaluations[0], Math.sqrt(ss / errors.length));
    }

    static final String[] NAMES = {"bandwidthFraction", "computeFraction", "iterationOverheadMs", "v1IterationOverheadMs",
            "sequenceOverheadUs",
            "v1SequenceOverheadUs", "allReduceLatencyUs", "interconnectFraction"};

    /** Which factors the cases can move (see the class comment). */
    static boolean[] activeFactors(List<CalibrationCase> cases) {
        boolean tp = cases.stream().anyMatch(CalibrationCase::tensorParallel);
        boolean v0 = cases.stream().anyMatch(c -> c.setup().options().engine() == dev.kiq.perf.EngineOptions.Engine.V0);
        boolean v1 = cases.stream().anyMatch(c -> c.setup().options().engine() == dev.kiq.perf.EngineOptions.Engine.V1);
        return new boolean[] {true, true, v0, v1, v0, v1, tp, tp};
    }

    /** Per-figure weights, every source summing to the same total. */
    static double[] weights(List<CalibrationCase> cases) {
        Map<String, Integer> perSource = new HashMap<>();
        int total = 0;
        for (CalibrationCase c : cases) {
            perSource.merge(c.source(), c.targets().size(), Integer::sum);
            total += c.targets().size();
        }
        double meanPerSource = (double) total / perSource.size();
        double[] w = new double[total];
        int i = 0;
        for (CalibrationCase c : cases) {
            double balance = meanPerSource / perSource.get(c.source());
            for (Target t : c.targets()) {
                w[i++] = t.weight() * balance;
            }
        }
        return w;
    }

    /** ln(model / measured) of every figure, in case and target order. */
    public static double[] logErrors(List<CalibrationCase> cases, EfficiencyFactors f) {
        double[][] predicted = new double[cases.size()][];
        IntStream.range(0, cases.size()).parallel().forEach(i -> predicted[i] = cases.get(i).predict(f));
        int n = cases.stream().mapToInt(c -> c.targets().size()).sum();
        double[] out = new double[n];
        int k = 0;
        for (int i = 0; i < cases.size(); i++) {
            List<Target> targets = cases.get(i).targets();
            for (int j = 0; j < targets.size(); j++) {
                double p = predicted[i][j];
                // a run the model cannot complete in the measured way counts as a factor-of-ten miss
                out[k++] = p > 0 && Double.isFinite(p) ? Math.log(p / targets.get(j).observed()) : Math.log(10);
            }
        }
        return out;
    }

    private static double[] residuals(List<CalibrationCase> cases, double[] weights, EfficiencyFactors f,
                                      double[] theta, double[] priorLog, int[] index) {
        double[] e = logErrors(cases, f);
        double[] r = new double[e.length + index.length];
        for (int i = 0; i < e.length; i++) {
            r[i] = Math.sqrt(weights[i]) * e[i] / SIGMA_LOG_ERROR;
        }
        for (int k = 0; k < index.length; k++) {
            r[e.length + k] = (theta[k] - priorLog[index[k]]) / SIGMA_PRIOR;
        }
        return r;
    }

    static double[] logs(EfficiencyFactors f) {
        return new double[] {Math.log(f.bandwidthFraction()), Math.log(f.computeFraction()), Math.log(f.iterationOverheadMs()),
                Math.log(f.v1IterationOverheadMs()),
                Math.log(f.sequenceOverheadUs()), Math.log(f.v1SequenceOverheadUs()), Math.log(f.allReduceLatencyUs()),
                Math.log(f.interconnectFraction())};
    }

    static EfficiencyFactors factorsAt(double[] priorLog, int[] index, double[] theta) {
        double[] v = new double[priorLog.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.exp(priorLog[i]);
        }
        for (int k = 0; k < index.length; k++) {
            double x = Math.exp(theta[k]);
            v[index[k]] = FRACTION[index[k]] ? Math.min(x, 1.0) : x;
        }
        return new EfficiencyFactors(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], true, "fit");
    }
}
