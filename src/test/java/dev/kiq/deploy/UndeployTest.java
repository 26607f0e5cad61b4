package dev.kiq.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Undeploy and status on a fabric8 mock API server (CRUD mode; PodMonitoring served as a custom resource) holding two kiq
 * releases, {@code alpha} and {@code beta}, that share kiq's {@code hf-secret}, plus objects that are not kiq's.
 */
class UndeployTest {

    static final String NS = "llm";
    static final ResourceDefinitionContext POD_MONITORING = new ResourceDefinitionContext.Builder()
            .withGroup("monitoring.googleapis.com").withVersion("v1").withKind("PodMonitoring").withPlural("podmonitorings")
            .withNamespaced(true).build();

    KubernetesMockServer server;
    KubernetesClient client;
    ReleaseInventory inventory;

    @BeforeEach
    void cluster() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        server.expect().get().withPath("/apis/monitoring.googleapis.com/v1").andReturn(200,
                new APIResourceListBuilder().withGroupVersion("monitoring.googleapis.com/v1")
                        // as Google Cloud Managed Service for Prometheus serves it: several kinds, PodMonitoring not first
                        .addToResources(new APIResourceBuilder().withName("clusterpodmonitorings").withKind("ClusterPodMonitoring")
                                .withNamespaced(false).build())
                        .addToResources(new APIResourceBuilder().withName("podmonitorings").withKind("PodMonitoring")
                                .withNamespaced(true).build()).build()).always();
        server.expect().get().withPath("/apis/monitoring.coreos.com/v1").andReturn(404, "").always();
        client = server.createClient();
        inventory = new ReleaseInventory(client, "mock", TestWording.INSTANCE);
        release("alpha", true);
        release("beta", true);
        create(new SecretBuilder().withNewMetadata().withName("hf-secret").withNamespace(NS)
                .addToLabels(KiqLabels.MANAGED_BY, KiqLabels.MANAGED_BY_VALUE).endMetadata().build());
        create(new ConfigMapBuilder().withNewMetadata().withName("someone-elses").withNamespace(NS)
                .addToLabels(KiqLabels.MANAGED_BY, "helm").endMetadata().build());
        create(new SecretBuilder().withNewMetadata().withName("db-password").withNamespace(NS).endMetadata().build());
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    /** A release as kiq deploys it: Deployment (reading hf-secret or not), Service, PodMonitoring and HPA. */
    void release(String name, boolean readsHfSecret) {
        Map<String, String> labels = Map.of(KiqLabels.MANAGED_BY, KiqLabels.MANAGED_BY_VALUE, KiqLabels.RELEASE, name);
        Deployment d = new DeploymentBuilder(TestManifests.deployment("vllm/vllm-openai:v0.7.2")).editMetadata()
                .withName("vllm-" + name).withLabels(labels).endMetadata().build();
        if (!readsHfSecret) {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setEnv(List.of());
        }
        create(d);
        create(new io.fabric8.kubernetes.api.model.ServiceBuilder(TestManifests.service()).editMetadata()
                .withName("svc-" + name).withLabels(labels).endMetadata().build());
        GenericKubernetesResource pm = TestManifests.podMonitoring();
        pm.getMetadata().setName("pm-" + name);
        pm.getMetadata().setLabels(labels);
        client.genericKubernetesResources(POD_MONITORING).inNamespace(NS).resource(pm).create();
        create(new io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder(TestManifests.hpa())
                .editMetadata().withName("hpa-" + name).withLabels(labels).endMetadata().build());
    }

    void create(HasMetadata o) {
        client.resource(o).inNamespace(NS).create();
    }

    /** What is on the server, as kind/name, of the kinds kiq deploys and of the foreign objects. */
    List<String> onServer() {
        List<String> names = new ArrayList<>();
        client.apps().deployments().inNamespace(NS).list().getItems().forEach(o -> names.add("deployment/" + o.getMetadata().getName()));
        client.services().inNamespace(NS).list().getItems().forEach(o -> names.add("service/" + o.getMetadata().getName()));
        client.genericKubernetesResources(POD_MONITORING).inNamespace(NS).list().getItems()
                .forEach(o -> names.add("podmonitoring/" + o.getMetadata().getName()));
        client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).list().getItems()
                .forEach(o -> names.add("hpa/" + o.getMetadata().getName()));
        client.secrets().inNamespace(NS).list().getItems().forEach(o -> names.add("secret/" + o.getMetadata().getName()));
        client.configMaps().inNamespace(NS).list().getItems().forEach(o -> names.add("configmap/" + o.getMetadata().getName()));
        return names;
    }

    static final List<String> FOREIGN = List.of("configmap/someone-elses", "secret/db-password");

    static List<String> releaseObjects(String name) {
        return List.of("deployment/vllm-" + name, "service/svc-" + name, "podmonitoring/pm-" + name, "hpa/hpa-" + name);
    }

    static List<String> plus(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> l : lists) {
            all.addAll(l);
        }
        return all;
    }

    @Test
    void undeployingOneReleaseKeepsTheOtherAndTheSecretItUses() {
        UndeployPlan plan = inventory.plan(NS, Optional.of("alpha"));
        assertThat(plan.refs()).extracting(ObjectRef::toString).containsExactly("deployment.apps/vllm-alpha",
                "horizontalpodautoscaler.autoscaling/hpa-alpha", "podmonitoring.monitoring.googleapis.com/pm-alpha",
                "service/svc-alpha");
        assertThat(plan.secretKept()).hasValue("secret/hf-secret stays: release beta still uses it.");

        ReleaseInventory.Removal removal = inventory.undeploy(plan, new CancelToken());

        assertThat(removal.failure()).isEmpty();
        assertThat(removal.deleted()).hasSize(4);
        assertThat(onServer()).containsExactlyInAnyOrderElementsOf(plus(releaseObjects("beta"), List.of("secret/hf-secret"), FOREIGN));
        assertThat(removal.describe()).contains("secret/hf-secret stays: release beta still uses it.")
                .doesNotContain("hf-secret deleted");
    }

    @Test
    void undeployingTheLastReleaseRemovesTheSecret() {
        inventory.undeploy(inventory.plan(NS, Optional.of("alpha")), new CancelToken());

        UndeployPlan plan = inventory.plan(NS, Optional.of("beta"));
        assertThat(plan.refs()).extracting(ObjectRef::toString).endsWith("secret/hf-secret").hasSize(5);
        assertThat(plan.secretKept()).isEmpty();
        ReleaseInventory.Removal removal = inventory.undeploy(plan, new CancelToken());

        assertThat(removal.describe()).contains("secret/hf-secret deleted");
        assertThat(onServer()).containsExactlyInAnyOrderElementsOf(FOREIGN);
    }

    @Test
    void aReleaseThatDoesNotReadTheSecretDoesNotKeepIt() {
        inventory.undeploy(inventory.plan(NS, Optional.of("beta")), new CancelToken());
        release("gamma", false); // e.g. a model loaded from a bucket, with no token reference at all

        UndeployPlan plan = inventory.plan(NS, Optional.of("alpha"));

        assertThat(plan.refs()).extracting(ObjectRef::toString).contains("secret/hf-secret");
        inventory.undeploy(plan, new CancelToken());
        assertThat(onServer()).containsExactlyInAnyOrderElementsOf(plus(releaseObjects("gamma"), FOREIGN));
    }

    @Test
    void aReleaseDeployedAfterThePlanWasShownKeepsTheSecret() {
        inventory.undeploy(inventory.plan(NS, Optional.of("beta")), new CancelToken());
        UndeployPlan plan = inventory.plan(NS, Optional.of("alpha"));
        assertThat(plan.refs()).extracting(ObjectRef::toString).contains("secret/hf-secret");
        release("delta", true); // while the user read the confirmation

        ReleaseInventory.Removal removal = inventory.undeploy(plan, new CancelToken());

        assertThat(removal.secretKept()).hasValue("secret/hf-secret stays: release delta still uses it.");
        assertThat(onServer()).containsExactlyInAnyOrderElementsOf(plus(releaseObjects("delta"), List.of("secret/hf-secret"), FOREIGN));
    }

    @Test
    void everyReleaseGoesOnlyWhenAskedAndTakesTheSecretButNothingForeign() {
        UndeployPlan plan = inventory.plan(NS, Optional.empty());
        assertThat(plan.scope()).isEqualTo("every kiq release");
        assertThat(plan.isEmpty()).isFalse();
        assertThat(plan.refs()).hasSize(9).last().hasToString("secret/hf-secret");

        ReleaseInventory.Removal removal = inventory.undeploy(plan, new CancelToken());

        assertThat(onServer()).containsExactlyInAnyOrderElementsOf(FOREIGN);
        assertThat(removal.describe()).endsWith("Removed 9 objects from namespace llm (the namespace itself is kept).");
        assertThat(inventory.undeploy(NS, Optional.empty(), new CancelToken()).describe())
                .isEqualTo("Nothing deployed by kiq in namespace llm; nothing to remove.");
    }

    /*
     * A release name is checked before anything reaches the cluster: it goes into a label selector, and
     * "alpha,app=x" would select by two labels, "alpha" spelled otherwise would select nothing. Nothing is deleted.
     */
    @Test
    void aReleaseNameThatIsNotALabelValueIsRefusedBeforeTheClusterIsAsked() {
        for (String bad : List.of("alpha,app=x", "Alpha", "alpha_1", "-alpha")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> inventory.plan(NS, Optional.of(bad)))
                    .isInstanceOf(dev.kiq.KiqException.class).hasMessageContaining(bad + " is not a valid release name");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> inventory.undeploy(NS, Optional.of(bad), new CancelToken()))
                    .isInstanceOf(dev.kiq.KiqException.class).hasMessageContaining(bad + " is not a valid release name");
        }
        assertThat(onServer()).containsExactlyInAnyOrderElementsOf(plus(releaseObjects("alpha"), releaseObjects("beta"),
                List.of("secret/hf-secret"), FOREIGN));
    }

    @Test
    void anHfSecretKiqDidNotMakeIsNeverDeleted() {
        client.secrets().inNamespace(NS).withName("hf-secret").delete();
        create(new SecretBuilder().withNewMetadata().withName("hf-secret").withNamespace(NS).endMetadata().build());

        inventory.undeploy(inventory.plan(NS, Optional.empty()), new CancelToken());

        assertThat(onServer()).containsExactlyInAnyOrderElementsOf(plus(List.of("secret/hf-secret"), FOREIGN));
    }

    @Test
    void anUnknownReleaseDeletesNothingNotEvenAnUnusedSecret() {
        inventory.undeploy(inventory.plan(NS, Optional.of("beta")), new CancelToken());
        inventory.undeploy(inventory.plan(NS, Optional.of("alpha")), new CancelToken());
        create(new SecretBuilder().withNewMetadata().withName("hf-secret").withNamespace(NS)
                .addToLabels(KiqLabels.MANAGED_BY, KiqLabels.MANAGED_BY_VALUE).endMetadata().build());

        assertThat(inventory.plan(NS, Optional.of("alhpa")).isEmpty()).isTrue();
        assertThat(inventory.undeploy(NS, Optional.of("alhpa"), new CancelToken()).deleted()).isEmpty();
        assertThat(onServer()).contains("secret/hf-secret");
    }

    @Test
    void releasesAreListedByNameWithTheirObjects() {
        var releases = inventory.releases(NS);
        assertThat(releases.keySet()).containsExactly("alpha", "beta");
        assertThat(releases.get("beta")).extracting(ObjectRef::toString).containsExactlyInAnyOrder("deployment.apps/vllm-beta",
                "horizontalpodautoscaler.autoscaling/hpa-beta", "podmonitoring.monitoring.googleapis.com/pm-beta", "service/svc-beta");
    }

    @Test
    void aDeploymentUsesTheSecretThroughEnvEnvFromOrAVolume() {
        Deployment none = new DeploymentBuilder().withNewSpec().withNewTemplate().withNewSpec().addNewContainer()
                .withName("c").endContainer().endSpec().endTemplate().endSpec().build();
        assertThat(ReleaseInventory.usesSecret(none, "hf-secret")).isFalse();
        Deployment envFrom = new DeploymentBuilder(none).editSpec().editTemplate().editSpec().editFirstContainer()
                .addNewEnvFrom().withNewSecretRef().withName("hf-secret").endSecretRef().endEnvFrom().endContainer()
                .endSpec().endTemplate().endSpec().build();
        assertThat(ReleaseInventory.usesSecret(envFrom, "hf-secret")).isTrue();
        assertThat(ReleaseInventory.usesSecret(envFrom, "other")).isFalse();
        Deployment volume = new DeploymentBuilder(none).editSpec().editTemplate().editSpec().addNewVolume()
                .withName("v").withNewSecret().withSecretName("hf-secret").endSecret().endVolume()
                .endSpec().endTemplate().endSpec().build();
        assertThat(ReleaseInventory.usesSecret(volume, "hf-secret")).isTrue();
        assertThat(ReleaseInventory.usesSecret(volume, "other")).as("a volume of another secret").isFalse();
        Deployment configMapVolume = new DeploymentBuilder(none).editSpec().editTemplate().editSpec().addNewVolume()
                .withName("v").withNewConfigMap().withName("hf-secret").endConfigMap().endVolume()
                .endSpec().endTemplate().endSpec().build();
        assertThat(ReleaseInventory.usesSecret(configMapVolume, "hf-secret")).as("a ConfigMap of that name").isFalse();
        Deployment pull = new DeploymentBuilder(none).editSpec().editTemplate().editSpec().addNewImagePullSecret()
                .withName("hf-secret").endImagePullSecret().endSpec().endTemplate().endSpec().build();
        assertThat(ReleaseInventory.usesSecret(pull, "hf-secret")).isTrue();
        assertThat(ReleaseInventory.usesSecret(pull, "other")).isFalse();
        assertThat(ReleaseInventory.usesSecret(TestManifests.deployment("x"), "hf-secret")).isTrue();
    }

    /** A pod of the fixture's Deployments (their selector is app=vllm-gemma-2-2b-it), or of another app. */
    void pod(String name, String app, io.fabric8.kubernetes.api.model.PodStatus status) {
        create(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .addToLabels("app", app).endMetadata().withStatus(status).build());
    }

    static io.fabric8.kubernetes.api.model.PodStatus podStatus(String phase, String ready, int... restarts) {
        var b = new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase(phase)
                .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
                .addNewCondition().withType("Ready").withStatus(ready).endCondition();
        for (int i = 0; i < restarts.length; i++) {
            b.addNewContainerStatus().withName("c" + i).withRestartCount(restarts[i]).endContainerStatus();
        }
        return b.build();
    }

    @Test
    void statusOfOneReleaseGivesEachObjectsStateAndThePodsOfItsDeployment() {
        client.apps().deployments().inNamespace(NS).withName("vllm-alpha")
                .edit(d -> new DeploymentBuilder(d).withNewStatus().withReadyReplicas(1).endStatus().build());
        client.services().inNamespace(NS).withName("svc-alpha")
                .edit(v -> new io.fabric8.kubernetes.api.model.ServiceBuilder(v).editSpec().withClusterIP("10.0.0.7")
                        .endSpec().build());
        client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName("hpa-alpha")
                .edit(h -> new io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder(h)
                        .withNewStatus().withCurrentReplicas(2).withDesiredReplicas(3).endStatus().build());
        pod("serving", "vllm-gemma-2-2b-it", podStatus("Running", "True", 1, 2));
        pod("loading", "vllm-gemma-2-2b-it", podStatus("Pending", "False"));
        pod("new", "vllm-gemma-2-2b-it", null);
        pod("someone-elses-pod", "other", podStatus("Running", "True"));

        ReleaseInventory.Status status = inventory.status(NS, Optional.of("alpha"));

        assertThat(status.objects()).extracting(e -> e.object() + " | " + e.release() + " | " + e.state()).containsExactly(
                "deployment.apps/vllm-alpha | alpha | 1/1 ready",
                "horizontalpodautoscaler.autoscaling/hpa-alpha | alpha | replicas 2 (wants 3, 1-4)",
                "podmonitoring.monitoring.googleapis.com/pm-alpha | alpha | present",
                "service/svc-alpha | alpha | ClusterIP 10.0.0.7:8000");
        assertThat(status.pods()).containsExactlyInAnyOrder(
                new ReleaseInventory.PodState("serving", "Running", true, 3),
                new ReleaseInventory.PodState("loading", "Pending", false, 0),
                new ReleaseInventory.PodState("new", "Unknown", false, 0));
        String said = status.describe();
        assertThat(said.lines().findFirst()).hasValue("Deployed by kiq in namespace llm (context mock):");
        assertThat(said).containsPattern("(?m)^  deployment\\.apps/vllm-alpha +alpha +1/1 ready$")
                .containsPattern("(?m)^  pod/serving +Running +ready, 3 restarts$")
                .containsPattern("(?m)^  pod/loading +Pending +not ready$")
                .containsPattern("(?m)^  pod/new +Unknown +not ready$")
                .doesNotContain("someone-elses-pod").doesNotContain("beta");
    }

    @Test
    void statusOfTheNamespaceListsEveryReleaseAndTheSharedSecretButNothingForeign() {
        ReleaseInventory.Status status = inventory.status(NS, Optional.empty());

        assertThat(status.objects()).hasSize(9);
        assertThat(status.objects()).extracting(e -> e.object() + " | " + e.release() + " | " + e.state()).contains(
                "deployment.apps/vllm-beta | beta | 0/1 ready",
                "horizontalpodautoscaler.autoscaling/hpa-beta | beta | replicas 0 (wants 0, 1-4)",
                "service/svc-beta | beta | ClusterIP -:8000",
                "secret/hf-secret | (shared) | present");
        assertThat(status.describe()).doesNotContain("someone-elses").doesNotContain("db-password");
        assertThat(status.pods()).isEmpty();
    }

    @Test
    void statusOfANamespaceWithoutKiqObjectsSaysSo() {
        inventory.undeploy(inventory.plan(NS, Optional.empty()), new CancelToken());

        assertThat(inventory.status(NS, Optional.empty()).describe())
                .isEqualTo("Nothing deployed by kiq in namespace llm (context mock).");
        assertThat(inventory.status(NS, Optional.of("alpha")).objects()).isEmpty();
    }

    @Test
    void aFailedRemovalSaysWhatWasAndWasNotDeleted() {
        ObjectRef deployment = ObjectRef.of(client.apps().deployments().inNamespace(NS).withName("vllm-alpha").get());
        ObjectRef service = ObjectRef.of(client.services().inNamespace(NS).withName("svc-alpha").get());
        Problem refused = new Problem(ProblemKind.FORBIDDEN, "Not allowed to delete services.", "Ask an admin.");

        assertThat(new ReleaseInventory.Removal(NS, List.of(deployment), List.of(service), Optional.empty(),
                Optional.of(refused)).describe()).isEqualTo("deployment.apps/vllm-alpha deleted\nERROR: Not allowed to"
                        + " delete services.\n  What to do: Ask an admin.\n  Not deleted: service/svc-alpha");
        assertThat(new ReleaseInventory.Removal(NS, List.of(deployment, service), List.of(), Optional.empty(),
                Optional.of(refused)).describe()).endsWith("\n  Not deleted: none");
    }
}
