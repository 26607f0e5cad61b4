package dev.kiq.perf;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A distribution of token counts given by its quantile function: values at a few quantiles
 * (knots), joined by geometric (log-linear) interpolation (linear for {@link #fixed}, {@link #uniform}
 * and {@link #empirical} lengths), rounded to whole tokens and clipped to [min, max].
 *
 * <p>Log-linear joins suit length data, which is right-skewed: between the median and P90 a
 * log-normal's quantile function is close to exponential in the quantile. Published tables give
 * min/median/mean/P90/P99/max; the mean is not a quantile, so {@link #fitMean} adds one knot at
 * the 75th percentile and solves for the value that makes the distribution's mean equal the
 * table's (the other five statistics then hold by construction).
 */
public final class TokenLengthDistribution {

    private final double[] quantiles;
    private final double[] values;
    private final double[] logValues;
    private final int min;
    private final int max;
    /** True when segments are joined linearly (uniform and empirical lengths), false for log-linear. */
    private final boolean linear;

    /**
     * @param quantiles increasing, starting at 0 and ending at 1
     * @param values    the token count at each quantile, non-decreasing and positive
     */
    public TokenLengthDistribution(double[] quantiles, double[] values) {
        this(quantiles, values, false);
    }

    private TokenLengthDistribution(double[] quantiles, double[] values, boolean linear) {
        if (quantiles.length != values.length || quantiles.length < 2
                || quantiles[0] != 0 || quantiles[quantiles.length - 1] != 1) {
            throw new IllegalArgumentException("knots must span quantiles 0..1: " + Arrays.toString(quantiles));
        }
        for (int i = 1; i < quantiles.length; i++) {
            if (!(quantiles[i] > quantiles[i - 1]) || values[i] < values[i - 1] || values[i - 1] <= 0) {
                throw new IllegalArgumentException("knots must increase: " + Arrays.toString(values));
            }
        }
        this.quantiles = quantiles.clone();
        this.values = values.clone();
        this.logValues = Arrays.stream(values).map(Math::log).toArray();
        this.min = (int) Math.round(values[0]);
        this.max = (int) Math.round(values[values.length - 1]);
        this.linear = linear;
    }

    /** Every request has exactly {@code tokens} tokens. */
    public static TokenLengthDistribution fixed(int tokens) {
        if (tokens < 1) {
            throw new IllegalArgumentException("a length must be at least 1 token: " + tokens);
        }
        return new TokenLengthDistribution(new double[] {0, 1}, new double[] {tokens, tokens}, true);
    }

    /**
     * Whole token counts uniform on [{@code low}, {@code high}], as vLLM's random dataset draws them
     * ({@code --random-input-len L --random-range-ratio r}: uniform on [L(1-r), L(1+r)]).
     */
    public static TokenLengthDistribution uniform(int low, int high) {
        if (low < 1 || high < low) {
            throw new IllegalArgumentException("a uniform length range needs 1 <= low <= high: " + low + ".." + high);
        }
        // the continuous quantile function on [low - 0.5, high + 0.5] rounds to each integer with equal mass
        double lo = Math.max(0.5, low - 0.5);
        return new TokenLengthDistribution(new double[] {0, 1}, new double[] {lo, high + 0.4999}, true);
    }

    /**
     * The empirical distribution of measured lengths (a dataset's prompts or answers): the sorted
     * values at {@code knots} evenly spaced quantiles, joined linearly.
     */
    public static TokenLengthDistribution empirical(int[] lengths, int knots) {
        if (lengths.length == 0) {
            throw new IllegalArgumentException("no lengths");
        }
        int[] sorted = lengths.clone();
        Arrays.sort(sorted);
        if (sorted[0] < 1) {
            throw new IllegalArgumentException("a length must be at least 1 token: " + sorted[0]);
        }
        int k = Math.max(2, Math.min(knots, sorted.length + 1));
        double[] q = new double[k];
        double[] v = new double[k];
        for (int i = 0; i < k; i++) {
            q[i] = (double) i / (k - 1);
            v[i] = sorted[(int) Math.min(sorted.length - 1, Math.floor(q[i] * sorted.length))];
        }
        v[k - 1] = sorted[sorted.length - 1];
        return new TokenLengthDistribution(q, v, true);
    }

    /**
     * The same shape with every knot multiplied by {@code factor}, each knot at least 1 token and at
     * most {@code cap}: a use case's distribution moved to another mean or median length.
     */
    public TokenLengthDistribution scaled(double factor, int cap) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("scale factor must be positive: " + factor);
        }
        double[] v = new double[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(1, Math.min(cap, values[i] * factor));
        }
        return new TokenLengthDistribution(quantiles, v, linear);
    }


    /**
     * The distribution with the given min, median, P90, P99 and max whose mean is {@code mean}:
     * a knot at P75 is placed between the median and P90 by bisection on the exact mean of the
     * interpolated quantile function.
     */
    public static TokenLengthDistribution fitMean(int min, int median, double mean, int p90, int p99, int max) {
        double lo = median;
        double hi = p90;
        for (int i = 0; i < 100; i++) {
            double mid = 0.5 * (lo + hi);
            if (withP75(min, median, mid, p90, p99, max).continuousMean() < mean) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double p75 = 0.5 * (lo + hi);
        if (p75 <= median + 1e-6 || p75 >= p90 - 1e-6) {
            throw new IllegalArgumentException("mean " + mean + " cannot be reached with a monotone P75 knot");
        }
        return withP75(min, median, p75, p90, p99, max);
    }

    private static TokenLengthDistribution withP75(int min, int median, double p75, int p90, int p99, int max) {
        return new TokenLengthDistribution(
                new double[] {0, 0.5, 0.75, 0.9, 0.99, 1},
                new double[] {min, median, p75, p90, p99, max});
    }

    /**
     * This shape moved to another mean: every knot multiplied by one factor, found so that the mean of
     * the drawn lengths is {@code mean} (within 0.2%) with every knot at least 1 and at most {@code cap}.
     */
    public TokenLengthDistribution scaledToMean(int mean, int cap) {
        TokenLengthDistribution d = this;
        if (mean < 1) {
            throw new IllegalArgumentException("a mean length must be at least 1 token: " + mean);
        }
        if (mean >= cap) {
            return TokenLengthDistribution.fixed(cap);
        }
        // the cap pulls the mean down: bisect on the factor (the mean grows with it)
        double lo = mean / d.continuousMean();
        double hi = lo;
        while (d.scaled(hi, cap).continuousMean() < mean) {
            hi *= 2;
        }
        for (int i = 0; i < 60; i++) {
            double mid = 0.5 * (lo + hi);
            if (d.scaled(mid, cap).continuousMean() < mean) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        // rounding to whole tokens and the 1-token floor shift the drawn mean a little: correct for it
        double factor = hi;
        TokenLengthDistribution scaled = d.scaled(factor, cap);
        for (int i = 0; i < 3 && Math.abs(scaled.mean() - mean) > 0.002 * mean; i++) {
            factor *= mean / scaled.mean();
            scaled = d.scaled(factor, cap);
        }
        return scaled;
    }

    /** The (unrounded) quantile function. */
    public double quantile(double u) {
        if (u <= 0) {
            return values[0];
        }
        if (u >= 1) {
            return values[values.length - 1];
        }
        int i = Arrays.binarySearch(quantiles, u);
        if (i < 0) {
            i = -i - 1; // the first knot above u
        }
        double f = (u - quantiles[i - 1]) / (quantiles[i] - quantiles[i - 1]);
        if (linear) {
            return values[i - 1] + f * (values[i] - values[i - 1]);
        }
        return Math.exp(logValues[i - 1] + f * (logValues[i] - logValues[i - 1]));
    }

    /** One token count drawn by inverse transform sampling. */
    public int sample(SplittableRandom random) {
        return lengthAt(random.nextDouble());
    }

    /** The token count at quantile {@code u}: the quantile function rounded and clipped to [min, max]. */
    public int lengthAt(double u) {
        long v = Math.round(quantile(u));
        return (int) Math.max(min, Math.min(max, v));
    }

    /** Exact mean of the continuous quantile function (integral over each log-linear segment). */
    public double continuousMean() {
        double sum = 0;
        for (int i = 1; i < quantiles.length; i++) {
            double a = values[i - 1];
            double b = values[i];
            double width = quantiles[i] - quantiles[i - 1];
            double segmentMean = linear || Math.abs(b - a) < 1e-12 ? (a + b) / 2 : (b - a) / Math.log(b / a);
            sum += width * segmentMean;
        }
        return sum;
    }

    /**
     * Mean of the lengths actually drawn (the quantile function rounded to whole tokens and clipped),
     * by midpoint integration over {@value #MEAN_STEPS} quantile steps.
     */
    public double mean() {
        double m = mean;
        if (Double.isNaN(m)) {
            double sum = 0;
            for (int i = 0; i < MEAN_STEPS; i++) {
                sum += lengthAt((i + 0.5) / MEAN_STEPS);
            }
            m = sum / MEAN_STEPS;
            mean = m; // the same value whichever thread computes it first
        }
        return m;
    }

    /** {@link #mean()} once computed (100 000 quantile steps; the use cases ask for it several times), else NaN. */
    private volatile double mean = Double.NaN;

    private static final int MEAN_STEPS = 100_000;

    /** The length at quantile {@code u}, e.g. 0.5 for the median. */
    public int percentile(double u) {
        return lengthAt(u);
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }

    /** The knots (quantile, value), for documentation and tests. */
    public double[][] knots() {
        return new double[][] {quantiles.clone(), values.clone()};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenLengthDistribution d && linear == d.linear
                && Arrays.equals(quantiles, d.quantiles) && Arrays.equals(values, d.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(quantiles) + Arrays.hashCode(values) + (linear ? 1 : 0);
    }
}
