package dev.kiq.deploy;

import dev.kiq.manifest.ManifestGenerator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;

/**
 * What an undeploy will delete, worked out before anything is deleted so that it can be shown and
 * confirmed: the objects of one release (or of every release), in deletion order, and whether the shared
 * {@code hf-secret} goes too. {@link ReleaseInventory#undeploy(UndeployPlan, CancelToken)} deletes exactly
 * these objects and nothing else.
 *
 * @param release       the release removed; empty when every kiq release in the namespace is removed
 * @param objects       what will be deleted, the workload first, {@code hf-secret} last when it goes
 * @param secretUsers   the other releases whose Deployments use {@code hf-secret}, so it stays; empty when it
 *                      goes with this undeploy or there is no kiq {@code hf-secret}
 */
public record UndeployPlan(String namespace, Optional<String> release, List<HasMetadata> objects,
        List<String> secretUsers) {

    public UndeployPlan {
        objects = List.copyOf(objects);
        secretUsers = List.copyOf(secretUsers);
    }

    /** The objects as kubectl names them ({@code deployment.apps/vllm}), in deletion order. */
    public List<ObjectRef> refs() {
        return objects.stream().map(ObjectRef::of).toList();
    }

    public boolean isEmpty() {
        return objects.isEmpty();
    }

    /** "release vllm-gemma" or "every kiq release". */
    public String scope() {
        return release.map(r -> "release " + r).orElse("every kiq release");
    }

    /** Why {@code hf-secret} stays, or empty when it goes (or there is none). */
    public Optional<String> secretKept() {
        if (secretUsers.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("secret/" + ManifestGenerator.HF_SECRET + " stays: " + (secretUsers.size() == 1 ? "release " : "releases ")
                + String.join(", ", secretUsers) + (secretUsers.size() == 1 ? " still uses it." : " still use it."));
    }
}
