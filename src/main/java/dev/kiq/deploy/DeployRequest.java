package dev.kiq.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What to deploy and how.
 *
 * @param objects         the manifests, in the order they should be applied
 * @param namespace       target namespace; empty means the manifests' own, else the context's, else {@code default}
 * @param createNamespace create the namespace when it does not exist
 * @param hfToken         the Hugging Face token for {@code hf-secret}; empty leaves the Secret as it is
 * @param dryRun          only run the server-side dry run
 * @param waitForRollout  watch the Deployments until ready, failed or {@code timeout}
 * @param timeout         how long to wait for the rollout
 * @param forceConflicts  take over fields other managers own even on objects kiq did not apply before
 * @param release         groups the objects for status and undeploy; empty means the first Deployment's name
 */
public record DeployRequest(List<HasMetadata> objects, Optional<String> namespace, boolean createNamespace,
        Optional<HfToken> hfToken, boolean dryRun, boolean waitForRollout, Duration timeout,
        boolean forceConflicts, Optional<String> release) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(20);

    public DeployRequest {
        objects = List.copyOf(objects);
    }

    public static DeployRequest of(List<HasMetadata> objects) {
        return new DeployRequest(objects, Optional.empty(), false, Optional.empty(), false, false,
                DEFAULT_TIMEOUT, false, Optional.empty());
    }

    public DeployRequest inNamespace(String ns) {
        return new DeployRequest(objects, Optional.of(ns), createNamespace, hfToken, dryRun, waitForRollout,
                timeout, forceConflicts, release);
    }

    public DeployRequest creatingNamespace(boolean create) {
        return new DeployRequest(objects, namespace, create, hfToken, dryRun, waitForRollout, timeout,
                forceConflicts, release);
    }

    public DeployRequest withToken(HfToken token) {
        return new DeployRequest(objects, namespace, createNamespace, Optional.of(token), dryRun, waitForRollout,
                timeout, forceConflicts, release);
    }

    public DeployRequest asDryRun(boolean dry) {
        return new DeployRequest(objects, namespace, createNamespace, hfToken, dry, waitForRollout, timeout,
                forceConflicts, release);
    }

    public DeployRequest waiting(Duration waitUpTo) {
        return new DeployRequest(objects, namespace, createNamespace, hfToken, dryRun, true, waitUpTo,
                forceConflicts, release);
    }

    public DeployRequest forcingConflicts(boolean force) {
        return new DeployRequest(objects, namespace, createNamespace, hfToken, dryRun, waitForRollout, timeout,
                force, release);
    }

    public DeployRequest asRelease(String name) {
        return new DeployRequest(objects, namespace, createNamespace, hfToken, dryRun, waitForRollout, timeout,
                forceConflicts, Optional.of(KiqLabels.checkRelease(name)));
    }
}
