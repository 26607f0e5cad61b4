package dev.kiq.monitor;

import dev.kiq.bench.PrometheusText;
import java.util.Optional;

/**
 * One pod's {@code /metrics} as a source read it, or why it could not.
 *
 * @param fault one plain sentence when there is no page (port-forward refused, not Prometheus text, …)
 */
public record PodPage(String pod, long atNanos, Optional<PrometheusText> page, String fault) {

    public static PodPage of(String pod, long atNanos, PrometheusText page) {
        return new PodPage(pod, atNanos, Optional.of(page), "");
    }

    public static PodPage failed(String pod, long atNanos, String fault) {
        return new PodPage(pod, atNanos, Optional.empty(), fault);
    }
}
