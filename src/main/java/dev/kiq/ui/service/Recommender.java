package dev.kiq.ui.service;

import dev.kiq.catalog.PricingModel;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import java.util.Optional;

/** The recommendation engine (knee, ideal region, operating point, cost, HPA, replicas). */
public interface Recommender {

    Analysis analyse(Profile profile, Workload workload);

    /** Cost at any point of the curve, empty when the catalog has no price for it. */
    Optional<Cost> cost(Profile profile, PerformancePoint point, PricingModel pricingModel);
}
