package dev.kiq.ui.service;

import dev.kiq.ui.task.TaskExecutor;

/**
 * Everything the wizard talks to, handed in from outside so tests can run background work on the calling
 * thread, give the catalog their own profiles, or point the deployer at a mock API server. Recommendations
 * are always the core's.
 */
public record Services(
        ProfileCatalog catalog,
        Recommendations recommendations,
        ManifestService manifests,
        Modeler modeler,
        ClusterDeployer deployer,
        TaskExecutor tasks) {
}
