package dev.kiq.catalog;

import java.util.Map;
import java.util.Optional;

/**
 * A GCP machine (or TPU slice host) type that carries a given number of accelerators.
 *
 * @param hourlyPrice USD per hour of the whole machine, per pricing model; a model missing from the map is unknown
 */
public record MachineType(
        String name,
        int acceleratorCount,
        Optional<String> tpuTopology,
        Map<PricingModel, Double> hourlyPrice) {

    public MachineType {
        hourlyPrice = Map.copyOf(hourlyPrice);
    }

    public Optional<Double> price(PricingModel model) {
        return Optional.ofNullable(hourlyPrice.get(model));
    }
}
