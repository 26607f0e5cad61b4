package dev.kiq.monitor;

import dev.kiq.bench.MetricsScraper;
import dev.kiq.deploy.Problem;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.locks.LockSupport;

/**
 * Every ready pod of a release, each scraped through its own port-forward (opened once, reopened when it
 * broke), and the release's HPA. A pod that is not ready, refuses the port-forward or serves no metrics is
 * a note; the other pods go on.
 */
public final class ClusterSource implements MetricsSource, PrometheusSource.Pods {

    private final ClusterRelease release;
    private final Map<String, LocalPortForward> forwards = new HashMap<>();
    private final Map<String, Integer> restarts = new HashMap<>();
    private List<String> notes = List.of();

    public ClusterSource(ClusterRelease release) {
        this.release = release;
    }

    @Override
    public List<PodPage> scrape() {
        return readyPods().stream().map(this::scrape).toList();
    }

    /**
     * The release's ready pods now. What is wrong with the others (none yet, not ready and why, restarted, the
     * listing refused) becomes {@link #notes()}; port-forwards of pods no longer ready are closed.
     */
    @Override
    public List<String> readyPods() {
        List<String> found = new ArrayList<>();
        List<Pod> pods;
        try {
            pods = release.client().pods().inNamespace(release.namespace())
                    .withLabels(release.deployment().getSpec().getSelector().getMatchLabels()).list().getItems();
        } catch (KubernetesClientException e) {
            Problem p = release.classifier().classify(e, "list", "pods", Optional.of(release.namespace()));
            notes = List.of(p.message() + " " + p.remedy());
            return List.of();
        }
        List<String> ready = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            int restartCount = restartCount(pod);
            Integer before = restarts.put(name, restartCount);
            if (before != null && restartCount > before) {
                found.add("pod " + name + " restarted (" + restartCount + " restarts in all)");
            }
            if (!ready(pod)) {
                waiting.add(name + " " + waitingFor(pod));
                continue;
            }
            ready.add(name);
        }
        if (ready.isEmpty()) {
            found.add(pods.isEmpty() ? "no pods yet: the Deployment " + release.deployment().getMetadata().getName()
                    + " has created none (kiq status -n " + release.namespace() + " shows why)"
                    : "no ready pods yet: " + String.join("; ", waiting));
        }
        forwards.keySet().removeIf(name -> {
            if (!ready.contains(name)) {
                closeQuietly(forwards.get(name));
                return true;
            }
            return false;
        });
        notes = found;
        return ready;
    }

    private PodPage scrape(String pod) {
        long at = System.nanoTime();
        LocalPortForward forward = forwards.get(pod);
        if (forward == null || !forward.isAlive() || forward.errorOccurred()) {
            closeQuietly(forward);
            try {
                forward = release.client().pods().inNamespace(release.namespace()).withName(pod).portForward(release.port());
            } catch (KubernetesClientException e) {
                return PodPage.failed(pod, at, release.refused(e, "pod " + pod).getMessage());
            }
            forwards.put(pod, forward);
        }
        URI url = URI.create("http://127.0.0.1:" + forward.getLocalPort() + "/metrics");
        at = System.nanoTime();
        MetricsScraper.Fetch f = new MetricsScraper(url, Duration.ofSeconds(5)).fetch();
        if (f.page().isPresent()) {
            return PodPage.of(pod, at + (System.nanoTime() - at) / 2, f.page().get());
        }
        // a refused WebSocket upgrade is recorded by the forward's own thread, shortly after the connection drops
        for (int i = 0; i < 20 && !forward.errorOccurred(); i++) {
            LockSupport.parkNanos(50_000_000L);
        }
        List<Throwable> errors = new ArrayList<>(forward.getClientThrowables());
        errors.addAll(forward.getServerThrowables());
        if (!errors.isEmpty()) {
            return PodPage.failed(pod, at, release.refused(errors.get(0), "pod " + pod).getMessage());
        }
        String why = switch (f.failureKind()) {
            case "missing" -> "/metrics is missing on port " + release.port() + " (" + f.failure() + ")";
            case "not-prometheus" -> "/metrics is not Prometheus text (" + f.failure().replace(url.toString(), "/metrics") + ")";
            default -> "no answer through the port-forward (" + f.failure() + ")";
        };
        return PodPage.failed(pod, at, why);
    }

    @Override
    public List<String> notes() {
        return notes;
    }

    @Override
    public Optional<HpaStatus> hpa() {
        try {
            String target = release.deployment().getMetadata().getName();
            return release.client().autoscaling().v2().horizontalPodAutoscalers().inNamespace(release.namespace())
                    .list().getItems().stream()
                    .filter(h -> h.getSpec() != null && h.getSpec().getScaleTargetRef() != null
                            && target.equals(h.getSpec().getScaleTargetRef().getName()))
                    .findFirst().map(ClusterSource::status);
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
    }

    static HpaStatus status(HorizontalPodAutoscaler h) {
        var spec = h.getSpec();
        var st = h.getStatus();
        String metric = "";
        OptionalDouble threshold = OptionalDouble.empty();
        OptionalDouble current = OptionalDouble.empty();
        if (spec.getMetrics() != null && !spec.getMetrics().isEmpty()) {
            MetricSpec m = spec.getMetrics().get(0);
            if (m.getPods() != null) {
                metric = m.getPods().getMetric().getName();
                if (m.getPods().getTarget().getAverageValue() != null) {
                    threshold = OptionalDouble.of(m.getPods().getTarget().getAverageValue().getNumericalAmount().doubleValue());
                }
            } else if (m.getExternal() != null) {
                metric = m.getExternal().getMetric().getName();
                if (m.getExternal().getTarget().getAverageValue() != null) {
                    threshold = OptionalDouble.of(m.getExternal().getTarget().getAverageValue().getNumericalAmount().doubleValue());
                }
            } else {
                metric = m.getType();
            }
        }
        if (st != null && st.getCurrentMetrics() != null && !st.getCurrentMetrics().isEmpty()) {
            MetricStatus ms = st.getCurrentMetrics().get(0);
            if (ms.getPods() != null && ms.getPods().getCurrent() != null && ms.getPods().getCurrent().getAverageValue() != null) {
                current = OptionalDouble.of(ms.getPods().getCurrent().getAverageValue().getNumericalAmount().doubleValue());
            } else if (ms.getExternal() != null && ms.getExternal().getCurrent() != null
                    && ms.getExternal().getCurrent().getAverageValue() != null) {
                current = OptionalDouble.of(ms.getExternal().getCurrent().getAverageValue().getNumericalAmount().doubleValue());
            }
        }
        List<String> conditions = new ArrayList<>();
        if (st != null && st.getConditions() != null) {
            st.getConditions().forEach(c -> {
                boolean fine = ("AbleToScale".equals(c.getType()) || "ScalingActive".equals(c.getType())) && "True".equals(c.getStatus())
                        || "ScalingLimited".equals(c.getType()) && "False".equals(c.getStatus());
                if (!fine) {
                    conditions.add(c.getType() + " " + c.getStatus() + (c.getReason() == null ? "" : " (" + c.getReason() + ")")
                            + (c.getMessage() == null ? "" : ": " + c.getMessage()));
                }
            });
        }
        int min = spec.getMinReplicas() == null ? 1 : spec.getMinReplicas();
        return new HpaStatus(h.getMetadata().getName(), st == null || st.getCurrentReplicas() == null ? 0 : st.getCurrentReplicas(),
                st == null || st.getDesiredReplicas() == null ? 0 : st.getDesiredReplicas(), min, spec.getMaxReplicas(), metric,
                current, threshold, conditions);
    }

    static boolean ready(Pod p) {
        return p.getMetadata().getDeletionTimestamp() == null && condition(p, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    private static Optional<PodCondition> condition(Pod p, String type) {
        return p.getStatus() == null || p.getStatus().getConditions() == null ? Optional.empty()
                : p.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static int restartCount(Pod p) {
        return p.getStatus() == null || p.getStatus().getContainerStatuses() == null ? 0
                : p.getStatus().getContainerStatuses().stream().mapToInt(c -> c.getRestartCount() == null ? 0 : c.getRestartCount()).sum();
    }

    /** What a pod that is not ready waits for, in a few words. */
    static String waitingFor(Pod p) {
        if (p.getMetadata().getDeletionTimestamp() != null) {
            return "is terminating";
        }
        Optional<PodCondition> scheduled = condition(p, "PodScheduled");
        if (scheduled.isPresent() && "False".equals(scheduled.get().getStatus())) {
            return "waits to be scheduled" + Optional.ofNullable(scheduled.get().getMessage()).map(m -> " (" + m + ")").orElse("");
        }
        if (p.getStatus() != null && p.getStatus().getContainerStatuses() != null) {
            for (ContainerStatus cs : p.getStatus().getContainerStatuses()) {
                if (cs.getState() != null && cs.getState().getWaiting() != null) {
                    return "waits: " + cs.getState().getWaiting().getReason()
                            + Optional.ofNullable(cs.getState().getWaiting().getMessage()).map(m -> " (" + m + ")").orElse("");
                }
                if (cs.getState() != null && cs.getState().getRunning() != null) {
                    return "is running but not ready yet (the model is loading until /health answers)";
                }
            }
        }
        return "is " + (p.getStatus() == null ? "pending" : String.valueOf(p.getStatus().getPhase()).toLowerCase(java.util.Locale.ROOT));
    }

    private static void closeQuietly(LocalPortForward f) {
        if (f != null) {
            try {
                f.close();
            } catch (IOException | RuntimeException e) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() {
        forwards.values().forEach(ClusterSource::closeQuietly);
        forwards.clear();
    }

}
