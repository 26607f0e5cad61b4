package dev.kiq.deploy;

import dev.kiq.Plural;
import dev.kiq.manifest.ManifestGenerator;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
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
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
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

    /**
     * @param secretKept why {@code hf-secret} stayed (other releases use it); empty when it went or there was none
     */
    public record Removal(String namespace, List<ObjectRef> deleted, List<ObjectRef> notDeleted,
            Optional<String> secretKept, Optional<Problem> failure) {

        public Removal {
            deleted = List.copyOf(deleted);
            notDeleted = List.copyOf(notDeleted);
        }

        public String describe() {
            StringBuilder sb = new StringBuilder();
            deleted.forEach(r -> sb.append(r).append(" deleted\n"));
            secretKept.ifPresent(k -> sb.append(k).append('\n'));
            if (failure.isPresent()) {
                sb.append("ERROR: ").append(failure.get().message()).append("\n  What to do: ").append(failure.get().remedy());
                sb.append("\n  Not deleted: ").append(notDeleted.isEmpty() ? "none"
                        : notDeleted.stream().map(ObjectRef::toString).collect(Collectors.joining(", ")));
            } else if (deleted.isEmpty()) {
                sb.append("Nothing deployed by kiq in namespace ").append(namespace).append("; nothing to remove.");
            } else {
                sb.append("Removed ").append(Plural.of(deleted.size(), "object")).append(" from namespace ").append(namespace)
                        .append(" (the namespace itself is kept).");
            }
            return sb.toString().strip();
        }
    }

    private final KubernetesClient client;
    private final String context;
    private final Wording wording;

    /** @param wording how the front end words the remedies of a failure (its flags, or its buttons) */
    public ReleaseInventory(KubernetesClient client, String context, Wording wording) {
        this.client = client;
        this.context = context;
        this.wording = wording;
    }

    public Status status(String namespace, Optional<String> release) {
        release.ifPresent(KiqLabels::checkRelease);
        ProblemClassifier classifier = classifier();
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

    /** Works out and then deletes what {@link #plan} finds (no confirmation: the caller has it). */
    public Removal undeploy(String namespace, Optional<String> release, CancelToken cancel) {
        release.ifPresent(KiqLabels::checkRelease);
        UndeployPlan plan;
        try {
            plan = findPlan(namespace, release);
        } catch (KubernetesClientException e) {
            return new Removal(namespace, List.of(), List.of(), Optional.empty(), Optional.of(classifier()
                    .classify(e, "list", "kiq's objects", Optional.of(namespace))));
        }
        return undeploy(plan, cancel);
    }

    /**
     * What an undeploy of {@code release} (empty: of every kiq release) in the namespace would delete, without
     * deleting anything. {@code hf-secret} is in the plan only when no other kiq release there uses it, and
     * only when the undeploy removes something of its own or every release goes.
     */
    public UndeployPlan plan(String namespace, Optional<String> release) {
        release.ifPresent(KiqLabels::checkRelease);
        try {
            return findPlan(namespace, release);
        } catch (KubernetesClientException e) {
            Problem p = classifier().classify(e, "list", "kiq's objects", Optional.of(namespace));
            throw dev.kiq.KiqException.failed(p.message() + " " + p.remedy(), e);
        }
    }

    private UndeployPlan findPlan(String namespace, Optional<String> release) {
        List<HasMetadata> found = new ArrayList<>(find(namespace, release));
        found.removeIf(ReleaseInventory::isHfSecret); // the shared secret follows its own rule below
        if (found.isEmpty() && release.isPresent()) {
            return new UndeployPlan(namespace, release, List.of(), List.of());
        }
        Optional<Secret> secret = kiqHfSecret(namespace);
        List<String> users = secret.isEmpty() ? List.of() : releasesUsingHfSecret(namespace, leaving(release, found));
        if (secret.isPresent() && users.isEmpty()) {
            found.add(secret.get());
        }
        return new UndeployPlan(namespace, release, found, users);
    }

    /** The releases an undeploy removes: the one asked for, or every release among the objects it deletes. */
    private static Set<String> leaving(Optional<String> release, List<HasMetadata> objects) {
        Set<String> leaving = new TreeSet<>();
        release.ifPresent(leaving::add);
        objects.forEach(o -> Optional.ofNullable(labels(o).get(KiqLabels.RELEASE)).ifPresent(leaving::add));
        return leaving;
    }

    /**
     * Deletes exactly the objects of the plan, in its order. Just before {@code hf-secret} it checks the secret
     * rule again: a release deployed since the plan was made keeps the secret.
     */
    public Removal undeploy(UndeployPlan plan, CancelToken cancel) {
        String namespace = plan.namespace();
        List<HasMetadata> objects = plan.objects();
        List<ObjectRef> deleted = new ArrayList<>();
        Optional<String> kept = plan.secretKept();
        for (int i = 0; i < objects.size(); i++) {
            HasMetadata o = objects.get(i);
            ObjectRef ref = ObjectRef.of(o);
            if (cancel.isCancelled()) {
                return new Removal(namespace, deleted, refs(objects.subList(i, objects.size())), kept,
                        Optional.of(new Problem(ProblemKind.CANCELLED, "Undeploy was cancelled.", "Run it again to remove the rest.")));
            }
            try {
                if (isHfSecret(o)) {
                    List<String> users = releasesUsingHfSecret(namespace, leaving(plan.release(), objects));
                    if (!users.isEmpty()) {
                        kept = new UndeployPlan(namespace, plan.release(), List.of(), users).secretKept();
                        continue;
                    }
                }
                client.resource(o).inNamespace(namespace).delete();
                deleted.add(ref);
            } catch (KubernetesClientException e) {
                return new Removal(namespace, deleted, refs(objects.subList(i, objects.size())), kept,
                        Optional.of(classifier().classify(e, "delete", ref.toString(), Optional.of(namespace))));
            }
        }
        return new Removal(namespace, deleted, List.of(), kept, Optional.empty());
    }

    /** The kiq releases in the namespace (by their {@value KiqLabels#RELEASE} label), each with its objects, by name. */
    public SortedMap<String, List<ObjectRef>> releases(String namespace) {
        try {
            SortedMap<String, List<ObjectRef>> releases = new TreeMap<>();
            for (HasMetadata o : find(namespace, Optional.empty())) {
                String r = labels(o).get(KiqLabels.RELEASE);
                if (r != null) {
                    releases.computeIfAbsent(r, k -> new ArrayList<>()).add(ObjectRef.of(o));
                }
            }
            return releases;
        } catch (KubernetesClientException e) {
            Problem p = classifier().classify(e, "list", "kiq's objects", Optional.of(namespace));
            throw dev.kiq.KiqException.failed(p.message() + " " + p.remedy(), e);
        }
    }

    /**
     * The secret rule, in one place for the CLI and the wizard: {@code hf-secret} stays while a Deployment of a kiq
     * release other than {@code leaving} in the namespace uses it. Returns those releases, sorted.
     */
    List<String> releasesUsingHfSecret(String namespace, Set<String> leaving) {
        Set<String> users = new TreeSet<>();
        for (Deployment d : client.apps().deployments().inNamespace(namespace)
                .withLabelSelector(KiqLabels.managedSelector()).list().getItems()) {
            String r = labels(d).get(KiqLabels.RELEASE);
            if (r != null && !leaving.contains(r) && usesSecret(d, ManifestGenerator.HF_SECRET)) {
                users.add(r);
            }
        }
        return List.copyOf(users);
    }

    /** Whether the Deployment's pods read the Secret (environment, envFrom, a volume or an image pull secret). */
    static boolean usesSecret(Deployment d, String secret) {
        if (d.getSpec() == null || d.getSpec().getTemplate() == null || d.getSpec().getTemplate().getSpec() == null) {
            return false;
        }
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        List<Container> containers = new ArrayList<>(pod.getContainers());
        containers.addAll(pod.getInitContainers());
        for (Container c : containers) {
            for (EnvVar e : c.getEnv()) {
                if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null
                        && secret.equals(e.getValueFrom().getSecretKeyRef().getName())) {
                    return true;
                }
            }
            for (EnvFromSource e : c.getEnvFrom()) {
                if (e.getSecretRef() != null && secret.equals(e.getSecretRef().getName())) {
                    return true;
                }
            }
        }
        return pod.getVolumes().stream().anyMatch(v -> v.getSecret() != null && secret.equals(v.getSecret().getSecretName()))
                || pod.getImagePullSecrets().stream().anyMatch(s -> secret.equals(s.getName()));
    }

    /** {@code hf-secret} when kiq applied it (a Secret of that name someone else made is never kiq's to delete). */
    private Optional<Secret> kiqHfSecret(String namespace) {
        Secret s = client.secrets().inNamespace(namespace).withName(ManifestGenerator.HF_SECRET).get();
        return Optional.ofNullable(s).filter(x -> KiqLabels.MANAGED_BY_VALUE.equals(labels(x).get(KiqLabels.MANAGED_BY)));
    }

    private static boolean isHfSecret(HasMetadata o) {
        return o instanceof Secret && ManifestGenerator.HF_SECRET.equals(o.getMetadata().getName());
    }

    private ProblemClassifier classifier() {
        return new ProblemClassifier(context, String.valueOf(client.getMasterUrl()), wording);
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
