package dev.kiq.ui.service;

import dev.kiq.KiqException;
import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.MetricNames;
import dev.kiq.catalog.ModelServerVersion;
import dev.kiq.catalog.PricingModel;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.recommend.CostModel;
import dev.kiq.recommend.HpaMetric;
import dev.kiq.recommend.Pricing;
import dev.kiq.recommend.ProfileOption;
import dev.kiq.recommend.Ranking;
import dev.kiq.recommend.Recommender;
import dev.kiq.recommend.ServingPlan;
import java.util.List;
import java.util.Optional;

/**
 * The wizard's door to {@code dev.kiq.recommend}: the same {@link Recommender}, {@link ProfileOption}
 * and {@link ServingPlan} the CLI uses, fed with the wizard's {@link Workload}.
 */
public final class Recommendations {

    private final Catalog catalog;
    private final Recommender recommender;

    public Recommendations(Catalog catalog, Recommender recommender) {
        this.catalog = catalog;
        this.recommender = recommender;
    }

    /** What kiq recommends with: {@link Recommender#standard()}. */
    public static Recommendations standard(Catalog catalog) {
        return new Recommendations(catalog, Recommender.standard());
    }

    /** Every profile judged under the workload, in the core's order ({@link Ranking}: cheapest first, ties to the better founded). */
    public List<ProfileOption> options(List<Profile> profiles, Workload workload) {
        return ranked(profiles, workload).stream().map(Ranking.Ranked::option).toList();
    }

    /** Every profile judged under the workload, in the given order: no ranking (of a set not yet complete, say). */
    public List<ProfileOption> judged(List<Profile> profiles, Workload workload) {
        return ProfileOption.evaluate(profiles, catalog, recommender, workload.targets(), workload.pricingModel(),
                CostModel.DEFAULT_OUTPUT_TO_INPUT_COST_RATIO);
    }

    /** {@link #options}, each with the core's note when a tie-break moved it above cheaper options. */
    public List<Ranking.Ranked> ranked(List<Profile> profiles, Workload workload) {
        return Ranking.order(judged(profiles, workload));
    }

    /** When no profile can meet a latency target: the lowest value any profile reaches, and on what (the CLI's sentence). */
    public Optional<String> noneMeets(List<Profile> profiles, Workload workload) {
        return recommender.noneMeets(profiles, workload.targets());
    }

    /** Which options make users wait seconds for the first token, and the TTFT target that rules them out. */
    public Optional<String> ttftNote(List<ProfileOption> options, Workload workload) {
        return dev.kiq.recommend.TtftGuidance.note(options, workload.useCase());
    }

    /** The TTFT target (ms) latency-sensitive serving of the workload's use case gets unless the user sets one. */
    public double latencySensitiveTtftTarget(Workload workload) {
        return dev.kiq.recommend.TtftGuidance.latencySensitiveTarget(workload.useCase());
    }

    public Analysis analyse(Profile profile, Workload workload) {
        ProfileOption option = ProfileOption.evaluate(List.of(profile), catalog, recommender, workload.targets(),
                workload.pricingModel(), CostModel.DEFAULT_OUTPUT_TO_INPUT_COST_RATIO).get(0);
        if (!option.achievable()) {
            return new Analysis(option, Optional.empty(), Optional.empty());
        }
        Optional<MetricNames> metrics = version(profile).map(ModelServerVersion::metrics);
        if (metrics.isEmpty()) {
            return new Analysis(option, Optional.empty(), Optional.empty());
        }
        try {
            return new Analysis(option, Optional.of(plan(profile, workload, Optional.empty())), Optional.empty());
        } catch (KiqException e) {
            return new Analysis(option, Optional.empty(), Optional.of(e.getMessage()));
        }
    }

    /**
     * How to serve the profile under the workload.
     *
     * @param hpaMetric the user's choice; empty lets the workload's sensitivity decide ({@link HpaMetric#forServing})
     * @throws KiqException when the targets cannot be met, or the catalog does not know the server version
     */
    public ServingPlan plan(Profile profile, Workload workload, Optional<HpaMetric> hpaMetric) {
        ModelServerVersion version = version(profile).orElseThrow(() -> new KiqException("the catalog has no "
                + profile.modelServerInfo().modelServer() + " " + profile.modelServerInfo().modelServerVersion() + "."));
        return ServingPlan.of(recommender, profile, workload.targets(), costModel(profile, workload.pricingModel()),
                version.metrics(), hpaMetric.or(() -> HpaMetric.forServing(workload.latencySensitive())),
                workload.expectedQpsValue());
    }

    /** Cost at any point of the curve; empty when the catalog has no price for it. */
    public Optional<Cost> cost(Profile profile, PerformancePoint point, PricingModel pricingModel) {
        return costModel(profile, pricingModel)
                .map(c -> new Cost(c.costPerMillionInputTokens(point), c.costPerMillionOutputTokens(point)));
    }

    private Optional<CostModel> costModel(Profile profile, PricingModel pricingModel) {
        return catalog.findAccelerator(profile.acceleratorType()).flatMap(acc -> Pricing.costModel(acc, profile,
                pricingModel, CostModel.DEFAULT_OUTPUT_TO_INPUT_COST_RATIO));
    }

    private Optional<ModelServerVersion> version(Profile profile) {
        return catalog.findModelServer(profile.modelServerInfo().modelServer())
                .flatMap(s -> s.version(profile.modelServerInfo().modelServerVersion()));
    }
}
