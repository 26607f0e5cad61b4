package dev.kiq.deploy;

import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A developer tool: a fabric8 mock API server that a person can deploy to and undeploy from with
 * {@code target/kiq.jar} (the wizard or the CLI), and a kubeconfig pointing at it. Not a test.
 *
 * <p>The server is fabric8's CRUD mode, which answers server-side apply (PATCH,
 * {@code application/apply-patch+yaml}) with 415; here such a PATCH is stored as a create or a replace in
 * the same CRUD store (its dry run answered with the object), so that lists by label and deletes, which CRUD
 * mode serves, see what was applied. A Deployment is stored as rolled out (all replicas ready), so that the
 * rollout watch ends. It is no model of apply's field ownership or merge: each apply replaces the object.
 *
 * <p>The namespace {@code default} holds, before anything is deployed, a kiq release {@code neighbour}
 * (Deployment, Service) and a ConfigMap kiq did not make: an undeploy of another release must leave all
 * three. Every request that changes something is printed, one line each.
 *
 * <p>How to run it: README, "Run from source". Then, for example,
 * {@code KUBECONFIG=/tmp/mockcluster/kubeconfig java -jar target/kiq.jar status -n default}.
 */
public final class MockClusterLauncher {

    static final String NAMESPACE = "default";
    static final String NEIGHBOUR = "neighbour";
    private static final String APPLY = "application/apply-patch";
    /** Held, so that its level stays: the mock web server logs every request at INFO. */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    /** CRUD mode, with server-side apply stored as create or replace and the discovery kiq asks for answered. */
    static final class ApplyingDispatcher extends KubernetesCrudDispatcher {

        private final KubernetesSerialization json = new KubernetesSerialization();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            if (request.getMethod().equals("GET") && bare.equals("/apis/monitoring.googleapis.com/v1")) {
                return json(200, new APIResourceListBuilder().withGroupVersion("monitoring.googleapis.com/v1")
                        .addToResources(new APIResourceBuilder().withName("podmonitorings").withKind("PodMonitoring")
                                .withNamespaced(true).withVerbs("get", "list", "patch", "delete").build())
                        .build());
            }
            String contentType = request.getHeader("Content-Type");
            if (request.getMethod().equals("PATCH") && contentType != null && contentType.startsWith(APPLY)) {
                return apply(bare, request.getUtf8Body(), path.contains("dryRun=All"));
            }
            MockResponse response = super.dispatch(request);
            if (!request.getMethod().equals("GET")) {
                log(request.getMethod() + " " + path + " -> " + response.code());
            }
            return response;
        }

        private MockResponse apply(String objectPath, String body, boolean dryRun) {
            GenericKubernetesResource incoming = json.unmarshal(body, GenericKubernetesResource.class);
            if (incoming.getKind().equals("Deployment")) {
                incoming = json.convertValue(rolledOut(json.convertValue(incoming, Deployment.class)),
                        GenericKubernetesResource.class);
            }
            String content = json.asJson(incoming);
            if (dryRun) {
                return new MockResponse().setResponseCode(200).setBody(content);
            }
            boolean exists = handleGet(objectPath).code() == 200;
            MockResponse stored = exists ? handleUpdate(objectPath, content)
                    : handleCreate(objectPath.substring(0, objectPath.lastIndexOf('/')), content);
            log("apply " + objectPath + (exists ? " (replaced)" : " (created)") + " -> " + stored.code());
            return stored;
        }

        private MockResponse json(int code, Object body) {
            return new MockResponse().setResponseCode(code).setBody(json.asJson(body));
        }
    }

    /** The Deployment as a finished rollout: every replica updated, ready and available. */
    static Deployment rolledOut(Deployment d) {
        int replicas = d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        return new DeploymentBuilder(d).withNewStatus().withObservedGeneration(1L).withReplicas(replicas)
                .withUpdatedReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas)
                .withConditions(new DeploymentConditionBuilder().withType("Available").withStatus("True")
                        .withReason("MinimumReplicasAvailable").build(),
                        new DeploymentConditionBuilder().withType("Progressing").withStatus("True")
                                .withReason("NewReplicaSetAvailable").build())
                .endStatus().build();
    }

    private static void log(String line) {
        System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + line);
    }

    /** Starts the server, seeds the namespace and writes {@code DIR/kubeconfig}; runs until killed. */
    public static void main(String[] args) throws IOException, InterruptedException {
        QUIET.setLevel(java.util.logging.Level.WARNING);
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/mockcluster");
        Files.createDirectories(dir);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new ApplyingDispatcher(), false);
        server.init();
        try (KubernetesClient client = server.createClient()) {
            seed(client);
        }
        Path kubeconfig = kubeconfig(dir, server.url("/"));
        log("mock API server at " + server.url("/") + "; KUBECONFIG=" + kubeconfig);
        log("namespace " + NAMESPACE + " holds release " + NEIGHBOUR + " (deployment/vllm-" + NEIGHBOUR + ", service/"
                + NEIGHBOUR + "-svc) and configmap/not-kiqs");
        Runtime.getRuntime().addShutdownHook(new Thread(server::destroy));
        Thread.currentThread().join();
    }

    /** The namespace, another kiq release and an object kiq did not make. */
    static void seed(KubernetesClient client) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
                .create();
        Map<String, String> labels = Map.of(KiqLabels.MANAGED_BY, KiqLabels.MANAGED_BY_VALUE, KiqLabels.RELEASE, NEIGHBOUR);
        Deployment d = new DeploymentBuilder(TestManifests.deployment("vllm/vllm-openai:v0.7.2")).editMetadata()
                .withName("vllm-" + NEIGHBOUR).withNamespace(NAMESPACE).withLabels(labels).endMetadata().build();
        List<HasMetadata> objects = List.of(rolledOut(d),
                new ServiceBuilder(TestManifests.service()).editMetadata().withName(NEIGHBOUR + "-svc")
                        .withNamespace(NAMESPACE).withLabels(labels).endMetadata().build(),
                new ConfigMapBuilder().withNewMetadata().withName("not-kiqs").withNamespace(NAMESPACE)
                        .addToLabels(KiqLabels.MANAGED_BY, "helm").endMetadata().build());
        objects.forEach(o -> client.resource(o).inNamespace(NAMESPACE).create());
    }

    /** Writes {@code DIR/kubeconfig}: one context, {@code mock}, namespace {@code default}, whose cluster is the server at {@code url}. */
    public static Path kubeconfig(Path dir, String url) throws IOException {
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: %s
                    insecure-skip-tls-verify: true
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: mock
                    namespace: default
                current-context: mock
                users:
                - name: mock
                  user:
                    token: cluster-token-not-the-hf-token
                """.formatted(url));
        return file;
    }

    private MockClusterLauncher() {
    }
}
