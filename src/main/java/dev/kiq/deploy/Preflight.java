package dev.kiq.deploy;

import dev.kiq.Plural;
import dev.kiq.manifest.ManifestGenerator;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks what the manifests need from the cluster before anything is applied: the CRDs of custom
 * resources (PodMonitoring for GKE managed Prometheus), a custom or external metrics API for the HPA,
 * nodes with the requested accelerator, and the {@code hf-secret}. A missing prerequisite is a warning
 * that says how to get it; the deploy goes on.
 */
final class Preflight {

    static final Set<String> ACCELERATOR_LABELS = Set.of("cloud.google.com/gke-accelerator",
            "cloud.google.com/gke-tpu-accelerator", "cloud.google.com/gke-tpu-topology", "nvidia.com/gpu.product");
    static final List<String> ACCELERATOR_RESOURCES = List.of("nvidia.com/gpu", "google.com/tpu");

    /** What the checks found, and which custom resources the cluster cannot take. */
    record Result(List<PreflightFinding> findings, Map<ObjectRef, String> unsupported,
            Map<String, Boolean> namespacedByKind) {
    }

    private final KubernetesClient client;
    private final Wording wording;

    Preflight(KubernetesClient client, Wording wording) {
        this.client = client;
        this.wording = wording;
    }

    Result check(List<HasMetadata> objects, String namespace, boolean tokenGiven) {
        List<PreflightFinding> findings = new ArrayList<>();
        Map<ObjectRef, String> unsupported = new LinkedHashMap<>();
        Map<String, Boolean> namespaced = new LinkedHashMap<>();
        checkCustomResources(objects, findings, unsupported, namespaced);
        checkMetricsApis(objects, findings);
        checkAcceleratorNodes(objects, findings);
        checkHfSecret(objects, namespace, tokenGiven, findings);
        return new Result(findings, unsupported, namespaced);
    }

    private void checkCustomResources(List<HasMetadata> objects, List<PreflightFinding> findings,
            Map<ObjectRef, String> unsupported, Map<String, Boolean> namespaced) {
        Map<String, Optional<APIResourceList>> discovered = new LinkedHashMap<>();
        for (HasMetadata o : objects) {
            if (!(o instanceof GenericKubernetesResource)) {
                continue;
            }
            ObjectRef ref = ObjectRef.of(o);
            Optional<APIResourceList> list = discovered.computeIfAbsent(o.getApiVersion(),
                    v -> Optional.ofNullable(client.getApiResources(v)));
            Optional<APIResource> resource = list.flatMap(l -> l.getResources().stream()
                    .filter(r -> o.getKind().equals(r.getKind()) && !r.getName().contains("/")).findFirst());
            String check = "crd:" + o.getKind();
            if (resource.isEmpty()) {
                String message = "The cluster has no " + o.getKind() + " resource (" + o.getApiVersion()
                        + "), so " + ref + " cannot be applied and is skipped.";
                unsupported.put(ref, message);
                if (findings.stream().noneMatch(f -> f.check().equals(check))) {
                    findings.add(PreflightFinding.missing(check, message, crdRemedy(ref)));
                }
            } else {
                namespaced.put(o.getApiVersion() + "/" + o.getKind(), Boolean.TRUE.equals(resource.get().getNamespaced()));
                if (findings.stream().noneMatch(f -> f.check().equals(check))) {
                    findings.add(PreflightFinding.ok(check, "The cluster serves " + o.getKind() + " (" + o.getApiVersion() + ")."));
                }
            }
        }
    }

    private static String crdRemedy(ObjectRef ref) {
        return switch (ref.group()) {
            case "monitoring.googleapis.com" -> "Enable Google Cloud Managed Service for Prometheus on the cluster "
                    + "(`gcloud container clusters update CLUSTER --location LOCATION --enable-managed-prometheus`; "
                    + "it is on by default for new GKE clusters), then deploy again to add the metrics scraping.";
            case "monitoring.coreos.com" -> "Install the Prometheus Operator (for example the kube-prometheus-stack "
                    + "Helm chart), then deploy again to add the metrics scraping.";
            default -> "Install the CustomResourceDefinition for " + ref.kind() + " (" + ref.apiVersion()
                    + "), then deploy again.";
        };
    }

    private void checkMetricsApis(List<HasMetadata> objects, List<PreflightFinding> findings) {
        Set<String> needed = new LinkedHashSet<>();
        for (HasMetadata o : objects) {
            if (o instanceof HorizontalPodAutoscaler hpa && hpa.getSpec() != null && hpa.getSpec().getMetrics() != null) {
                for (MetricSpec m : hpa.getSpec().getMetrics()) {
                    switch (String.valueOf(m.getType())) {
                        case "Pods", "Object" -> needed.add("custom.metrics.k8s.io");
                        case "External" -> needed.add("external.metrics.k8s.io");
                        case "Resource", "ContainerResource" -> needed.add("metrics.k8s.io");
                        default -> { }
                    }
                }
            }
        }
        for (String group : needed) {
            String check = "metrics-api:" + group;
            if (client.getApiGroup(group) != null) {
                findings.add(PreflightFinding.ok(check, "The " + group + " API the HPA reads is served."));
            } else {
                findings.add(PreflightFinding.missing(check,
                        "The cluster serves no " + group + " API, so the HorizontalPodAutoscaler is applied but cannot "
                                + "read its metric and will not scale.",
                        group.equals("metrics.k8s.io")
                                ? "Install metrics-server (GKE has it built in)."
                                : "On GKE deploy the Custom Metrics Stackdriver Adapter (it serves managed Prometheus "
                                + "metrics as prometheus.googleapis.com|<metric>|gauge); elsewhere install "
                                + "prometheus-adapter with a rule for the metric."));
            }
        }
    }

    private void checkAcceleratorNodes(List<HasMetadata> objects, List<PreflightFinding> findings) {
        for (HasMetadata o : objects) {
            if (!(o instanceof Deployment d) || d.getSpec() == null || d.getSpec().getTemplate() == null) {
                continue;
            }
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            if (pod == null) {
                continue;
            }
            Map<String, String> selector = new LinkedHashMap<>();
            if (pod.getNodeSelector() != null) {
                pod.getNodeSelector().forEach((k, v) -> {
                    if (ACCELERATOR_LABELS.contains(k)) {
                        selector.put(k, v);
                    }
                });
            }
            Optional<String> resource = requestedAccelerator(pod);
            if (selector.isEmpty() && resource.isEmpty()) {
                continue;
            }
            String check = "nodes:" + d.getMetadata().getName();
            String what = selector.isEmpty() ? resource.get() : selector.toString();
            List<Node> nodes;
            try {
                nodes = selector.isEmpty()
                        ? client.nodes().list().getItems().stream()
                                .filter(n -> hasAllocatable(n, resource.get())).toList()
                        : client.nodes().withLabels(selector).list().getItems();
            } catch (KubernetesClientException e) {
                findings.add(PreflightFinding.missing(check,
                        "Could not check for nodes with " + what + " (HTTP " + e.getCode() + ": you may not list nodes).",
                        "Ask a cluster admin whether a node pool with the accelerator exists; the deploy goes on."));
                continue;
            }
            if (nodes.isEmpty()) {
                String accel = selector.getOrDefault("cloud.google.com/gke-accelerator",
                        selector.getOrDefault("cloud.google.com/gke-tpu-accelerator", resource.orElse("ACCELERATOR")));
                findings.add(PreflightFinding.missing(check,
                        "No node has " + what + ", so pods of deployment " + d.getMetadata().getName()
                                + " stay Pending until one is added.",
                        "On GKE Standard add a node pool with the accelerator (`gcloud container node-pools create POOL "
                                + "--cluster CLUSTER --accelerator type=" + accel + ",count=N --machine-type MACHINE`); "
                                + "on Autopilot or with node auto-provisioning the node is created when the pod is scheduled."));
            } else {
                findings.add(PreflightFinding.ok(check, Plural.of(nodes.size(), "node") + " " + Plural.pick(nodes.size(), "has", "have") + " " + what + "."));
            }
        }
    }

    static Optional<String> requestedAccelerator(PodSpec pod) {
        for (Container c : pod.getContainers()) {
            if (c.getResources() == null) {
                continue;
            }
            for (String r : ACCELERATOR_RESOURCES) {
                Map<String, Quantity> limits = c.getResources().getLimits();
                Map<String, Quantity> requests = c.getResources().getRequests();
                if ((limits != null && limits.containsKey(r)) || (requests != null && requests.containsKey(r))) {
                    return Optional.of(r);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean hasAllocatable(Node n, String resource) {
        if (n.getStatus() == null || n.getStatus().getAllocatable() == null) {
            return false;
        }
        Quantity q = n.getStatus().getAllocatable().get(resource);
        return q != null && q.getNumericalAmount().signum() > 0;
    }

    private void checkHfSecret(List<HasMetadata> objects, String namespace, boolean tokenGiven,
            List<PreflightFinding> findings) {
        boolean referenced = objects.stream().anyMatch(Preflight::readsHfSecret);
        if (!referenced || tokenGiven) {
            return;
        }
        try {
            if (client.secrets().inNamespace(namespace).withName(ManifestGenerator.HF_SECRET).get() != null) {
                findings.add(PreflightFinding.ok("hf-secret", "Secret hf-secret exists in namespace " + namespace + "."));
                return;
            }
        } catch (KubernetesClientException e) {
            return; // not allowed to read secrets (or the namespace does not exist yet): nothing to say
        }
        findings.add(PreflightFinding.missing("hf-secret",
                "Secret hf-secret does not exist in namespace " + namespace
                        + ", so the model server cannot start (it reads the Hugging Face token from it).",
                Deployer.capitalized(wording.giveHfToken()) + " to create it."));
    }

    private static boolean readsHfSecret(HasMetadata o) {
        if (!(o instanceof Deployment d) || d.getSpec() == null || d.getSpec().getTemplate() == null
                || d.getSpec().getTemplate().getSpec() == null) {
            return false;
        }
        for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
            if (c.getEnv() == null) {
                continue;
            }
            for (EnvVar e : c.getEnv()) {
                if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null
                        && ManifestGenerator.HF_SECRET.equals(e.getValueFrom().getSecretKeyRef().getName())) {
                    return true;
                }
            }
        }
        return false;
    }
}
