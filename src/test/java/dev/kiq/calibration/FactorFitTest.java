package dev.kiq.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kiq.calibration.CalibrationCase.MetricGroup;
import dev.kiq.calibration.CalibrationCase.Quantity;
import dev.kiq.calibration.CalibrationCase.Stat;
import dev.kiq.calibration.CalibrationCase.Target;
import dev.kiq.catalog.Catalog;
import dev.kiq.corpus.PublishedCorpus;
import dev.kiq.perf.Arrivals;
import dev.kiq.perf.EfficiencyFactors;
import dev.kiq.perf.RequestTrace;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The fit's weights (one unit per source and metric group) and its replay cache. */
class FactorFitTest {

    private static List<CalibrationCase> corpus;

    @BeforeAll
    static void cases() {
        corpus = CorpusCalibration.of(PublishedCorpus.bundled(), Catalog.bundled()).cases();
    }

    /** A copy of a case with other figures (same replica, requests and arrivals). */
    private static CalibrationCase withTargets(CalibrationCase c, String source, List<Target> targets) {
        return withTargets(c, source, targets, c.held());
    }

    /** The same, held or not. */
    private static CalibrationCase withTargets(CalibrationCase c, String source, List<Target> targets, boolean held) {
        return new CalibrationCase(source, c.id(), c.family(), c.setup(), c.workload(), c.trace(), c.arrivals(), c.window(),
                targets, c.chatStream(), held);
    }

    @Test
    void theFiguresOfOneSourceAndMetricWeighOneTogetherAndTailsHalfAsMuch() {
        CalibrationCase run = corpus.stream().filter(c -> !c.isKnee()).findFirst().orElseThrow();
        // source a: three TTFTs (mean, median, p99) and one throughput; source b: one TTFT
        List<CalibrationCase> cases = List.of(
                withTargets(run, "a", List.of(new Target(Quantity.TTFT, Stat.MEAN, 10, 1), new Target(Quantity.TTFT, Stat.MEDIAN, 9, 1),
                        new Target(Quantity.TTFT, Stat.P99, 30, 0.5), new Target(Quantity.OUTPUT_TOKENS_PER_SECOND, Stat.MEDIAN, 100, 1))),
                withTargets(run, "b", List.of(new Target(Quantity.TTFT, Stat.MEDIAN, 12, 1))));
        double[] w = FactorFit.weights(cases);
        // a's TTFTs share 1 in proportion 1 : 1 : 0.5 -> 0.4, 0.4, 0.2; its one throughput and b's one TTFT weigh 1
        assertThat(w).containsExactly(new double[] {0.4, 0.4, 0.2, 1.0, 1.0}, within(1e-12));
    }

    @Test
    void aSourceReadOffAPlotWeighsHalfAHeldKneeTwentyTimesAndAnUnheldKneeOnce() {
        CalibrationCase run = corpus.stream().filter(c -> !c.isKnee()).findFirst().orElseThrow();
        CalibrationCase knee = corpus.stream().filter(CalibrationCase::isKnee).findFirst().orElseThrow();
        List<CalibrationCase> cases = List.of(
                withTargets(run, "plot", List.of(new Target(Quantity.TPOT, Stat.MEDIAN, 10, 0.5), new Target(Quantity.TPOT, Stat.MEAN, 11, 0.5))),
                withTargets(knee, "held", List.of(new Target(Quantity.NTPOT, Stat.MEDIAN, 70, 1)), true),
                withTargets(knee, "unheld", List.of(new Target(Quantity.NTPOT, Stat.MEDIAN, 1085, 1)), false));
        assertThat(FactorFit.weights(cases)).containsExactly(new double[] {0.25, 0.25, 20.0, 1.0}, within(1e-12));
        // only the held knee's figure (index 2) is a constraint of the fit
        assertThat(FactorFit.kneeFigures(cases)).containsExactly(2);
    }

    @Test
    void onlyTheSeedsTwoDeepSeekKneesAreHeld() {
        // issue 10 asks the seed's knees to stay within 5%; every other knee of the corpus is an ordinary figure
        assertThat(corpus.stream().filter(CalibrationCase::held).map(CalibrationCase::id))
                .containsExactlyInAnyOrder("gke-inference-quickstart/a100-40gb-knee", "gke-inference-quickstart/h100-80gb-knee");
    }

    @Test
    void everySourceAndMetricOfTheCorpusWeighsItsUnit() {
        double[] w = FactorFit.weights(corpus);
        java.util.Map<String, Double> sums = new java.util.HashMap<>();
        int i = 0;
        for (CalibrationCase c : corpus) {
            for (Target t : c.targets()) {
                sums.merge(c.source() + "|" + t.group(), w[i++], Double::sum);
            }
        }
        // the corpus has no figure read off a plot: every group weighs 1, the GKE knees' groups 20
        sums.forEach((group, sum) -> assertThat(sum).as(group)
                .isCloseTo(group.startsWith("gke-inference-quickstart|") ? FactorFit.KNEE_WEIGHT : 1.0, within(1e-9)));
        assertThat(sums).containsKey("kvcached-h100-v1|" + MetricGroup.TTFT);
    }

    /** Replays a fit over two sources (30 s): tagged so that a PIT run can leave it out (-DexcludedGroups=replay). */
    @Test
    @Tag("replay")
    void aKneeStaysWithinItsMarginWhenAnotherSourcePullsTheFactorsAway() {
        // the A100 seed knee's replica, replayed as GKE measured it with a capacity probe of 150 requests instead of 2000
        CalibrationCase seed = corpus.stream().filter(c -> c.isKnee() && c.setup().accelerator().id().equals("nvidia-tesla-a100"))
                .findFirst().orElseThrow();
        RequestTrace trace = RequestTrace.generate(seed.workload(), 150, CaseBuilder.SEED);
        EfficiencyFactors prior = EfficiencyFactors.prior(seed.family());
        List<Target> probe = List.of(new Target(Quantity.OUTPUT_TOKENS_PER_SECOND, Stat.MEDIAN, 1, 1),
                new Target(Quantity.NTPOT, Stat.MEDIAN, 1, 1));
        double[] atPrior = new CalibrationCase("seed", "seed/knee", seed.family(), seed.setup(), seed.workload(), trace, null,
                seed.window(), probe).predict(prior);
        // published: the prior's own knee, weighing one ordinary source (its own weight 1/20 cancels the fit's knee weight
        // of 20), so that only the constraint holds it
        double one = 1 / FactorFit.KNEE_WEIGHT;
        CalibrationCase knee = new CalibrationCase("seed", "seed/knee", seed.family(), seed.setup(), seed.workload(), trace, null,
                seed.window(), List.of(new Target(Quantity.OUTPUT_TOKENS_PER_SECOND, Stat.MEDIAN, atPrior[0], one),
                new Target(Quantity.NTPOT, Stat.MEDIAN, atPrior[1], one)), false, true);
        // two other sources measured the same replica at a moderate Poisson rate 45% faster per token than the prior says
        Arrivals rate = new Arrivals.Poisson(0.5 * atPrior[0] / seed.workload().output().mean());
        List<Target> tpot = List.of(new Target(Quantity.TPOT, Stat.MEDIAN, 1, 1));
        double priorTpot = new CalibrationCase("x", "x/run", seed.family(), seed.setup(), seed.workload(), trace, rate,
                seed.window(), tpot).predict(prior)[0];
        List<CalibrationCase> cases = new java.util.ArrayList<>(List.of(knee));
        for (String source : List.of("other-a", "other-b")) {
            cases.add(new CalibrationCase(source, source + "/run", seed.family(), seed.setup(), seed.workload(), trace, rate,
                    seed.window(), List.of(new Target(Quantity.TPOT, Stat.MEDIAN, 0.55 * priorTpot, 1))));
        }

        // a finite σ (the eighth calibration's 1.20, in the nested grid; the shipped σ = ∞ gives the others no pull at all)
        FactorFit.Result fit = FactorFit.fit(cases, prior, "test", 1.20);

        double[] kneeAfter = knee.predict(fit.factors());
        // ±4%: the margin under issue 10's ±5% (a fit weighing the knee as one source puts it about 15% away)
        assertThat(kneeAfter[0] / atPrior[0]).as("knee throughput / published").isCloseTo(1.0, within(0.04));
        assertThat(kneeAfter[1] / atPrior[1]).as("knee NTPOT / published").isCloseTo(1.0, within(0.04));
        assertThat(fit.kneesHeld()).isTrue();
    }

    @Test
    void aSourceOneSigmaOffCostsAsMuchAsAFactorOnePriorWidthAway() {
        // the objective's balance (docs §7): a source's metric group 0.30 off in log space (σ = 0.30) costs 1, and so does
        // f_bw 0.2 in log space (its σ_f) from its prior; the group's tail figure weighs a quarter and is twice as far off
        double[] r = balanceCase(0.30);
        // figures: 1·0.30/0.30, 0.5·(−0.60)/0.30, √20·0.05/0.30; the knee figure (index 2) lies 0.05 − ln 1.04 beyond its
        // +4% margin, and that excess weighs √10⁴ = 100; priors: −0.2/0.2 (f_bw) and 0.7/0.7 (V0 overhead)
        assertThat(r).containsExactly(new double[] {1.0, -1.0, Math.sqrt(20) * 0.05 / 0.30,
                100 * (0.05 - Math.log(1.04)) / 0.30, -1.0, 1.0}, within(1e-12));
    }

    /**
     * The residuals at σ of three figures (log errors 0.30, −0.60, 0.05; weights 1, 0.25, 20; the third a knee's) and two
     * fitted factors (f_bw at its prior 0.8 less 0.2 in log space, the V0 overhead at its prior 2 plus 0.7).
     */
    private static double[] balanceCase(double sigma) {
        double[] priorLog = new double[FactorFit.NAMES.length];
        java.util.Arrays.fill(priorLog, Math.log(2));
        priorLog[0] = Math.log(0.8);
        return FactorFit.residuals(new double[] {0.30, -0.60, 0.05}, new double[] {1, 0.25, 20}, new int[] {2},
                new double[] {Math.log(0.8) - 0.2, Math.log(2) + 0.7}, priorLog, new int[] {0, 2}, sigma);
    }

    @Test
    void withAnInfiniteSigmaOnlyTheKneesExcessAndThePriorsCost() {
        // the same figures as above at σ = ∞ (the shipped corpus fit): the figures weigh nothing, the knee figure's excess
        // 0.05 − ln 1.04 still weighs √10⁴ = 100 (scale 1, not σ), the priors −0.2/0.2 and 0.7/0.7 as before
        double[] r = balanceCase(Double.POSITIVE_INFINITY);
        assertThat(r).containsExactly(new double[] {0, 0, 0, 100 * (0.05 - Math.log(1.04)), -1.0, 1.0}, within(1e-12));
        assertThat(FactorFit.SIGMA_BETWEEN_SOURCES).isInfinite();
    }

    @Test
    void aKneeFigureCostsNothingInsideTheMarginAndItsExcessOutside() {
        assertThat(FactorFit.kneeExcess(Math.log(1.039))).isZero();
        assertThat(FactorFit.kneeExcess(Math.log(0.961))).isZero();
        assertThat(FactorFit.kneeExcess(Math.log(1.10))).isCloseTo(Math.log(1.10 / 1.04), within(1e-12));
        assertThat(FactorFit.kneeExcess(Math.log(0.90))).isCloseTo(Math.log(0.96 / 0.90), within(1e-12));
    }

    @Test
    void whatACacheKeyLeavesOutDoesNotChangeTheReplay() {
        // the fit replays a case once per value of the factors usedBy says it uses: the others must not matter
        for (dev.kiq.perf.EngineOptions.Engine engine : dev.kiq.perf.EngineOptions.Engine.values()) {
            CalibrationCase c = corpus.stream().filter(k -> !k.isKnee() && !k.tensorParallel()
                    && !k.setup().options().syncOutputProcessing()
                    && k.setup().options().engine() == engine).findFirst().orElseThrow();
            boolean v0 = engine == dev.kiq.perf.EngineOptions.Engine.V0;
            assertThat(FactorFit.usedBy(c)).containsExactly(true, true, v0, !v0, v0, !v0, false, false,
                    v0, v0, v0, !v0, !v0, !v0, false);
            EfficiencyFactors p = EfficiencyFactors.prior(c.family());
            EfficiencyFactors unused = new EfficiencyFactors(p.bandwidthFraction(), p.computeFraction(),
                    p.iterationOverheadMs() * (v0 ? 1 : 3), p.v1IterationOverheadMs() * (v0 ? 3 : 1),
                    p.sequenceOverheadUs() * (v0 ? 1 : 3), p.v1SequenceOverheadUs() * (v0 ? 3 : 1),
                    p.allReduceLatencyUs() * 3, p.interconnectFraction() / 2,
                    p.apiLatencyMs() * (v0 ? 1 : 3), p.apiRequestMs() * (v0 ? 1 : 3), p.apiTokenUs() * (v0 ? 1 : 3),
                    p.v1ApiLatencyMs() * (v0 ? 3 : 1), p.v1ApiRequestMs() * (v0 ? 3 : 1), p.v1ApiTokenUs() * (v0 ? 3 : 1),
                    p.syncOutputUs() * 3, true, "test");
            assertThat(c.predict(unused)).as(c.id()).containsExactly(c.predict(p));
        }
        // a vLLM 0.5 run (lambda-vllm-v054) uses the synchronous output processing, and it changes its replay
        CalibrationCase v05 = corpus.stream().filter(k -> k.setup().options().syncOutputProcessing()).findFirst().orElseThrow();
        assertThat(FactorFit.usedBy(v05)[14]).isTrue();
        EfficiencyFactors p = EfficiencyFactors.prior(v05.family());
        EfficiencyFactors slower = new EfficiencyFactors(p.bandwidthFraction(), p.computeFraction(), p.iterationOverheadMs(),
                p.v1IterationOverheadMs(), p.sequenceOverheadUs(), p.v1SequenceOverheadUs(), p.allReduceLatencyUs(),
                p.interconnectFraction(), p.apiLatencyMs(), p.apiRequestMs(), p.apiTokenUs(), p.v1ApiLatencyMs(),
                p.v1ApiRequestMs(), p.v1ApiTokenUs(), p.syncOutputUs() * 3, true, "test");
        assertThat(v05.predict(slower)[0]).as(v05.id()).isLessThan(v05.predict(p)[0]);
    }
}
