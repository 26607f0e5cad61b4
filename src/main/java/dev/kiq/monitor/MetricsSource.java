package dev.kiq.monitor;

import java.util.List;
import java.util.Optional;

/** Where the monitor reads model-server metrics from: one endpoint, or every ready pod of a release. */
public interface MetricsSource extends AutoCloseable {

    /** Scrapes every pod once. Never throws for a fault of one pod: that pod's page carries the fault. */
    List<PodPage> scrape();

    /** Facts about the release that are not per-pod metrics (no ready pods and why), one sentence each. */
    default List<String> notes() {
        return List.of();
    }

    /** The release's HPA, when it has one. */
    default Optional<HpaStatus> hpa() {
        return Optional.empty();
    }

    @Override
    default void close() {
    }
}
