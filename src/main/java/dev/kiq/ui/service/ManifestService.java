package dev.kiq.ui.service;

import java.util.Optional;

/** The manifest generator and the validator of user-edited manifests. */
public interface ManifestService {

    /** Manifests then comments, as {@code manifests create --output all} writes them. */
    String generate(ManifestRequest request);

    /** Empty when every document parses as a Kubernetes object. */
    Optional<YamlProblem> validate(String yaml);
}
