package dev.kiq.monitor;

import java.util.OptionalDouble;

/**
 * A pod's queue, batch and KV-cache gauges at one instant: one scrape, or the last scrape of a window. Empty where the
 * server does not expose the metric.
 *
 * @param waiting      requests queued
 * @param running      requests in the batch
 * @param kvCacheUsage 0–1
 */
public record Gauges(OptionalDouble waiting, OptionalDouble running, OptionalDouble kvCacheUsage) {
}
