package dev.kiq.deploy;

import dev.kiq.manifest.ManifestGenerator;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** A ready-made fake cluster for tests outside this package (the CLI tests). */
public final class FakeApiServerAccess implements AutoCloseable {

    private final FakeApiServer api = new FakeApiServer();

    public FakeApiServerAccess() {
        api.serve(TestManifests.all(), TestManifests.NS);
        api.serve(DeployerTest.SECRET_PATH);
        api.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(TestManifests.NS).endMetadata()
                .build()).create();
        api.server.expect().get().withPath("/apis/monitoring.googleapis.com/v1").andReturn(200,
                new APIResourceListBuilder().withGroupVersion("monitoring.googleapis.com/v1")
                        .addToResources(new APIResourceBuilder().withName("podmonitorings").withKind("PodMonitoring")
                                .withNamespaced(true).build()).build()).always();
        api.server.expect().get().withPath("/apis/custom.metrics.k8s.io")
                .andReturn(200, new APIGroupBuilder().withName("custom.metrics.k8s.io").build()).always();
        api.client.nodes().resource(new NodeBuilder().withNewMetadata().withName("gke-l4-node")
                .addToLabels("cloud.google.com/gke-accelerator", "nvidia-l4").endMetadata().build()).create();
    }

    /** Serves server-side apply and GET for more objects (e.g. generated ones) in the test namespace. */
    public void serve(List<HasMetadata> objects) {
        api.serve(objects, TestManifests.NS);
    }

    /** The Authorization header of the last request the server received. */
    public String lastAuthorization() throws InterruptedException {
        return api.server.getLastRequest().getHeader("Authorization");
    }

    public String url() {
        return api.url();
    }

    public List<HasMetadata> manifests() {
        return TestManifests.all();
    }

    public void failSecretApply() {
        api.fail("PATCH", DeployerTest.SECRET_PATH + "?fieldManager=kiq&force=true", 500, "InternalError", "etcd unavailable");
    }

    public void failServiceApply() {
        api.fail("PATCH", DeployerTest.SERVICE_PATH + "?fieldManager=kiq&force=true", 500, "InternalError", "etcd unavailable");
    }

    /** How many server-side applies the fake server took for real (not dry runs). */
    public long realApplies() {
        return api.applies.stream().filter(a -> !a.dryRun()).count();
    }

    /** The token as the Secret on the fake server holds it. */
    @SuppressWarnings("unchecked")
    public String secretToken() {
        Map<String, Object> data = (Map<String, Object>) api.stored(DeployerTest.SECRET_PATH).get("data");
        return new String(Base64.getDecoder().decode((String) data.get(ManifestGenerator.HF_SECRET_KEY)), StandardCharsets.UTF_8);
    }

    /** Puts kiq-labelled objects (and one that is not kiq's) into the CRUD store, for status and undeploy. */
    public void seedCrud() {
        api.server.clearExpectations(); // let the CRUD dispatcher serve the object paths
        api.server.expect().get().withPath("/apis/monitoring.googleapis.com/v1").andReturn(404, "").always();
        Map<String, String> kiq = Map.of(KiqLabels.MANAGED_BY, KiqLabels.MANAGED_BY_VALUE,
                KiqLabels.RELEASE, "vllm-gemma-2-2b-it");
        var deployment = TestManifests.deployment("vllm/vllm-openai:v0.7.2");
        deployment.getMetadata().setLabels(kiq);
        api.client.resource(deployment).create();
        var service = TestManifests.service();
        service.getMetadata().setLabels(kiq);
        api.client.resource(service).create();
        api.client.resource(new SecretBuilder().withNewMetadata().withName("hf-secret").withNamespace(TestManifests.NS)
                .addToLabels(KiqLabels.MANAGED_BY, KiqLabels.MANAGED_BY_VALUE).endMetadata().build()).create();
        api.client.resource(new ConfigMapBuilder().withNewMetadata().withName("someone-elses").withNamespace(TestManifests.NS)
                .addToLabels("app.kubernetes.io/managed-by", "helm").endMetadata().build()).create();
    }

    /** Another kiq release in the CRUD store ({@link #seedCrud} first): a Deployment that reads hf-secret too. */
    public void seedRelease(String release) {
        var deployment = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(
                TestManifests.deployment("vllm/vllm-openai:v0.7.2")).editMetadata().withName(release)
                .withLabels(Map.of(KiqLabels.MANAGED_BY, KiqLabels.MANAGED_BY_VALUE, KiqLabels.RELEASE, release))
                .endMetadata().build();
        api.client.resource(deployment).create();
    }

    /** Names of the deployments, services, secrets and config maps in the CRUD store. */
    public List<String> crudNames() {
        List<String> names = new ArrayList<>();
        String ns = TestManifests.NS;
        api.client.apps().deployments().inNamespace(ns).list().getItems().forEach(o -> names.add(o.getMetadata().getName()));
        api.client.services().inNamespace(ns).list().getItems().forEach(o -> names.add(o.getMetadata().getName()));
        api.client.secrets().inNamespace(ns).list().getItems().forEach(o -> names.add(o.getMetadata().getName()));
        api.client.configMaps().inNamespace(ns).list().getItems().forEach(o -> names.add(o.getMetadata().getName()));
        return names;
    }

    @Override
    public void close() {
        api.close();
    }
}
