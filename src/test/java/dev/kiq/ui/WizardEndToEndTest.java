package dev.kiq.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.manifest.ManifestYaml;
import dev.kiq.ui.accelerator.AcceleratorRow;
import dev.kiq.ui.manifests.ManifestsStepView;
import dev.kiq.ui.performance.PerformanceStepView;
import dev.kiq.ui.service.CoreAdapters;
import dev.kiq.ui.service.DeployProgress;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import dev.kiq.ui.task.TaskExecutor;
import dev.kiq.ui.task.UiTaskExecutor;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The whole wizard on the real core (bundled catalog and profiles, recommendation engine, manifest
 * generator, deploy core) against a fabric8 mock API server, driven through the UI.
 */
@ExtendWith(ApplicationExtension.class)
class WizardEndToEndTest {

    static final String MODEL = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";
    static final String TOKEN = "hf_e2eTokenThatMustNotLeak42";

    @TempDir
    Path dir;
    private final TaskExecutor executor = new UiTaskExecutor();
    private MockCluster cluster;
    private Wizard wizard;

    @AfterEach
    void stop() {
        executor.shutdown();
        if (cluster != null) {
            cluster.close();
        }
    }

    private void open(FxRobot robot, Optional<Path> kubeconfig) throws Exception {
        var services = CoreAdapters.create(executor, Optional.empty(), kubeconfig);
        FxToolkit.setupStage(stage -> {
            wizard = new Wizard(services);
            KiqApp.show(stage, wizard);
            stage.requestFocus();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String text(FxRobot robot, String id) {
        javafx.scene.Node n = robot.lookup(id).query();
        // the side summary's values are text in a flow, the pages' are labels
        return n instanceof javafx.scene.text.Text t ? t.getText().replace("\u200A", "") : ((Label) n).getText();
    }

    private void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Next from the Performance step; the manifests are generated in the background. */
    private void nextToManifests(FxRobot robot) throws Exception {
        robot.clickOn("#next");
        waitUntil(() -> !wizard.state().manifestsProperty().get().isBlank()
                && !robot.lookup("#next").query().isDisabled());
    }

    /** Model, server, target, accelerator: the first four steps through the UI. */
    private void chooseUpToTheAccelerator(FxRobot robot, String ntpotTarget) {
        robot.clickOn("#model-search").write("R1-Distill-Qwen-7B");
        robot.clickOn(robot.lookup("#model-list .list-cell").nth(0).queryAs(Node.class));
        assertThat(wizard.state().modelProperty().get().id()).isEqualTo(MODEL);
        robot.clickOn("#next");
        assertThat(text(robot, "#summary-server")).startsWith("vllm v");
        robot.clickOn("#next");
        robot.clickOn("#target-ntpot").write(ntpotTarget);
        robot.clickOn("#next");
    }

    private void pickH100(FxRobot robot) {
        TableView<AcceleratorRow> table = robot.lookup("#accelerator-table").queryTableView();
        int row = -1;
        for (int i = 0; i < table.getItems().size(); i++) {
            if (table.getItems().get(i).profile().acceleratorType().equals("nvidia-h100-80gb")) {
                row = i;
            }
        }
        assertThat(row).as("an nvidia-h100-80gb row").isNotNegative();
        int index = row;
        robot.interact(() -> table.scrollTo(index));
        Node cell = robot.lookup(".table-row-cell").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.TableRow<?> r && r.getIndex() == index)
                .findFirst().orElseThrow();
        robot.clickOn(cell);
        assertThat(text(robot, "#summary-accelerator")).contains("nvidia-h100-80gb");
    }

    @Test
    void fromModelToDeployedManifestsOnAMockCluster(FxRobot robot) throws Exception {
        cluster = new MockCluster();
        open(robot, Optional.of(cluster.kubeconfig(dir)));
        chooseUpToTheAccelerator(robot, "40");
        pickH100(robot);

        robot.clickOn("#next");
        assertThat(text(robot, "#step-title")).isEqualTo("5. Performance");
        var chart = ((PerformanceStepView) wizard.view().page(4)).chart();
        assertThat(chart.targetLineValue()).isEqualTo(40.0);
        assertThat(chart.operatingPointCount()).isEqualTo(1);
        assertThat(chart.operatingPointXY().orElseThrow()[1]).isLessThanOrEqualTo(40.0 + 1e-9);
        assertThat(chart.idealRegionShown()).isTrue();
        assertThat(text(robot, "#verdict")).startsWith("Operating point:").contains("HPA:");

        nextToManifests(robot);
        ManifestsStepView manifests = (ManifestsStepView) wizard.view().page(5);
        String yaml = manifests.editor().getText();
        assertThat(yaml).contains("kind: HorizontalPodAutoscaler", "kind: Deployment", "nvidia-h100-80gb",
                "prometheus.googleapis.com|vllm:");
        assertThat(text(robot, "#yaml-problem")).isEmpty();
        // a user edit that stays valid
        robot.clickOn(manifests.editor());
        robot.interact(() -> manifests.editor().moveTo(0));
        robot.write("# reviewed\n");
        waitUntil(() -> wizard.manifests().problemProperty().get().isEmpty() && wizard.manifests().editedProperty().get());
        assertThat(wizard.state().manifestsProperty().get()).startsWith("# reviewed\n");

        robot.clickOn("#next");
        waitUntil(() -> "mock".equals(wizard.deploy().contextProperty().get()));
        assertThat(robot.lookup("#no-cluster").query().isVisible()).isFalse();
        cluster.acceptApplies(ManifestYaml.parse(wizard.state().manifestsProperty().get()), "default");
        robot.clickOn("#wait-for-rollout");
        robot.clickOn("#hf-token").write(TOKEN);
        robot.clickOn("#deploy");
        waitUntil(() -> !wizard.deploy().runningProperty().get());
        assertThat(text(robot, "#deploy-error")).isEmpty();
        assertThat(text(robot, "#deploy-outcome")).isEqualTo("Deploy finished.");
        ListView<DeployProgress> progress = robot.lookup("#deploy-progress").queryListView();
        assertThat(progress.getItems()).extracting(DeployProgress::text)
                .anyMatch(t -> t.contains("horizontalpodautoscaler.autoscaling/"))
                .anyMatch(t -> t.contains("deployment.apps/"))
                .noneMatch(t -> t.contains(TOKEN));
        // each applied object is a done step (✓), as the core's DeployEvent says; no line is an error
        assertThat(progress.getItems()).filteredOn(p -> p.text().startsWith("deployment.apps/")
                || p.text().startsWith("horizontalpodautoscaler.autoscaling/")).hasSizeGreaterThanOrEqualTo(2)
                .allMatch(p -> p.severity() == DeployProgress.Severity.DONE);
        assertThat(progress.getItems()).noneMatch(p -> p.severity() == DeployProgress.Severity.ERROR);
        assertThat(cluster.applies).isNotEmpty().allMatch(a -> a.contentType().startsWith("application/apply-patch+yaml")
                && a.path().contains("fieldManager=kiq"));
        assertThat(cluster.applies).anyMatch(a -> a.path().contains("/horizontalpodautoscalers/")
                && !a.path().contains("dryRun"));
        // the token went only into the Secret, base64-encoded
        String encoded = Base64.getEncoder().encodeToString(TOKEN.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(cluster.applies).anyMatch(a -> a.path().contains("/secrets/hf-secret") && a.body().contains(encoded));
        assertThat(cluster.applies).noneMatch(a -> a.body().contains(TOKEN));
        assertThat(wizard.state().manifestsProperty().get()).doesNotContain(TOKEN);
    }

    @Test
    void aTargetBelowEveryProfilesMinimumGivesNoRecommendation(FxRobot robot) throws Exception {
        open(robot, Optional.empty());
        chooseUpToTheAccelerator(robot, "1");
        TableView<AcceleratorRow> table = robot.lookup("#accelerator-table").queryTableView();
        assertThat(table.getItems()).isNotEmpty().noneMatch(AcceleratorRow::feasible)
                .allMatch(r -> r.reason().contains("below the minimum"));
        assertThat(robot.lookup("#next").query().isDisabled()).isTrue();
        pickH100(robot);
        robot.clickOn("#next");
        assertThat(text(robot, "#verdict")).startsWith("No recommendation: target NTPOT 1 ms is below the minimum");
        assertThat(((PerformanceStepView) wizard.view().page(4)).chart().operatingPointCount()).isZero();
    }

    @Test
    void anInvalidYamlEditIsShownAtItsLineAndBlocksNext(FxRobot robot) throws Exception {
        open(robot, Optional.empty());
        chooseUpToTheAccelerator(robot, "40");
        pickH100(robot);
        robot.clickOn("#next");
        nextToManifests(robot);
        ManifestsStepView manifests = (ManifestsStepView) wizard.view().page(5);
        String original = manifests.editor().getText();
        int line = (int) original.lines().takeWhile(l -> !l.contains("replicas:")).count();
        robot.interact(() -> {
            manifests.editor().requestFocus();
            manifests.editor().moveTo(line, 0);
        });
        robot.write("  replicas: [\n");
        waitUntil(() -> wizard.manifests().problemProperty().get().isPresent());
        assertThat(text(robot, "#yaml-problem")).matches("Line \\d+: .*");
        int reported = wizard.manifests().problemProperty().get().orElseThrow().line();
        assertThat(reported).isBetween(line + 1, line + 3);
        assertThat(robot.lookup("#next").query().isDisabled()).isTrue();
        // the edit survives Back and Next
        robot.clickOn("#back");
        robot.clickOn("#step-list");
        robot.interact(() -> wizard.viewModel().goTo(5));
        assertThat(manifests.editor().getText()).contains("  replicas: [\n");
    }

    @Test
    void anUnreachableApiServerIsReportedInPlainWords(FxRobot robot) throws Exception {
        open(robot, Optional.of(MockCluster.kubeconfig(dir, "https://127.0.0.1:1")));
        chooseUpToTheAccelerator(robot, "40");
        pickH100(robot);
        robot.clickOn("#next");
        nextToManifests(robot);
        robot.clickOn("#next");
        waitUntil(() -> "mock".equals(wizard.deploy().contextProperty().get()));
        robot.clickOn("#dry-run");
        waitUntil(() -> !wizard.deploy().runningProperty().get());
        assertThat(text(robot, "#deploy-outcome")).isEqualTo("Dry run failed.");
        // said once, in the list, in plain words (no Java class name)
        ListView<DeployProgress> progress = robot.lookup("#deploy-progress").queryListView();
        assertThat(progress.getItems()).filteredOn(p -> p.severity() == DeployProgress.Severity.ERROR)
                .extracting(DeployProgress::text)
                .anySatisfy(t -> assertThat(t).startsWith("Cannot reach the API server https://127.0.0.1:1/")
                        .contains("(Connection refused").contains("What to do:").doesNotContain("Exception"));
        assertThat(text(robot, "#deploy-error")).isEmpty();
    }

    @Test
    void noKubeconfigGivesAClearPageNotACrash(FxRobot robot) throws Exception {
        open(robot, Optional.of(dir.resolve("missing-kubeconfig")));
        chooseUpToTheAccelerator(robot, "");
        pickH100(robot);
        robot.clickOn("#next");
        nextToManifests(robot);
        robot.clickOn("#next");
        waitUntil(() -> !wizard.deploy().noClusterProperty().get().isEmpty());
        assertThat(robot.lookup("#no-cluster").query().isVisible()).isTrue();
        assertThat(text(robot, "#no-cluster-reason")).isNotBlank();
    }

}
