package dev.kiq.catalog;

import java.util.Arrays;
import java.util.Optional;

/** How accelerator hours are paid for; the ids are those of gcloud's {@code --pricing-model}. */
public enum PricingModel {
    ON_DEMAND("on-demand"),
    SPOT("spot"),
    CUD_1Y("1-year-cud"),
    CUD_3Y("3-years-cud");

    private final String id;

    PricingModel(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<PricingModel> byId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }
}
