package dev.kiq.manifest;

import dev.kiq.KiqException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A {@code gs://bucket[/path]} holding the model's files, mounted read-only with the GKE Cloud Storage FUSE CSI driver. */
record GcsBucket(String bucket, String path) {

    static GcsBucket parse(String uri) {
        if (!uri.startsWith("gs://")) {
            throw new KiqException("model bucket URI '" + uri + "' must start with gs://, e.g. gs://my-bucket/models/gemma-2-27b-it.");
        }
        String rest = uri.substring("gs://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("/+$", "");
        if (!bucket.matches("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]")) {
            throw new KiqException("model bucket URI '" + uri + "' has no valid bucket name (lowercase letters, digits, '-', '_', '.').");
        }
        return new GcsBucket(bucket, path);
    }

    Map<String, String> volumeAttributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("bucketName", bucket);
        attributes.put("mountOptions", path.isEmpty() ? "implicit-dirs" : "implicit-dirs,only-dir=" + path);
        return attributes;
    }

    String uri() {
        return "gs://" + bucket + (path.isEmpty() ? "" : "/" + path);
    }
}
