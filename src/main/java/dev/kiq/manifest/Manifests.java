package dev.kiq.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * Generated manifests: the fabric8 objects (to apply) and their text in gcloud's layout, each
 * manifest followed by {@code \n---\n}, then the comment lines prefixed {@code # }.
 *
 * @param objects  Deployment, Service, PodMonitoring or ServiceMonitor, and the HPA when there is one
 * @param yaml     the YAML document of each object, in the same order
 * @param comments the comment lines, each starting with {@code # }
 */
public record Manifests(List<HasMetadata> objects, List<String> yaml, List<String> comments) {

    public Manifests {
        objects = List.copyOf(objects);
        yaml = List.copyOf(yaml);
        comments = List.copyOf(comments);
    }

    public String text(OutputMode mode) {
        StringBuilder out = new StringBuilder();
        if (mode != OutputMode.COMMENTS) {
            for (String document : yaml) {
                out.append(document.stripTrailing()).append("\n---\n");
            }
        }
        if (mode != OutputMode.MANIFEST) {
            for (String line : comments) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }
}
