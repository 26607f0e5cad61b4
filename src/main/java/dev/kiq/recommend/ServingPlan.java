package dev.kiq.recommend;

import dev.kiq.KiqException;
import dev.kiq.catalog.MetricNames;
import dev.kiq.profile.Profile;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What to deploy for one profile: the operating point, the initial replicas and, when the user gave a
 * target, the HPA that keeps each replica near the operating point.
 */
public record ServingPlan(Recommendation.Achievable recommendation, int replicas, Optional<HpaRecommendation> hpa) {

    /**
     * @throws KiqException with the reason and the valid range when the targets cannot be met
     */
    public static ServingPlan of(Recommender recommender, Profile profile, Targets targets, Optional<CostModel> cost,
            MetricNames metrics, Optional<HpaMetric> hpaMetric, OptionalDouble expectedQps) {
        Recommendation recommendation = recommender.recommend(profile, targets, cost);
        if (recommendation instanceof Recommendation.Unachievable u) {
            throw new KiqException(u.reason());
        }
        Recommendation.Achievable achievable = (Recommendation.Achievable) recommendation;
        int replicas = Autoscaling.initialReplicas(expectedQps, achievable.operatingPoint());
        Optional<HpaRecommendation> hpa = targets.isEmpty()
                ? Optional.empty()
                : Optional.of(Autoscaling.hpa(achievable.operatingPoint(), metrics, hpaMetric, replicas));
        return new ServingPlan(achievable, replicas, hpa);
    }

    public OperatingPoint operatingPoint() {
        return recommendation.operatingPoint();
    }
}
