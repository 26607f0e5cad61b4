package dev.kiq.manifest;

import java.util.Arrays;
import java.util.Optional;

/** What {@code manifests create --output} prints: the manifests, the comments, or both (gcloud's values). */
public enum OutputMode {
    MANIFEST("manifest"),
    COMMENTS("comments"),
    ALL("all");

    private final String id;

    OutputMode(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<OutputMode> byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }
}
