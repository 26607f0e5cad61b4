package dev.kiq.calibration;

import dev.kiq.catalog.Catalog;
import dev.kiq.corpus.PublishedCorpus;
import dev.kiq.perf.EfficiencyFactors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A developer's tool, not a test: one generation's leave-one-source-out folds opened up. For each of its sources, the
 * factors fitted without it (how far each moved from its prior, in prior widths σ_f) and every held-out figure's error
 * with those factors and with the priors, to see which source moves which factor and whom that costs
 * (docs/performance-model.md §7, "Why the TPU fit loses to its priors").
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) dev.kiq.calibration.FamilyFoldReport tpu [σ]}
 */
public final class FamilyFoldReport {

    private FamilyFoldReport() {
    }

    public static void main(String[] args) {
        EfficiencyFactors.Family family = EfficiencyFactors.Family.valueOf(args[0].toUpperCase(Locale.ROOT));
        double sigma = args.length > 1 ? Double.parseDouble(args[1]) : FactorFit.SIGMA_BETWEEN_SOURCES;
        List<CalibrationCase> cases = CorpusCalibration.of(PublishedCorpus.bundled(), Catalog.bundled()).cases().stream()
                .filter(c -> c.family() == family).toList();
        Set<String> sources = new TreeSet<>();
        cases.forEach(c -> sources.add(c.source()));
        EfficiencyFactors prior = EfficiencyFactors.prior(family);
        FactorFit.Result all = FactorFit.fit(cases, prior, "all", sigma);
        System.out.println("all sources: " + moves(all.factors(), prior));
        print("in sample", cases, all.factors());
        for (String source : sources) {
            List<CalibrationCase> train = cases.stream().filter(c -> !c.source().equals(source)).toList();
            List<CalibrationCase> held = cases.stream().filter(c -> c.source().equals(source)).toList();
            if (train.isEmpty()) {
                continue;
            }
            EfficiencyFactors f = FactorFit.fit(train, prior, "fold", sigma).factors();
            System.out.println("without " + source + ": " + moves(f, prior));
            print("held, fit", held, f);
            print("held, prior", held, prior);
        }
    }

    /** The factors that moved, each with its distance from the prior in prior widths. */
    private static String moves(EfficiencyFactors f, EfficiencyFactors prior) {
        double[] v = FactorFit.values(f);
        double[] p = FactorFit.values(prior);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            double d = Math.log(v[i] / p[i]);
            if (Math.abs(d) > 1e-6) {
                b.append(String.format(Locale.ROOT, "%s %.4g (%+.2f σ_f) ", FactorFit.NAMES[i], v[i], d / FactorFit.SIGMA_PRIOR[i]));
            }
        }
        return b.toString();
    }

    private static void print(String label, List<CalibrationCase> cases, EfficiencyFactors f) {
        double[] e = FactorFit.logErrors(cases, f);
        List<Double> abs = new ArrayList<>();
        int k = 0;
        for (CalibrationCase c : cases) {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "  %-12s %-45s", label, c.id()));
            for (CalibrationCase.Target t : c.targets()) {
                b.append(String.format(Locale.ROOT, " %s/%s %+.1f%%", t.quantity(), t.stat(), 100 * Math.expm1(e[k])));
                abs.add(Math.abs(Math.expm1(e[k++])));
            }
            System.out.println(b);
        }
        System.out.printf(Locale.ROOT, "  %-12s median %.1f%%%n", label,
                100 * CorpusCalibration.CrossValidation.medianOf(abs.stream().mapToDouble(Double::doubleValue).toArray()));
    }
}
