package dev.kiq.ui.service;

import dev.kiq.profile.PerformancePoint;
import dev.kiq.recommend.CurveEnd;
import dev.kiq.recommend.HpaRecommendation;
import dev.kiq.recommend.OperatingPoint;
import dev.kiq.recommend.ProfileOption;
import dev.kiq.recommend.Recommendation;
import dev.kiq.recommend.ServingPlan;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The core's answer for one profile under one workload, shaped for the wizard: every value is read
 * from the core's {@link ProfileOption} (knee, ideal region, operating point, cost, reason) and
 * {@link ServingPlan} (replicas, HPA); nothing is computed here.
 *
 * @param option      the profile judged against the targets and priced
 * @param plan        replicas and HPA; empty when the targets cannot be met or the plan could not be made
 * @param planProblem why there is no plan although the targets can be met (e.g. no metric for the HPA)
 */
public record Analysis(ProfileOption option, Optional<ServingPlan> plan, Optional<String> planProblem) {

    public boolean feasible() {
        return option.achievable();
    }

    /** The saturation point of the curve, as the core's recommender finds it; empty when the curve has no knee. */
    public Optional<PerformancePoint> knee() {
        return option.recommendation().knee();
    }

    /** Where the usable curve ends: the knee, or the highest rate measured when there is none (the core's {@link CurveEnd}). */
    public CurveEnd end() {
        return option.recommendation().end();
    }

    /** The points that meet the targets at or before the knee; empty when they cannot be met. */
    public List<PerformancePoint> idealRegion() {
        return option.recommendation() instanceof Recommendation.Achievable a ? a.idealRegion().points() : List.of();
    }

    public Optional<PerformancePoint> operatingPoint() {
        return option.operatingPoint().map(OperatingPoint::point);
    }

    /** Why the targets cannot be met, naming the range that can be. */
    public Optional<String> problem() {
        return option.reason();
    }

    /** The core's sentence when users would wait seconds for the first token ({@link dev.kiq.recommend.TtftGuidance}). */
    public Optional<String> ttftWarning() {
        return dev.kiq.recommend.TtftGuidance.warning(option);
    }

    /** At the operating point, under the workload's pricing model; empty when the price is unknown. */
    public Optional<Cost> cost() {
        return option.costPerMillionOutputTokens()
                .map(out -> new Cost(option.costPerMillionInputTokens().orElseThrow(), out));
    }

    public int replicas() {
        return plan.map(ServingPlan::replicas).orElse(1);
    }

    /** The replica counts the profile's throughput error allows, such as {@code 2–4} (the core's); empty when it moves nothing. */
    public Optional<String> replicaRange() {
        return plan.flatMap(ServingPlan::replicaRange);
    }

    /** The replica count with its range and what the range is, in the core's words ({@link ServingPlan#replicasText}). */
    public String replicasText() {
        return plan.map(ServingPlan::replicasText).orElse("1 replica");
    }

    /**
     * The autoscaling summary: the gauge, its per-pod target as the core rounds it for people, and the core's reason
     * for that gauge (which may not be the one the workload's sensitivity names, e.g. batch size when the queue is
     * empty at the operating point).
     */
    public Optional<String> hpa() {
        if (planProblem.isPresent()) {
            return Optional.of("none (" + planProblem.get() + ")");
        }
        return plan.flatMap(p -> p.hpa().map(h -> describe(h) + p.hpaCaveat().map(c -> " " + c).orElse("")));
    }

    private static String describe(HpaRecommendation h) {
        return String.format(Locale.ROOT, "scales on %s (%s), target average %s per pod. %s", h.metric().label(),
                h.metricName(), h.thresholdText(), h.reason());
    }
}
