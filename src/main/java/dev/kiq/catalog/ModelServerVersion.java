package dev.kiq.catalog;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One release of a model server.
 *
 * @param version           e.g. {@code v0.7.2}
 * @param images            container image per accelerator family; a family without an image is absent
 * @param metrics           the server's metric names at this version, by role
 * @param validArgs         command-line flags this version accepts, e.g. {@code --max-num-seqs}
 * @param releaseDate       ISO date, used to order versions
 * @param schedulerDefaults the scheduler's defaults per accelerator id (GKE label)
 */
public record ModelServerVersion(
        String version,
        Map<Accelerator.Family, String> images,
        MetricNames metrics,
        Set<String> validArgs,
        String releaseDate,
        Map<String, SchedulerDefaults> schedulerDefaults) {

    public ModelServerVersion {
        images = Map.copyOf(images);
        validArgs = Set.copyOf(validArgs);
        schedulerDefaults = Map.copyOf(schedulerDefaults);
    }

    /** A version without known scheduler defaults. */
    public ModelServerVersion(String version, Map<Accelerator.Family, String> images, MetricNames metrics,
            Set<String> validArgs, String releaseDate) {
        this(version, images, metrics, validArgs, releaseDate, Map.of());
    }

    public Optional<String> image(Accelerator.Family family) {
        return Optional.ofNullable(images.get(family));
    }

    public Optional<SchedulerDefaults> schedulerDefaults(String acceleratorId) {
        return Optional.ofNullable(schedulerDefaults.get(acceleratorId));
    }

    public boolean acceptsArg(String flag) {
        return validArgs.contains(flag);
    }
}
