package dev.kiq.deploy;

import dev.kiq.manifest.ManifestGenerator;

/** The names kiq stamps on what it applies, so that undeploy and status find exactly those objects. */
public final class KiqLabels {

    /** Standard "managed by" label; its value marks an object as applied by kiq (the generated manifests carry it too). */
    public static final String MANAGED_BY = ManifestGenerator.MANAGED_BY_LABEL;
    public static final String MANAGED_BY_VALUE = ManifestGenerator.MANAGED_BY_VALUE;
    /** Groups the objects of one deployment (default: the name of its Deployment). */
    public static final String RELEASE = "kiq.dev/release";
    /** Server-side apply field manager. */
    public static final String FIELD_MANAGER = "kiq";

    private KiqLabels() {
    }

    /**
     * A release name as the {@value #RELEASE} label value: an RFC 1123 label (lower-case letters, digits and '-',
     * starting and ending with a letter or digit, at most 63 characters), which is also a valid object name part.
     *
     * @throws dev.kiq.KiqException naming the value and what is valid, before anything reaches the cluster
     */
    public static String checkRelease(String name) {
        if (name == null || name.length() > 63 || !name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            throw new dev.kiq.KiqException("--release " + (name == null ? "" : name) + " is not a valid release name; give"
                    + " at most 63 lower-case letters, digits or '-', starting and ending with a letter or digit"
                    + " (e.g. gemma-prod).");
        }
        return name;
    }

    public static String managedSelector() {
        return MANAGED_BY + "=" + MANAGED_BY_VALUE;
    }
}
