package dev.kiq.deploy;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds what kiq applied in a namespace (by its {@code app.kubernetes.io/managed-by=kiq} label and
 * optionally one {@code kiq.dev/release}), for {@code kiq status} and {@code kiq undeploy}. It looks at
 * the kinds kiq deploys: Deployments, Services, HPAs, ConfigMaps, Secrets, and the PodMonitoring /
 * ServiceMonitor custom resources when the cluster serves them.
 */
public final class ReleaseInventory {

    /** Custom resources kiq's manifests may contain, looked up only when the cluster serves them. */
    static final List<String[]> CUSTOM_KINDS = List.of(
            new String[] {"monitoring.googleapis.com/v1", "PodMonitoring"},
            new String[] {"monitoring.coreos.com/v1", "ServiceMonitor"});

    /** One kiq-applied object and a short state ("2/2 ready", "ClusterIP 10.0.0.7:8000"). */
    public record Entry(ObjectRef object, String release, String state) {
    }

    /** One pod of a kiq Deployment. */
    public record PodState(String name, String phase, boolean ready, int restarts) {
    }

    public record Status(String context, String namespace, List<Entry> objects, List<PodState> pods) {

        public Status {
            objects = List.copyOf(objects);
            pods = List.copyOf(pods);
        }

        public String describe() {
            if (objects.isEmpty()) {
                return "Nothing deployed by kiq in namespace " + namespace + " (context " + context + ").";
            }
            StringBuilder sb = new StringBuilder("Deployed by kiq in namespace " + namespace + " (context " + context + "):");
            for (Entry e : objects) {
                sb.append("\n  ").append(String.format("%-50s %-20s %s", e.object(), e.release(), e.state()));
            }
            for (PodState p : pods) {
                sb.append("\n  ").append(String.format("pod/%-46s %-20s %s%s", p.name(), p.phase(),
                        p.ready() ? "ready" : "not ready", p.restarts() > 0 ? ", " + p.restarts() + " restarts" : ""));
            }
            return sb.toString();
        }
    }

    public record Removal(String namespace, List<ObjectRef> deleted, List<ObjectRef> notDeleted, Optional<Problem> failure) {

        public Removal {
            deleted = List.copyOf(deleted);
            notDeleted = List.copyOf(notDeleted);
        }

        public String describe() {
            StringBuilder sb = new StringBuilder();
            deleted.forEach(r -> sb.append(r).append(" deleted\n"));
            if (failure.isPresent()) {
                sb.append("ERROR: ").append(failure.get().message()).append("\n  What to do: ").append(failure.get().remedy());
                sb.append("\n  Not deleted: ").append(notDeleted.isEmpty() ? "none"
                        : notDeleted.stream().map(ObjectRef::toString).collect(Collectors.joining(", ")));
            } else if (deleted.isEmpty()) {
                sb.append("Nothing deployed by kiq in namespace ").append(namespace).append("; nothing to remove.");
            } else {
                sb.append("Removed ").append(deleted.size()).append(" object(s) from namespace ").append(namespace)
                        .append(" (the namespace itself is kept).");
            }
            return sb.toString().strip();
        }
    }

    private final KubernetesClient client;
    private final String context;

    public ReleaseInventory(KubernetesClient client, String context) {
        this.client = client;
        this.context = context;
    }

    public Status status(String namespace, Optional<String> release) {
        release.ifPresent(KiqLabels::checkRelease);
        ProblemClassifier classifier = new ProblemClassifier(context, String.valueOf(client.getMasterUrl()));
        try {
            List<HasMetadata> found = find(namespace, release);
            List<Entry> entries = new ArrayList<>();
            List<PodState> pods = new ArrayList<>();
            for (HasMetadata o : found) {
                entries.add(new Entry(ObjectRef.of(o), labels(o).getOrDefault(KiqLabels.RELEASE, "(shared)"), state(o)));
                if (o instanceof Deployment d && d.getSpec().getSelector() != null
                        && d.getSpec().getSelector().getMatchLabels() != null) {
                    for (Pod p : client.pods().inNamespace(namespace).withLabels(d.getSpec().getSelector().getMatchLabels())
                            .list().getItems()) {
                        pods.add(podState(p));
                    }
                }
            }
            return new Status(context, namespace, entries, pods);
        } catch (KubernetesClientException e) {
            Problem p = classifier.classify(e, "list", "kiq's objects", Optional.of(namespace));
            throw dev.kiq.KiqException.failed(p.message() + " " + p.remedy(), e);
        }
    }

    public Removal undeploy(String namespace, Optional<String> release, CancelToken cancel) {
        release.ifPresent(KiqLabels::checkRelease);
        ProblemClassifier classifier = new ProblemClassifier(context, String.valueOf(client.getMasterUrl()));
        List<HasMetadata> found;
        try {
            found = find(namespace, release);
        } catch (KubernetesClientException e) {
            return new Removal(namespace, List.of(), List.of(),
                    Optional.of(classifier.classify(e, "list", "kiq's objects", Optional.of(namespace))));
        }
        List<ObjectRef> deleted = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            HasMetadata o = found.get(i);
            ObjectRef ref = ObjectRef.of(o);
            if (cancel.isCancelled()) {
                return new Removal(namespace, deleted, refs(found.subList(i, found.size())),
                        Optional.of(new Problem(ProblemKind.CANCELLED, "Undeploy was cancelled.", "Run it again to remove the rest.")));
            }
            try {
                client.resource(o).inNamespace(namespace).delete();
                deleted.add(ref);
            } catch (KubernetesClientException e) {
                return new Removal(namespace, deleted, refs(found.subList(i, found.size())),
                        Optional.of(classifier.classify(e, "delete", ref.toString(), Optional.of(namespace))));
            }
        }
        return new Removal(namespace, deleted, List.of(), Optional.empty());
    }

    /** kiq's objects in the namespace, the workload first so that undeploy stops serving before removing the rest. */
    List<HasMetadata> find(String namespace, Optional<String> release) {
        String selector = KiqLabels.managedSelector() + release.map(r -> "," + KiqLabels.RELEASE + "=" + r).orElse("");
        List<HasMetadata> found = new ArrayList<>();
        found.addAll(client.apps().deployments().inNamespace(namespace).withLabelSelector(selector).list().getItems());
        found.addAll(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace)
                .withLabelSelector(selector).list().getItems());
        for (String[] kind : CUSTOM_KINDS) {
            APIResourceList served = client.getApiResources(kind[0]);
            Optional<APIResource> resource = served == null || served.getResources() == null ? Optional.empty()
                    : served.getResources().stream().filter(r -> kind[1].equals(r.getKind())).findFirst();
            if (resource.isEmpty()) {
                continue; // the cluster does not serve this custom resource, so kiq cannot have applied one
            }
            String[] gv = kind[0].split("/");
            ResourceDefinitionContext rdc = new ResourceDefinitionContext.Builder().withGroup(gv[0]).withVersion(gv[1])
                    .withKind(kind[1]).withPlural(resource.get().getName()).withNamespaced(true).build();
            found.addAll(client.genericKubernetesResources(rdc).inNamespace(namespace)
                    .withLabelSelector(selector).list().getItems());
        }
        found.addAll(client.services().inNamespace(namespace).withLabelSelector(selector).list().getItems());
        found.addAll(client.configMaps().inNamespace(namespace).withLabelSelector(selector).list().getItems());
        found.addAll(client.secrets().inNamespace(namespace).withLabelSelector(selector).list().getItems());
        return found;
    }

    private static List<ObjectRef> refs(List<HasMetadata> objects) {
        return objects.stream().map(ObjectRef::of).toList();
    }

    private static String state(HasMetadata o) {
        if (o instanceof Deployment d) {
            int wanted = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            int ready = d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0 : d.getStatus().getReadyReplicas();
            return ready + "/" + wanted + " ready";
        }
        if (o instanceof Service s && s.getSpec() != null) {
            String ports = s.getSpec().getPorts() == null ? "" : s.getSpec().getPorts().stream()
                    .map(p -> String.valueOf(p.getPort())).collect(Collectors.joining(","));
            return s.getSpec().getType() + " " + Optional.ofNullable(s.getSpec().getClusterIP()).orElse("-") + ":" + ports;
        }
        if (o instanceof HorizontalPodAutoscaler h) {
            int current = h.getStatus() == null || h.getStatus().getCurrentReplicas() == null ? 0 : h.getStatus().getCurrentReplicas();
            int desired = h.getStatus() == null || h.getStatus().getDesiredReplicas() == null ? 0 : h.getStatus().getDesiredReplicas();
            return "replicas " + current + " (wants " + desired + ", " + h.getSpec().getMinReplicas() + "-"
                    + h.getSpec().getMaxReplicas() + ")";
        }
        if (o instanceof GenericKubernetesResource) {
            return "present";
        }
        return "present";
    }

    private static PodState podState(Pod p) {
        boolean ready = p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        int restarts = p.getStatus() == null || p.getStatus().getContainerStatuses() == null ? 0
                : p.getStatus().getContainerStatuses().stream().mapToInt(c -> c.getRestartCount() == null ? 0 : c.getRestartCount()).sum();
        String phase = p.getStatus() == null ? "Unknown" : String.valueOf(p.getStatus().getPhase());
        return new PodState(p.getMetadata().getName(), phase, ready, restarts);
    }

    private static Map<String, String> labels(HasMetadata o) {
        return o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
    }
}
