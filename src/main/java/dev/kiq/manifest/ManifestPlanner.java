package dev.kiq.manifest;

import dev.kiq.KiqException;
import dev.kiq.catalog.Accelerator;
import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.ModelServerVersion;
import dev.kiq.catalog.PricingModel;
import dev.kiq.profile.Profile;
import dev.kiq.recommend.CostModel;
import dev.kiq.recommend.HpaMetric;
import dev.kiq.recommend.ProfileOption;
import dev.kiq.recommend.ProfileSelection;
import dev.kiq.recommend.Recommender;
import dev.kiq.recommend.ServingPlan;
import dev.kiq.recommend.Targets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** From the user's choices (gcloud's {@code manifests create} flags) to a profile, a serving plan and manifests. */
public final class ManifestPlanner {

    private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";

    private final Catalog catalog;
    private final ProfileSelection selection;
    private final Recommender recommender;

    public ManifestPlanner(Catalog catalog, ProfileSelection selection, Recommender recommender) {
        this.catalog = catalog;
        this.selection = selection;
        this.recommender = recommender;
    }

    /** What the user asked for; names are resolved (did-you-mean) against the profiles. */
    public record Choice(
            String model,
            String modelServer,
            Optional<String> modelServerVersion,
            String acceleratorType,
            Targets targets,
            Optional<HpaMetric> hpaMetric,
            OptionalDouble expectedQps,
            String namespace,
            Platform platform,
            Optional<String> modelBucketUri) {
    }

    /** The profile chosen for a choice and how to serve it. */
    public record Plan(Profile profile, Accelerator accelerator, ModelServerVersion serverVersion, ServingPlan serving) {
    }

    /** Refuses a namespace Kubernetes would refuse (an RFC 1123 label), in words that say what would be valid. */
    public static void checkNamespace(String namespace) {
        if (!namespace.matches(DNS_LABEL)) {
            throw new KiqException("namespace \"" + namespace + "\" is not a valid Kubernetes namespace name"
                    + " (lowercase letters, digits and '-', at most 63 characters, e.g. default or llm-serving).");
        }
    }

    public Plan plan(Choice choice) {
        checkNamespace(choice.namespace());
        // without a version: the newest version that has a profile on this accelerator
        List<Profile> candidates = selection.select(Optional.of(choice.model()), Optional.of(choice.modelServer()),
                Optional.of(choice.modelServerVersion().orElse(ProfileSelection.ALL_VERSIONS)),
                Optional.of(choice.acceleratorType()));
        if (choice.modelServerVersion().isEmpty() && !candidates.isEmpty()) {
            List<String> order = selection.versions(candidates.get(0).modelServerInfo().model(),
                    Optional.of(candidates.get(0).modelServerInfo().modelServer()));
            String newest = candidates.stream().map(p -> p.modelServerInfo().modelServerVersion())
                    .max(Comparator.comparingInt(order::indexOf)).orElseThrow();
            candidates = candidates.stream().filter(p -> p.modelServerInfo().modelServerVersion().equals(newest)).toList();
        }
        if (candidates.isEmpty()) {
            throw new KiqException("No profile for " + choice.model() + " on " + choice.modelServer() + " with "
                    + choice.acceleratorType() + ".");
        }
        List<ProfileOption> options = ProfileOption.evaluate(candidates, catalog, recommender, choice.targets(),
                PricingModel.ON_DEMAND, CostModel.DEFAULT_OUTPUT_TO_INPUT_COST_RATIO);
        // several counts or topologies of one accelerator: the cheapest tokens, then the fewest accelerators (before
        // CHEAPEST_FIRST's own tie-break, the higher throughput, which would always prefer the bigger replica)
        Optional<ProfileOption> best = options.stream().filter(ProfileOption::achievable)
                .min(Comparator.comparing((ProfileOption o) -> o.costPerMillionOutputTokens().orElse(Double.POSITIVE_INFINITY))
                        .thenComparingInt(o -> o.profile().acceleratorCount())
                        .thenComparing(ProfileOption.CHEAPEST_FIRST));
        if (best.isEmpty()) {
            throw new KiqException(recommender.noneMeets(candidates, choice.targets())
                    .orElse(options.get(0).reason().orElseThrow()));
        }
        Profile profile = best.get().profile();
        Accelerator accelerator = catalog.findAccelerator(profile.acceleratorType()).orElseThrow(() -> new KiqException(
                "the catalog has no accelerator " + profile.acceleratorType() + ", so kiq cannot write its node selector."));
        ModelServerVersion version = catalog.findModelServer(profile.modelServerInfo().modelServer())
                .flatMap(s -> s.version(profile.modelServerInfo().modelServerVersion()))
                .orElseThrow(() -> new KiqException("the catalog has no " + profile.modelServerInfo().modelServer() + " "
                        + profile.modelServerInfo().modelServerVersion() + ", so kiq does not know its image, args and"
                        + " metric names; choose a version the catalog lists."));
        ServingPlan serving = ServingPlan.of(recommender, profile, choice.targets(), best.get().cost(), version.metrics(),
                choice.hpaMetric(), choice.expectedQps());
        return new Plan(profile, accelerator, version, serving);
    }

    public Manifests create(Choice choice, Instant now, String generator) {
        return create(choice, Optional.empty(), now, generator);
    }

    /** @param dashboard a dashboard to add for the server version, with the knee's throughput as its reference */
    public Manifests create(Choice choice, Optional<Dashboards.Kind> dashboard, Instant now, String generator) {
        Plan plan = plan(choice);
        ManifestRequest request = ManifestRequest.of(plan.profile(), plan.accelerator(), plan.serverVersion(),
                plan.serving(), choice.namespace(), choice.platform(), choice.modelBucketUri(), now, generator);
        Manifests manifests = new ManifestGenerator().generate(request);
        return dashboard.map(kind -> Dashboards.add(manifests, request, plan.serving().recommendation().knee(), kind))
                .orElse(manifests);
    }
}
