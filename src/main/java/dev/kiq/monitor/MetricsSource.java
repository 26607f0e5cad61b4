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

    /**
     * Each pod's window computed by a source that keeps history itself (a Prometheus server), so the first
     * refresh already covers the whole window. Empty for a source of scrapes: the {@link Monitor} forms the
     * windows from successive {@link #scrape()}s.
     */
    default Optional<Windows> windows(java.time.Duration window, double timeScale) {
        return Optional.empty();
    }

    /**
     * @param pods   the pods with figures over the window
     * @param faults what kept figures out (the query failed, a pod has no series), one plain sentence each
     */
    record Windows(List<PodWindow> pods, List<String> faults) {
        public Windows {
            pods = List.copyOf(pods);
            faults = List.copyOf(faults);
        }
    }

    /** The release's HPA, when it has one. */
    default Optional<HpaStatus> hpa() {
        return Optional.empty();
    }

    @Override
    default void close() {
    }
}
