package dev.kiq.catalog;

import java.util.List;
import java.util.Optional;

/** A model server (e.g. {@code vllm}) and its known versions, oldest first. */
public record ModelServer(String id, List<ModelServerVersion> versions) {

    public ModelServer {
        versions = List.copyOf(versions);
    }

    public Optional<ModelServerVersion> version(String version) {
        return versions.stream().filter(v -> v.version().equals(version)).findFirst();
    }

    public ModelServerVersion latest() {
        return versions.get(versions.size() - 1);
    }
}
