package dev.kiq.manifest;

import dev.kiq.catalog.Accelerator;
import dev.kiq.catalog.ModelServerVersion;
import dev.kiq.profile.Profile;
import dev.kiq.recommend.HpaRecommendation;
import dev.kiq.recommend.OperatingPoint;
import java.time.Instant;
import java.util.Optional;

/**
 * Everything one set of manifests is made from.
 *
 * @param profile        the chosen profile (model, server, version, accelerator, count, server config)
 * @param accelerator    the catalog entry of its accelerator (family, GKE label)
 * @param serverVersion  the catalog entry of its server version (image, valid args, metric names)
 * @param operatingPoint where one replica should run; its figures go into the comments
 * @param replicas       initial replicas of the Deployment
 * @param hpa            present when a target was given and is achievable
 * @param modelBucketUri {@code gs://bucket[/path]} to mount with GCS FUSE instead of downloading from Hugging Face
 * @param generatedAt    stamped in the provenance annotation
 * @param generator      what generated them, e.g. {@code kiq 0.1.0}
 * @param replicasText   the replica count with the range the expected errors allow, in the core's words ({@link
 *                       dev.kiq.recommend.ServingPlan#replicasText}); empty when the errors move nothing
 */
public record ManifestRequest(
        Profile profile,
        Accelerator accelerator,
        ModelServerVersion serverVersion,
        OperatingPoint operatingPoint,
        String namespace,
        Platform platform,
        int replicas,
        Optional<HpaRecommendation> hpa,
        Optional<String> modelBucketUri,
        Instant generatedAt,
        String generator,
        Optional<String> replicasText) {

    /** A request whose replica count has no range ({@link #replicasText} empty). */
    public ManifestRequest(Profile profile, Accelerator accelerator, ModelServerVersion serverVersion,
            OperatingPoint operatingPoint, String namespace, Platform platform, int replicas, Optional<HpaRecommendation> hpa,
            Optional<String> modelBucketUri, Instant generatedAt, String generator) {
        this(profile, accelerator, serverVersion, operatingPoint, namespace, platform, replicas, hpa, modelBucketUri,
                generatedAt, generator, Optional.empty());
    }

    /** The request for a serving plan: its operating point, replicas (with their range) and HPA. */
    public static ManifestRequest of(Profile profile, Accelerator accelerator, ModelServerVersion serverVersion,
            dev.kiq.recommend.ServingPlan plan, String namespace, Platform platform, Optional<String> modelBucketUri,
            Instant generatedAt, String generator) {
        return new ManifestRequest(profile, accelerator, serverVersion, plan.operatingPoint(), namespace, platform,
                plan.replicas(), plan.hpa(), modelBucketUri, generatedAt, generator,
                plan.replicaRange().map(r -> plan.replicasText()));
    }
}
