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

    /** Absolute error |predicted / published − 1| of each source at σ = 0.15, 0.30, 0.60. */
    private static final Map<String, double[]> ERROR = Map.of(
            "A", new double[] {0.10, 0.20, 0.30},
            "B", new double[] {0.30, 0.10, 0.20},
            "C", new double[] {0.30, 0.15, 0.10},
            "D", new double[] {0.05, 0.40, 0.12});

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

        // Inner medians (three other sources each), by hand:
        //   without A: σ .15 {.30 .30 .05} → .30; .30 {.10 .15 .40} → .15; .60 {.20 .10 .12} → .12 → .60, A's error .30
        //   without B: .15 {.10 .30 .05} → .10; .30 {.20 .15 .40} → .20; .60 {.30 .10 .12} → .12 → .15, B's error .30
        //   without C: .15 {.10 .30 .05} → .10; .30 {.20 .10 .40} → .20; .60 {.30 .20 .12} → .20 → .15, C's error .30
        //   without D: .15 {.10 .30 .30} → .30; .30 {.20 .10 .15} → .15; .60 {.30 .20 .10} → .20 → .30, D's error .40
        assertThat(r.folds()).extracting(NestedCrossValidation.Fold::chosen).containsExactly(0.60, 0.15, 0.15, 0.30);
        assertThat(doubles(r.folds().get(0).innerMedian())).containsExactly(new double[] {0.30, 0.15, 0.12}, within(1e-12));
        assertThat(doubles(r.folds().get(3).innerMedian())).containsExactly(new double[] {0.30, 0.15, 0.20}, within(1e-12));
        // nested: {.30 .30 .30 .40} → .30; one family, so per family the same
        assertThat(r.nested().median(null, null)).isCloseTo(0.30, within(1e-12));
        assertThat(r.nestedPerFamily().median(null, null)).isCloseTo(0.30, within(1e-12));
        // plain leave-one-source-out: .15 {.10 .30 .30 .05} → .20; .30 {.20 .10 .15 .40} → .175; .60 {.30 .20 .10 .12} → .16:
        // chosen on all four, σ = .60 looks 16% good; chosen honestly, the procedure is 30% off
        assertThat(doubles(r.loso().stream().map(cv -> cv.median(null, null)).toList()))
                .containsExactly(new double[] {0.20, 0.175, 0.16}, within(1e-12));
        assertThat(r.ruleSigma()).isEqualTo(0.60);
        // every fit is made once: per σ, 4 without one source + 6 without two, never one with all four
        assertThat(r.fits()).isEqualTo(30);
        assertThat(fitCount.values()).containsOnly(1);
        assertThat(trainings).hasSize(30).allSatisfy(t -> assertThat(t.size()).isIn(2, 3));

        String section = CalibrationFiles.nestedSection(r, 0.30, "timing");
        assertThat(section).startsWith(CalibrationFiles.NESTED_BEGIN).endsWith(CalibrationFiles.NESTED_END + "\n")
                .contains("| A | 30.0% | 15.0% | 12.0% | 0.60 |", "Nested overall: 30.000% (σ chosen overall)",
                        "the shipped σ 0.30: 17.500%", "the rule chooses σ = 0.60");
    }

    /**
     * A family of two sources (E, G, of another family than A, B, C) cannot choose its own σ: in the inner folds of
     * either, the other is predicted by its prior at every σ. It takes the fold's overall choice, not the grid's first σ.
     */
    @Test
    void aFamilyWhoseInnerFiguresAreAllPriorsTakesTheOverallChoice() {
        Map<String, double[]> error = Map.of(
                "A", new double[] {0.10, 0.20, 0.30},
                "B", new double[] {0.30, 0.10, 0.20},
                "C", new double[] {0.30, 0.15, 0.10},
                "E", new double[] {0.40, 0.05, 0.20},
                "G", new double[] {0.50, 0.08, 0.30});
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

        // Without E, inner over A, B, C (fitted to the other two) and G (its family has no source left: prior, .25):
        //   σ .15 {.10 .30 .30 .25} → .275; .30 {.20 .10 .15 .25} → .175; .60 {.30 .20 .10 .25} → .225 → .30, E's error .05.
        // E's family's inner figures are G's prior alone, .25 at every σ: a tie the grid's order broke at .15 (E's error .40).
        NestedCrossValidation.Fold e = r.folds().get(3);
        assertThat(e.source()).isEqualTo("E");
        assertThat(doubles(e.innerMedian())).containsExactly(new double[] {0.275, 0.175, 0.225}, within(1e-12));
        assertThat(e.chosen()).isEqualTo(0.30);
        assertThat(e.chosenPerFamily()).containsExactly(Map.entry(other, 0.30));
        assertThat(r.nestedPerFamily().median(other, null)).isCloseTo((0.05 + 0.08) / 2, within(1e-12));
        // A's family still chooses by its own inner figures: without A, B (fitted to C) and C (to B):
        //   .15 {.30 .30} → .30; .30 {.10 .15} → .125; .60 {.20 .10} → .15 → .30
        assertThat(r.folds().get(0).chosenPerFamily()).containsExactly(Map.entry(run.family(), 0.30));
        // on the whole corpus, E's and G's plain folds are fitted (each to the other): their family chooses for itself,
        //   .15 {.40 .50} → .45; .30 {.05 .08} → .065; .60 {.20 .30} → .25 → .30
        assertThat(r.rulePerFamily()).containsEntry(other, 0.30);
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
