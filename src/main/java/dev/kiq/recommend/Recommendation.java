package dev.kiq.recommend;

import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import java.util.Optional;

/** The answer for one profile and one set of targets: either an operating point, or why there is none. */
public sealed interface Recommendation {

    Profile profile();

    /** Where the usable part of the curve ends: its knee, or the highest rate measured when it has none. */
    CurveEnd end();

    /** The saturation point of the profile's curve; empty when the curve has no knee ({@link CurveEnd#noKnee}). */
    default Optional<PerformancePoint> knee() {
        return end().knee();
    }

    /**
     * The targets can be met: the ideal region and its operating point.
     *
     * @param spread how far the true throughput at the operating point may be from the modeled one, given the profile's
     *               expected errors ({@link ThroughputSpread}); empty for a measured profile and where the throughput
     *               error is not known
     */
    record Achievable(
            Profile profile,
            CurveEnd end,
            IdealRegion idealRegion,
            OperatingPoint operatingPoint,
            Optional<CostModel> cost,
            Optional<ThroughputSpread> spread) implements Recommendation {

        public Optional<Double> costPerMillionOutputTokens() {
            return cost.map(c -> c.costPerMillionOutputTokens(operatingPoint.point()));
        }

        public Optional<Double> costPerMillionInputTokens() {
            return cost.map(c -> c.costPerMillionInputTokens(operatingPoint.point()));
        }
    }

    /**
     * No point of the curve meets the targets.
     *
     * @param reason one sentence naming the target and the range the profile can reach
     */
    record Unachievable(Profile profile, CurveEnd end, String reason) implements Recommendation {
    }
}
