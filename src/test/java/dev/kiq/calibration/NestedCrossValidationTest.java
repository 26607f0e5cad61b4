package dev.kiq.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kiq.calibration.CalibrationCase.Quantity;
import dev.kiq.calibration.CalibrationCase.Stat;
import dev.kiq.calibration.CalibrationCase.Target;
import dev.kiq.catalog.Catalog;
import dev.kiq.corpus.PublishedCorpus;
import dev.kiq.perf.EfficiencyFactors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The nested cross-validation's bookkeeping on a hand-computed case: four sources of one family, a fitter that only
 * records what it was given (its factors carry σ and the training sources) and a table of each source's absolute error
 * at each σ. No replay runs: the real fit and prediction are {@link FactorFit}'s, tested on their own.
 */
class NestedCrossValidationTest {

    /** Absolute error |predicted / published − 1| of each source at σ = 0.30, 0.60, 1.20, ∞ (the grid's order). */
    private static final Map<String, double[]> ERROR = Map.of(
            "A", new double[] {0.20, 0.15, 0.14, 0.10},
            "B", new double[] {0.10, 0.20, 0.25, 0.15},
            "C", new double[] {0.40, 0.30, 0.20, 0.12},
            "D", new double[] {0.05, 0.30, 0.10, 0.25});

    private static List<CalibrationCase> fourSources() {
        CalibrationCase run = CorpusCalibration.of(PublishedCorpus.bundled().quickCheck(1), Catalog.bundled()).cases().stream()
                .filter(c -> !c.isKnee()).findFirst().orElseThrow();
        List<CalibrationCase> out = new ArrayList<>();
        for (String s : List.of("A", "B", "C", "D")) {
            out.add(new CalibrationCase(s, s + "/run", run.family(), run.setup(), run.workload(), run.trace(), run.arrivals(),
                    run.window(), List.of(new Target(Quantity.TPOT, Stat.MEDIAN, 10, 1))));
        }
        return out;
    }

    @Test
    void eachHeldOutSourceIsPredictedAtTheSigmaTheOtherSourcesChose() {
        List<Set<String>> trainings = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<String, Integer> fitCount = new ConcurrentHashMap<>();
        NestedCrossValidation.Fitter fitter = (train, prior, sigma) -> {
            Set<String> sources = new java.util.TreeSet<>();
            train.forEach(c -> sources.add(c.source()));
            trainings.add(sources);
            fitCount.merge(sigma + " " + sources, 1, Integer::sum);
            // σ travels in f_bw, the training sources in the basis
            EfficiencyFactors p = prior;
            return new EfficiencyFactors(sigma, p.computeFraction(), p.iterationOverheadMs(), p.v1IterationOverheadMs(),
                    p.sequenceOverheadUs(), p.v1SequenceOverheadUs(), p.allReduceLatencyUs(), p.interconnectFraction(),
                    p.apiLatencyMs(), p.apiRequestMs(), p.apiTokenUs(), p.v1ApiLatencyMs(), p.v1ApiRequestMs(), p.v1ApiTokenUs(),
                    p.syncOutputUs(), true, String.join(",", sources));
        };
        NestedCrossValidation.Predictor predictor = (test, f) -> test.stream().mapToDouble(c -> {
            // a source is never predicted by factors fitted to it
            assertThat(Arrays.asList(f.basis().split(","))).as("training of " + c.source()).doesNotContain(c.source());
            int i = NestedCrossValidation.GRID.indexOf(f.bandwidthFraction());
            return Math.log1p(ERROR.get(c.source())[i]);
        }).toArray();

        NestedCrossValidation.Result r = new NestedCrossValidation(fourSources(), NestedCrossValidation.GRID, fitter, predictor)
                .run(s -> { });

        // Inner medians (three other sources each; σ .30, .60, 1.20, ∞), by hand:
        //   without A: {.10 .40 .05} → .10; {.20 .30 .30} → .30; {.25 .20 .10} → .20; {.15 .12 .25} → .15 → .30, A's error .20
        //   without B: {.20 .40 .05} → .20; {.15 .30 .30} → .30; {.14 .20 .10} → .14; {.10 .12 .25} → .12 → ∞, B's error .15
        //   without C: {.20 .10 .05} → .10; {.15 .20 .30} → .20; {.14 .25 .10} → .14; {.10 .15 .25} → .15 → .30, C's error .40
        //   without D: {.20 .10 .40} → .20; {.15 .20 .30} → .20; {.14 .25 .20} → .20; {.10 .15 .12} → .12 → ∞, D's error .25
        double inf = Double.POSITIVE_INFINITY;
        assertThat(r.folds()).extracting(NestedCrossValidation.Fold::chosen).containsExactly(0.30, inf, 0.30, inf);
        assertThat(doubles(r.folds().get(0).innerMedian())).containsExactly(new double[] {0.10, 0.30, 0.20, 0.15}, within(1e-12));
        assertThat(doubles(r.folds().get(3).innerMedian())).containsExactly(new double[] {0.20, 0.20, 0.20, 0.12}, within(1e-12));
        // nested: {.20 .15 .40 .25} → (.20 + .25) / 2 = .225; one family, so per family the same
        assertThat(r.nested().median(null, null)).isCloseTo(0.225, within(1e-12));
        assertThat(r.nestedPerFamily().median(null, null)).isCloseTo(0.225, within(1e-12));
        // plain leave-one-source-out: .30 {.20 .10 .40 .05} → .15; .60 {.15 .20 .30 .30} → .25; 1.20 {.14 .25 .20 .10} → .17;
        // ∞ {.10 .15 .12 .25} → .135: chosen on all four, σ = ∞ looks 13.5% good; chosen honestly, the procedure is 22.5% off
        assertThat(doubles(r.loso().stream().map(cv -> cv.median(null, null)).toList()))
                .containsExactly(new double[] {0.15, 0.25, 0.17, 0.135}, within(1e-12));
        assertThat(r.ruleSigma()).isEqualTo(inf);
        // every fit is made once: per σ, 4 without one source + 6 without two, never one with all four
        assertThat(r.fits()).isEqualTo(40);
        assertThat(fitCount.values()).containsOnly(1);
        assertThat(trainings).hasSize(40).allSatisfy(t -> assertThat(t.size()).isIn(2, 3));

        String section = CalibrationFiles.nestedSection(r, inf, "timing");
        assertThat(section).startsWith(CalibrationFiles.NESTED_BEGIN).endsWith(CalibrationFiles.NESTED_END + "\n")
                .contains("| A | 10.0% | 30.0% | 20.0% | 15.0% | 0.30 |", "| B | 20.0% | 30.0% | 14.0% | 12.0% | ∞ |",
                        "| **∞** (shipped) |", "Nested overall: 22.500% (σ chosen overall)", "the shipped σ ∞: 13.500%",
                        "the rule chooses σ = ∞");
    }

    /**
     * A family of two sources (E, G, of another family than A, B, C) cannot choose its own σ: in the inner folds of
     * either, the other is predicted by its prior at every σ. It takes the fold's overall choice, not the grid's first σ.
     */
    @Test
    void aFamilyWhoseInnerFiguresAreAllPriorsTakesTheOverallChoice() {
        Map<String, double[]> error = Map.of(
                "A", new double[] {0.10, 0.20, 0.30, 0.25},
                "B", new double[] {0.30, 0.10, 0.20, 0.15},
                "C", new double[] {0.30, 0.15, 0.10, 0.20},
                "E", new double[] {0.40, 0.05, 0.20, 0.30},
                "G", new double[] {0.50, 0.08, 0.30, 0.35});
        double priorError = 0.25;
        CalibrationCase run = fourSources().get(0);
        EfficiencyFactors.Family other = Arrays.stream(EfficiencyFactors.Family.values()).filter(f -> f != run.family())
                .findFirst().orElseThrow();
        List<CalibrationCase> cases = new ArrayList<>();
        for (String s : List.of("A", "B", "C", "E", "G")) {
            cases.add(new CalibrationCase(s, s + "/run", s.compareTo("E") < 0 ? run.family() : other, run.setup(), run.workload(),
                    run.trace(), run.arrivals(), run.window(), run.targets()));
        }
        NestedCrossValidation.Fitter fitter = (train, prior, sigma) -> new EfficiencyFactors(sigma, prior.computeFraction(),
                prior.iterationOverheadMs(), prior.v1IterationOverheadMs(), prior.sequenceOverheadUs(),
                prior.v1SequenceOverheadUs(), prior.allReduceLatencyUs(), prior.interconnectFraction(), true, "fit");
        NestedCrossValidation.Predictor predictor = (test, f) -> test.stream().mapToDouble(c -> Math.log1p(f.calibrated()
                ? error.get(c.source())[NestedCrossValidation.GRID.indexOf(f.bandwidthFraction())] : priorError)).toArray();

        NestedCrossValidation.Result r = new NestedCrossValidation(cases, NestedCrossValidation.GRID, fitter, predictor)
                .run(s -> { });

        // Without E, inner over A, B, C (fitted to the other two) and G (its family has no source left: prior, .25), σ .30,
        // .60, 1.20, ∞: {.10 .30 .30 .25} → .275; {.20 .10 .15 .25} → .175; {.30 .20 .10 .25} → .225; {.25 .15 .20 .25}
        // → .225 → .60, E's error .05. E's family's inner figures are G's prior alone, .25 at every σ: a tie the grid's
        // order would break at .30 (E's error .40). Without G the same: .60, G's error .08.
        NestedCrossValidation.Fold e = r.folds().get(3);
        assertThat(e.source()).isEqualTo("E");
        assertThat(doubles(e.innerMedian())).containsExactly(new double[] {0.275, 0.175, 0.225, 0.225}, within(1e-12));
        assertThat(e.chosen()).isEqualTo(0.60);
        assertThat(e.chosenPerFamily()).containsExactly(Map.entry(other, 0.60));
        assertThat(r.nestedPerFamily().median(other, null)).isCloseTo((0.05 + 0.08) / 2, within(1e-12));
        // A's family still chooses by its own inner figures: without A, B (fitted to C) and C (to B):
        //   {.30 .30} → .30; {.10 .15} → .125; {.20 .10} → .15; {.15 .20} → .175 → .60
        assertThat(r.folds().get(0).chosenPerFamily()).containsExactly(Map.entry(run.family(), 0.60));
        // on the whole corpus, E's and G's plain folds are fitted (each to the other): their family chooses for itself,
        //   {.40 .50} → .45; {.05 .08} → .065; {.20 .30} → .25; {.30 .35} → .325 → .60
        assertThat(r.rulePerFamily()).containsEntry(other, 0.60);
    }

    private static double[] doubles(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void theLowestValueWinsAndTheGridOrderBreaksATie() {
        assertThat(NestedCrossValidation.argmin(List.of(0.2, 0.1, 0.1))).isEqualTo(1);
        assertThat(NestedCrossValidation.argmin(List.of(Double.NaN, 0.3, 0.2))).isEqualTo(2);
    }
}
