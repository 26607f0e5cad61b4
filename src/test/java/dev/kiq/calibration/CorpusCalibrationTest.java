package dev.kiq.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
     * The folds run on worker threads; what stops one reaches the caller as itself: a progress listener's exception
     * (here an UnsupportedOperationException, thrown at the first fold that fits) is rethrown unwrapped, and an interrupted
     * caller gets "cross-validation interrupted" with its interrupt flag set again (the folds' listener blocks until the
     * pool is shut down, so that no fold is done before the caller waits for it).
     */
    @Test
    void aFoldsFailureAndAnInterruptReachTheCaller() {
        CorpusCalibration corpus = corpus();
        assertThatThrownBy(() -> corpus.crossValidate(line -> {
            throw new UnsupportedOperationException("stop at " + line);
        })).isExactlyInstanceOf(UnsupportedOperationException.class).hasMessageStartingWith("stop at cross-validation: without ");
        Thread.currentThread().interrupt();
        try {
            java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
            assertThatThrownBy(() -> corpus.crossValidate(line -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }))
                    .isExactlyInstanceOf(IllegalStateException.class).hasMessage("cross-validation interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    /*
     * The knee report lists the held knees (hold: true) of the families given a fit, one line each, and nothing else: of
     * a's held knee on an A100, c's held knee on an H100 and a's ordinary run, with only Ampere fitted, a/k1 alone. Its
     * line quotes each figure as model, published and model / published - 1: the printed model figure over the
     * published 1500 tok/s and 20 ms NTPOT (printed 20.00: four significant digits), less 1, is the printed percentage
     * (e.g. 2664 / 1500 - 1 = +77.6%).
     */
    @Test
    void theKneeReportQuotesEachHeldKneeOfAFittedFamily() {
        String knee = """
                  - id: k1
                    model: %s
                    accelerator: %s
                    count: 1
                    server: {name: vllm, version: "0.10.1", engine: V1}
                    workload: {dataset: random, prompts: 20, inputTokens: {fixed: 200}, outputTokens: {fixed: 50}, arrival: {kind: knee}}
                    figures: {outputTokensPerSecond: 1500, ntpotMs: {median: 20}}
                    hold: true
                    reading: printed
                    where: "a table"
                """;
        List<PublishedPoint> all = new ArrayList<>();
        all.addAll(points("a", knee.formatted(SEVEN_B, "nvidia-a100-80gb"), run("r1", SEVEN_B, "nvidia-a100-80gb", 1500, 12)));
        all.addAll(points("c", knee.formatted(SEVEN_B, "nvidia-h100-80gb")));
        CorpusCalibration corpus = CorpusCalibration.of(all, CATALOG);
        EfficiencyFactors ampere = EfficiencyFactors.prior(Family.AMPERE);
        List<String> lines = corpus.kneeErrors(Map.of(Family.AMPERE, new FactorFit.Result(ampere, List.of(), 0, 0, true)));
        assertThat(lines).hasSize(1);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("a/k1 \\(nvidia-a100-80gb\\): output tokens per second (\\S+)"
                + " against 1500 \\(([-+]\\d+\\.\\d)%\\), ntpot (\\S+) against 20\\.00 \\(([-+]\\d+\\.\\d)%\\)").matcher(lines.get(0));
        assertThat(m.matches()).as(lines.get(0)).isTrue();
        assertThat(Double.parseDouble(m.group(2))).isCloseTo(100 * (Double.parseDouble(m.group(1)) / 1500 - 1), within(0.1));
        assertThat(Double.parseDouble(m.group(4))).isCloseTo(100 * (Double.parseDouble(m.group(3)) / 20 - 1), within(0.1));
        assertThat(lines.get(0)).isEqualTo(CorpusCalibration.kneeError(corpus.cases().get(0), ampere));
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
