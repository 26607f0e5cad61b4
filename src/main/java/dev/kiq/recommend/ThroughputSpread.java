package dev.kiq.recommend;

import dev.kiq.profile.ExpectedError;

/**
 * How far the true throughput at a modeled operating point may lie from the modeled one, given the profile's expected
 * errors: a cost per token (a price over a throughput) and a replica count (an expected load over one replica's rate)
 * carry the same spread, and the tie rule ({@link Ranking}) compares costs with it.
 *
 * <p>At the end of the usable curve (the knee, or the highest rate measured; no latency target binds) the spread is the
 * throughput error alone: {@code 1 ± e_x}. Under a latency target the latency's error moves the point along the curve as
 * well, so the spread is read off the curve as its error band ({@link dev.kiq.profile.ErrorBand}) does: if every latency
 * were {@code 1 + e} times the model's and every throughput {@code 1 - e_x} times it, the target would bind where the
 * modeled latency is {@code target / (1 + e)}, at {@code 1 - e_x} times the modeled throughput there (the low end); the
 * high end likewise with {@code target / (1 - e)} and {@code 1 + e_x}, never past the curve's end. A target that the
 * slow side cannot meet at all gives a low end of 0.
 *
 * @param below      how much lower the throughput may be, as a fraction of the operating point's (0 to 1; 1 when the
 *                   targets may not be met at all)
 * @param above      how much higher it may be, as a fraction of the operating point's (0 or more)
 * @param lowerBound true when the spread may be wider: an error it needs is not known (counted as 0), or the profile is
 *                   extrapolated (its errors are its family's, at least)
 */
public record ThroughputSpread(double below, double above, boolean lowerBound) {

    public ThroughputSpread {
        if (!(below >= 0 && below <= 1 && above >= 0 && Double.isFinite(above))) {
            throw new IllegalArgumentException("a spread is 0-1 below and 0 or more above: " + below + ", " + above);
        }
    }

    /** The lowest throughput the errors allow, as a fraction of the operating point's. */
    public double low() {
        return 1 - below;
    }

    /** The highest throughput the errors allow, as a fraction of the operating point's. */
    public double high() {
        return 1 + above;
    }

    /**
     * The spread as one relative error, the larger of its two sides: what a table prints as {@code ±N%} beside a cost
     * and what the tie rule takes as the cost's error (a cost ties with another when {@code c₁·(1+e₁) ≥ c₂·(1−e₂)}).
     */
    public double relative() {
        return Math.max(below, above);
    }

    /** {@code ±46%}, or {@code ±46% or more} when it is a {@linkplain #lowerBound lower bound}. */
    public String text() {
        return ExpectedError.percent(relative()) + (lowerBound ? " or more" : "");
    }
}
