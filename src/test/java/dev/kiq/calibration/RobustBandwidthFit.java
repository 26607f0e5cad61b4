package dev.kiq.calibration;

import dev.kiq.perf.EfficiencyFactors;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;

/**
 * A candidate fit examined on 2026-12-02 and NOT adopted (docs/performance-model.md §7, "Genuine fits screened against the priors"): one
 * generation's bandwidth fraction f_bw alone, every other factor at its prior, by a robust loss with each source
 * weighing 1 (the score of a prediction is a median over figures, and the corpus's sources disagree):
 *
 * <pre>
 * minimise  Σ_figures v · |ln model − ln published| / σ  +  ½ ((ln f_bw − ln f_bw,prior) / σ_f)²  +  ½ · 10⁴ · Σ_knee figures excess²
 * v = FactorFit.weights / (number of metric groups of the figure's source)
 * </pre>
 *
 * by Brent's method over ln f_bw in [ln f_bw,prior − 3σ_f, min(ln f_bw,prior + 3σ_f, 0)]; of every f_bw replayed, the
 * lowest-cost one that holds every knee within ±{@link FactorFit#KNEE_MARGIN} is returned. σ = ∞ returns the prior.
 * Kept for the developer's tools that measured it ({@link CandidateLosoReport}).
 */
final class RobustBandwidthFit {

    private RobustBandwidthFit() {
    }

    static EfficiencyFactors fit(List<CalibrationCase> cases, EfficiencyFactors prior, double sigma) {
        if (Double.isInfinite(sigma)) {
            return prior;
        }
        double[] priorLog = FactorFit.logs(prior);
        double[] v = sourceWeights(cases);
        int[] knees = FactorFit.kneeFigures(cases);
        int[] index = {0};
        double p0 = priorLog[0];
        double[] best = {Double.NaN, Double.POSITIVE_INFINITY};
        java.util.function.DoubleUnaryOperator cost = x -> {
            double[] e = FactorFit.logErrors(cases, FactorFit.factorsAt(priorLog, index, new double[] {x}));
            double c = cost(e, v, knees, x - p0, sigma);
            boolean held = true;
            for (int k : knees) {
                held &= FactorFit.kneeExcess(e[k]) == 0;
            }
            if (held && c < best[1]) {
                best[0] = x;
                best[1] = c;
            }
            return c;
        };
        cost.applyAsDouble(p0);
        double width = FactorFit.SIGMA_PRIOR[0];
        double x = new BrentOptimizer(1e-3, 1e-3).optimize(new MaxEval(60),
                new UnivariateObjectiveFunction(cost::applyAsDouble), GoalType.MINIMIZE,
                new SearchInterval(p0 - 3 * width, Math.min(p0 + 3 * width, 0), p0)).getPoint();
        double chosen = Double.isNaN(best[0]) ? x : best[0];
        return chosen == p0 ? prior : FactorFit.factorsAt(priorLog, index, new double[] {chosen});
    }

    /** Σ v·|e|/σ + ½ (move/σ_f)² + ½·10⁴·Σ excess², move = ln f_bw − ln f_bw,prior. */
    static double cost(double[] logErrors, double[] v, int[] knees, double move, double sigma) {
        double c = 0;
        for (int i = 0; i < logErrors.length; i++) {
            c += v[i] * Math.abs(logErrors[i]) / sigma;
        }
        for (int k : knees) {
            double ex = FactorFit.kneeExcess(logErrors[k]);
            c += 0.5 * FactorFit.KNEE_PENALTY * ex * ex;
        }
        double z = move / FactorFit.SIGMA_PRIOR[0];
        return c + 0.5 * z * z;
    }

    /** {@link FactorFit#weights} divided by the number of metric groups of the figure's source: every source weighs 1. */
    static double[] sourceWeights(List<CalibrationCase> cases) {
        Map<String, Set<CalibrationCase.MetricGroup>> groups = new HashMap<>();
        for (CalibrationCase c : cases) {
            for (CalibrationCase.Target t : c.targets()) {
                groups.computeIfAbsent(c.source(), k -> new HashSet<>()).add(t.group());
            }
        }
        double[] w = FactorFit.weights(cases);
        int i = 0;
        for (CalibrationCase c : cases) {
            for (int j = 0; j < c.targets().size(); j++, i++) {
                w[i] /= groups.get(c.source()).size();
            }
        }
        return w;
    }
}
