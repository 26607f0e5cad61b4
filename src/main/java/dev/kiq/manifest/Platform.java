package dev.kiq.manifest;

import java.util.Arrays;
import java.util.Optional;

/** Where the manifests will run: GKE, or any Kubernetes cluster with the NVIDIA GPU operator and Prometheus Operator. */
public enum Platform {
    GKE("gke"),
    KUBERNETES("kubernetes");

    private final String id;

    Platform(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Platform> byId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }
}
