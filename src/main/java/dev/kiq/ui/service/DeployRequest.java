package dev.kiq.ui.service;

import java.util.Optional;

/**
 * What to apply where. The token is held only in memory and {@link #toString()} never shows it.
 *
 * @param hfToken Hugging Face token for {@code hf-secret}; empty keeps an existing secret
 * @param waitForRollout watch the pods until the model server is ready (or fails)
 */
public record DeployRequest(
        String manifests,
        String context,
        String namespace,
        boolean createNamespace,
        Optional<String> hfToken,
        boolean dryRun,
        boolean waitForRollout) {

    @Override
    public String toString() {
        return "DeployRequest[context=" + context + ", namespace=" + namespace + ", createNamespace=" + createNamespace
                + ", hfToken=" + (hfToken.isPresent() ? "<hidden>" : "<none>") + ", dryRun=" + dryRun + ", waitForRollout=" + waitForRollout + "]";
    }
}
