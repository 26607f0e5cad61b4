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
public record ServingPlan(Recommendation.Achievable recommendation, int replicas, Optional<HpaRecommendation> hpa,
                          int fewestReplicas, int mostReplicas) {

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
        // a replica's requests per second is its throughput: off by its spread at the operating point, the same
        // expected QPS needs fewer or more replicas (none for a measured profile or an unknown error)
        ThroughputSpread spread = achievable.spread().orElse(new ThroughputSpread(0, 0, false));
        int fewest = expectedQps.isEmpty() ? replicas
                : Autoscaling.initialReplicas(expectedQps, achievable.operatingPoint().scaledThroughput(spread.high()));
        int most = expectedQps.isEmpty() || spread.below() == 0 ? replicas : spread.below() >= 1 ? Integer.MAX_VALUE
                : Math.max(replicas, replicasOrMax(expectedQps, achievable.operatingPoint().scaledThroughput(spread.low())));
        return new ServingPlan(achievable, replicas, hpa, Math.min(fewest, replicas), most);
    }

    private static int replicasOrMax(OptionalDouble expectedQps, OperatingPoint slower) {
        try {
            return Autoscaling.initialReplicas(expectedQps, slower);
        } catch (KiqException e) {
            return Integer.MAX_VALUE; // more than kiq starts: the range says "or more"
        }
    }

    /**
     * For a modeled profile with an HPA: the gauge's value at the operating point, and so the HPA's target, is the
     * model's, and no cross-validation measured its error (the corpus publishes no queue or batch sizes); empty for a
     * measured profile or without an HPA.
     */
    public Optional<String> hpaCaveat() {
        return hpa.filter(h -> recommendation.profile().provenance().basis() != dev.kiq.profile.Basis.measured)
                .map(h -> "The " + h.metric().label() + " at the operating point is modeled and no published measurement"
                        + " bounds its error: compare the HPA's target with the live gauge (kiq monitor) once deployed.");
    }

    /** The replica counts the throughput error allows, such as {@code 2–4} ({@code 2–more} past kiq's limit); empty when it moves nothing. */
    public Optional<String> replicaRange() {
        return fewestReplicas == mostReplicas ? Optional.empty() : Optional.of(fewestReplicas + "–"
                + (mostReplicas == Integer.MAX_VALUE ? "more" : Integer.toString(mostReplicas)));
    }

    /**
     * The replica count as people read it, with its range when the throughput's spread at the operating point moves it
     * ({@link ThroughputSpread}): {@code 3 replicas (2–4 within the expected error of the throughput at the operating
     * point, ±20%)}; {@code 3 replicas} when it does not, and for a measured profile. Under a latency target the spread
     * holds the latency's error too.
     */
    public String replicasText() {
        String count = dev.kiq.Plural.of(replicas, "replica");
        if (fewestReplicas == mostReplicas) {
            return count;
        }
        String error = recommendation.spread().map(ThroughputSpread::text).orElseThrow();
        return count + " (" + replicaRange().orElseThrow() + " within the expected error of the throughput at the operating"
                + " point, " + error + ")";
    }

    public OperatingPoint operatingPoint() {
        return recommendation.operatingPoint();
    }
}
