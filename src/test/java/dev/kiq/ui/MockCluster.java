package dev.kiq.ui;

import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import dev.kiq.deploy.MockReply;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.utils.ResponseProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;

/**
 * A fabric8 mock API server for the wizard's deploy: server-side apply (PATCH, apply-patch+yaml) is
 * answered by expectations that echo the applied object, everything else by the CRUD dispatcher; plus a
 * kubeconfig file pointing at it.
 */
final class MockCluster implements AutoCloseable {

    /** One PATCH the server received. */
    record Apply(String path, String contentType, String body) {
    }

    final KubernetesMockServer server;
    final List<Apply> applies = Collections.synchronizedList(new ArrayList<>());

    MockCluster() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        server.createClient().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("default")
                .endMetadata().build()).create();
        server.expect().get().withPath("/apis/monitoring.googleapis.com/v1").andReturn(200,
                new APIResourceListBuilder().withGroupVersion("monitoring.googleapis.com/v1")
                        .addToResources(new APIResourceBuilder().withName("podmonitorings").withKind("PodMonitoring")
                                .withNamespaced(true).withVerbs("get", "list", "patch", "delete").build())
                        .build()).always();
        server.expect().get().withPath("/apis/custom.metrics.k8s.io")
                .andReturn(200, new APIGroupBuilder().withName("custom.metrics.k8s.io").build()).always();
    }

    /** Accepts server-side apply (and its dry run) of these objects and of hf-secret in the namespace. */
    void acceptApplies(List<HasMetadata> objects, String namespace) {
        List<String> paths = new ArrayList<>();
        objects.forEach(o -> paths.add(pathOf(o.getApiVersion(), o.getKind(), namespace, o.getMetadata().getName())));
        paths.add(pathOf("v1", "Secret", namespace, "hf-secret"));
        for (String path : paths) {
            for (String query : List.of("?fieldManager=kiq", "?fieldManager=kiq&force=true",
                    "?fieldManager=kiq&dryRun=All", "?fieldManager=kiq&dryRun=All&force=true")) {
                server.expect().patch().withPath(path + query).andReply(echo()).always();
            }
        }
    }

    /** A kubeconfig with one context, {@code mock}, whose cluster is this server. */
    Path kubeconfig(Path dir) throws IOException {
        return kubeconfig(dir, server.url("/"));
    }

    static Path kubeconfig(Path dir, String serverUrl) throws IOException {
        return dev.kiq.deploy.MockClusterLauncher.kubeconfig(dir, serverUrl);
    }

    static String pathOf(String apiVersion, String kind, String namespace, String name) {
        String plural = kind.toLowerCase(Locale.ROOT) + (kind.endsWith("s") ? "es" : "s");
        String base = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
        return base + "/namespaces/" + namespace + "/" + plural + "/" + name;
    }

    private ResponseProvider<Object> echo() {
        return new MockReply() {
            @Override
            public int getStatusCode(RecordedRequest request) {
                return 200;
            }

            @Override
            public Object getBody(RecordedRequest request) {
                String body = request.getBody().readUtf8();
                applies.add(new Apply(request.getPath(), request.getHeader("Content-Type"), body));
                return body;
            }
        };
    }

    @Override
    public void close() {
        server.destroy();
    }
}
