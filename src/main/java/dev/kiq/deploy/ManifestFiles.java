package dev.kiq.deploy;

import dev.kiq.KiqException;
import dev.kiq.files.InputLimits;
import dev.kiq.manifest.ManifestYaml;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a multi-document manifest file (as {@code kiq manifests create} writes it) into Kubernetes objects. */
public final class ManifestFiles {

    private ManifestFiles() {
    }

    public static List<HasMetadata> read(Path file) {
        if (!Files.exists(file)) {
            throw new KiqException("The manifest file " + file + " does not exist; give the file `kiq manifests create --output-path` wrote.");
        }
        String text = new String(InputLimits.DATA.read(file, "The manifest file"), StandardCharsets.UTF_8);
        return ManifestYaml.parse(text, file.toString());
    }
}
