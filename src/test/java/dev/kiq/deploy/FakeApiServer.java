package dev.kiq.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.utils.ResponseProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * fabric8's mock API server in mixed mode: the server-side apply requests (and the GETs of the same
 * objects) are expectations answered by a small stateful apply model, everything else (namespaces,
 * nodes, pods, events, lists, deletes) is served by the CRUD dispatcher. Faults can be injected per
 * method and path.
 */
final class FakeApiServer implements AutoCloseable {

    static final String APPLY_CONTENT_TYPE = "application/apply-patch+yaml";

    /** A recorded apply request. */
    record Apply(String method, String path, String contentType, String body) {
        boolean dryRun() {
            return path.contains("dryRun=All");
        }

        boolean forced() {
            return path.contains("force=true");
        }
    }

    record Fault(int code, String reason, String message, long delayMillis) {
    }

    final Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    final KubernetesMockServer server;
    final KubernetesClient client;
    private final KubernetesSerialization json = new KubernetesSerialization();
    private final Map<String, Map<String, Object>> store = new ConcurrentHashMap<>();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    final List<Apply> applies = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong resourceVersion = new AtomicLong(100);

    FakeApiServer() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        client = newClient(5_000);
    }

    /** A client as kiq builds it (hardened), with a short request timeout and no retries. */
    KubernetesClient newClient(int requestTimeoutMillis) {
        KubernetesClientBuilder b = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl(server.url("/"))
                .withTrustCerts(true)
                .withNamespace("default")
                .withRequestTimeout(requestTimeoutMillis)
                .withRequestRetryBackoffLimit(0)
                .build());
        ClusterConnection.harden(b);
        return b.build();
    }

    String url() {
        return server.url("/");
    }

    /** Serves apply, dry-run apply and GET for these objects at the path of their kind. */
    void serve(List<? extends HasMetadata> objects, String namespace) {
        for (HasMetadata o : objects) {
            serve(pathOf(o.getApiVersion(), o.getKind(), namespace, o.getMetadata().getName()));
        }
    }

    void serve(String path) {
        ResponseProvider<Object> getter = provider(path, "GET");
        ResponseProvider<Object> patcher = provider(path, "PATCH");
        server.expect().get().withPath(path).andReply(getter).always();
        for (String query : List.of("?fieldManager=kiq&force=true", "?fieldManager=kiq",
                "?fieldManager=kiq&dryRun=All&force=true", "?fieldManager=kiq&dryRun=All")) {
            server.expect().patch().withPath(path + query).andReply(patcher).always();
        }
    }

    /** The REST path of an object, per kind, as the API server serves it. */
    static String pathOf(String apiVersion, String kind, String namespace, String name) {
        String plural = kind.toLowerCase(Locale.ROOT) + (kind.endsWith("s") ? "es" : "s");
        String base = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
        if (kind.equals("Namespace")) {
            return base + "/namespaces/" + name;
        }
        return base + "/namespaces/" + namespace + "/" + plural + "/" + name;
    }

    /** Makes every {@code method} request whose path starts with {@code pathPrefix} fail (or stall). */
    void fail(String method, String pathPrefix, int code, String reason, String message) {
        faults.put(method + " " + pathPrefix, new Fault(code, reason, message, 0));
    }

    void stall(String method, String pathPrefix, long millis) {
        faults.put(method + " " + pathPrefix, new Fault(200, "", "", millis));
    }

    void clearFaults() {
        faults.clear();
    }

    /** The object as the fake stores it, or null. */
    Map<String, Object> stored(String path) {
        return store.get(path);
    }

    /** Lets a test change what the server holds (e.g. a Deployment's status). */
    void put(String path, HasMetadata object) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = json.convertValue(object, Map.class);
        store.put(path, map);
    }

    List<Apply> realApplies() {
        return applies.stream().filter(a -> !a.dryRun()).toList();
    }

    private Fault faultFor(String method, String path) {
        for (Map.Entry<String, Fault> f : faults.entrySet()) {
            String[] key = f.getKey().split(" ", 2);
            if (key[0].equals(method) && path.startsWith(key[1])) {
                return f.getValue();
            }
        }
        return null;
    }

    private ResponseProvider<Object> provider(String objectPath, String method) {
        return new MockReply() {
            @Override
            public int getStatusCode(RecordedRequest request) {
                Fault f = faultFor(method, request.getPath());
                if (f != null && f.delayMillis() == 0) {
                    return f.code();
                }
                if (method.equals("GET") && !store.containsKey(objectPath)) {
                    return 404;
                }
                return 200;
            }

            @Override
            public Object getBody(RecordedRequest request) {
                Fault f = faultFor(method, request.getPath());
                if (f != null && f.delayMillis() > 0) {
                    try {
                        Thread.sleep(f.delayMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                } else if (f != null) {
                    return status(f.code(), f.reason(), f.message());
                }
                if (method.equals("GET")) {
                    Map<String, Object> live = store.get(objectPath);
                    return live == null ? status(404, "NotFound", "not found") : live;
                }
                String body = request.getBody().readUtf8();
                applies.add(new Apply(request.getMethod(), request.getPath(), request.getHeader("Content-Type"), body));
                return apply(objectPath, body, request.getPath().contains("dryRun=All"));
            }
        };
    }

    /** A small model of server-side apply: same content keeps the resourceVersion, new content bumps it. */
    @SuppressWarnings("unchecked")
    private synchronized Map<String, Object> apply(String path, String body, boolean dryRun) {
        Map<String, Object> incoming = json.unmarshal(body, Map.class);
        Map<String, Object> live = store.get(path);
        Map<String, Object> result = new LinkedHashMap<>(incoming);
        Map<String, Object> meta = new LinkedHashMap<>((Map<String, Object>) incoming.get("metadata"));
        if (live != null && content(live).equals(content(incoming))) {
            return live;
        }
        Map<String, Object> liveMeta = live == null ? Map.of() : (Map<String, Object>) live.get("metadata");
        long generation = liveMeta.get("generation") == null ? 0 : ((Number) liveMeta.get("generation")).longValue();
        meta.put("uid", liveMeta.getOrDefault("uid", "uid-" + path.hashCode()));
        meta.put("generation", generation + 1);
        meta.put("resourceVersion", dryRun && live != null ? liveMeta.get("resourceVersion")
                : dryRun ? null : String.valueOf(resourceVersion.incrementAndGet()));
        result.put("metadata", meta);
        if (live != null && live.containsKey("status")) {
            result.put("status", live.get("status"));
        }
        if (!dryRun) {
            store.put(path, result);
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> content(Map<String, Object> object) {
        Map<String, Object> c = new HashMap<>(object);
        c.remove("status");
        Map<String, Object> meta = new HashMap<>((Map<String, Object>) object.get("metadata"));
        meta.keySet().retainAll(List.of("name", "namespace", "labels", "annotations"));
        c.put("metadata", meta);
        return c;
    }

    private static Status status(int code, String reason, String message) {
        return new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason).withMessage(message).build();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
