package dev.kiq.calibration;

import dev.kiq.Workers;
import dev.kiq.calibration.CalibrationCase.Target;
import dev.kiq.calibration.CorpusCalibration.CrossValidation;
import dev.kiq.perf.EfficiencyFactors;
import dev.kiq.perf.EfficiencyFactors.Family;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Nested leave-one-source-out cross-validation of the fit's σ ({@link FactorFit#SIGMA_BETWEEN_SOURCES}): an honest
 * estimate of the whole procedure "choose σ from a grid by leave-one-source-out, then fit", which the plain
 * cross-validation at a σ chosen by looking at it is not.
 *
 * <p>For every outer source s: for each σ of the grid, an inner leave-one-source-out over the OTHER sources (each inner
 * source s' predicted by factors fitted without s and s') gives the median absolute error of their figures; the σ with
 * the lowest inner median is chosen (the grid's order breaks a tie), the factors are fitted without s at that σ, and
 * they predict s's figures. The held-out source takes no part in choosing the σ it is predicted with. Reported beside it:
 * the same with σ chosen per family (by the inner median of the family's own figures; a family whose inner figures were
 * all predicted by its prior, as a family of two sources always is, has no say and takes the overall choice), the plain
 * leave-one-source-out at every σ of the grid (what a choice on the whole corpus sees), and the σ the rule chooses on
 * the whole corpus.
 *
 * <p>Fits are shared: a family's fit depends only on which of its own sources are left out and on σ, so each distinct
 * (family, σ, left-out sources of that family) is fitted once. With n sources of a family that is n + n(n − 1)/2 fits
 * per σ, about six times a plain cross-validation on the corpus of 2026-12-02 rather than the
 * sources × grid × sources of a naive nesting.
 */
public final class NestedCrossValidation {

    /**
     * The σ grid the rule chooses from: the plain comparisons' of docs §7 (0.30, 0.60, 1.20) and the shipped ∞
     * ({@link FactorFit#SIGMA_BETWEEN_SOURCES}: the priors held to the knees), so that the nested figure prices the
     * procedure that ships. 0.15 left the grid when ∞ joined it (it lost to 0.30 on the eleven-source corpus, 18.5% against 16.5%).
     */
    public static final List<Double> GRID = List.of(0.30, 0.60, 1.20, Double.POSITIVE_INFINITY);

    /** Fits one generation's factors (by default {@link FactorFit#fit} on the published corpus's terms). */
    @FunctionalInterface
    interface Fitter {
        EfficiencyFactors fit(List<CalibrationCase> train, EfficiencyFactors prior, double sigma);
    }

    /** ln(model / published) of every figure of the cases, in order (by default {@link FactorFit#logErrors}). */
    @FunctionalInterface
    interface Predictor {
        double[] logErrors(List<CalibrationCase> cases, EfficiencyFactors factors);
    }

    /**
     * One outer fold.
     *
     * @param innerMedian      the inner cross-validation's median absolute error at each σ of the grid (grid order)
     * @param chosen           the σ chosen by it
     * @param chosenPerFamily  the σ chosen per family of the held-out source (by that family's inner figures)
     */
    public record Fold(String source, List<Double> innerMedian, double chosen, Map<Family, Double> chosenPerFamily) {
    }

    /**
     * @param grid           the σ grid
     * @param loso           the plain leave-one-source-out at each σ (grid order)
     * @param ruleSigma      the σ the rule chooses on the whole corpus (lowest plain median overall)
     * @param rulePerFamily  the σ the per-family rule chooses on the whole corpus
     * @param folds          the outer folds, in source order
     * @param nested         every figure predicted at its outer fold's chosen σ
     * @param nestedPerFamily every figure predicted at its outer fold's σ chosen for its family
     * @param fits           distinct fits made
     */
    public record Result(List<Double> grid, List<CrossValidation> loso, double ruleSigma, Map<Family, Double> rulePerFamily,
                         List<Fold> folds, CrossValidation nested, CrossValidation nestedPerFamily, int fits) {
    }

    private record FitKey(Family family, double sigma, Set<String> without) {
    }

    private record PredictionKey(FitKey fit, String source) {
    }

    private final List<CalibrationCase> cases;
    private final List<Double> grid;
    private final Fitter fitter;
    private final Predictor predictor;
    private final List<String> sources;
    private final Map<Family, Set<String>> sourcesOf = new EnumMap<>(Family.class);
    private final Map<FitKey, EfficiencyFactors> fits = new ConcurrentHashMap<>();
    private final Map<PredictionKey, List<CrossValidation.Error>> predictions = new ConcurrentHashMap<>();

    NestedCrossValidation(List<CalibrationCase> cases, List<Double> grid, Fitter fitter, Predictor predictor) {
        if (grid.isEmpty()) {
            throw new IllegalArgumentException("empty σ grid");
        }
        this.cases = List.copyOf(cases);
        this.grid = List.copyOf(grid);
        this.fitter = fitter;
        this.predictor = predictor;
        Set<String> all = new LinkedHashSet<>();
        for (CalibrationCase c : cases) {
            all.add(c.source());
            sourcesOf.computeIfAbsent(c.family(), k -> new TreeSet<>()).add(c.source());
        }
        this.sources = List.copyOf(all);
    }

    /** The nested cross-validation of the corpus's cases with the shipped fit. */
    public static Result run(List<CalibrationCase> cases, Consumer<String> progress) {
        return new NestedCrossValidation(cases, GRID,
                (train, prior, sigma) -> FactorFit.fit(train, prior, "nested cross-validation", sigma).factors(),
                FactorFit::logErrors).run(progress);
    }

    Result run(Consumer<String> progress) {
        // every fit any fold needs: without the outer source (its prediction, and the plain cross-validation), and
        // without the outer and an inner source (the inner cross-validation)
        Set<FitKey> needed = new LinkedHashSet<>();
        for (double sigma : grid) {
            for (String s : sources) {
                for (Family f : familiesOf(s)) {
                    key(f, sigma, Set.of(s)).ifPresent(needed::add);
                }
                for (String inner : sources) {
                    if (!inner.equals(s)) {
                        for (Family f : familiesOf(inner)) {
                            key(f, sigma, Set.of(s, inner)).ifPresent(needed::add);
                        }
                    }
                }
            }
        }
        ExecutorService pool = Workers.forTasks(needed.size(), "kiq-nested-cross-validation");
        try {
            int[] done = {0};
            List<Future<?>> work = new ArrayList<>();
            for (FitKey k : needed) {
                work.add(pool.submit(() -> {
                    List<CalibrationCase> train = training(k);
                    fits.put(k, fitter.fit(train, EfficiencyFactors.prior(k.family()), k.sigma()));
                    synchronized (progress) {
                        progress.accept(String.format(java.util.Locale.ROOT, "nested cross-validation: fit %d of %d (%s, σ %.2f, "
                                + "without %s)", ++done[0], needed.size(), k.family().key(), k.sigma(), String.join(", ", k.without())));
                    }
                }));
            }
            join(work);
            // every prediction the folds read, side by side
            Set<PredictionKey> toPredict = new LinkedHashSet<>();
            for (double sigma : grid) {
                for (String s : sources) {
                    toPredict.addAll(predictionKeys(s, sigma, Set.of()));
                    for (String inner : sources) {
                        if (!inner.equals(s)) {
                            toPredict.addAll(predictionKeys(inner, sigma, Set.of(s)));
                        }
                    }
                }
            }
            work.clear();
            for (PredictionKey k : toPredict) {
                work.add(pool.submit(() -> predictions.put(k, predict(k))));
            }
            join(work);
        } finally {
            pool.shutdownNow();
        }

        List<CrossValidation> loso = new ArrayList<>();
        for (double sigma : grid) {
            List<CrossValidation.Error> errors = new ArrayList<>();
            for (String s : sources) {
                errors.addAll(errorsOf(s, sigma, Set.of(), null));
            }
            loso.add(new CrossValidation(errors));
        }
        double ruleSigma = grid.get(argmin(loso.stream().map(cv -> cv.median(null, null)).toList()));
        Map<Family, Double> rulePerFamily = new EnumMap<>(Family.class);
        for (Family f : sourcesOf.keySet()) {
            rulePerFamily.put(f, fitted(loso.get(0), f) ? grid.get(argmin(loso.stream().map(cv -> cv.median(f, null)).toList()))
                    : ruleSigma);
        }

        List<Fold> folds = new ArrayList<>();
        List<CrossValidation.Error> nested = new ArrayList<>();
        List<CrossValidation.Error> nestedPerFamily = new ArrayList<>();
        for (String s : sources) {
            List<CrossValidation> inner = new ArrayList<>();
            for (double sigma : grid) {
                List<CrossValidation.Error> errors = new ArrayList<>();
                for (String other : sources) {
                    if (!other.equals(s)) {
                        errors.addAll(errorsOf(other, sigma, Set.of(s), null));
                    }
                }
                inner.add(new CrossValidation(errors));
            }
            List<Double> innerMedian = inner.stream().map(cv -> cv.median(null, null)).toList();
            double chosen = grid.get(argmin(innerMedian));
            nested.addAll(errorsOf(s, chosen, Set.of(), null));
            Map<Family, Double> perFamily = new EnumMap<>(Family.class);
            for (Family f : familiesOf(s)) {
                List<Double> m = inner.stream().map(cv -> cv.median(f, null)).toList();
                // a family whose inner figures were all predicted by its prior (no other source measured it, or only one
                // did, whose inner fold then has nothing to fit) gives the same median at every σ: it has no say, and the
                // overall choice stands (the grid's tie-break would have picked its first σ)
                double sf = fitted(inner.get(0), f) ? grid.get(argmin(m)) : chosen;
                perFamily.put(f, sf);
                nestedPerFamily.addAll(errorsOf(s, sf, Set.of(), f));
            }
            folds.add(new Fold(s, innerMedian, chosen, perFamily));
        }
        return new Result(grid, loso, ruleSigma, rulePerFamily, folds, new CrossValidation(nested),
                new CrossValidation(nestedPerFamily), fits.size());
    }

    /** Some figure of {@code family} in {@code cv} was predicted by fitted factors (not all by the prior, whatever σ). */
    static boolean fitted(CrossValidation cv, Family family) {
        return cv.errors().stream().anyMatch(e -> e.family() == family && !e.extrapolated());
    }

    /** The index of the lowest value (NaN never lowest); the first of equal ones. */
    static int argmin(List<Double> values) {
        int best = -1;
        for (int i = 0; i < values.size(); i++) {
            double v = values.get(i);
            if (!Double.isNaN(v) && (best < 0 || v < values.get(best))) {
                best = i;
            }
        }
        return Math.max(best, 0);
    }

    private Set<Family> familiesOf(String source) {
        Set<Family> out = new LinkedHashSet<>();
        cases.stream().filter(c -> c.source().equals(source)).forEach(c -> out.add(c.family()));
        return out;
    }

    /** The fit of {@code family} without {@code without}, keyed by the left-out sources that measured the family; empty when none is left. */
    private java.util.Optional<FitKey> key(Family family, double sigma, Set<String> without) {
        Set<String> mine = sourcesOf.getOrDefault(family, Set.of());
        Set<String> left = new TreeSet<>();
        without.stream().filter(mine::contains).forEach(left::add);
        if (left.size() >= mine.size()) {
            return java.util.Optional.empty(); // no training run: the prior predicts
        }
        return java.util.Optional.of(new FitKey(family, sigma, java.util.Collections.unmodifiableSet(left)));
    }

    private List<CalibrationCase> training(FitKey k) {
        return cases.stream().filter(c -> c.family() == k.family() && !k.without().contains(c.source())).toList();
    }

    /** The predictions of {@code source}'s figures by fits without it and {@code alsoWithout}, one key per family. */
    private List<PredictionKey> predictionKeys(String source, double sigma, Set<String> alsoWithout) {
        Set<String> without = new TreeSet<>(alsoWithout);
        without.add(source);
        List<PredictionKey> out = new ArrayList<>();
        for (Family f : familiesOf(source)) {
            FitKey k = key(f, sigma, without).orElse(new FitKey(f, Double.NaN, Set.of()));
            out.add(new PredictionKey(k, source));
        }
        return out;
    }

    private List<CrossValidation.Error> predict(PredictionKey k) {
        Family family = k.fit().family();
        boolean extrapolated = Double.isNaN(k.fit().sigma());
        EfficiencyFactors f = extrapolated ? EfficiencyFactors.prior(family) : fits.get(k.fit());
        List<CalibrationCase> test = cases.stream().filter(c -> c.family() == family && c.source().equals(k.source())).toList();
        double[] logErrors = predictor.logErrors(test, f);
        List<CrossValidation.Error> errors = new ArrayList<>();
        int i = 0;
        for (CalibrationCase c : test) {
            for (Target t : c.targets()) {
                errors.add(new CrossValidation.Error(c.source(), c.id(), family, c.setup().accelerator().id(), t.group(),
                        logErrors[i++], extrapolated));
            }
        }
        return errors;
    }

    /** {@code source}'s errors (of one family, or all when null) predicted without it and {@code alsoWithout}. */
    private List<CrossValidation.Error> errorsOf(String source, double sigma, Set<String> alsoWithout, Family only) {
        List<CrossValidation.Error> out = new ArrayList<>();
        for (PredictionKey k : predictionKeys(source, sigma, alsoWithout)) {
            if (only == null || k.fit().family() == only) {
                out.addAll(predictions.get(k));
            }
        }
        return out;
    }

    private static void join(Collection<Future<?>> work) {
        try {
            for (Future<?> f : work) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("nested cross-validation interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** The folds' chosen σ counted: how often each σ of the grid was chosen. */
    public static Map<Double, Long> chosenCounts(Result r) {
        Map<Double, Long> out = new LinkedHashMap<>();
        r.grid().forEach(s -> out.put(s, r.folds().stream().filter(f -> f.chosen() == s).count()));
        return out;
    }
}
