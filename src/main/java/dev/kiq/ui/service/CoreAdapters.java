package dev.kiq.ui.service;

import dev.kiq.catalog.Catalog;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileRepository;
import dev.kiq.recommend.KneeDetector;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/** Wires the service ports to the core packages. */
public final class CoreAdapters {

    private CoreAdapters() {
    }

    public static Services create(Executor executor, Optional<Path> userProfiles) {
        return create(executor, userProfiles, Optional.empty());
    }

    /** @param kubeconfig a kubeconfig file to deploy with; empty reads it as kubectl does */
    public static Services create(Executor executor, Optional<Path> userProfiles, Optional<Path> kubeconfig) {
        // packaging: an unreadable file in the per-user folder is moved aside and named, as the CLI does
        if (userProfiles.isEmpty()) {
            return create(executor, ProfileRepository.shipped(), List.of(), kubeconfig);
        }
        dev.kiq.settings.UserProfiles loaded = dev.kiq.settings.UserProfiles.load(userProfiles.get(), List.of(),
                java.time.Clock.systemUTC());
        loaded.warnings().forEach(w -> System.err.println("WARNING: " + w));
        return create(executor, loaded.repository(), loaded.warnings(), kubeconfig);
    }

    /**
     * @param repository the profiles to offer (shipped, per-user, extra folders)
     * @param warnings   what the user should know about files that could not be loaded, shown on the first page
     */
    public static Services create(Executor executor, ProfileRepository repository, List<String> warnings,
            Optional<Path> kubeconfig) {
        Catalog catalog = Catalog.bundled();
        CoreRecommender recommender = new CoreRecommender(catalog, CoreAdapters::kneeIndex);
        return new Services(new CoreCatalog(catalog, repository, warnings), recommender, new CoreManifests(catalog, recommender),
                new CoreModeler(catalog), new CoreDeployer(kubeconfig), executor);
    }

    /**
     * The knee as {@code recommend.KneeDetector} finds it on the NTPOT curve; a curve without a bend falls
     * back to the knee stored in the profile, then to its last point (maximum throughput).
     */
    static int kneeIndex(Profile profile) {
        List<PerformancePoint> pts = profile.performanceStats();
        return KneeDetector.kneeIndex(pts, PerformancePoint::ntpotMilliseconds)
                .orElseGet(() -> profile.knee().map(k -> nearestByQps(pts, k)).orElse(pts.size() - 1));
    }

    /** The index of the point whose QPS is closest to {@code knee}'s (the first of equally close ones); -1 for no points. */
    public static int nearestByQps(List<PerformancePoint> pts, PerformancePoint knee) {
        int best = pts.size() - 1;
        double bestDistance = Double.MAX_VALUE;
        for (int i = 0; i < pts.size(); i++) {
            double d = Math.abs(pts.get(i).queriesPerSecond() - knee.queriesPerSecond());
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        return best;
    }
}
