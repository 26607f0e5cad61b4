package dev.kiq.calibration;

import dev.kiq.catalog.Catalog;
import dev.kiq.corpus.PublishedCorpus;
import dev.kiq.perf.EfficiencyFactors;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A developer's tool, not a test: the full leave-one-source-out of {@link RobustBandwidthFit} at σ (real replays),
 * overall, per family, per metric and per source, beside the priors (docs/performance-model.md §7, "Genuine fits
 * screened against the priors"). {@code -Dnested=true} adds the nested cross-validation of that fit with σ chosen from
 * {@link NestedCrossValidation#GRID} (or {@code -Dgrid=0.3,inf}); {@code -Dconsensus=true} runs the consensus rule's leave-one-source-out instead.
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) dev.kiq.calibration.CandidateLosoReport σ}
 */
public final class CandidateLosoReport {

    private CandidateLosoReport() {
    }

    public static void main(String[] args) {
        double sigma = Double.parseDouble(args[0]);
        List<CalibrationCase> cases = CorpusCalibration.of(PublishedCorpus.bundled(), Catalog.bundled()).cases();
        if (Boolean.getBoolean("consensus")) {
            consensus(cases);
            return;
        }
        Set<String> sources = new LinkedHashSet<>();
        cases.forEach(c -> sources.add(c.source()));
        List<CorpusCalibration.CrossValidation.Error> fitted = new ArrayList<>();
        List<CorpusCalibration.CrossValidation.Error> priors = new ArrayList<>();
        for (EfficiencyFactors.Family family : EfficiencyFactors.Family.values()) {
            List<CalibrationCase> mine = cases.stream().filter(c -> c.family() == family).toList();
            if (mine.isEmpty()) {
                continue;
            }
            EfficiencyFactors all = RobustBandwidthFit.fit(mine, EfficiencyFactors.prior(family), sigma);
            System.out.printf(Locale.ROOT, "%s all sources: f_bw %.4f%n", family.key(), all.bandwidthFraction());
        }
        for (String source : sources) {
            for (EfficiencyFactors.Family family : EfficiencyFactors.Family.values()) {
                List<CalibrationCase> held = cases.stream().filter(c -> c.family() == family && c.source().equals(source)).toList();
                if (held.isEmpty()) {
                    continue;
                }
                List<CalibrationCase> train = cases.stream().filter(c -> c.family() == family && !c.source().equals(source)).toList();
                EfficiencyFactors prior = EfficiencyFactors.prior(family);
                EfficiencyFactors f = train.isEmpty() ? prior : RobustBandwidthFit.fit(train, prior, sigma);
                add(fitted, held, f);
                add(priors, held, prior);
                System.out.printf(Locale.ROOT, "without %s, %s: f_bw %.4f; held-out median %.1f%% (priors %.1f%%)%n", source,
                        family.key(), f.bandwidthFraction(), 100 * median(fitted, source), 100 * median(priors, source));
            }
        }
        print("fit", new CorpusCalibration.CrossValidation(fitted));
        print("priors", new CorpusCalibration.CrossValidation(priors));
        if (Boolean.getBoolean("nested")) {
            long start = System.nanoTime();
            // -Dgrid=0.3,inf: a shorter grid than the shipped one
            List<Double> grid = System.getProperty("grid") == null ? NestedCrossValidation.GRID
                    : java.util.Arrays.stream(System.getProperty("grid").split(","))
                    .map(g -> g.equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(g)).toList();
            NestedCrossValidation.Result r = new NestedCrossValidation(cases, grid,
                    RobustBandwidthFit::fit, FactorFit::logErrors).run(System.err::println);
            System.out.println(CalibrationFiles.nestedSection(r, sigma, String.format(Locale.ROOT, "%.1f s wall",
                    (System.nanoTime() - start) / 1e9)));
        }
    }

    /**
     * The consensus rule (screened, not adopted): each source's own f_bw (σ → 0: no prior), and a family moves from its
     * prior only when at least two training sources agree on the side, by the smallest move any of them supports.
     */
    private static void consensus(List<CalibrationCase> cases) {
        java.util.Map<String, Double> move = new java.util.LinkedHashMap<>();
        Set<String> sources = new LinkedHashSet<>();
        cases.forEach(c -> sources.add(c.source()));
        for (EfficiencyFactors.Family family : EfficiencyFactors.Family.values()) {
            EfficiencyFactors prior = EfficiencyFactors.prior(family);
            for (String s : sources) {
                List<CalibrationCase> own = cases.stream().filter(c -> c.family() == family && c.source().equals(s)).toList();
                if (!own.isEmpty()) {
                    double m = Math.log(RobustBandwidthFit.fit(own, prior, 1e-6).bandwidthFraction() / prior.bandwidthFraction());
                    move.put(family.key() + "|" + s, m);
                    System.out.printf(Locale.ROOT, "%s %s alone: f_bw x%.3f%n", family.key(), s, Math.exp(m));
                }
            }
        }
        List<CorpusCalibration.CrossValidation.Error> fitted = new ArrayList<>();
        List<CorpusCalibration.CrossValidation.Error> priors = new ArrayList<>();
        for (String source : sources) {
            for (EfficiencyFactors.Family family : EfficiencyFactors.Family.values()) {
                List<CalibrationCase> held = cases.stream().filter(c -> c.family() == family && c.source().equals(source)).toList();
                if (held.isEmpty()) {
                    continue;
                }
                List<Double> others = move.entrySet().stream().filter(e -> e.getKey().startsWith(family.key() + "|")
                        && !e.getKey().equals(family.key() + "|" + source)).map(java.util.Map.Entry::getValue).toList();
                boolean agree = others.size() >= 2 && (others.stream().allMatch(m -> m > 0) || others.stream().allMatch(m -> m < 0));
                double m = agree ? others.stream().min(java.util.Comparator.comparingDouble(Math::abs)).orElseThrow() : 0;
                EfficiencyFactors prior = EfficiencyFactors.prior(family);
                EfficiencyFactors f = m == 0 ? prior : FactorFit.factorsAt(FactorFit.logs(prior), new int[] {0},
                        new double[] {Math.log(prior.bandwidthFraction()) + m});
                add(fitted, held, f);
                add(priors, held, prior);
                System.out.printf(Locale.ROOT, "without %s, %s: f_bw x%.3f; held-out median %.1f%% (priors %.1f%%)%n", source,
                        family.key(), Math.exp(m), 100 * median(fitted, source), 100 * median(priors, source));
            }
        }
        print("rule", new CorpusCalibration.CrossValidation(fitted));
        print("priors", new CorpusCalibration.CrossValidation(priors));
    }

    private static double median(List<CorpusCalibration.CrossValidation.Error> errors, String source) {
        return CorpusCalibration.CrossValidation.medianOf(errors.stream().filter(e -> e.source().equals(source))
                .mapToDouble(CorpusCalibration.CrossValidation.Error::absolute).toArray());
    }

    private static void add(List<CorpusCalibration.CrossValidation.Error> out, List<CalibrationCase> held, EfficiencyFactors f) {
        double[] e = FactorFit.logErrors(held, f);
        int k = 0;
        for (CalibrationCase c : held) {
            for (CalibrationCase.Target t : c.targets()) {
                out.add(new CorpusCalibration.CrossValidation.Error(c.source(), c.id(), c.family(), c.setup().accelerator().id(),
                        t.group(), e[k++], false));
            }
        }
    }

    private static void print(String label, CorpusCalibration.CrossValidation cv) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-7s overall %.2f%%", label, 100 * cv.median(null, null)));
        for (EfficiencyFactors.Family f : EfficiencyFactors.Family.values()) {
            b.append(String.format(Locale.ROOT, " | %s %.1f%%", f.key(), 100 * cv.median(f, null)));
        }
        for (CalibrationCase.MetricGroup g : CalibrationCase.MetricGroup.values()) {
            b.append(String.format(Locale.ROOT, " | %s %.1f%%", g.label(), 100 * cv.median(null, g)));
        }
        System.out.println(b);
    }
}
