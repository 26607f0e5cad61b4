package dev.kiq.ui;

import dev.kiq.ui.service.Services;
import java.util.concurrent.Executor;

/** The real services: the core catalog, profiles, recommendation engine, manifests, performance model and deploy. */
public final class CoreServices {

    private CoreServices() {
    }

    public static Services create(Executor executor) {
        return dev.kiq.ui.service.CoreAdapters.create(executor);
    }
}
