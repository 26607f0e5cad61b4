package dev.kiq.ui;

import dev.kiq.ui.service.Services;
import java.util.concurrent.Executor;

/** The real services: the core catalog, profiles, recommendation engine, manifests, performance model and deploy. */
public final class CoreServices {

    private CoreServices() {
    }

    /** @param userProfiles the per-user profile folder, when it exists; its profiles win over the shipped ones */
    public static Services create(Executor executor, java.util.Optional<java.nio.file.Path> userProfiles) {
        return dev.kiq.ui.service.CoreAdapters.create(executor, userProfiles);
    }

    public static Services create(Executor executor) {
        return create(executor, java.util.Optional.empty());
    }
}
