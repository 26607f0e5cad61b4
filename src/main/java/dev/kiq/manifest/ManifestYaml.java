package dev.kiq.manifest;

import dev.kiq.KiqException;
import dev.kiq.files.FieldKind;
import dev.kiq.files.InputLimits;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * A wrong type in a field, in the user's words: "replicas must be a whole number, not "lots"" (the
     * parser says "Cannot deserialize value of type java.lang.Integer"). Empty when the failure is not a
     * field of the wrong type.
     */
    public static java.util.Optional<String> plainWords(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof tools.jackson.databind.exc.MismatchedInputException m && m.getTargetType() != null) {
                String field = m.getPath().stream().map(r -> r.getPropertyName()).filter(n -> n != null)
                        .reduce((a, b) -> b).orElse("a field");
                String value = t instanceof tools.jackson.databind.exc.InvalidFormatException f && f.getValue() != null
                        ? ", not \"" + f.getValue() + "\"" : "";
                return java.util.Optional.of(field + " must be " + kindOf(m.getTargetType()) + value);
            }
        }
        return java.util.Optional.empty();
    }

    private static String kindOf(Class<?> type) {
        return type == io.fabric8.kubernetes.api.model.Quantity.class || type == io.fabric8.kubernetes.api.model.IntOrString.class
                ? "a number or a quantity such as 500m or 1Gi" : FieldKind.of(type, String::valueOf);
    }

    /** Parses {@code ---}-separated documents as {@link #parse(String, String)} does, naming them "the manifests". */
    public static List<HasMetadata> parse(String yaml) {
        return parse(yaml, "the manifests");
    }

    /**
     * Parses one or more {@code ---}-separated documents (comment-only documents, such as gcloud's trailing
     * comment block, are skipped; a {@code List} is unpacked) into fabric8 objects; the one parser behind
     * the wizard's validation, its deploy and {@code kiq deploy -f}, so what the editor accepts deploys.
     *
     * @param origin names the text in messages, e.g. the file it came from
     * @throws KiqException naming the document that is not a Kubernetes object, or when there is none;
     *                      the parser's exception is its cause (it carries the line)
     */
    public static List<HasMetadata> parse(String yaml, String origin) {
        // before the parser: one very long line keeps SnakeYAML busy for minutes
        InputLimits.DATA.check(yaml.getBytes(StandardCharsets.UTF_8), origin);
        List<HasMetadata> objects = new ArrayList<>();
        int index = 0;
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            index++;
            if (doc.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
                continue;
            }
            Object parsed;
            try {
                parsed = READER.unmarshal(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)));
            } catch (RuntimeException e) {
                String problem = plainWords(e).orElseGet(() -> "does not parse as a Kubernetes object: "
                        + (e.getMessage() == null ? "unreadable YAML" : e.getMessage().lines().findFirst().orElse("")));
                throw new KiqException("Document " + index + " of " + origin + ": " + problem, e);
            }
            if (parsed instanceof KubernetesList list) {
                objects.addAll(list.getItems());
            } else if (parsed instanceof HasMetadata h) {
                if (h.getKind() == null || h.getApiVersion() == null) {
                    throw new KiqException("Document " + index + " of " + origin + " has no kind or apiVersion.");
                }
                objects.add(h);
            } else if (parsed != null) {
                throw new KiqException("Document " + index + " of " + origin + " is not a Kubernetes object.");
            }
        }
        if (objects.isEmpty()) {
            throw new KiqException(origin + " contains no Kubernetes objects; give a file with at least a Deployment.");
        }
        return objects;
    }
}
