package dev.kiq.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kiq.calibration.CalibrationCase.MetricGroup;
import dev.kiq.calibration.CorpusCalibration.CrossValidation;
import dev.kiq.catalog.Catalog;
import dev.kiq.corpus.CorpusReader;
import dev.kiq.corpus.PublishedPoint;
import dev.kiq.perf.EfficiencyFactors;
import dev.kiq.perf.EfficiencyFactors.Family;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The corpus calibration's bookkeeping on a corpus of four small runs (20-request bursts, fixed lengths) from three
 * sources, worked out by hand: a and b are A100 runs (Ampere), c an H100 run (Hopper), and one point of a cannot be
 * replayed. What is asserted follows from the procedure, not from the fitted numbers: which runs each fold fits on,
 * that a family with no other source is predicted with its prior (so its errors are the priors' errors exactly), the
 * order and count of the errors, the fits' bases, and the median arithmetic.
 */
class CorpusCalibrationTest {

    private static final Catalog CATALOG = Catalog.bundled();

    private static List<PublishedPoint> points(String source, String... runs) {
        StringBuilder yaml = new StringBuilder("source: {publisher: Someone, title: \"Runs\", url: \"https://example.org/runs\"}\npoints:\n");
        for (String run : runs) {
            yaml.append(run);
        }
        return CorpusReader.read(yaml.toString().getBytes(StandardCharsets.UTF_8), source + ".yaml", CATALOG).points();
    }

    /** A 20-request burst of 200-token prompts and 50-token outputs with its printed output throughput and TPOT. */
    private static String run(String id, String model, String accelerator, double tokensPerSecond, double tpotMs) {
        return """
                  - id: %s
                    model: %s
                    accelerator: %s
                    count: 1
                    server: {name: vllm, version: "0.10.1", engine: V1}
                    workload: {dataset: random, prompts: 20, inputTokens: {fixed: 200}, outputTokens: {fixed: 50}, arrival: {kind: burst}}
                    figures: {outputTokensPerSecond: %s, tpotMs: {median: %s}}
                    reading: printed
                    where: "a table"
                """.formatted(id, model, accelerator, tokensPerSecond, tpotMs);
    }

    private static final String SEVEN_B = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";

    private static CorpusCalibration corpus() {
        List<PublishedPoint> all = new ArrayList<>();
        all.addAll(points("a", run("r1", SEVEN_B, "nvidia-a100-80gb", 1500, 12),
                run("r2", SEVEN_B, "nvidia-a100-80gb", 1400, 13),
                run("big", "meta-llama/Llama-3.3-70B-Instruct", "nvidia-a100-80gb", 300, 40)));
        all.addAll(points("b", run("r1", SEVEN_B, "nvidia-a100-80gb", 1600, 11)));
        all.addAll(points("c", run("r1", SEVEN_B, "nvidia-h100-80gb", 2600, 8)));
        return CorpusCalibration.of(all, CATALOG);
    }

    @Test
    void everyReplayablePointIsACaseAndTheOthersAreSkippedWithTheirReason() {
        CorpusCalibration corpus = corpus();
        assertThat(corpus.cases()).extracting(CalibrationCase::id).containsExactly("a/r1", "a/r2", "b/r1", "c/r1");
        assertThat(corpus.skipped()).hasSize(1);
        assertThat(corpus.skipped().get(0).id()).isEqualTo("a/big");
        assertThat(corpus.skipped().get(0).reason()).contains("does not fit on 1x nvidia-a100-80gb");
    }

    /*
     * Leave-one-source-out. Folds a and b each fit Ampere on the other source's runs; fold c has no other Hopper run,
     * so c is predicted with Hopper's prior: its two errors are the priors' errors for c exactly, and marked
     * extrapolated. Errors come in source order, two per run (throughput, TPOT): a 4, b 2, c 2.
     */
    @Test
    void eachSourceIsPredictedWithoutItselfAndALoneFamilyWithItsPrior() {
        CorpusCalibration corpus = corpus();
        List<String> progress = new CopyOnWriteArrayList<>();
        CrossValidation cv = corpus.crossValidate(progress::add);
        assertThat(cv.errors()).extracting(CrossValidation.Error::id)
                .containsExactly("a/r1", "a/r1", "a/r2", "a/r2", "b/r1", "b/r1", "c/r1", "c/r1");
        assertThat(cv.errors()).extracting(CrossValidation.Error::group)
                .containsExactly(MetricGroup.THROUGHPUT, MetricGroup.TPOT_ITL, MetricGroup.THROUGHPUT, MetricGroup.TPOT_ITL,
                        MetricGroup.THROUGHPUT, MetricGroup.TPOT_ITL, MetricGroup.THROUGHPUT, MetricGroup.TPOT_ITL);
        assertThat(cv.errors()).extracting(CrossValidation.Error::extrapolated)
                .containsExactly(false, false, false, false, false, false, true, true);
        assertThat(cv.errors()).extracting(CrossValidation.Error::family)
                .containsExactly(Family.AMPERE, Family.AMPERE, Family.AMPERE, Family.AMPERE, Family.AMPERE, Family.AMPERE,
                        Family.HOPPER, Family.HOPPER);
        assertThat(cv.errors().get(0).accelerator()).isEqualTo("nvidia-a100-80gb");
        CrossValidation prior = corpus.priorErrors();
        assertThat(prior.errors()).extracting(CrossValidation.Error::id)
                .containsExactly("a/r1", "a/r1", "a/r2", "a/r2", "b/r1", "b/r1", "c/r1", "c/r1");
        assertThat(prior.errors()).allMatch(CrossValidation.Error::extrapolated);
        assertThat(cv.errors().get(6).logError()).isEqualTo(prior.errors().get(6).logError());
        assertThat(cv.errors().get(7).logError()).isEqualTo(prior.errors().get(7).logError());
        // a's fold fits on b's one run, b's on a's two; c's needs no fit
        assertThat(progress).containsExactlyInAnyOrder("cross-validation: without a, fitting ampere on 1 runs",
                "cross-validation: without b, fitting ampere on 2 runs");
    }

    /*
     * Every family with runs gets a fit, named by its runs and sources; a family without runs gets none. The knee
     * report lists knee cases only: there is none here.
     */
    @Test
    void everyFamilyWithRunsIsFittedOnAllItsSources() {
        CorpusCalibration corpus = corpus();
        List<String> progress = new ArrayList<>();
        Map<Family, FactorFit.Result> fits = corpus.fitAll(progress::add);
        assertThat(fits).containsOnlyKeys(Family.AMPERE, Family.HOPPER);
        assertThat(fits.get(Family.AMPERE).factors().basis())
                .isEqualTo("prior estimates held to the published knees; 3 published runs from 2 sources (a, b) measure their error");
        assertThat(fits.get(Family.HOPPER).factors().basis())
                .isEqualTo("prior estimates held to the published knees; 1 published runs from 1 sources (c) measure their error");
        assertThat(progress).containsExactly("fitting ampere: 3 runs from 2 sources", "fitting hopper: 1 runs from 1 sources");
        assertThat(corpus.kneeErrors(fits)).isEmpty();
        // σ = ∞ and no knee to hold: the shipped factors are the prior's, marked calibrated (the corpus measures their error)
        assertThat(FactorFit.values(fits.get(Family.AMPERE).factors())).containsExactly(FactorFit.values(EfficiencyFactors
                .prior(Family.AMPERE)));
        assertThat(fits.get(Family.AMPERE).factors().calibrated()).isTrue();
    }

    /*
     * An error's absolute value is |predicted / published - 1|: ln 1.5 -> 0.5, ln 0.8 -> 0.2. The median of 0.3, 0.1,
     * 0.2 is 0.2; of 0.4, 0.1, 0.3, 0.2 it is (0.2 + 0.3) / 2 = 0.25; of nothing, NaN. median(family, group) takes the
     * errors of that family and group (null: any): Ampere throughput {0.5, 0.2} -> 0.35; all four -> (0.2 + 0.3) / 2.
     */
    @Test
    void theMedianIsOverTheAbsoluteRelativeErrors() {
        assertThat(CrossValidation.medianOf(new double[] {0.3, 0.1, 0.2})).isEqualTo(0.2);
        assertThat(CrossValidation.medianOf(new double[] {0.4, 0.1, 0.3, 0.2})).isCloseTo(0.25, within(1e-12));
        assertThat(CrossValidation.medianOf(new double[0])).isNaN();
        CrossValidation cv = new CrossValidation(List.of(
                error(Family.AMPERE, MetricGroup.THROUGHPUT, Math.log(1.5)),
                error(Family.AMPERE, MetricGroup.THROUGHPUT, Math.log(0.8)),
                error(Family.AMPERE, MetricGroup.TTFT, Math.log(1.3)),
                error(Family.HOPPER, MetricGroup.THROUGHPUT, Math.log(1.1))));
        assertThat(cv.errors().get(0).absolute()).isCloseTo(0.5, within(1e-12));
        assertThat(cv.errors().get(1).absolute()).isCloseTo(0.2, within(1e-12));
        assertThat(cv.median(Family.AMPERE, MetricGroup.THROUGHPUT)).isCloseTo(0.35, within(1e-12));
        assertThat(cv.median(null, null)).isCloseTo(0.25, within(1e-12));        // 0.1, 0.2, 0.3, 0.5
        assertThat(cv.median(null, MetricGroup.THROUGHPUT)).isCloseTo(0.2, within(1e-12));   // 0.1, 0.2, 0.5
        assertThat(cv.median(Family.HOPPER, null)).isCloseTo(0.1, within(1e-12));
        assertThat(cv.median(Family.TPU, null)).isNaN();
    }

    private static CrossValidation.Error error(Family family, MetricGroup group, double logError) {
        return new CrossValidation.Error("s", "s/p", family, "x", group, logError, false);
    }
}
