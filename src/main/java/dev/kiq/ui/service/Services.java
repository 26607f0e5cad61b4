package dev.kiq.ui.service;

import java.util.concurrent.Executor;

/**
 * Everything the wizard talks to, handed in from outside so tests can swap the executor (run
 * tasks synchronously) or point the deployer at a mock API server.
 */
public record Services(
        ProfileCatalog catalog,
        Recommender recommender,
        ManifestService manifests,
        Modeler modeler,
        ClusterDeployer deployer,
        Executor executor) {
}
