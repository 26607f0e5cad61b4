package dev.kiq.manifest;

import java.util.Locale;

/** Kubernetes names and label values derived from a model id and a server. */
final class ResourceNames {

    private static final int MAX_BASE = 40;

    private ResourceNames() {
    }

    /** DNS-1123 base name, e.g. {@code deepseek-r1-distill-qwen-7b-vllm}; object names add a suffix. */
    static String base(String modelId, String server) {
        String model = shortName(modelId).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        String name = (model + "-" + server.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"))
                .replaceAll("-+", "-");
        if (name.length() > MAX_BASE) {
            name = name.substring(name.length() - MAX_BASE);
        }
        return name.replaceAll("^-+|-+$", "");
    }

    /** A valid label value for a model id: its name without the organisation, e.g. {@code gemma-2-27b-it}. */
    static String labelValue(String modelId) {
        String value = shortName(modelId).replaceAll("[^A-Za-z0-9._-]+", "-");
        if (value.length() > 63) {
            value = value.substring(0, 63);
        }
        return value.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
    }

    private static String shortName(String modelId) {
        return modelId.substring(modelId.lastIndexOf('/') + 1);
    }
}
