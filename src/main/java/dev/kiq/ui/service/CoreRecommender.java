package dev.kiq.ui.service;

import dev.kiq.KiqException;
import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.MetricNames;
import dev.kiq.catalog.ModelServerVersion;
import dev.kiq.catalog.PricingModel;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.recommend.Autoscaling;
import dev.kiq.recommend.CostModel;
import dev.kiq.recommend.HpaMetric;
import dev.kiq.recommend.HpaRecommendation;
import dev.kiq.recommend.Pricing;
import dev.kiq.recommend.Recommendation;
import dev.kiq.recommend.Targets;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/** The wizard's view of {@code dev.kiq.recommend}: one call per profile and workload. */
final class CoreRecommender implements Recommender {

    private final Catalog catalog;
    private final dev.kiq.recommend.Recommender engine;

    CoreRecommender(Catalog catalog, Function<Profile, Integer> kneeIndex) {
        this.catalog = catalog;
        this.engine = new dev.kiq.recommend.Recommender(kneeIndex);
    }

    @Override
    public Analysis analyse(Profile profile, Workload workload) {
        Optional<CostModel> cost = costModel(profile, workload.pricingModel());
        Recommendation r = engine.recommend(profile, targets(workload), cost);
        if (r instanceof Recommendation.Unachievable u) {
            return new Analysis(Optional.of(u.knee()), java.util.List.of(), Optional.empty(), Optional.of(u.reason()),
                    Optional.empty(), 1, Optional.empty());
        }
        Recommendation.Achievable a = (Recommendation.Achievable) r;
        PerformancePoint op = a.operatingPoint().point();
        int replicas;
        Optional<String> hpa = Optional.empty();
        try {
            replicas = Autoscaling.initialReplicas(optional(workload.expectedQps()), a.operatingPoint());
        } catch (KiqException e) {
            replicas = 1;
        }
        if (workload.hasTarget()) {
            Optional<MetricNames> names = metrics(profile);
            if (names.isPresent()) {
                try {
                    HpaRecommendation h = Autoscaling.hpa(a.operatingPoint(), names.get(), hpaMetric(workload,
                            Optional.empty()), replicas);
                    hpa = Optional.of(String.format(Locale.ROOT, "%s %s ≤ %.2f per pod", h.metric().label(),
                            h.metricName(), h.threshold()));
                } catch (KiqException e) {
                    hpa = Optional.of("none (" + e.getMessage() + ")");
                }
            }
        }
        return new Analysis(Optional.of(a.knee()), a.idealRegion().points(), Optional.of(op), Optional.empty(),
                cost.map(c -> new Cost(c.costPerMillionInputTokens(op), c.costPerMillionOutputTokens(op))), replicas, hpa);
    }

    @Override
    public Optional<Cost> cost(Profile profile, PerformancePoint point, PricingModel pricingModel) {
        return costModel(profile, pricingModel)
                .map(c -> new Cost(c.costPerMillionInputTokens(point), c.costPerMillionOutputTokens(point)));
    }

    Optional<CostModel> costModel(Profile profile, PricingModel pricingModel) {
        return catalog.findAccelerator(profile.acceleratorType()).flatMap(acc -> Pricing.costModel(acc, profile,
                pricingModel, CostModel.DEFAULT_OUTPUT_TO_INPUT_COST_RATIO));
    }

    Optional<MetricNames> metrics(Profile profile) {
        return version(profile).map(ModelServerVersion::metrics);
    }

    Optional<ModelServerVersion> version(Profile profile) {
        return catalog.findModelServer(profile.modelServerInfo().modelServer())
                .flatMap(s -> s.version(profile.modelServerInfo().modelServerVersion()));
    }

    dev.kiq.recommend.Recommender engine() {
        return engine;
    }

    static Targets targets(Workload w) {
        return Targets.none().withNtpot(optional(w.targetNtpotMs())).withTtft(optional(w.targetTtftMs()))
                .withItl(optional(w.targetItlMs()));
    }

    /** The user's explicit choice wins; a latency-sensitive workload asks for batch size (SPEC §2); else the engine picks. */
    static Optional<HpaMetric> hpaMetric(Workload w, Optional<String> chosen) {
        if (chosen.isPresent()) {
            return HpaMetric.byId(chosen.get());
        }
        return w.latencySensitive() ? Optional.of(HpaMetric.BATCH_SIZE) : Optional.empty();
    }

    static OptionalDouble optional(Optional<Double> v) {
        return v.map(OptionalDouble::of).orElse(OptionalDouble.empty());
    }
}
