package dev.kiq.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deploy, then undeploy, through the same store, as a person does from the jar against {@link MockClusterLauncher}'s
 * server: the other tests of undeploy seed the store by hand, so none showed that what a deploy applies (its labels,
 * its shared hf-secret) is what an undeploy finds. Two releases are deployed by the core with server-side apply into
 * a namespace that already holds the launcher's release {@code neighbour} and a ConfigMap kiq did not make; undeploying
 * one of them deletes its objects and nothing else.
 */
class DeployThenUndeployTest {

    static final String NS = MockClusterLauncher.NAMESPACE;
    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new MockClusterLauncher.ApplyingDispatcher(), false);
        server.init();
        client = server.createClient();
        MockClusterLauncher.seed(client);
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    /** kiq's manifests for a model: Deployment and Service named after it. */
    private static List<HasMetadata> release(String name) {
        List<HasMetadata> objects = new ArrayList<>();
        for (HasMetadata o : List.of(TestManifests.deployment("vllm/vllm-openai:v0.7.2"), TestManifests.service())) {
            o.getMetadata().setName(name + (o.getKind().equals("Service") ? "-service" : ""));
            o.getMetadata().setNamespace(NS);
            objects.add(o);
        }
        return objects;
    }

    private void deploy(String name) {
        DeployReport report = new Deployer(client, "mock", TestWording.INSTANCE, Duration.ofMillis(10), Duration.ZERO)
                .deploy(DeployRequest.of(release(name)).inNamespace(NS).asRelease(name)
                        .withToken(HfToken.of("hf_not_a_real_token".toCharArray())), DeployListener.ignoring(),
                        new CancelToken());
        assertThat(report.succeeded()).as("deploy of %s: %s", name, report.summary()).isTrue();
    }

    private List<String> onServer() {
        List<String> names = new ArrayList<>();
        client.apps().deployments().inNamespace(NS).list().getItems().forEach(o -> names.add("deployment/" + o.getMetadata().getName()));
        client.services().inNamespace(NS).list().getItems().forEach(o -> names.add("service/" + o.getMetadata().getName()));
        client.secrets().inNamespace(NS).list().getItems().forEach(o -> names.add("secret/" + o.getMetadata().getName()));
        client.configMaps().inNamespace(NS).list().getItems().forEach(o -> names.add("configmap/" + o.getMetadata().getName()));
        return names;
    }

    @Test
    void undeployingOneDeployedReleaseDeletesItsObjectsOnly() {
        deploy("gemma");
        deploy("llama");
        ReleaseInventory inventory = new ReleaseInventory(client, "mock", TestWording.INSTANCE);
        assertThat(inventory.releases(NS)).containsOnlyKeys("gemma", "llama", MockClusterLauncher.NEIGHBOUR);

        ReleaseInventory.Removal removal = inventory.undeploy(NS, Optional.of("gemma"), new CancelToken());

        assertThat(removal.failure()).isEmpty();
        assertThat(removal.deleted()).extracting(ObjectRef::toString)
                .containsExactlyInAnyOrder("deployment.apps/gemma", "service/gemma-service");
        assertThat(onServer()).containsExactlyInAnyOrder("deployment/vllm-neighbour", "deployment/llama",
                "service/neighbour-svc", "service/llama-service", "secret/hf-secret", "configmap/not-kiqs");
    }

    @Test
    void deployingTheSameObjectsAsAnotherReleaseIsRefusedAndLeavesThatReleaseAsItWas() {
        deploy("gemma");
        DeployReport second = new Deployer(client, "mock", TestWording.INSTANCE, Duration.ofMillis(10), Duration.ZERO)
                .deploy(DeployRequest.of(release("gemma")).inNamespace(NS).asRelease("gemma-copy"),
                        DeployListener.ignoring(), new CancelToken());

        assertThat(second.succeeded()).isFalse();
        assertThat(second.failure()).hasValueSatisfying(p -> {
            assertThat(p.message()).contains("deployment.apps/gemma").contains("release gemma")
                    .contains("gemma-copy");
            assertThat(p.remedy()).contains("<otherRelease gemma gemma-copy " + NS + ">");
        });
        assertThat(second.objects()).extracting(DeployReport.ObjectResult::outcome)
                .doesNotContain(ApplyOutcome.CREATED, ApplyOutcome.CONFIGURED, ApplyOutcome.UNCHANGED);
        ReleaseInventory inventory = new ReleaseInventory(client, "mock", TestWording.INSTANCE);
        assertThat(inventory.releases(NS)).containsOnlyKeys("gemma", MockClusterLauncher.NEIGHBOUR);
        assertThat(client.apps().deployments().inNamespace(NS).withName("gemma").get().getMetadata().getLabels())
                .containsEntry(KiqLabels.RELEASE, "gemma");
    }
}
