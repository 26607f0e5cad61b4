package dev.kiq.catalog;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A GCP machine (or TPU slice host) type that carries a given number of accelerators.
 *
 * @param hourlyPrice      USD per hour of the whole machine, per pricing model; a model missing from
 *                         the map is unknown
 * @param unverifiedPrices pricing models whose price has a single, doubtful source
 */
public record MachineType(
        String name,
        int acceleratorCount,
        Optional<String> tpuTopology,
        Map<PricingModel, Double> hourlyPrice,
        Set<PricingModel> unverifiedPrices) {

    public MachineType {
        hourlyPrice = Map.copyOf(hourlyPrice);
        unverifiedPrices = Set.copyOf(unverifiedPrices);
    }

    /** A machine type whose prices are all verified. */
    public MachineType(String name, int acceleratorCount, Optional<String> tpuTopology,
            Map<PricingModel, Double> hourlyPrice) {
        this(name, acceleratorCount, tpuTopology, hourlyPrice, Set.of());
    }

    public Optional<Double> price(PricingModel model) {
        return Optional.ofNullable(hourlyPrice.get(model));
    }

    public boolean priceVerified(PricingModel model) {
        return hourlyPrice.containsKey(model) && !unverifiedPrices.contains(model);
    }
}
