package dev.kiq.cli;

import dev.kiq.catalog.PricingModel;
import picocli.CommandLine.Option;

/** {@code --pricing-model} and {@code --output-input-cost-ratio}, for the verbs that price profiles. */
final class PricingOptions {

    @Option(names = "--pricing-model", paramLabel = "MODEL", defaultValue = "on-demand",
            description = "on-demand, spot, 1-year-cud or 3-years-cud (default: ${DEFAULT-VALUE}).")
    String pricingModel;

    @Option(names = "--output-input-cost-ratio", paramLabel = "R", defaultValue = "4",
            description = "How many times an output token costs an input token (default: ${DEFAULT-VALUE}).")
    double ratio;

    PricingModel pricingModel() {
        return Choices.pricingModel(pricingModel);
    }

    double ratio() {
        return Choices.ratio(ratio);
    }
}
