package dev.kiq.perf;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A distribution of token counts given by its quantile function: values at a few quantiles
 * (knots), joined by geometric (log-linear) interpolation, rounded to whole tokens and clipped to
 * [min, max].
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

    /**
     * @param quantiles increasing, starting at 0 and ending at 1
     * @param values    the token count at each quantile, non-decreasing and positive
     */
    public TokenLengthDistribution(double[] quantiles, double[] values) {
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

    /** The (unrounded) quantile function. */
    public double quantile(double u) {
        if (u <= 0) {
            return values[0];
        }
        if (u >= 1) {
            return values[values.length - 1];
        }
        int i = 1;
        while (quantiles[i] < u) {
            i++;
        }
        double f = (u - quantiles[i - 1]) / (quantiles[i] - quantiles[i - 1]);
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
            double segmentMean = Math.abs(b - a) < 1e-12 ? a : (b - a) / Math.log(b / a);
            sum += width * segmentMean;
        }
        return sum;
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
}
