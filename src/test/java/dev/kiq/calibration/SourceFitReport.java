package dev.kiq.calibration;

import dev.kiq.catalog.Catalog;
import dev.kiq.corpus.PublishedCorpus;
import dev.kiq.perf.EfficiencyFactors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A developer's tool, not a test: fits each generation's factors to one source's runs alone and prints the
 * median absolute in-sample error per metric group, to tell whether the model's structure can fit that source
 * at all (a missing mechanism leaves an error no factor removes).
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) dev.kiq.calibration.SourceFitReport SOURCE}
 */
public final class SourceFitReport {

    private SourceFitReport() {
    }

    public static void main(String[] args) {
        String source = args[0];
        List<CalibrationCase> cases = CorpusCalibration.of(PublishedCorpus.bundled(), Catalog.bundled()).cases().stream()
                .filter(c -> c.source().equals(source)).toList();
        for (EfficiencyFactors.Family family : EfficiencyFactors.Family.values()) {
            List<CalibrationCase> mine = cases.stream().filter(c -> c.family() == family).toList();
            if (mine.isEmpty()) {
                continue;
            }
            // one source alone: the error within a source
            FactorFit.Result r = FactorFit.fit(mine, EfficiencyFactors.prior(family), "in sample", FactorFit.SIGMA_OWN_MEASUREMENTS);
            double[] log = FactorFit.logErrors(mine, r.factors());
            List<CorpusCalibration.CrossValidation.Error> errors = new ArrayList<>();
            int k = 0;
            for (CalibrationCase c : mine) {
                StringBuilder figures = new StringBuilder("  " + c.id());
                for (CalibrationCase.Target t : c.targets()) {
                    figures.append(String.format(Locale.ROOT, " %s %+.0f%%", t.quantity(), 100 * (Math.exp(log[k]) - 1)));
                    errors.add(new CorpusCalibration.CrossValidation.Error(c.source(), c.id(), family,
                            c.setup().accelerator().id(), t.group(), log[k++], false));
                }
                if (Boolean.getBoolean("figures")) {
                    System.out.println(figures);
                }
            }
            CorpusCalibration.CrossValidation cv = new CorpusCalibration.CrossValidation(errors);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s %s: all %.1f%%", source, family.key(),
                    100 * cv.median(family, null)));
            for (CalibrationCase.MetricGroup g : CalibrationCase.MetricGroup.values()) {
                double m = cv.median(family, g);
                if (!Double.isNaN(m)) {
                    line.append(String.format(Locale.ROOT, ", %s %.1f%%", g.label(), 100 * m));
                }
            }
            System.out.println(line + "  factors " + r.factors());
        }
    }
}
