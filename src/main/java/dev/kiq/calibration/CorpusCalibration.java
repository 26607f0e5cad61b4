package dev.kiq.calibration;

import dev.kiq.calibration.CalibrationCase.MetricGroup;
import dev.kiq.calibration.CalibrationCase.Target;
import dev.kiq.catalog.Catalog;
import dev.kiq.corpus.PublishedCorpus;
import dev.kiq.corpus.PublishedPoint;
import dev.kiq.perf.EfficiencyFactors;
import dev.kiq.perf.EfficiencyFactors.Family;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The calibration procedure over the published corpus: fit every generation's factors to all of
 * its measurements ({@link FactorFit}), and estimate the model's out-of-sample error by
 * leave-one-source-out cross-validation: for each source, refit without it and predict its figures.
 */
public final class CorpusCalibration {

    private final List<CalibrationCase> cases;
    private final List<CaseBuilder.Skipped> skipped;

    private CorpusCalibration(List<CalibrationCase> cases, List<CaseBuilder.Skipped> skipped) {
        this.cases = List.copyOf(cases);
        this.skipped = List.copyOf(skipped);
    }

    /** The cases of every point of the corpus the model can replay (see {@link CaseBuilder}). */
    public static CorpusCalibration of(PublishedCorpus corpus, Catalog catalog) {
        return of(corpus.points(), catalog);
    }

    public static CorpusCalibration of(List<PublishedPoint> points, Catalog catalog) {
        CaseBuilder builder = new CaseBuilder(catalog);
        List<CalibrationCase> cases = new ArrayList<>();
        List<CaseBuilder.Skipped> skipped = new ArrayList<>();
        for (PublishedPoint p : points) {
            CaseBuilder.Built b = builder.build(p);
            b.kase().ifPresent(cases::add);
            b.skipped().ifPresent(skipped::add);
        }
        return new CorpusCalibration(cases, skipped);
    }

    public List<CalibrationCase> cases() {
        return cases;
    }

    public List<CaseBuilder.Skipped> skipped() {
        return skipped;
    }

    /** The fitted factors of every generation: fitted where the corpus has runs, the prior estimate elsewhere. */
    public Map<Family, FactorFit.Result> fitAll(Consumer<String> progress) {
        Map<Family, FactorFit.Result> out = new EnumMap<>(Family.class);
        for (Family family : Family.values()) {
            List<CalibrationCase> mine = cases.stream().filter(c -> c.family() == family).toList();
            if (mine.isEmpty()) {
                continue;
            }
            Set<String> sources = new TreeSet<>();
            mine.forEach(c -> sources.add(c.source()));
            // with σ = ∞ the runs weigh nothing in the fit: they hold the knees and measure the error, and the basis says so
            String basis = String.format(Locale.ROOT, Double.isInfinite(FactorFit.SIGMA_BETWEEN_SOURCES)
                            ? "prior estimates held to the published knees; %d published runs from %d sources (%s) measure their error"
                            : "fitted to %d published runs from %d sources (%s)",
                    mine.size(), sources.size(), String.join(", ", sources));
            progress.accept("fitting " + family.key() + ": " + mine.size() + " runs from " + sources.size() + " sources");
            out.put(family, FactorFit.fit(mine, EfficiencyFactors.prior(family), basis, FactorFit.SIGMA_BETWEEN_SOURCES));
        }
        return out;
    }

    /**
     * The held knees' in-sample errors with {@code fits}' factors, one line a knee: what {@link FactorFit} holds within
     * ±{@value FactorFit#KNEE_MARGIN} (the points marked {@code hold: true}: the seed's DeepSeek knees, which must stay
     * within ±5%). Another source's knee is an ordinary figure and is reported with the other figures.
     */
    public List<String> kneeErrors(Map<Family, FactorFit.Result> fits) {
        List<String> out = new ArrayList<>();
        for (CalibrationCase c : cases) {
            FactorFit.Result r = fits.get(c.family());
            if (!c.held() || r == null) {
                continue;
            }
            out.add(kneeError(c, r.factors()));
        }
        return out;
    }

    /**
     * A knee case's figures with {@code factors} against the measured ones, such as {@code gke/a100-knee (nvidia-tesla-a100):
     * output tokens per second 3397 against 3357 (+1.2%), ntpot 71.68 against 72.00 (-0.4%)}.
     */
    public static String kneeError(CalibrationCase c, EfficiencyFactors factors) {
        double[] e = FactorFit.logErrors(List.of(c), factors);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < e.length; i++) {
            Target t = c.targets().get(i);
            parts.add(String.format(Locale.ROOT, "%s %.4g against %.4g (%+.1f%%)", t.quantity().name().toLowerCase(Locale.ROOT)
                    .replace('_', ' '), t.observed() * Math.exp(e[i]), t.observed(), 100 * Math.expm1(e[i])));
        }
        return c.id() + " (" + c.setup().accelerator().id() + "): " + String.join(", ", parts);
    }

    /**
     * Leave-one-source-out: for every source, the factors fitted without it predict its figures.
     * A generation that has no run outside the left-out source is predicted with its prior estimate.
     */
    public CrossValidation crossValidate(Consumer<String> progress) {
        Set<String> sources = new LinkedHashSet<>();
        cases.forEach(c -> sources.add(c.source()));
        // the folds are independent: run them side by side, collect their errors in source order
        List<String> order = List.copyOf(sources);
        java.util.concurrent.ExecutorService pool = dev.kiq.Workers.forTasks(order.size(), "kiq-cross-validation");
        try {
            List<java.util.concurrent.Future<List<CrossValidation.Error>>> folds = new ArrayList<>();
            for (String source : order) {
                folds.add(pool.submit(() -> fold(source, progress)));
            }
            List<CrossValidation.Error> errors = new ArrayList<>();
            for (java.util.concurrent.Future<List<CrossValidation.Error>> f : folds) {
                errors.addAll(f.get());
            }
            return new CrossValidation(errors);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("cross-validation interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The same figures predicted with every generation's prior estimates ({@link EfficiencyFactors#prior}),
     * no fit at all: what the cross-validated errors are to be compared with.
     */
    public CrossValidation priorErrors() {
        List<CrossValidation.Error> errors = new ArrayList<>();
        for (Family family : Family.values()) {
            List<CalibrationCase> mine = cases.stream().filter(c -> c.family() == family).toList();
            double[] logErrors = FactorFit.logErrors(mine, EfficiencyFactors.prior(family));
            int k = 0;
            for (CalibrationCase c : mine) {
                for (Target t : c.targets()) {
                    errors.add(new CrossValidation.Error(c.source(), c.id(), family, c.setup().accelerator().id(),
                            t.group(), logErrors[k++], true));
                }
            }
        }
        return new CrossValidation(errors);
    }

    /** The errors of one source's figures, predicted by factors fitted without it. */
    private List<CrossValidation.Error> fold(String source, Consumer<String> progress) {
        List<CrossValidation.Error> errors = new ArrayList<>();
        List<CalibrationCase> held = cases.stream().filter(c -> c.source().equals(source)).toList();
        Map<Family, List<CalibrationCase>> byFamily = new LinkedHashMap<>();
        held.forEach(c -> byFamily.computeIfAbsent(c.family(), k -> new ArrayList<>()).add(c));
        for (Map.Entry<Family, List<CalibrationCase>> e : byFamily.entrySet()) {
            Family family = e.getKey();
            List<CalibrationCase> train = cases.stream()
                    .filter(c -> c.family() == family && !c.source().equals(source)).toList();
            EfficiencyFactors f = EfficiencyFactors.prior(family);
            boolean extrapolated = train.isEmpty();
            if (!extrapolated) {
                synchronized (progress) {
                    progress.accept("cross-validation: without " + source + ", fitting " + family.key() + " on "
                            + train.size() + " runs");
                }
                f = FactorFit.fit(train, f, "cross-validation", FactorFit.SIGMA_BETWEEN_SOURCES).factors();
            }
            List<CalibrationCase> test = e.getValue();
            double[] logErrors = FactorFit.logErrors(test, f);
            int k = 0;
            for (CalibrationCase c : test) {
                for (Target t : c.targets()) {
                    errors.add(new CrossValidation.Error(c.source(), c.id(), family, c.setup().accelerator().id(),
                            t.group(), logErrors[k++], extrapolated));
                }
            }
        }
        return errors;
    }

    /** Out-of-sample errors of every figure. */
    public record CrossValidation(List<Error> errors) {

        /**
         * @param logError     ln(predicted / published)
         * @param extrapolated predicted with the prior: no other source had runs of this generation
         */
        public record Error(String source, String id, Family family, String accelerator, MetricGroup group,
                            double logError, boolean extrapolated) {

            /** |predicted / published − 1|. */
            public double absolute() {
                return Math.abs(Math.exp(logError) - 1);
            }
        }

        /** Median absolute error of the errors matching, NaN when none does. */
        public double median(Family family, MetricGroup group) {
            return medianOf(errors.stream()
                    .filter(e -> family == null || e.family() == family)
                    .filter(e -> group == null || e.group() == group)
                    .mapToDouble(Error::absolute).toArray());
        }

        public static double medianOf(double[] v) {
            if (v.length == 0) {
                return Double.NaN;
            }
            double[] s = v.clone();
            java.util.Arrays.sort(s);
            return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
        }
    }
}
