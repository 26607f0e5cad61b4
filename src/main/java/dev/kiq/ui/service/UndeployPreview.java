package dev.kiq.ui.service;

import dev.kiq.deploy.ObjectRef;
import dev.kiq.deploy.UndeployPlan;
import java.util.List;
import java.util.Optional;

/**
 * What Undeploy would delete, found on the cluster before anything is deleted: the core's plan for the release of
 * the wizard's manifests, and the kube context it was found in. Confirming deletes exactly these objects.
 */
public record UndeployPreview(String context, String release, UndeployPlan plan) {

    public String namespace() {
        return plan.namespace();
    }

    /** The objects as kind/name ({@code deployment.apps/vllm}), in the order they are deleted. */
    public List<String> objects() {
        return plan.refs().stream().map(ObjectRef::toString).toList();
    }

    /** Why the shared {@code hf-secret} stays, or empty when it goes too (or there is none). */
    public Optional<String> secretKept() {
        return plan.secretKept();
    }
}
