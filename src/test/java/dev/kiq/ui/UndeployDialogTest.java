package dev.kiq.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.deploy.KiqLabels;
import dev.kiq.ui.deploy.DeployStepView;
import dev.kiq.ui.deploy.DeployStepViewModel;
import dev.kiq.ui.service.CoreAdapters;
import dev.kiq.ui.task.TaskExecutor;
import dev.kiq.ui.task.UiTaskExecutor;
import dev.kiq.ui.wizard.WizardState;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The wizard's Undeploy on the real deploy core against a fabric8 mock API server (CRUD) holding two kiq releases,
 * alpha (the wizard's manifests) and beta, that share kiq's hf-secret: the dialog lists exactly alpha's objects,
 * Cancel deletes nothing, Delete removes only alpha.
 */
@ExtendWith(ApplicationExtension.class)
class UndeployDialogTest {

    @TempDir
    Path dir;
    private final TaskExecutor executor = new UiTaskExecutor();
    private MockCluster cluster;
    private KubernetesClient client;
    private DeployStepViewModel vm;
    private WizardState state;

    @BeforeEach
    void open() throws Exception {
        cluster = new MockCluster();
        client = cluster.server.createClient();
        release("alpha");
        release("beta");
        client.resource(new SecretBuilder().withNewMetadata().withName("hf-secret").withNamespace("default")
                .addToLabels(KiqLabels.MANAGED_BY, KiqLabels.MANAGED_BY_VALUE).endMetadata().build()).create();
        var services = CoreAdapters.create(executor, Optional.empty(), Optional.of(cluster.kubeconfig(dir)));
        state = new WizardState(services.recommendations());
        state.manifestsProperty().set(manifests("alpha"));
        FxToolkit.setupStage(stage -> {
            vm = new DeployStepViewModel(state, services);
            stage.setScene(new Scene(new DeployStepView(vm), 1024, 700));
            stage.show();
            vm.entered();
        });
        waitUntil(() -> "mock".equals(vm.contextProperty().get()));
    }

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupStages();
        executor.shutdown();
        client.close();
        cluster.close();
    }

    /** A release as kiq deployed it: Deployment vllm-NAME reading hf-secret, Service NAME-svc. */
    private void release(String name) {
        Map<String, String> labels = Map.of(KiqLabels.MANAGED_BY, KiqLabels.MANAGED_BY_VALUE, KiqLabels.RELEASE, "vllm-" + name);
        client.resource(new DeploymentBuilder().withNewMetadata().withName("vllm-" + name).withNamespace("default")
                .withLabels(labels).endMetadata().withNewSpec().withNewTemplate().withNewSpec().addNewContainer()
                .withName("server").withImage("vllm/vllm-openai:v0.7.2").addNewEnv().withName("HUGGING_FACE_HUB_TOKEN")
                .withNewValueFrom().withNewSecretKeyRef().withName("hf-secret").withKey("hf_api_token").endSecretKeyRef()
                .endValueFrom().endEnv().endContainer().endSpec().endTemplate().endSpec().build()).create();
        client.resource(new ServiceBuilder().withNewMetadata().withName(name + "-svc").withNamespace("default")
                .withLabels(labels).endMetadata().withNewSpec().withType("ClusterIP").endSpec().build()).create();
    }

    /** The wizard's manifests for a release: what Undeploy takes the release name from. */
    private static String manifests(String name) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: vllm-%s
                  namespace: default
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: %s-svc
                  namespace: default
                """.formatted(name, name);
    }

    private List<String> onServer() {
        List<String> names = new ArrayList<>();
        client.apps().deployments().inNamespace("default").list().getItems().forEach(o -> names.add("deployment/" + o.getMetadata().getName()));
        client.services().inNamespace("default").list().getItems().forEach(o -> names.add("service/" + o.getMetadata().getName()));
        client.secrets().inNamespace("default").list().getItems().forEach(o -> names.add("secret/" + o.getMetadata().getName()));
        return names;
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void openTheDialog(FxRobot robot) throws Exception {
        robot.clickOn("#undeploy");
        waitUntil(() -> robot.lookup("#undeploy-objects").tryQuery().isPresent());
    }

    @Test
    void theDialogListsExactlyThisReleasesObjectsAndCancelDeletesNothing(FxRobot robot) throws Exception {
        List<String> before = onServer();
        openTheDialog(robot);

        ListView<String> objects = robot.lookup("#undeploy-objects").queryListView();
        assertThat(objects.getItems()).containsExactly("deployment.apps/vllm-alpha", "service/alpha-svc");
        assertThat(robot.lookup("#undeploy-stays").queryAs(Label.class).getText())
                .startsWith("secret/hf-secret stays: release vllm-beta still uses it.");
        robot.clickOn("#undeploy-cancel");
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(robot.lookup("#undeploy-objects").tryQuery()).isEmpty();
        assertThat(robot.lookup("#deploy-outcome").queryAs(Label.class).getText())
                .isEqualTo("Undeploy cancelled; nothing was deleted.");
        assertThat(onServer()).containsExactlyInAnyOrderElementsOf(before).hasSize(5);
    }

    @Test
    void confirmingDeletesOnlyThisReleaseAndTheLastReleaseTakesTheSecret(FxRobot robot) throws Exception {
        openTheDialog(robot);
        robot.clickOn("#undeploy-confirm");
        waitUntil(() -> !vm.runningProperty().get() && vm.outcomeProperty().get().endsWith("finished."));

        assertThat(onServer()).containsExactlyInAnyOrder("deployment/vllm-beta", "service/beta-svc", "secret/hf-secret");
        assertThat(robot.lookup("#deploy-error").queryAs(Label.class).getText()).isEmpty();

        robot.interact(() -> state.manifestsProperty().set(manifests("beta")));
        openTheDialog(robot);
        ListView<String> objects = robot.lookup("#undeploy-objects").queryListView();
        assertThat(objects.getItems()).containsExactly("deployment.apps/vllm-beta", "service/beta-svc", "secret/hf-secret");
        robot.clickOn("#undeploy-confirm");
        waitUntil(() -> !vm.runningProperty().get() && vm.outcomeProperty().get().endsWith("finished."));
        assertThat(onServer()).isEmpty();
    }
}
