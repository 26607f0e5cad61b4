package dev.kiq.calibration;

import dev.kiq.calibration.CalibrationCase.MetricGroup;
import dev.kiq.calibration.CalibrationCase.Target;
import dev.kiq.catalog.Catalog;
import dev.kiq.corpus.PublishedCorpus;
import dev.kiq.perf.Arrivals;
import dev.kiq.perf.ContinuousBatchingEngine;
import dev.kiq.perf.EfficiencyFactors;
import dev.kiq.perf.EngineOptions;
import dev.kiq.perf.FactorTable;
import dev.kiq.perf.LoadRun;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A developer's tool, not a test: every figure of one metric group (TTFT by default) of the corpus with its run's load
 * regime (burst of N, Poisson rate, capped Poisson, closed loop of c clients), its mean prompt length and its error,
 * its tensor-parallel size and the mean running batch of its replay with the priors (time-weighted over the run's
 * window, idle time counted as 0), then the signed median error per source, regime, prompt length, quantity and
 * statistic, engine, family, batch size, TP size and per source x engine x regime x batch x TP cell (light load: a mean
 * batch under 4, whatever the arrivals), to see what the model gets systematically wrong about that metric.
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) dev.kiq.calibration.TtftResidualReport MODE [N [METRIC]]}
 * MODE: {@code prior} (the prior factors, no fit), {@code shipped} (the shipped factors, in sample) or {@code cv}
 * (leave one source out, as {@code kiq calibrate --corpus}); N: at most N single runs per source (the quick check),
 * 0 for the whole corpus; METRIC: {@code ttft} (default), {@code tpot} (TPOT and ITL), {@code ntpot} or
 * {@code throughput}.
 */
public final class TtftResidualReport {

    private TtftResidualReport() {
    }

    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "prior";
        int perSource = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        MetricGroup metric = args.length > 2 ? Arrays.stream(MetricGroup.values())
                .filter(g -> g.key().equals(args[2])).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("metric: ttft, tpot, ntpot or throughput")) : MetricGroup.TTFT;
        PublishedCorpus corpus = PublishedCorpus.bundled();
        if (perSource > 0) {
            corpus = corpus.quickCheck(perSource);
        }
        CorpusCalibration cal = CorpusCalibration.of(corpus, Catalog.bundled());
        List<CorpusCalibration.CrossValidation.Error> errors = switch (mode) {
            case "prior" -> cal.priorErrors().errors();
            case "cv" -> cal.crossValidate(s -> { }).errors();
            case "shipped" -> shipped(cal);
            default -> throw new IllegalArgumentException("mode: prior, shipped or cv");
        };
        Map<String, CalibrationCase> byId = new HashMap<>();
        cal.cases().forEach(c -> byId.put(c.id(), c));
        Map<String, Integer> seen = new HashMap<>();
        Map<String, List<Double>> bySource = new TreeMap<>();
        Map<String, List<Double>> byRegime = new TreeMap<>();
        Map<String, List<Double>> byPrompt = new TreeMap<>();
        Map<String, List<Double>> byStat = new TreeMap<>();
        Map<String, List<Double>> byEngine = new TreeMap<>();
        Map<String, List<Double>> byFamilyRegime = new TreeMap<>();
        Map<String, List<Double>> byBatch = new TreeMap<>();
        Map<String, List<Double>> byTp = new TreeMap<>();
        Map<String, List<Double>> byCell = new TreeMap<>();
        Map<String, Double> batchOf = new HashMap<>();
        List<Double> all = new ArrayList<>();
        for (CorpusCalibration.CrossValidation.Error e : errors) {
            int k = seen.merge(e.id(), 1, Integer::sum) - 1;
            if (e.group() != metric) {
                continue;
            }
            CalibrationCase c = byId.get(e.id());
            Target t = c.targets().get(k);
            double err = Math.expm1(e.logError());
            double meanIn = c.trace().totalInputTokens() / (double) c.trace().size();
            String regime = regime(c);
            String prompt = meanIn < 300 ? "prompt<300" : meanIn < 1500 ? "prompt300-1500" : "prompt>=1500";
            String what = t.quantity().name() + (metric == MetricGroup.THROUGHPUT ? "" : " " + t.stat());
            String engine = engine(c);
            double batch = batchOf.computeIfAbsent(c.id(), x -> meanRunning(c));
            String batchClass = batchClass(batch);
            String regimeClass = regimeClass(c, batch);
            int tp = c.setup().acceleratorCount();
            System.out.printf(Locale.ROOT, "%-62s %-7s %-13s %-9s %-14s in %6.0f out %5.0f n %4d tp %d batch %6.1f  obs %9.2f  model %9.2f  %+6.1f%%%n",
                    e.id(), e.family().key(), regime, engine, what, meanIn,
                    c.trace().totalOutputTokens() / (double) c.trace().size(),
                    c.trace().size(), tp, batch, t.observed(), t.observed() * Math.exp(e.logError()), 100 * err);
            byBatch.computeIfAbsent(batchClass, x -> new ArrayList<>()).add(err);
            byTp.computeIfAbsent("tp" + tp, x -> new ArrayList<>()).add(err);
            byCell.computeIfAbsent(String.format(Locale.ROOT, "%-26s %-14s %-8s %-8s tp%d", e.source(), engine,
                    regimeClass, batchClass, tp), x -> new ArrayList<>()).add(err);
            byEngine.computeIfAbsent(engine, x -> new ArrayList<>()).add(err);
            byFamilyRegime.computeIfAbsent(e.family().key() + " " + regime.replaceAll("[0-9./]+", ""),
                    x -> new ArrayList<>()).add(err);
            bySource.computeIfAbsent(e.source(), x -> new ArrayList<>()).add(err);
            byRegime.computeIfAbsent(regime.replaceAll("[0-9.]+", ""), x -> new ArrayList<>()).add(err);
            byPrompt.computeIfAbsent(prompt, x -> new ArrayList<>()).add(err);
            byStat.computeIfAbsent(what, x -> new ArrayList<>()).add(err);
            all.add(err);
        }
        print("source", bySource);
        print("regime", byRegime);
        print("prompt", byPrompt);
        print("quantity and statistic", byStat);
        print("engine", byEngine);
        print("family and regime", byFamilyRegime);
        print("modeled mean running batch (priors' replay; idle counts 0)", byBatch);
        print("tensor-parallel size", byTp);
        print("source x engine x regime (light: mean batch < 4) x batch x TP", byCell);
        CorpusCalibration.CrossValidation all0 = new CorpusCalibration.CrossValidation(errors);
        for (EfficiencyFactors.Family f : EfficiencyFactors.Family.values()) {
            System.out.printf(Locale.ROOT, "  family %-8s %5.1f%%%n", f.key(), 100 * all0.median(f, null));
        }
        for (MetricGroup g : MetricGroup.values()) {
            System.out.printf(Locale.ROOT, "  metric %-10s %5.1f%%%n", g.label(), 100 * all0.median(null, g));
        }
        System.out.printf(Locale.ROOT, "%s: %d figures, median |error| %.1f%%, signed median %+.1f%%; %s overall %.1f%%%n",
                metric.label(), all.size(), 100 * median(all.stream().map(Math::abs).toList()), 100 * median(all), mode,
                100 * new CorpusCalibration.CrossValidation(errors).median(null, null));
    }

    /** V0 or V1 with what changes its timing: multi-step, synchronous output, async scheduling, full decode graphs. */
    private static String engine(CalibrationCase c) {
        EngineOptions o = c.setup().options();
        StringBuilder b = new StringBuilder(o.engine().name());
        if (o.numSchedulerSteps() > 1) {
            b.append("-ms");
        }
        if (o.syncOutputProcessing()) {
            b.append("-sync");
        }
        if (o.fullDecodeCudaGraphs()) {
            b.append("-full");
        }
        if (o.asyncScheduling()) {
            b.append("-async");
        }
        return b.toString();
    }

    /**
     * The time-weighted mean of the running batch in the replay with the family's priors (the run's window; idle time
     * counts 0), or NaN for a knee.
     */
    private static double meanRunning(CalibrationCase c) {
        if (c.isKnee()) {
            return Double.NaN;
        }
        EfficiencyFactors prior = EfficiencyFactors.prior(c.family());
        LoadRun.Result r = LoadRun.run(() -> new ContinuousBatchingEngine(c.setup().schedulerSettings(),
                c.setup().iterationCost(prior)), c.trace(), c.arrivals(), c.window(), c.chatStream());
        return r.point().batchSize();
    }

    private static String batchClass(double batch) {
        if (Double.isNaN(batch)) {
            return "knee";
        }
        return batch < 2 ? "b<2" : batch < 8 ? "b2-8" : batch < 32 ? "b8-32" : batch < 128 ? "b32-128" : "b>=128";
    }

    /** Light load (a mean running batch under 4, whatever the arrivals), loaded Poisson, capped, closed loop or burst. */
    private static String regimeClass(CalibrationCase c, double batch) {
        if (c.isKnee()) {
            return "knee";
        }
        if (batch < 4) {
            return "light";
        }
        Arrivals a = c.arrivals();
        return a instanceof Arrivals.Burst ? "burst" : a instanceof Arrivals.Poisson ? "poisson"
                : a instanceof Arrivals.CappedPoisson ? "capped" : "closed";
    }

    private static String regime(CalibrationCase c) {
        Arrivals a = c.arrivals();
        if (a instanceof Arrivals.Burst) {
            return "burst" + c.trace().size();
        }
        if (a instanceof Arrivals.Poisson p) {
            return String.format(Locale.ROOT, "poisson%.3g", p.requestsPerSecond());
        }
        if (a instanceof Arrivals.CappedPoisson cp) {
            return String.format(Locale.ROOT, "capped%.3g/%d", cp.requestsPerSecond(), cp.maxInFlight());
        }
        if (a instanceof Arrivals.Concurrency cc) {
            return "closed" + cc.clients();
        }
        return "knee";
    }

    private static List<CorpusCalibration.CrossValidation.Error> shipped(CorpusCalibration cal) {
        List<CorpusCalibration.CrossValidation.Error> out = new ArrayList<>();
        FactorTable table = FactorTable.shipped();
        for (EfficiencyFactors.Family family : EfficiencyFactors.Family.values()) {
            List<CalibrationCase> mine = cal.cases().stream().filter(c -> c.family() == family).toList();
            double[] e = FactorFit.logErrors(mine, table.factors(family));
            int k = 0;
            for (CalibrationCase c : mine) {
                for (Target t : c.targets()) {
                    out.add(new CorpusCalibration.CrossValidation.Error(c.source(), c.id(), family,
                            c.setup().accelerator().id(), t.group(), e[k++], false));
                }
            }
        }
        return out;
    }

    private static void print(String what, Map<String, List<Double>> groups) {
        System.out.println("-- by " + what + " (figures, signed median, median |error|)");
        groups.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-32s %4d  %+6.1f%%  %5.1f%%%n", k, v.size(),
                100 * median(v), 100 * median(v.stream().map(Math::abs).toList())));
    }

    private static double median(List<Double> v) {
        return CorpusCalibration.CrossValidation.medianOf(v.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
