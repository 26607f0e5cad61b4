package dev.kiq.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.catalog.Catalog;
import dev.kiq.corpus.PublishedCorpus;
import dev.kiq.perf.EfficiencyFactors.Family;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Leave-one-source-out cross-validation in CI, on the quick-check corpus ({@link PublishedCorpus#quickCheck}:
 * single runs only, at most {@value #POINTS_PER_SOURCE} per source), exactly as
 * {@code kiq calibrate --corpus --reduced 5} runs it: about 30 s of CPU.
 *
 * <p>The goals are a median absolute out-of-sample error of at most 15% overall and at most 25% for
 * every accelerator family with data. Measured on this corpus on 2026-12-02 with the shipped procedure since the eighth
 * calibration (σ between sources ∞: the priors held to the knees, which this corpus does not have, so every fold predicts
 * with the priors; corpus and physics of main at 10e5328, with the chat stream's role chunk, 13 sources, 411 figures):
 * overall 16.7%, Ampere 25.0% (at the family goal; 23.9% before the role chunk), Hopper 20.2%, Ada 14.8%, TPU 7.8%. With the eighth calibration's σ 1.20 the same corpus gave 18.4% (on main 7e5ef4c's corpus 17.7%,
 * Ampere 22.0%, Hopper 20.1%, Ada 14.6%, TPU 8.0%; {@code kiq calibrate --corpus --reduced 5}). With σ 0.60 the same corpus gave 21.4% overall (Hopper 27.8%), with σ
 * 0.30 23.1% (Ampere 28.4%, Hopper 31.5%). Every family meets the family goal, and CI asserts it. The data does not meet
 * the overall goal: that assertion is a REGRESSION BOUND, not an accuracy claim: the error measured on this corpus plus
 * about 10% of it, or more where a change said why (20% since the chat stream's role chunk, the test below; 27% at σ 0.30 with
 * runpod-vllm-bench-h100-v1). The folds
 * replay every trace with a fixed seed, so the figures are deterministic and a bound fails only when a change to the
 * model, the fit or the corpus makes the out-of-sample error worse. Tighten the bound when the error falls, and replace
 * it with the goal once the goal is met. {@link #outOfSampleErrorMeetsTheGoals} asserts the goals themselves and fails
 * today (overall). It is opt-in ({@code -Dkiq.accuracyGoals=true}).
 * docs/performance-model.md §7 has the full corpus's figures.
 */
class CrossValidationTest {

    static final int POINTS_PER_SOURCE = 5;
    static final double GOAL_OVERALL = 0.15;
    static final double GOAL_FAMILY = 0.25;

    private static CorpusCalibration.CrossValidation cv;

    @BeforeAll
    static void crossValidate() {
        cv = CorpusCalibration.of(PublishedCorpus.bundled().quickCheck(POINTS_PER_SOURCE), Catalog.bundled())
                .crossValidate(s -> { });
        System.out.printf(java.util.Locale.ROOT, "quick-check cross-validation: %d figures, median absolute error %.3f "
                        + "(ampere %.3f, hopper %.3f, ada %.3f, tpu %.3f)%n", cv.errors().size(), cv.median(null, null),
                cv.median(Family.AMPERE, null), cv.median(Family.HOPPER, null), cv.median(Family.ADA, null),
                cv.median(Family.TPU, null));
    }

    @Test
    void everyFamilyWithDataIsCrossValidated() {
        for (Family f : Family.values()) {
            assertThat(cv.errors()).as(f.key()).anyMatch(e -> e.family() == f);
        }
    }

    @Test
    void everyFamilyMeetsTheFamilyGoal() {
        for (Family f : Family.values()) {
            assertThat(cv.median(f, null)).as(f.key()).isLessThanOrEqualTo(GOAL_FAMILY);
        }
    }

    @Test
    void outOfSampleErrorDoesNotGrowBeyondItsRegressionBound() {
        // a regression bound, not the goal (class comment). Measured 2026-12-02 at σ 1.20 on 13 sources: 17.7%, then 18.4%
        // (main fc065ce, four runpod points more) and 19.2% with the chat stream's role chunk (docs §7), while the full
        // leave-one-source-out, which the issue judges, went 17.2% -> 16.4%; the bound was raised to 0.20 for that change.
        // At σ ∞ (every fold predicts with the priors: this corpus has no knee) it is 16.7%, with or without the role chunk
        assertThat(cv.median(null, null)).as("overall").isLessThanOrEqualTo(0.20);
    }

    @Test
    @EnabledIfSystemProperty(named = "kiq.accuracyGoals", matches = "true",
            disabledReason = "the quick-check corpus does not meet the overall goal "
                    + "(docs/performance-model.md §7); run with -Dkiq.accuracyGoals=true")
    void outOfSampleErrorMeetsTheGoals() {
        assertThat(cv.median(null, null)).as("overall").isLessThanOrEqualTo(GOAL_OVERALL);
        for (Family f : Family.values()) {
            double m = cv.median(f, null);
            if (!Double.isNaN(m)) {
                assertThat(m).as(f.key()).isLessThanOrEqualTo(GOAL_FAMILY);
            }
        }
    }
}
