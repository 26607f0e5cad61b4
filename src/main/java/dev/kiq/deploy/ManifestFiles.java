package dev.kiq.deploy;

import dev.kiq.KiqException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a multi-document manifest file (as {@code kiq manifests create} writes it) into Kubernetes objects. */
public final class ManifestFiles {

    private ManifestFiles() {
    }

    public static List<HasMetadata> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new KiqException("The manifest file " + file + " does not exist; give the file `kiq manifests create --output-path` wrote.");
        } catch (IOException e) {
            throw new KiqException("Cannot read the manifest file " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    public static List<HasMetadata> parse(String yaml, String origin) {
        List<HasMetadata> objects = new ArrayList<>();
        KubernetesSerialization serialization = new KubernetesSerialization();
        int index = 0;
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            index++;
            if (doc.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
                continue; // gcloud-style trailing comment block, or an empty document
            }
            Object parsed;
            try {
                parsed = serialization.unmarshal(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)));
            } catch (RuntimeException e) {
                throw new KiqException("Document " + index + " of " + origin + " is not a valid Kubernetes object: "
                        + firstLine(e.getMessage()));
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

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable YAML";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
