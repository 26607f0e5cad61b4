package dev.kiq.deploy;

/** The names kiq stamps on what it applies, so that undeploy and status find exactly those objects. */
public final class KiqLabels {

    /** Standard "managed by" label; its value marks an object as applied by kiq. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "kiq";
    /** Groups the objects of one deployment (default: the name of its Deployment). */
    public static final String RELEASE = "kiq.dev/release";
    /** Server-side apply field manager. */
    public static final String FIELD_MANAGER = "kiq";
    /** The Secret the generated Deployments read the Hugging Face token from. */
    public static final String HF_SECRET_NAME = "hf-secret";
    public static final String HF_SECRET_KEY = "hf_api_token";

    private KiqLabels() {
    }

    public static String managedSelector() {
        return MANAGED_BY + "=" + MANAGED_BY_VALUE;
    }
}
