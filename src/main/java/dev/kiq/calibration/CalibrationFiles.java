package dev.kiq.calibration;

import dev.kiq.KiqException;
import dev.kiq.calibration.CalibrationCase.MetricGroup;
import dev.kiq.calibration.CorpusCalibration.CrossValidation;
import dev.kiq.perf.EfficiencyFactors.Family;
import dev.kiq.perf.FactorTable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the corpus calibration writes: {@code profiles/calibration/factors.yaml} (the fitted factors,
 * read by {@link FactorTable}), {@code profiles/calibration/accuracy.yaml} (the cross-validated error
 * per generation and metric, read wherever kiq shows a modeled number's uncertainty) and the accuracy
 * section of {@code docs/performance-model.md}. The texts are all computed before any file is written.
 */
public final class CalibrationFiles {

    public static final String FACTORS = "factors.yaml";
    public static final String ACCURACY = "accuracy.yaml";
    /** The generated section of the docs lies between these two lines. */
    public static final String DOCS_BEGIN = "<!-- kiq calibrate --corpus: begin -->";
    public static final String DOCS_END = "<!-- kiq calibrate --corpus: end -->";
    /** The nested cross-validation's generated section ({@code kiq calibrate --corpus --nested}) lies between these two lines. */
    public static final String NESTED_BEGIN = "<!-- kiq calibrate --corpus --nested: begin -->";
    public static final String NESTED_END = "<!-- kiq calibrate --corpus --nested: end -->";

    static final String ACCURACY_HEADER = """
            How accurate kiq's modeled profiles are, per accelerator family: the median absolute
            leave-one-source-out cross-validated error of the performance model against the published
            measurements in profiles/published/. The ONE home of these numbers: modeled profiles copy them
            into provenance.basis / provenance.expectedError when they are generated, the CLI tables and the
            wizard show them, the recommendation breaks ties with them. Written by the calibration procedure
            (docs/performance-model.md); never typed in. Read by dev.kiq.profile.ModelAccuracy.

            Schema
              families:                         # one entry per family with cross-validated data
                <key>:                          # ampere | hopper | ada | tpu (the efficiency-factor generations)
                  accelerators: [ids]           # catalog accelerator ids of the family (the factors apply to all)
                  measured: [ids]               # those with corpus points (default: all of accelerators)
                  points: N                     # corpus points of the family used in the cross-validation
                  sources: N                    # independent sources among them
                  medianAbsoluteError:          # fractions: 0.12 means 12%; a metric without data is left out
                    throughput: 0.12
                    ntpot: 0.15
                    tpot: 0.10                  # TPOT / ITL
                    ttft: 0.30

            Basis of a modeled profile: an accelerator in a family's `measured` list is "calibrated"; one in a
            family's `accelerators` but not `measured` is "extrapolated"; an accelerator no family lists is
            "uncalibrated" (no expected error is known). With no families, every modeled profile is
            uncalibrated.""";


    private CalibrationFiles() {
    }

    /**
     * accuracy.yaml's text in the schema its header documents (read by {@code dev.kiq.profile.ModelAccuracy}):
     * the generations with cross-validated figures, each with the catalog's accelerators of the generation,
     * those the corpus measured, its points, sources and median absolute error per metric.
     */
    public static String accuracyYaml(CrossValidation cv, dev.kiq.catalog.Catalog catalog) {
        StringBuilder sb = new StringBuilder();
        comment(sb, ACCURACY_HEADER);
        List<Family> withData = java.util.Arrays.stream(Family.values())
                .filter(f -> cv.errors().stream().anyMatch(e -> e.family() == f)).toList();
        if (withData.isEmpty()) {
            sb.append("families: {}\n");
            return sb.toString();
        }
        sb.append("families:\n");
        for (Family f : withData) {
            List<CrossValidation.Error> mine = cv.errors().stream().filter(e -> e.family() == f).toList();
            TreeSet<String> measured = new TreeSet<>();
            TreeSet<String> points = new TreeSet<>();
            TreeSet<String> sources = new TreeSet<>();
            for (CrossValidation.Error e : mine) {
                measured.add(e.accelerator());
                points.add(e.id());
                sources.add(e.source());
            }
            List<String> accelerators = catalog.accelerators().stream().filter(a -> Family.of(a) == f)
                    .map(dev.kiq.catalog.Accelerator::id).toList();
            sb.append("  ").append(f.key()).append(":\n");
            sb.append("    accelerators: [").append(String.join(", ", accelerators)).append("]\n");
            sb.append("    measured: [").append(String.join(", ", measured)).append("]\n");
            sb.append("    points: ").append(points.size()).append('\n');
            sb.append("    sources: ").append(sources.size()).append('\n');
            sb.append("    medianAbsoluteError:\n");
            for (MetricGroup g : MetricGroup.values()) {
                double m = cv.median(f, g);
                if (!Double.isNaN(m)) {
                    sb.append("      ").append(g.key()).append(": ").append(fraction(m)).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static String fraction(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** factors.yaml's text: the fitted generations, then the others at their prior. */
    public static String factorsYaml(Map<Family, FactorFit.Result> fits) {
        Map<Family, dev.kiq.perf.EfficiencyFactors> map = new EnumMap<>(Family.class);
        fits.forEach((f, r) -> map.put(f, r.factors()));
        FactorTable table = FactorTable.of(map);
        List<Family> all = List.of(Family.values());
        return table.toYaml("""
                The performance model's efficiency factors per accelerator generation (dev.kiq.perf.FactorTable).
                Fitted by `kiq calibrate --corpus` (weighted least squares on log error over profiles/published/,
                docs/performance-model.md); a generation without published runs keeps its prior estimate
                (calibrated: false). Do not edit: rerun the command.""", all);
    }

    /** The docs section: the cross-validated errors per generation and metric, and the fit's cost. */
    public static String docsSection(CrossValidation cv, CrossValidation prior, Map<Family, FactorFit.Result> fits,
                                     List<String> knees, List<CaseBuilder.Skipped> skipped, String timing) {
        StringBuilder sb = new StringBuilder();
        sb.append(DOCS_BEGIN).append('\n');
        sb.append("Leave-one-source-out cross-validated median absolute error |predicted / published − 1|\n");
        sb.append("(`profiles/calibration/accuracy.yaml`; \"—\" = no figure of that metric):\n\n");
        errorTable(sb, cv);
        long extrapolated = cv.errors().stream().filter(CrossValidation.Error::extrapolated).count();
        sb.append('\n');
        if (extrapolated > 0) {
            sb.append(String.format(Locale.ROOT, "%d of %d figures belong to a generation that only the left-out source "
                    + "measured; they were predicted with the prior factors.%n%n", extrapolated, cv.errors().size()));
        }
        sb.append("The same figures predicted with the prior estimates (§5), no fit at all:\n\n");
        errorTable(sb, prior);
        sb.append('\n');
        sb.append("Fitted factors (`profiles/calibration/factors.yaml`):\n\n");
        sb.append("| generation | f_bw | f_c | V0 overhead ms | V1 overhead ms | V0 seq µs | V1 seq µs | all-reduce step µs | f_link "
                + "| V0 API latency ms / request ms / token µs | V1 API latency ms / request ms / token µs | V0 < 0.6 output µs "
                + "| fitted | rms log error |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Family f : Family.values()) {
            FactorFit.Result r = fits.get(f);
            dev.kiq.perf.EfficiencyFactors x = r == null ? dev.kiq.perf.EfficiencyFactors.prior(f) : r.factors();
            sb.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.2f | %.2f | %.1f | %.1f | %.2f | %.3f "
                            + "| %.1f / %.2f / %.1f | %.1f / %.2f / %.1f | %.1f | %s | %s |%n",
                    f.key(), x.bandwidthFraction(), x.computeFraction(), x.iterationOverheadMs(), x.v1IterationOverheadMs(),
                    x.sequenceOverheadUs(),
                    x.v1SequenceOverheadUs(), x.allReduceLatencyUs(), x.interconnectFraction(),
                    x.apiLatencyMs(), x.apiRequestMs(), x.apiTokenUs(), x.v1ApiLatencyMs(), x.v1ApiRequestMs(), x.v1ApiTokenUs(),
                    x.syncOutputUs(), r == null ? "no data: prior" : String.join(", ", r.fitted()),
                    r == null ? "—" : String.format(Locale.ROOT, "%.3f", r.rmsLogError())));
        }
        if (!knees.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%nPublished knees with the fitted factors (in sample; the fit holds them "
                    + "within ±%.0f%%, §7):%n%n", 100 * FactorFit.KNEE_MARGIN));
            for (String k : knees) {
                sb.append("- ").append(k).append('\n');
            }
        }
        if (!skipped.isEmpty()) {
            sb.append("\nCorpus points the model does not replay:\n\n");
            for (CaseBuilder.Skipped s : skipped) {
                sb.append("- `").append(s.id()).append("`: ").append(s.reason()).append('\n');
            }
        }
        sb.append('\n').append(timing).append('\n');
        sb.append(DOCS_END).append('\n');
        return sb.toString();
    }

    /**
     * The nested cross-validation's docs section: the σ each outer fold chose and its inner medians, the nested figures
     * (σ chosen overall, and per family), and the plain leave-one-source-out at each σ of the grid for comparison.
     */
    public static String nestedSection(NestedCrossValidation.Result r, double shipped, String timing) {
        StringBuilder sb = new StringBuilder();
        sb.append(NESTED_BEGIN).append('\n');
        sb.append("Nested leave-one-source-out (`NestedCrossValidation`): for each held-out source, σ is chosen from ")
                .append(r.grid().stream().map(CalibrationFiles::sigma).toList()).append(" by the median absolute error of a\n")
                .append("leave-one-source-out over the other sources only, the factors are fitted without the held-out source at that σ, and\n")
                .append("they predict it. Outer folds (inner median absolute error at each σ; the chosen σ, overall and per family):\n\n");
        sb.append("| held-out source |");
        r.grid().forEach(g -> sb.append(" inner, σ = ").append(sigma(g)).append(" |"));
        sb.append(" chosen σ | chosen per family |\n|---|");
        r.grid().forEach(g -> sb.append("---|"));
        sb.append("---|---|\n");
        for (NestedCrossValidation.Fold f : r.folds()) {
            sb.append("| ").append(f.source()).append(" |");
            f.innerMedian().forEach(m -> sb.append(' ').append(percent(m)).append(" |"));
            List<String> fam = new ArrayList<>();
            f.chosenPerFamily().forEach((k, v) -> fam.add(k.key() + " " + sigma(v)));
            sb.append(' ').append(sigma(f.chosen())).append(" | ").append(String.join(", ", fam)).append(" |\n");
        }
        sb.append("\nNested cross-validated median absolute error, σ chosen inside each fold (one σ for all families):\n\n");
        errorTable(sb, r.nested());
        sb.append("\nThe same with σ chosen per family inside each fold (by the inner figures of the held-out source's family):\n\n");
        errorTable(sb, r.nestedPerFamily());
        sb.append("\nPlain leave-one-source-out at each σ of the grid (a choice made on these sees the held-out sources):\n\n");
        sb.append("| σ | throughput | NTPOT | TPOT/ITL | TTFT | ");
        Family[] fams = Family.values();
        List<Family> present = java.util.Arrays.stream(fams).filter(f -> r.rulePerFamily().containsKey(f)).toList();
        present.forEach(f -> sb.append(f.key()).append(" | "));
        sb.append("overall |\n|---|---|---|---|---|");
        present.forEach(f -> sb.append("---|"));
        sb.append("---|\n");
        for (int i = 0; i < r.grid().size(); i++) {
            CrossValidation cv = r.loso().get(i);
            double g = r.grid().get(i);
            sb.append("| ").append(g == shipped ? "**" + sigma(g) + "** (shipped)" : sigma(g)).append(" |");
            for (MetricGroup m : MetricGroup.values()) {
                sb.append(' ').append(percent(cv.median(null, m))).append(" |");
            }
            present.forEach(f -> sb.append(' ').append(percent(cv.median(f, null))).append(" |"));
            sb.append(String.format(Locale.ROOT, " %.2f%% |%n", 100 * cv.median(null, null)));
        }
        List<String> perFamily = new ArrayList<>();
        r.rulePerFamily().forEach((k, v) -> perFamily.add(k.key() + " " + sigma(v)));
        sb.append(String.format(Locale.ROOT, "%nNested overall: %.3f%% (σ chosen overall), %.3f%% (σ chosen per family); "
                        + "plain leave-one-source-out at the shipped σ %s: %.3f%%. On the whole corpus the rule chooses σ = %s "
                        + "(per family: %s). %d distinct fits.%n",
                100 * r.nested().median(null, null), 100 * r.nestedPerFamily().median(null, null), sigma(shipped),
                100 * r.loso().get(Math.max(0, r.grid().indexOf(shipped))).median(null, null), sigma(r.ruleSigma()),
                String.join(", ", perFamily), r.fits()));
        sb.append('\n').append(timing).append('\n');
        sb.append(NESTED_END).append('\n');
        return sb.toString();
    }

    /** A σ as the calibration's reports print it: two decimals, or ∞. */
    public static String sigma(double v) {
        return Double.isInfinite(v) ? "∞" : String.format(Locale.ROOT, "%.2f", v);
    }

    /** The median absolute errors per generation and metric, one row a generation and one overall. */
    private static void errorTable(StringBuilder sb, CrossValidation errors) {
        sb.append("| generation | accelerators | runs | sources | throughput | NTPOT | TPOT/ITL | TTFT | all |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Family f : Family.values()) {
            row(sb, f.key(), errors, f);
        }
        row(sb, "**overall**", errors, null);
    }

    private static void row(StringBuilder sb, String name, CrossValidation cv, Family f) {
        List<CrossValidation.Error> mine = cv.errors().stream().filter(e -> f == null || e.family() == f).toList();
        TreeSet<String> acc = new TreeSet<>();
        TreeSet<String> pts = new TreeSet<>();
        TreeSet<String> src = new TreeSet<>();
        mine.forEach(e -> {
            acc.add(e.accelerator());
            pts.add(e.id());
            src.add(e.source());
        });
        List<String> cells = new ArrayList<>();
        for (MetricGroup g : MetricGroup.values()) {
            cells.add(percent(cv.median(f, g)));
        }
        cells.add(percent(cv.median(f, null)));
        sb.append("| ").append(name).append(" | ").append(f == null ? "" : String.join(", ", acc)).append(" | ")
                .append(pts.size()).append(" | ").append(src.size()).append(" | ")
                .append(String.join(" | ", cells)).append(" |\n");
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    /** Replaces the generated section of a docs file (between {@link #DOCS_BEGIN} and {@link #DOCS_END}). */
    public static String replaceSection(String docs, String section) {
        return replaceSection(docs, section, DOCS_BEGIN, DOCS_END);
    }

    /** Replaces the generated section of a docs file between the lines {@code begin} and {@code end}. */
    public static String replaceSection(String docs, String section, String begin, String endLine) {
        int b = docs.indexOf(begin);
        int e = docs.indexOf(endLine);
        if (b < 0 || e < b) {
            throw new KiqException("the docs file has no generated section (" + begin + " … " + endLine + ")");
        }
        int end = docs.indexOf('\n', e);
        return docs.substring(0, b) + section + (end < 0 ? "" : docs.substring(end + 1));
    }

    private static void comment(StringBuilder sb, String text) {
        for (String line : text.split("\n", -1)) {
            sb.append(line.isEmpty() ? "#" : "# " + line).append('\n');
        }
    }
}
