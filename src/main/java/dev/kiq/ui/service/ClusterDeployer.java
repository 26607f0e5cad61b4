package dev.kiq.ui.service;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** The deploy core: kubeconfig, server-side dry run and apply, rollout watch, undeploy. */
public interface ClusterDeployer {

    /** Throws {@link dev.kiq.KiqException} in plain words when there is no usable kubeconfig. */
    KubeContexts contexts();

    /**
     * Applies (or dry-runs) the manifests, reporting each step; throws {@link dev.kiq.KiqException}
     * in plain words (what failed, what was applied, what to do) on failure: a {@link ReportedFailure} when the
     * steps reported already say it.
     */
    void deploy(DeployRequest request, Consumer<DeployProgress> progress, BooleanSupplier cancelled);

    /**
     * What Undeploy would delete in that namespace: the objects of the release the manifests deploy (the core's
     * rule), and {@code hf-secret} only when no other kiq release there uses it. Deletes nothing.
     */
    UndeployPreview planUndeploy(String context, String namespace, String manifests);

    /** Deletes exactly the objects of the preview the user confirmed, reporting each. */
    void undeploy(UndeployPreview preview, Consumer<DeployProgress> progress);

    /**
     * Opens a deployed release for "Try it" and "Monitor" (port-forwards through the API server, as {@code kiq try}
     * and {@code kiq monitor} do); the caller closes it. Throws {@link dev.kiq.KiqException} in plain words.
     *
     * @param release empty: the only release in the namespace
     */
    default dev.kiq.monitor.LiveRelease openRelease(String context, String namespace, java.util.Optional<String> release) {
        throw new dev.kiq.KiqException("There is no cluster to reach from here.");
    }
}
