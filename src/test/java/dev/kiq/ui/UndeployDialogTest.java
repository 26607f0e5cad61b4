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
import javafx.scene.control.Labeled;
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

    /** The objects the dialog lists, as its rows say them. */
    private static List<String> listed(FxRobot robot) {
        return robot.lookup(".undeploy-object").queryAllAs(Labeled.class).stream().map(Labeled::getText).toList();
    }

    /**
     * Every object the dialog will delete is shown whole without scrolling: the walk's list (sized for 26 px rows,
     * 520 px wide) showed 2 of a release's 3 objects, the second cut at "gemma-2-27b-it-vllm-podmo", above
     * "Delete 3 objects".
     */
    @Test
    void everyObjectToDeleteIsShownWhole(FxRobot robot) throws Exception {
        // a release name is a label value (63 characters at most); the ConfigMap's name is longer, as the walk's was
        String longName = "gemma-2-27b-it-vllm-with-a-release-name-of-sixty-characters";
        Map<String, String> labels = Map.of(KiqLabels.MANAGED_BY, KiqLabels.MANAGED_BY_VALUE, KiqLabels.RELEASE, longName);
        client.resource(new DeploymentBuilder().withNewMetadata().withName(longName).withNamespace("default")
                .withLabels(labels).endMetadata().withNewSpec().endSpec().build()).create();
        client.resource(new ServiceBuilder().withNewMetadata().withName("gemma-svc").withNamespace("default")
                .withLabels(labels).endMetadata().withNewSpec().withType("ClusterIP").endSpec().build()).create();
        client.resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata().withName(longName + "-podmonitoring")
                .withNamespace("default").withLabels(labels).endMetadata().build()).create();
        robot.interact(() -> state.manifestsProperty().set("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                  namespace: default
                """.formatted(longName)));
        // the app's theme, as KiqApp installs it: its list rows are taller than the default theme's
        robot.interact(dev.kiq.ui.theme.Theme.LIGHT::apply);
        try {
            openTheDialog(robot);
            assertEveryRowWhole(robot);
        } finally {
            robot.interact(() -> javafx.application.Application.setUserAgentStylesheet(null));
        }
    }

    private static void assertEveryRowWhole(FxRobot robot) {
        assertThat(listed(robot)).hasSize(3);
        javafx.scene.Node pane = robot.lookup("#undeploy-dialog").query();
        javafx.geometry.Bounds visible = pane.localToScreen(pane.getLayoutBounds());
        for (Labeled row : robot.lookup(".undeploy-object").queryAllAs(Labeled.class)) {
            javafx.scene.text.Text shown = (javafx.scene.text.Text) row.lookup(".text");
            assertThat(shown.getText()).as("row as drawn").isEqualTo(row.getText());
            javafx.geometry.Bounds at = row.localToScreen(row.getLayoutBounds());
            assertThat(visible.contains(at)).as("%s at %s within the dialog at %s", row.getText(), at, visible).isTrue();
        }
        robot.clickOn("#undeploy-cancel");
    }

    @Test
    void theDialogListsExactlyThisReleasesObjectsAndCancelDeletesNothing(FxRobot robot) throws Exception {
        List<String> before = onServer();
        openTheDialog(robot);

        assertThat(listed(robot)).containsExactly("deployment.apps/vllm-alpha", "service/alpha-svc");
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
        assertThat(listed(robot)).containsExactly("deployment.apps/vllm-beta", "service/beta-svc", "secret/hf-secret");
        robot.clickOn("#undeploy-confirm");
        waitUntil(() -> !vm.runningProperty().get() && vm.outcomeProperty().get().endsWith("finished."));
        assertThat(onServer()).isEmpty();
    }
}
