package dev.kiq.deploy;

import java.util.Optional;

/** One context of the user's kubeconfig. */
public record KubeContext(String name, String cluster, String user, Optional<String> namespace) {

    /** The namespace kubectl would use for this context. */
    public String effectiveNamespace() {
        return namespace.filter(n -> !n.isBlank()).orElse("default");
    }
}
