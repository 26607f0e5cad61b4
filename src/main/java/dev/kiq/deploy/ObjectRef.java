package dev.kiq.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Locale;
import java.util.Optional;

/** Names one Kubernetes object the way kubectl prints it ({@code deployment.apps/vllm}). */
public record ObjectRef(String apiVersion, String kind, Optional<String> namespace, String name) {

    public static ObjectRef of(HasMetadata object) {
        return new ObjectRef(object.getApiVersion(), object.getKind(),
                Optional.ofNullable(object.getMetadata().getNamespace()), object.getMetadata().getName());
    }

    /** The API group, empty for the core group. */
    public String group() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    @Override
    public String toString() {
        String g = group();
        return kind.toLowerCase(Locale.ROOT) + (g.isEmpty() ? "" : "." + g) + "/" + name;
    }
}
