package dev.kiq.calibration;

import dev.kiq.catalog.Catalog;
import dev.kiq.corpus.PublishedCorpus;
import dev.kiq.perf.EfficiencyFactors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A developer's tool, not a test: every corpus figure's log error at its generation's priors and at each factor moved
 * by ±h in log space (real replays), as a TSV, so that fit procedures restricted to a few factors can be screened on a
 * local model before any of them is replayed in full (docs/performance-model.md §7, "Genuine fits screened against the priors").
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) dev.kiq.calibration.SensitivityDump OUT.tsv [h]}
 */
public final class SensitivityDump {

    private SensitivityDump() {
    }

    /** The log errors with factor j moved: replayed only for the cases whose replay depends on j. */
    private static double[] moved(List<CalibrationCase> cases, double[] e0, int j, EfficiencyFactors f) {
        double[] out = e0.clone();
        List<CalibrationCase> using = cases.stream().filter(c -> FactorFit.usedBy(c)[j]).toList();
        if (using.isEmpty()) {
            return out;
        }
        double[] e = FactorFit.logErrors(using, f);
        int k = 0;
        int m = 0;
        for (CalibrationCase c : cases) {
            boolean u = FactorFit.usedBy(c)[j];
            for (int t = 0; t < c.targets().size(); t++, k++) {
                if (u) {
                    out[k] = e[m++];
                }
            }
        }
        return out;
    }

    public static void main(String[] args) throws IOException {
        double h = args.length > 1 ? Double.parseDouble(args[1]) : 0.15;
        List<CalibrationCase> cases = CorpusCalibration.of(PublishedCorpus.bundled(), Catalog.bundled()).cases();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[0])))) {
            StringBuilder head = new StringBuilder("family\tsource\tcase\tknee\tquantity\tstat\tgroup\tweight\tw\te0");
            for (String n : FactorFit.NAMES) {
                head.append('\t').append(n).append("+\t").append(n).append('-');
            }
            out.println(head);
            for (EfficiencyFactors.Family family : EfficiencyFactors.Family.values()) {
                List<CalibrationCase> mine = cases.stream().filter(c -> c.family() == family).toList();
                if (mine.isEmpty()) {
                    continue;
                }
                EfficiencyFactors prior = EfficiencyFactors.prior(family);
                double[] priorLog = FactorFit.logs(prior);
                int[] all = java.util.stream.IntStream.range(0, priorLog.length).toArray();
                double[] e0 = FactorFit.logErrors(mine, prior);
                double[] w = FactorFit.weights(mine);
                double[][] plus = new double[priorLog.length][];
                double[][] minus = new double[priorLog.length][];
                for (int j = 0; j < priorLog.length; j++) {
                    double[] theta = priorLog.clone();
                    theta[j] += h;
                    plus[j] = moved(mine, e0, j, FactorFit.factorsAt(priorLog, all, theta));
                    theta[j] -= 2 * h;
                    minus[j] = moved(mine, e0, j, FactorFit.factorsAt(priorLog, all, theta));
                    System.err.println(family.key() + " " + FactorFit.NAMES[j] + " done");
                }
                int k = 0;
                for (CalibrationCase c : mine) {
                    for (CalibrationCase.Target t : c.targets()) {
                        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s\t%s\t%s\t%b\t%s\t%s\t%s\t%.6g\t%.6g\t%.6g",
                                family.key(), c.source(), c.id(), c.isKnee(), t.quantity(), t.stat(), t.group(), t.weight(),
                                w[k], e0[k]));
                        for (int j = 0; j < priorLog.length; j++) {
                            b.append(String.format(Locale.ROOT, "\t%.6g\t%.6g", plus[j][k], minus[j][k]));
                        }
                        out.println(b);
                        k++;
                    }
                }
                out.flush();
            }
        }
    }
}
