package dev.kiq.ui.service;

import dev.kiq.catalog.Catalog;
import dev.kiq.profile.ProfileRepository;
import dev.kiq.settings.AddedModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import dev.kiq.ui.task.TaskExecutor;

/** Wires the service ports to the core packages. */
public final class CoreAdapters {

    private CoreAdapters() {
    }

    public static Services create(TaskExecutor tasks, Optional<Path> userProfiles) {
        return create(tasks, userProfiles, Optional.empty());
    }

    /** @param kubeconfig a kubeconfig file to deploy with; empty reads it as kubectl does */
    public static Services create(TaskExecutor tasks, Optional<Path> userProfiles, Optional<Path> kubeconfig) {
        // packaging: an unreadable file in the per-user folder is moved aside and named, as the CLI does
        if (userProfiles.isEmpty()) {
            return create(tasks, ProfileRepository.shipped(), List.of(), kubeconfig);
        }
        dev.kiq.settings.UserProfiles loaded = dev.kiq.settings.UserProfiles.load(userProfiles.get(), List.of(),
                java.time.Clock.systemUTC());
        loaded.warnings().forEach(w -> System.err.println("WARNING: " + w));
        return create(tasks, loaded.repository(), loaded.warnings(), kubeconfig);
    }

    /**
     * @param repository the profiles to offer (shipped, per-user, extra folders)
     * @param warnings   what the user should know about files that could not be loaded, shown on the first page
     */
    public static Services create(TaskExecutor tasks, ProfileRepository repository, List<String> warnings,
            Optional<Path> kubeconfig) {
        return create(tasks, repository, warnings, kubeconfig, Optional.empty());
    }

    /** @param addedModels where the models added from a config.json are kept between runs; empty: this run only */
    public static Services create(TaskExecutor tasks, ProfileRepository repository, List<String> warnings,
            Optional<Path> kubeconfig, Optional<AddedModels> addedModels) {
        Catalog catalog = Catalog.bundled();
        Recommendations recommendations = Recommendations.standard(catalog);
        ProfileCatalog profiles = new ProfileCatalog(catalog, repository.profiles(), warnings, addedModels);
        return new Services(profiles, recommendations, new CoreManifests(catalog, recommendations),
                new CoreModeler(catalog, dev.kiq.settings.UserFolders.forCurrentUser().workloadCacheDir(),
                        profiles::keptConfig),
                new CoreDeployer(kubeconfig, repository), tasks);
    }

}
