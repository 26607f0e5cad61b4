package dev.kiq.recommend;

import dev.kiq.catalog.Accelerator;
import dev.kiq.catalog.MachineType;
import dev.kiq.catalog.PricingModel;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Prices of the machine a profile runs on, turned into cost per million tokens for each pricing model. */
public final class Pricing {

    private Pricing() {
    }

    /** The machine of the profile: its instance type if the catalog knows it, else any machine with that many accelerators. */
    public static Optional<MachineType> machine(Accelerator accelerator, Profile profile) {
        return accelerator.machineTypes().stream()
                .filter(m -> m.name().equals(profile.instanceType()))
                .findFirst()
                .or(() -> accelerator.machineFor(profile.acceleratorCount()));
    }

    /** The cost model for one pricing model; empty when that price is unknown. */
    public static Optional<CostModel> costModel(Accelerator accelerator, Profile profile, PricingModel pricingModel,
            double outputToInputCostRatio) {
        return machine(accelerator, profile)
                .flatMap(m -> m.price(pricingModel))
                .map(price -> new CostModel(price, outputToInputCostRatio));
    }

    /** Cost per million tokens at a point under every pricing model; unknown prices give empty costs. */
    public static List<CostEstimate> estimates(Accelerator accelerator, Profile profile, PerformancePoint point,
            double outputToInputCostRatio) {
        return Arrays.stream(PricingModel.values())
                .map(pm -> {
                    Optional<CostModel> model = costModel(accelerator, profile, pm, outputToInputCostRatio);
                    return new CostEstimate(pm,
                            model.map(CostModel::hourlyPrice),
                            model.map(c -> c.costPerMillionInputTokens(point)),
                            model.map(c -> c.costPerMillionOutputTokens(point)));
                })
                .toList();
    }

    /** Cost of one replica's tokens under one pricing model; empty values where the price is unknown. */
    public record CostEstimate(
            PricingModel pricingModel,
            Optional<Double> hourlyPrice,
            Optional<Double> costPerMillionInputTokens,
            Optional<Double> costPerMillionOutputTokens) {
    }
}
