package dev.kiq.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Deploys to a real cluster when the environment names one: {@code KIQ_IT_KUBECONTEXT=<context>}
 * (from the usual kubeconfig). It needs no accelerator: a ConfigMap and a Service go into a fresh
 * namespace, which it deletes at the end. Skipped, with the reason shown, otherwise.
 */
class LiveClusterTest {

    @Test
    void deployTwiceStatusAndUndeployOnARealCluster() {
        String context = System.getenv("KIQ_IT_KUBECONTEXT");
        assumeTrue(context != null && !context.isBlank(),
                "no real cluster named: set KIQ_IT_KUBECONTEXT to a kube context to run the live deploy test");
        KubeConfigView view = KubeConfigView.load(Optional.empty(), TestWording.INSTANCE);
        KubeContext ctx = view.resolve(Optional.of(context));
        String ns = "kiq-it-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
        try (KubernetesClient client = ClusterConnection.connect(ctx, Optional.empty(), TestWording.INSTANCE)) {
            List<HasMetadata> objects = List.of(
                    new ConfigMapBuilder().withNewMetadata().withName("kiq-it").endMetadata().addToData("k", "v").build(),
                    new io.fabric8.kubernetes.api.model.ServiceBuilder(TestManifests.service()).editMetadata()
                            .withNamespace(null).endMetadata().build());
            Deployer deployer = new Deployer(client, ctx.name(), TestWording.INSTANCE, Duration.ofSeconds(1), Duration.ofSeconds(30));
            try {
                DeployReport dry = deployer.deploy(DeployRequest.of(objects).inNamespace(ns).creatingNamespace(true)
                        .asDryRun(true), DeployListener.ignoring(), new CancelToken());
                assertThat(dry.succeeded()).as(dry.summary()).isTrue();
                DeployReport first = deployer.deploy(DeployRequest.of(objects).inNamespace(ns).creatingNamespace(true),
                        DeployListener.ignoring(), new CancelToken());
                assertThat(first.succeeded()).as(first.summary()).isTrue();
                assertThat(first.with(ApplyOutcome.CREATED)).hasSize(3);
                DeployReport second = deployer.deploy(DeployRequest.of(objects).inNamespace(ns),
                        DeployListener.ignoring(), new CancelToken());
                assertThat(second.nothingChanged()).as(second.summary()).isTrue();
                ReleaseInventory inventory = new ReleaseInventory(client, ctx.name(), TestWording.INSTANCE);
                assertThat(inventory.status(ns, Optional.empty()).objects()).hasSize(2);
                assertThat(inventory.undeploy(ns, Optional.empty(), new CancelToken()).deleted()).hasSize(2);
            } finally {
                client.namespaces().withName(ns).delete();
            }
        }
    }
}
