package dev.kiq.calibration;

import dev.kiq.catalog.Catalog;
import dev.kiq.corpus.PublishedCorpus;
import dev.kiq.perf.EfficiencyFactors;
import dev.kiq.perf.FactorTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A developer's tool, not a test: every figure of the named corpus sources predicted with the shipped
 * factors (in sample), side by side with the published value, and the median absolute error per source.
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) dev.kiq.calibration.InSampleReport SOURCE...}
 */
public final class InSampleReport {

    private InSampleReport() {
    }

    /** The factors with any of {@code -Dfactor.NAME=VALUE} (record component names) put in their place. */
    static EfficiencyFactors overridden(EfficiencyFactors f) {
        double[] v = {f.bandwidthFraction(), f.computeFraction(), f.iterationOverheadMs(), f.v1IterationOverheadMs(),
                f.sequenceOverheadUs(), f.v1SequenceOverheadUs(), f.allReduceLatencyUs(), f.interconnectFraction()};
        String[] names = {"bandwidthFraction", "computeFraction", "iterationOverheadMs", "v1IterationOverheadMs",
                "sequenceOverheadUs", "v1SequenceOverheadUs", "allReduceLatencyUs", "interconnectFraction"};
        for (int i = 0; i < names.length; i++) {
            String o = System.getProperty("factor." + names[i]);
            if (o != null) {
                v[i] = Double.parseDouble(o);
            }
        }
        return new EfficiencyFactors(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], f.calibrated(), f.basis());
    }

    public static void main(String[] args) {
        Set<String> sources = Set.of(args);
        List<CalibrationCase> cases = CorpusCalibration.of(PublishedCorpus.bundled(), Catalog.bundled()).cases().stream()
                .filter(c -> sources.isEmpty() || sources.contains(c.source())).toList();
        List<Double> all = new ArrayList<>();
        for (CalibrationCase c : cases) {
            EfficiencyFactors f = overridden(FactorTable.current().factors(c.family()));
            double[] p = c.predict(f);
            StringBuilder line = new StringBuilder(c.id());
            for (int i = 0; i < p.length; i++) {
                CalibrationCase.Target t = c.targets().get(i);
                double err = p[i] / t.observed() - 1;
                all.add(Math.abs(err));
                line.append(String.format(Locale.ROOT, "  %s %s %.1f/%.1f (%+.0f%%)", t.quantity(),
                        t.stat() == CalibrationCase.Stat.MEDIAN ? "" : t.stat().name().toLowerCase(Locale.ROOT),
                        p[i], t.observed(), 100 * err));
            }
            System.out.println(line);
        }
        double[] v = all.stream().mapToDouble(Double::doubleValue).toArray();
        System.out.printf(Locale.ROOT, "median |error| over %d figures: %.1f%%%n", v.length,
                100 * CorpusCalibration.CrossValidation.medianOf(v));
    }
}
