package dev.kiq.deploy;

import dev.kiq.KiqException;
import dev.kiq.manifest.ManifestYaml;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
        return ManifestYaml.parse(text, file.toString());
    }
}
