package dev.kiq.recommend;

import dev.kiq.KiqException;
import dev.kiq.profile.PerformancePoint;

/**
 * What one replica's tokens cost (SPEC §2): cost per million output tokens =
 * hourly price / 3600 / (input tok/s / r + output tok/s) × 1e6, with r the output:input cost ratio;
 * an input token costs 1/r of an output token.
 *
 * @param hourlyPrice            USD per hour of the machine one replica runs on
 * @param outputToInputCostRatio r, how many times an output token costs an input token (4 by default)
 */
public record CostModel(double hourlyPrice, double outputToInputCostRatio) {

    /** gcloud's and kiq's default output:input cost ratio. */
    public static final double DEFAULT_OUTPUT_TO_INPUT_COST_RATIO = 4.0;

    public CostModel {
        if (!(hourlyPrice >= 0 && Double.isFinite(hourlyPrice))) {
            throw new KiqException("hourly price must be zero or more, got " + Format.number(hourlyPrice) + ".");
        }
        if (!(outputToInputCostRatio > 0 && Double.isFinite(outputToInputCostRatio))) {
            throw new KiqException("output:input cost ratio must be a positive number, got "
                    + Format.number(outputToInputCostRatio) + ".");
        }
    }

    public static CostModel of(double hourlyPrice) {
        return new CostModel(hourlyPrice, DEFAULT_OUTPUT_TO_INPUT_COST_RATIO);
    }

    /** USD per million output tokens at this load; infinite when the replica produces nothing. */
    public double costPerMillionOutputTokens(PerformancePoint point) {
        double weightedTokensPerSecond = point.inputTokensPerSecond() / outputToInputCostRatio + point.outputTokensPerSecond();
        if (weightedTokensPerSecond <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        return hourlyPrice / 3600.0 / weightedTokensPerSecond * 1e6;
    }

    /** USD per million input tokens at this load. */
    public double costPerMillionInputTokens(PerformancePoint point) {
        return costPerMillionOutputTokens(point) / outputToInputCostRatio;
    }
}
