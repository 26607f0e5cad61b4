package dev.kiq.manifest;

import dev.kiq.KiqException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/** Kubernetes objects to YAML with Jackson (kubectl-like layout), and YAML back to fabric8 model objects. */
public final class ManifestYaml {

    private static final YAMLMapper WRITER = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .disable(YAMLWriteFeature.SPLIT_LINES)
            // a string such as "1" or "0.95" must stay a string (label values, env values, annotations)
            .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();

    private static final KubernetesSerialization READER = new KubernetesSerialization();

    private ManifestYaml() {
    }

    public static String write(HasMetadata object) {
        return WRITER.writeValueAsString(object);
    }

    /** Parses one or more {@code ---}-separated documents (comment lines are ignored) into fabric8 objects. */
    public static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
                continue;
            }
            try {
                KubernetesResource parsed = READER.unmarshal(document, KubernetesResource.class);
                if (!(parsed instanceof HasMetadata object)) {
                    throw new KiqException("a YAML document is not a Kubernetes object with metadata: "
                            + document.lines().findFirst().orElse("") + "…");
                }
                objects.add(object);
            } catch (JacksonException | IllegalArgumentException e) {
                throw new KiqException("a YAML document does not parse as a Kubernetes object: "
                        + e.getMessage().lines().findFirst().orElse(""), e);
            }
        }
        return objects;
    }
}
