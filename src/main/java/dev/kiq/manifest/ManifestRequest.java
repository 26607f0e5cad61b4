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
        String generator) {
}
