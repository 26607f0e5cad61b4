package dev.kiq.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kiq.calibration.CalibrationCase.MetricGroup;
import dev.kiq.calibration.CalibrationCase.Quantity;
import dev.kiq.calibration.CalibrationCase.Stat;
import dev.kiq.calibration.CalibrationCase.Target;
import dev.kiq.calibration.CorpusCalibration.CrossValidation;
import dev.kiq.catalog.Catalog;
import dev.kiq.perf.Arrivals;
import dev.kiq.perf.EfficiencyFactors;
import dev.kiq.perf.EfficiencyFactors.Family;
import dev.kiq.perf.EngineOptions;
import dev.kiq.perf.FactorTable;
import dev.kiq.perf.LoadRun;
import dev.kiq.perf.RequestTrace;
import dev.kiq.perf.ServingSetup;
import dev.kiq.perf.Workload;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fit's bookkeeping on small cases worked out by hand (PIT's surviving mutants of {@link FactorFit},
 * {@link CorpusCalibration.CrossValidation} and {@link UserCalibration#calibrate}): which factors a set of runs can
 * move, which figures are knee constraints, the clamping of fractions, the median of the cross-validated errors, and
 * two properties any regularised fit has, on one small run of DeepSeek-R1-Distill-Qwen-7B on an H100 (60 requests):
 * figures the prior predicts exactly leave the prior where it is, and a figure the prior misses pulls the fit towards
 * it but, held by the prior, not all the way.
 */
class FitArithmeticTest {

    private static final Catalog CATALOG = Catalog.bundled();
    private static final Workload SHAREGPT = Workload.shareGpt();
    private static final RequestTrace TRACE = RequestTrace.generate(SHAREGPT, 60, 7);

    private static ServingSetup setup(int gpus, EngineOptions options) {
        return new ServingSetup(CATALOG.model("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B"), CATALOG.accelerator("nvidia-h100-80gb"),
                gpus, 256, 4096, options.engine() == EngineOptions.Engine.V1, 0.9, 4096, 16, options);
    }

    private static CalibrationCase run(String source, ServingSetup setup, Arrivals arrivals, List<Target> targets) {
        return new CalibrationCase(source, source + "/run", Family.HOPPER, setup, SHAREGPT, TRACE, arrivals,
                LoadRun.Window.STEADY_STATE, targets);
    }

    private static List<Target> figures(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> new Target(Quantity.TPOT, Stat.MEDIAN, 10, 1)).toList();
    }

    private static final EngineOptions V0 = EngineOptions.V0_DEFAULTS;
    private static final EngineOptions V1 = new EngineOptions(EngineOptions.Engine.V1, 1, false, false);
    private static final Arrivals RATE = new Arrivals.Poisson(2);

    /*
     * A figure's log error is ln(predicted / observed): 12 against 10 -> ln 1.2 = 0.18232, 5 against 10 -> ln 0.5 =
     * -0.69315. A prediction the model could not make (0 tokens/s, NaN, infinity) counts as a factor-of-ten miss, ln 10 =
     * 2.30259, never as -infinity or NaN, which would make the fit's cost infinite or undefined.
     */
    @Test
    void aFigureTheModelCannotPredictCountsAsAFactorOfTenMiss() {
        assertThat(FactorFit.logError(12, 10)).isCloseTo(0.18232, within(1e-5));
        assertThat(FactorFit.logError(5, 10)).isCloseTo(-0.69315, within(1e-5));
        assertThat(FactorFit.logError(0, 10)).isCloseTo(2.30259, within(1e-5));
        assertThat(FactorFit.logError(Double.NaN, 10)).isCloseTo(2.30259, within(1e-5));
        assertThat(FactorFit.logError(Double.POSITIVE_INFINITY, 10)).isCloseTo(2.30259, within(1e-5));
        // a small positive prediction is a real (large) miss: 0.001 against 10 -> ln 1e-4 = -9.21034
        assertThat(FactorFit.logError(0.001, 10)).isCloseTo(-9.21034, within(1e-5));
    }

    /*
     * In FactorFit.NAMES order: bandwidth, compute, V0 fixed, V1 fixed, V0 per sequence, V1 per sequence, all-reduce
     * latency, link, V0 API latency/request/token, V1 API latency/request/token, synchronous output processing.
     */
    @Test
    void runsMoveOnlyTheFactorsOfTheirEngineLinkAndOutputProcessing() {
        CalibrationCase v0 = run("a", setup(1, V0), RATE, figures(1));
        CalibrationCase v1tp = run("b", setup(2, V1), RATE, figures(1));
        CalibrationCase sync = run("c", setup(1, V0.withSyncOutputProcessing(true)), RATE, figures(1));
        boolean t = true;
        boolean f = false;
        assertThat(FactorFit.activeFactors(List.of(v0))).containsExactly(t, t, t, f, t, f, f, f, t, t, t, f, f, f, f);
        assertThat(FactorFit.activeFactors(List.of(v1tp))).containsExactly(t, t, f, t, f, t, t, t, f, f, f, t, t, t, f);
        assertThat(FactorFit.activeFactors(List.of(sync))).containsExactly(t, t, t, f, t, f, f, f, t, t, t, f, f, f, t);
        assertThat(FactorFit.activeFactors(List.of(v0, v1tp))).containsExactly(t, t, t, t, t, t, t, t, t, t, t, t, t, t, f);
        assertThat(FactorFit.usedBy(v1tp)).containsExactly(t, t, f, t, f, t, t, t, f, f, f, t, t, t, f);
        assertThat(FactorFit.usedBy(sync)).containsExactly(t, t, t, f, t, f, f, f, t, t, t, f, f, f, t);
    }

    /*
     * Figures in case order: a run of 2, a held knee of 2, a run of 1, an unheld knee of 2: the held knee's are figures
     * 2 and 3; the unheld knee's (5 and 6) are ordinary figures.
     */
    @Test
    void theHeldKneesFiguresAreTheConstraints() {
        ServingSetup s = setup(1, V0);
        List<CalibrationCase> cases = List.of(run("a", s, RATE, figures(2)),
                new CalibrationCase("k", "k/knee", Family.HOPPER, s, SHAREGPT, TRACE, null, LoadRun.Window.STEADY_STATE, figures(2),
                        false, true),
                run("b", s, RATE, figures(1)),
                new CalibrationCase("u", "u/knee", Family.HOPPER, s, SHAREGPT, TRACE, null, LoadRun.Window.STEADY_STATE, figures(2)));
        assertThat(FactorFit.kneeFigures(cases)).containsExactly(2, 3);
        assertThat(FactorFit.kneeFigures(List.of(run("a", s, RATE, figures(3))))).isEmpty();
    }

    /*
     * Moving bandwidth (a fraction) to 1.5, the V0 fixed overhead to 3 ms and the link (a fraction) to 0.25: the
     * bandwidth is capped at 1 (a fraction of a data-sheet figure), the others are taken as they are, and the factors
     * not moved keep their prior.
     */
    @Test
    void fractionsOfADataSheetFigureAreCappedAtOne() {
        EfficiencyFactors prior = EfficiencyFactors.HOPPER_PRIOR;
        EfficiencyFactors f = FactorFit.factorsAt(FactorFit.logs(prior), new int[] {0, 2, 7},
                new double[] {Math.log(1.5), Math.log(3.0), Math.log(0.25)});
        assertThat(f.bandwidthFraction()).isEqualTo(1.0);
        assertThat(f.iterationOverheadMs()).isCloseTo(3.0, within(1e-12));
        assertThat(f.interconnectFraction()).isCloseTo(0.25, within(1e-12));
        assertThat(f.computeFraction()).isCloseTo(prior.computeFraction(), within(1e-12));
        assertThat(f.sequenceOverheadUs()).isCloseTo(prior.sequenceOverheadUs(), within(1e-9));
        assertThat(f.syncOutputUs()).isCloseTo(prior.syncOutputUs(), within(1e-9));
        // an overhead may exceed 1: 3 ms stays 3 ms
        EfficiencyFactors big = FactorFit.factorsAt(FactorFit.logs(prior), new int[] {1, 4}, new double[] {Math.log(2), Math.log(2)});
        assertThat(big.computeFraction()).isEqualTo(1.0);
        assertThat(big.sequenceOverheadUs()).isCloseTo(2.0, within(1e-12));
    }

    /*
     * Errors ln(predicted / published) and |predicted / published - 1|:
     *   hopper TTFT ln 1.1 (0.1) and ln 1.3 (0.3); hopper NTPOT ln 0.5 (0.5); ampere TTFT ln 2 (1.0).
     * Medians: hopper TTFT (0.1 + 0.3) / 2 = 0.2; all TTFT {0.1, 0.3, 1.0}: 0.3; all hopper {0.1, 0.3, 0.5}: 0.3;
     * everything {0.1, 0.3, 0.5, 1.0}: 0.4; no TPU error: NaN.
     */
    @Test
    void theCrossValidatedMedianIsOverTheErrorsOfTheFamilyAndMetricAsked() {
        CrossValidation cv = new CrossValidation(List.of(
                new CrossValidation.Error("s1", "s1/a", Family.HOPPER, "nvidia-h100-80gb", MetricGroup.TTFT, Math.log(1.1), false),
                new CrossValidation.Error("s1", "s1/b", Family.HOPPER, "nvidia-h100-80gb", MetricGroup.NTPOT, Math.log(0.5), false),
                new CrossValidation.Error("s2", "s2/a", Family.HOPPER, "nvidia-h100-80gb", MetricGroup.TTFT, Math.log(1.3), false),
                new CrossValidation.Error("s3", "s3/a", Family.AMPERE, "nvidia-tesla-a100", MetricGroup.TTFT, Math.log(2.0), true)));
        assertThat(cv.errors().get(1).absolute()).isCloseTo(0.5, within(1e-12));
        assertThat(cv.median(Family.HOPPER, MetricGroup.TTFT)).isCloseTo(0.2, within(1e-12));
        assertThat(cv.median(null, MetricGroup.TTFT)).isCloseTo(0.3, within(1e-12));
        assertThat(cv.median(Family.HOPPER, null)).isCloseTo(0.3, within(1e-12));
        assertThat(cv.median(null, null)).isCloseTo(0.4, within(1e-12));
        assertThat(cv.median(Family.TPU, null)).isNaN();
        double[] unsorted = {0.3, 0.1, 0.2};
        assertThat(CrossValidation.medianOf(unsorted)).isEqualTo(0.2);
        assertThat(unsorted).containsExactly(0.3, 0.1, 0.2);
    }

    /** The run every fit below replays: V0, Poisson 2 req/s; its prior's throughput, TTFT and TPOT. */
    private static final ServingSetup SETUP = setup(1, V0);
    private static final List<Target> PROBE = List.of(new Target(Quantity.OUTPUT_TOKENS_PER_SECOND, Stat.MEDIAN, 1, 1),
            new Target(Quantity.TTFT, Stat.MEDIAN, 1, 1), new Target(Quantity.TPOT, Stat.MEDIAN, 1, 1));

    @Test
    void figuresThePriorPredictsExactlyLeaveThePriorWhereItIs() {
        EfficiencyFactors prior = EfficiencyFactors.HOPPER_PRIOR;
        double[] p = run("x", SETUP, RATE, PROBE).predict(prior);
        CalibrationCase exact = run("x", SETUP, RATE, List.of(new Target(Quantity.OUTPUT_TOKENS_PER_SECOND, Stat.MEDIAN, p[0], 1),
                new Target(Quantity.TTFT, Stat.MEDIAN, p[1], 1), new Target(Quantity.TPOT, Stat.MEDIAN, p[2], 1)));
        FactorFit.Result fit = FactorFit.fit(List.of(exact), prior, "test", FactorFit.SIGMA_BETWEEN_SOURCES);
        double[] before = FactorFit.values(prior);
        double[] after = FactorFit.values(fit.factors());
        for (int i = 0; i < before.length; i++) {
            assertThat(after[i]).as(FactorFit.NAMES[i]).isCloseTo(before[i], within(1e-9 * before[i]));
        }
        assertThat(fit.rmsLogError()).isCloseTo(0, within(1e-9));
        assertThat(fit.kneesHeld()).isTrue();
        // a start that costs nothing is the answer: no Levenberg–Marquardt iteration, no Jacobian replayed
        assertThat(fit.evaluations()).isZero();
        assertThat(fit.fitted()).containsExactly("bandwidthFraction", "computeFraction", "iterationOverheadMs",
                "sequenceOverheadUs", "apiLatencyMs", "apiRequestMs", "apiTokenUs");
    }

    /*
     * The same run published with the prior's throughput but a TPOT 30% below the prior's (errors before: 0 and
     * 1 / 0.7 - 1 = 0.4286, median 0.2143). The refit moves the TPOT towards the published value, and the prior holds
     * it short of it. kiq calibrate --from's bookkeeping: 5 user measurements before, 2 figures now: 7.
     */
    @Test
    void aMissedFigurePullsTheFitTowardsItButThePriorHoldsItShort() {
        EfficiencyFactors prior = EfficiencyFactors.HOPPER_PRIOR;
        double[] p = run("x", SETUP, RATE, PROBE).predict(prior);
        CalibrationCase missed = run("x", SETUP, RATE, List.of(new Target(Quantity.OUTPUT_TOKENS_PER_SECOND, Stat.MEDIAN, p[0], 1),
                new Target(Quantity.TPOT, Stat.MEDIAN, 0.7 * p[2], 1)));
        FactorTable current = FactorTable.shipped().with(Family.HOPPER, prior, 5);
        UserCalibration.Result r = UserCalibration.calibrate(Family.HOPPER, List.of(missed), current);

        assertThat(r.before()).isEqualTo(prior);
        assertThat(r.errorBefore()).isCloseTo((1 / 0.7 - 1) / 2, within(1e-9));
        assertThat(r.measurements()).isEqualTo(7);
        assertThat(r.after().basis()).isEqualTo("calibrated with 7 user measurements");
        double tpot = run("x", SETUP, RATE, PROBE).predict(r.after())[2];
        assertThat(tpot).isLessThan(p[2]).isGreaterThan(0.7 * p[2]);
        // the fit's own summary: the root mean square of the two log errors at its answer
        double[] e = FactorFit.logErrors(List.of(missed), r.after());
        assertThat(r.fit().rmsLogError()).isCloseTo(Math.sqrt((e[0] * e[0] + e[1] * e[1]) / 2), within(1e-12));
    }

    /*
     * The fit's answer is the optimum of its weighted least squares, not only a step towards it: the same missed TPOT as
     * above, fitted, and then each fitted factor moved alone by a factor e^(+-0.1) and e^(+-0.02) from the answer: none of
     * the moves costs less than the answer by more than the fit's own stopping rule allows (an iteration that improves the
     * cost by 1% or less ends it), while the prior costs clearly more. The cost is the sum of the squared residuals
     * (figures over sigma, each factor's distance from its prior over its width), as FactorFitTest prices them by hand.
     * Each replay of the case is one model evaluation: the fit counts them in whole Jacobians of (fitted + 1) replays.
     */
    @Test
    void theFitLandsWhereNoFittedFactorMovedAloneCostsLess() {
        // the test's own prior, not the shipped one (Hopper's before 2026-12-03: V0 6 ms + 40 µs a step): with V0's
        // fixed overhead a large share of this light-load TPOT the fit can buy most of the miss back, as worked out below
        EfficiencyFactors prior = new EfficiencyFactors(0.80, 0.44, 6.0, 3.0, 40.0, 20.0, 4.0, 0.70, false, "test prior");
        double[] p = run("x", SETUP, RATE, PROBE).predict(prior);
        List<CalibrationCase> missed = List.of(run("x", SETUP, RATE, List.of(
                new Target(Quantity.OUTPUT_TOKENS_PER_SECOND, Stat.MEDIAN, p[0], 1), new Target(Quantity.TPOT, Stat.MEDIAN, 0.7 * p[2], 1))));
        // a σ of the test's own, not the shipped one: the arithmetic below is worked out for 0.3
        double sigma = 0.30;
        FactorFit.Result fit = FactorFit.fit(missed, prior, "test", sigma);

        Landing at = landing(missed, prior, fit, sigma);
        // the prior misses TPOT by ln(1 / 0.7) = 0.3567, alone in its source's metric group (weight 1): (0.3567 / 0.3)^2 = 1.4135
        assertThat(at.prior()).isCloseTo(Math.pow(Math.log(1 / 0.7) / sigma, 2), within(1e-6));
        assertThat(at.answer()).isLessThan(0.5 * at.prior());
        assertThat(at.lowestNeighbour()).isGreaterThan(0.98 * at.answer());
        assertThat(fit.evaluations()).isPositive();
        assertThat(fit.evaluations() % (fit.fitted().size() + 1)).isZero();
    }

    /*
     * A fit that needs more than one Levenberg–Marquardt iteration and a Jacobian of the right scale: the same run published
     * with the prior's throughput and TTFT but half its TPOT. At the prior the cost is that of TPOT alone, (ln 2 / 0.3)^2 =
     * 5.3384. Two figures held where they are and one pulled far make the cost curved in the log factors, so one
     * Gauss–Newton step from the prior does not land: the answer must still be one where no fitted factor moved alone by
     * e^(+-0.02) or e^(+-0.1) costs 3% less (the fit stops when an iteration gains 1% or less).
     */
    @Test
    void aFarMissAmongFiguresThePriorMeetsIsFittedToWhereNoFactorMovedAloneCostsLess() {
        EfficiencyFactors prior = EfficiencyFactors.HOPPER_PRIOR;
        double[] p = run("x", SETUP, RATE, PROBE).predict(prior);
        List<CalibrationCase> missed = List.of(run("x", SETUP, RATE, List.of(
                new Target(Quantity.OUTPUT_TOKENS_PER_SECOND, Stat.MEDIAN, p[0], 1), new Target(Quantity.TTFT, Stat.MEDIAN, p[1], 1),
                new Target(Quantity.TPOT, Stat.MEDIAN, 0.5 * p[2], 1))));
        double sigma = 0.30;
        FactorFit.Result fit = FactorFit.fit(missed, prior, "test", sigma);

        Landing at = landing(missed, prior, fit, sigma);
        assertThat(at.prior()).isCloseTo(Math.pow(Math.log(2) / sigma, 2), within(1e-6));
        assertThat(at.answer()).isLessThan(at.prior());
        assertThat(at.lowestNeighbour()).isGreaterThan(0.97 * at.answer());
    }

    /**
     * The cost of a fit's cases at the prior, at the fit's answer, and the lowest cost of the answer's neighbours: each
     * fitted factor moved alone by e^(+-0.1) and e^(+-0.02).
     */
    private record Landing(double prior, double answer, double lowestNeighbour) {
    }

    private static Landing landing(List<CalibrationCase> cases, EfficiencyFactors prior, FactorFit.Result fit, double sigma) {
        boolean[] active = FactorFit.activeFactors(cases);
        int[] index = java.util.stream.IntStream.range(0, active.length).filter(i -> active[i]).toArray();
        double[] priorLog = FactorFit.logs(prior);
        double[] answerLog = FactorFit.logs(fit.factors());
        double[] answer = java.util.Arrays.stream(index).mapToDouble(i -> answerLog[i]).toArray();
        double atPrior = cost(cases, priorLog, index, java.util.Arrays.stream(index).mapToDouble(i -> priorLog[i]).toArray(), sigma);
        double lowest = Double.POSITIVE_INFINITY;
        for (int k = 0; k < index.length; k++) {
            for (double step : new double[] {-0.1, -0.02, 0.02, 0.1}) {
                double[] moved = answer.clone();
                moved[k] += step;
                lowest = Math.min(lowest, cost(cases, priorLog, index, moved, sigma));
            }
        }
        return new Landing(atPrior, cost(cases, priorLog, index, answer, sigma), lowest);
    }

    private static double cost(List<CalibrationCase> cases, double[] priorLog, int[] index, double[] theta, double sigma) {
        double[] r = FactorFit.residuals(FactorFit.logErrors(cases, FactorFit.factorsAt(priorLog, index, theta)), FactorFit.weights(cases),
                FactorFit.kneeFigures(cases), theta, priorLog, index, sigma);
        double c = 0;
        for (double x : r) {
            c += x * x;
        }
        return c;
    }

    /*
     * Levenberg–Marquardt's stopping rule, by hand: after MAX_ITERATIONS (10) iterations whatever the change (10 and 11
     * stop, 9 with a halved cost does not); before that when the cost changed by at most 1% of the new cost: 50.5 -> 50
     * changes by 0.5 = 1% of 50 and stops, 50.6 -> 50 (0.6) goes on; a cost that rose counts by its size, 40 -> 50 (10)
     * goes on, 49.5 -> 50 (0.5) stops; the 1% is of the new cost, 200 -> 198 (2 > 1.98) goes on.
     */
    @Test
    void levenbergMarquardtStopsAfterTenIterationsOrAChangeOfAtMostOnePercent() {
        assertThat(FactorFit.converged(10, 100, 50)).isTrue();
        assertThat(FactorFit.converged(11, 100, 50)).isTrue();
        assertThat(FactorFit.converged(9, 100, 50)).isFalse();
        assertThat(FactorFit.converged(1, 50.5, 50)).isTrue();
        assertThat(FactorFit.converged(1, 50.6, 50)).isFalse();
        assertThat(FactorFit.converged(1, 40, 50)).isFalse();
        assertThat(FactorFit.converged(1, 49.5, 50)).isTrue();
        assertThat(FactorFit.converged(1, 200, 198)).isFalse();
        assertThat(FactorFit.converged(1, 7, 7)).isTrue();
    }

    /*
     * The point the fit answers, by hand with one-factor points: LM's {1}, the lowest-cost knee-holding set {2}, the
     * start {0}. With knees the holding set ({2}); without knees LM's point ({1}) even when a holding set exists; with
     * knees none of which any set held, LM's point ({1}); LM failed: the holding set ({2}), else the start ({0}).
     */
    @Test
    void theFitAnswersTheCheapestKneeHoldingSetWithKneesAndLevenbergMarquardtsPointWithout() {
        double[] lm = {1};
        double[] holding = {2};
        double[] start = {0};
        assertThat(FactorFit.answer(lm, holding, 2, start)).containsExactly(2);
        assertThat(FactorFit.answer(lm, holding, 0, start)).containsExactly(1);
        assertThat(FactorFit.answer(lm, null, 2, start)).containsExactly(1);
        assertThat(FactorFit.answer(null, holding, 0, start)).containsExactly(2);
        assertThat(FactorFit.answer(null, holding, 2, start)).containsExactly(2);
        assertThat(FactorFit.answer(null, null, 2, start)).containsExactly(0);
    }

    /*
     * The pieces of the knee constraint, by hand. The margin is ln(1.04) = 0.039221 above and ln(0.96) = -0.040822 below.
     * kneesHeld: log errors {0.05, 0.0, -0.03}: the knee figure 1 (0.0) and 2 (-0.03) hold, 0 (0.05) does not; no knee holds
     * trivially. cost: 3² + 4² = 25. The residuals of 3 figures (weights 1, 4, 1; σ 0.5), knees at figures 0 and 2 and one
     * fitted factor (θ 0.1 against a prior of ln 0.8 = -0.223144, σ_f 0.2): figures 1·0.1/0.5 = 0.2, 2·0/0.5 = 0,
     * 1·0.2/0.5 = 0.4; the knees' penalties √1e4 · excess / σ = 100 · (0.1 - 0.039221) / 0.5 = 12.155857 and
     * 100 · (0.2 - 0.039221) / 0.5 = 32.155857, in the knees' own slots 3 and 4; the prior's (0.1 + 0.223144) / 0.2 = 1.615718.
     */
    @Test
    void theKneeConstraintsPiecesByHand() {
        double[] e = {0.05, 0.0, -0.03};
        assertThat(FactorFit.kneesHeld(e, new int[] {1, 2})).isTrue();
        assertThat(FactorFit.kneesHeld(e, new int[] {1, 0})).isFalse();
        assertThat(FactorFit.kneesHeld(e, new int[] {})).isTrue();
        assertThat(FactorFit.cost(new double[] {3, 4})).isEqualTo(25);
        assertThat(FactorFit.cost(new double[] {})).isZero();

        double[] priorLog = new double[FactorFit.NAMES.length];
        priorLog[0] = Math.log(0.8);
        double[] r = FactorFit.residuals(new double[] {0.1, 0.0, 0.2}, new double[] {1, 4, 1}, new int[] {0, 2},
                new double[] {0.1}, priorLog, new int[] {0}, 0.5);
        assertThat(r).hasSize(6);
        assertThat(r[0]).isCloseTo(0.2, within(1e-12));
        assertThat(r[1]).isZero();
        assertThat(r[2]).isCloseTo(0.4, within(1e-12));
        assertThat(r[3]).isCloseTo(12.155857, within(1e-6));
        assertThat(r[4]).isCloseTo(32.155857, within(1e-6));
        assertThat(r[5]).isCloseTo(1.615718, within(1e-6));
    }

    /*
     * The lowest-cost knee-holding set: {1} at cost 5 (knee error 0, held) is taken; {2} at cost 1 is not (its knee is
     * 0.1 off, outside ln 1.04); {3} at cost 5 again does not replace {1} (the first of equal costs stays); {4} at cost 4
     * does. The set is copied: changing the offered array afterwards does not change it. Nothing offered: none.
     */
    @Test
    void theCheapestKneeHoldingSetIsTheFirstOfTheLowestCost() {
        FactorFit.Cheapest none = new FactorFit.Cheapest();
        assertThat(none.point()).isNull();
        FactorFit.Cheapest c = new FactorFit.Cheapest();
        int[] knee = {0};
        double[] one = {1};
        c.offer(one, new double[] {0.0}, knee, 5);
        one[0] = 9;
        assertThat(c.point()).containsExactly(1);
        c.offer(new double[] {2}, new double[] {0.1}, knee, 1);
        assertThat(c.point()).containsExactly(1);
        c.offer(new double[] {3}, new double[] {0.01}, knee, 5);
        assertThat(c.point()).containsExactly(1);
        c.offer(new double[] {4}, new double[] {-0.01}, knee, 4);
        assertThat(c.point()).containsExactly(4);
    }
}
