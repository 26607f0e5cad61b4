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

    /** Removes what kiq applied (by label) in that namespace. */
    void undeploy(String context, String namespace, Consumer<DeployProgress> progress);
}
