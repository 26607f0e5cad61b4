package dev.kiq.ui.service;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** The deploy core: kubeconfig, server-side dry run and apply, rollout watch, undeploy. */
public interface ClusterDeployer {

    /** Throws {@link dev.kiq.KiqException} in plain words when there is no usable kubeconfig. */
    KubeContexts contexts();

    /**
     * Applies (or dry-runs) the manifests, reporting each step; throws {@link dev.kiq.KiqException}
     * in plain words (what failed, what was applied, what to do) on failure.
     */
    void deploy(DeployRequest request, Consumer<DeployProgress> progress, BooleanSupplier cancelled);

    /**
     * What Undeploy would delete in that namespace: the objects of the release the manifests deploy (the core's
     * rule), and {@code hf-secret} only when no other kiq release there uses it. Deletes nothing.
     */
    UndeployPreview planUndeploy(String context, String namespace, String manifests);

    /** Deletes exactly the objects of the preview the user confirmed, reporting each. */
    void undeploy(UndeployPreview preview, Consumer<DeployProgress> progress);
}
