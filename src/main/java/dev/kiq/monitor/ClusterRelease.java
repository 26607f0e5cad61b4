package dev.kiq.monitor;

import dev.kiq.KiqException;
import dev.kiq.deploy.KiqLabels;
import dev.kiq.deploy.Problem;
import dev.kiq.deploy.ProblemClassifier;
import dev.kiq.manifest.ManifestGenerator;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One kiq release in a namespace (its Deployment, by the {@link KiqLabels} kiq stamps), what it serves (from
 * the profile annotation kiq writes), and port-forwards to it through the API server (no kubectl).
 */
public final class ClusterRelease {

    /** {@code <model> <server> <version> on <n>x <accelerator>[ <topology>] (…)}, as ManifestGenerator writes it. */
    private static final Pattern PROFILE = Pattern.compile("^(\\S+) (\\S+) (\\S+) on (\\d+)x (\\S+)(?: (\\S+))? \\(");

    /** What kiq's profile annotation says the Deployment serves. */
    public record Served(String model, String modelServer, String modelServerVersion, String acceleratorType,
                         int acceleratorCount) {
    }

    private final KubernetesClient client;
    private final ProblemClassifier classifier;
    private final String namespace;
    private final String name;
    private final Deployment deployment;

    private ClusterRelease(KubernetesClient client, ProblemClassifier classifier, String namespace, String name,
                           Deployment deployment) {
        this.client = client;
        this.classifier = classifier;
        this.namespace = namespace;
        this.name = name;
        this.deployment = deployment;
    }

    /**
     * @param release empty: the only release in the namespace
     * @param wording how the front end words the remedies of a failure
     * @throws KiqException naming the releases there are when the release does not exist or several do
     */
    public static ClusterRelease find(KubernetesClient client, String context, String namespace, Optional<String> release,
            dev.kiq.deploy.Wording wording) {
        ProblemClassifier classifier = new ProblemClassifier(context, String.valueOf(client.getMasterUrl()), wording);
        List<Deployment> all;
        try {
            all = client.apps().deployments().inNamespace(namespace).withLabel(KiqLabels.MANAGED_BY, KiqLabels.MANAGED_BY_VALUE)
                    .list().getItems();
        } catch (KubernetesClientException e) {
            Problem p = classifier.classify(e, "list", "deployments.apps", Optional.of(namespace));
            throw new KiqException(p.message() + " " + p.remedy(), e);
        }
        TreeSet<String> names = new TreeSet<>();
        all.forEach(d -> names.add(releaseOf(d)));
        String there = names.isEmpty() ? "there is no kiq release in namespace " + namespace + " (deploy one with kiq deploy)"
                : "releases in namespace " + namespace + ": " + String.join(", ", names);
        if (release.isEmpty()) {
            if (names.size() != 1) {
                throw new KiqException(names.isEmpty() ? capitalize(there) + "."
                        : "Several releases are deployed; choose one with --release (" + there + ").");
            }
            release = Optional.of(names.first());
        }
        String wanted = release.get();
        Deployment d = all.stream().filter(x -> releaseOf(x).equals(wanted)).findFirst()
                .orElseThrow(() -> new KiqException("Release " + wanted + " does not exist in namespace " + namespace + "; "
                        + there + "."));
        return new ClusterRelease(client, classifier, namespace, wanted, d);
    }

    static String releaseOf(Deployment d) {
        Map<String, String> labels = d.getMetadata().getLabels() == null ? Map.of() : d.getMetadata().getLabels();
        return labels.getOrDefault(KiqLabels.RELEASE, d.getMetadata().getName());
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    public String name() {
        return name;
    }

    public String namespace() {
        return namespace;
    }

    public Deployment deployment() {
        return deployment;
    }

    KubernetesClient client() {
        return client;
    }

    ProblemClassifier classifier() {
        return classifier;
    }

    /** What the Deployment serves, from kiq's profile annotation; empty for a Deployment kiq did not generate. */
    public Optional<Served> served() {
        Map<String, String> a = deployment.getMetadata().getAnnotations();
        String text = a == null ? null : a.get(ManifestGenerator.PROFILE_ANNOTATION);
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = PROFILE.matcher(text);
        return m.find() ? Optional.of(new Served(m.group(1), m.group(2), m.group(3), m.group(5), Integer.parseInt(m.group(4))))
                : Optional.empty();
    }

    /** The container port the model server listens on (kiq's manifests: 8000). */
    public int port() {
        return Optional.ofNullable(deployment.getSpec().getTemplate().getSpec().getContainers()).orElse(List.of()).stream()
                .flatMap(c -> Optional.ofNullable(c.getPorts()).orElse(List.of()).stream())
                .map(p -> p.getContainerPort()).filter(p -> p != null).findFirst().orElse(ManifestGenerator.PORT);
    }

    /** The release's Service, when it has one. */
    public Optional<Service> service() {
        try {
            return client.services().inNamespace(namespace).withLabel(KiqLabels.MANAGED_BY, KiqLabels.MANAGED_BY_VALUE)
                    .list().getItems().stream()
                    .filter(s -> name.equals(Optional.ofNullable(s.getMetadata().getLabels()).map(l -> l.get(KiqLabels.RELEASE))
                            .orElse(s.getMetadata().getName())) || s.getMetadata().getName().equals(deployment.getMetadata().getName()))
                    .findFirst();
        } catch (KubernetesClientException e) {
            Problem p = classifier.classify(e, "list", "services", Optional.of(namespace));
            throw new KiqException(p.message() + " " + p.remedy(), e);
        }
    }

    /**
     * Opens a port-forward to the release's Service on a free local port ({@code try}); the caller closes it.
     *
     * @throws KiqException when the release has no Service or the API server refuses
     */
    public LocalPortForward forwardService() {
        Service s = service().orElseThrow(() -> new KiqException("Release " + name + " in namespace " + namespace
                + " has no Service to send a request to; deploy its manifests again."));
        int port = s.getSpec().getPorts() == null || s.getSpec().getPorts().isEmpty() ? ManifestGenerator.PORT
                : s.getSpec().getPorts().get(0).getPort();
        try {
            return client.services().inNamespace(namespace).withName(s.getMetadata().getName()).portForward(port);
        } catch (KubernetesClientException e) {
            throw refused(e, "services/" + s.getMetadata().getName());
        } catch (IllegalStateException e) {
            throw new KiqException("Service " + s.getMetadata().getName() + " in namespace " + namespace
                    + " has no ready pod to forward to yet; wait for the rollout (kiq status -n " + namespace + ").");
        }
    }

    /** A refused port-forward in plain words: the RBAC verb and resource it needs. */
    KiqException refused(Throwable e, String what) {
        if (e instanceof WebSocketHandshakeException h && h.getResponse() != null) {
            // the upgrade's HTTP status is the API server's answer (403: RBAC), as for any other request
            int code = h.getResponse().code();
            e = new KubernetesClientException("HTTP " + code, code, new StatusBuilder().withCode(code)
                    .withMessage("the API server answered the port-forward upgrade with HTTP " + code).build());
        }
        Problem p = classifier.classify(e, "create", "pods/portforward", Optional.of(namespace));
        return new KiqException("Port-forward to " + what + " was refused: " + p.message() + " " + p.remedy(), e);
    }

    OptionalInt replicas() {
        return deployment.getSpec().getReplicas() == null ? OptionalInt.empty() : OptionalInt.of(deployment.getSpec().getReplicas());
    }
}
