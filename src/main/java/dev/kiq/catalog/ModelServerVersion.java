package dev.kiq.catalog;

import java.util.Map;
import java.util.Set;

/**
 * One release of a model server.
 *
 * @param version       e.g. {@code v0.7.2}
 * @param images        container image per accelerator family
 * @param metrics       the server's metric names at this version, by role
 * @param validArgs     command-line flags this version accepts, e.g. {@code --max-num-seqs}
 * @param releaseDate   ISO date, used to order versions
 */
public record ModelServerVersion(
        String version,
        Map<Accelerator.Family, String> images,
        MetricNames metrics,
        Set<String> validArgs,
        String releaseDate) {

    public ModelServerVersion {
        images = Map.copyOf(images);
        validArgs = Set.copyOf(validArgs);
    }
}
