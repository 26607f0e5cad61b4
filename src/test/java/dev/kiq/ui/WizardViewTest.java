package dev.kiq.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.ui.manifests.ManifestsStepView;
import dev.kiq.ui.performance.PerformanceStepView;
import dev.kiq.ui.service.DeployProgress;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.jfree.chart.fx.ChartViewer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The views over stand-in services: clicks, keys, the chart drag and YAML edits reach the view models. */
@ExtendWith(ApplicationExtension.class)
class WizardViewTest {

    private Wizard wizard;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        wizard = new Wizard(FakeServices.create());
        KiqApp.show(stage, wizard);
        stage.requestFocus();
    }

    private static String text(FxRobot robot, String id) {
        javafx.scene.Node n = robot.lookup(id).query();
        // the side summary's values are text in a flow, the pages' are labels
        return n instanceof javafx.scene.text.Text t ? t.getText().replace("\u200A", "") : ((Label) n).getText();
    }

    /**
     * The throughput-sensitive choice says what the HPA scales on, a latency target included: "(HPA on queue size)"
     * promised queue size where an NTPOT target makes it batch size (Xvfb walk 1024x700, NTPOT 60 ms: the verdict said
     * batch size). The words are the core's (HpaMetric, Autoscaling.hpa); at 1024x700 they wrap (WalkthroughTest).
     */
    @Test
    void theThroughputChoiceSaysWhatALatencyTargetMakesTheHpaScaleOn(FxRobot robot) {
        robot.interact(() -> {
            wizard.model().select(FakeServices.MODEL);
            wizard.viewModel().goTo(2);
        });
        javafx.scene.control.RadioButton throughput = robot.lookup("#throughput-sensitive").queryAs(javafx.scene.control.RadioButton.class);
        assertThat(throughput.getText()).isEqualTo("Throughput-sensitive (HPA on queue size at the knee, batch size when a"
                + " latency target bounds the operating point)");
    }

    @Test
    void windowTitleStartsWithKiq() {
        assertThat(stage.getTitle()).startsWith("kiq");
    }

    /** A search that matches nothing says so in the list, naming what was typed (it was blank: the Xvfb walk). */
    @Test
    void aSearchThatMatchesNothingSaysSo(FxRobot robot) {
        robot.interact(() -> wizard.model().filterProperty().set("zzzq"));
        ListView<?> models = robot.lookup("#model-list").queryAs(ListView.class);
        assertThat(models.getItems()).isEmpty();
        Label noMatch = robot.lookup("#model-no-match").queryAs(Label.class);
        assertThat(noMatch.isVisible()).isTrue();
        assertThat(noMatch.getScene()).isNotNull();
        assertThat(noMatch.getText()).contains("\"zzzq\"", "Clear the search");
    }

    @Test
    void walkingThroughTheStepsWithMouseAndKeys(FxRobot robot) {
        robot.clickOn("#model-search").write("qwen");
        ListView<?> models = robot.lookup("#model-list").queryAs(ListView.class);
        assertThat(models.getItems()).hasSize(1);
        robot.clickOn(robot.lookup("#model-list .list-cell").nth(0).queryAs(Node.class));
        assertThat(text(robot, "#summary-model")).isEqualTo(FakeServices.MODEL + " (optimized)");
        robot.clickOn("#next");
        assertThat(text(robot, "#step-title")).isEqualTo("2. Model server & version");
        assertThat(text(robot, "#summary-server")).isEqualTo("vllm v0.7.2");
        // keyboard: Ctrl+Page Down is Next
        robot.press(KeyCode.CONTROL, KeyCode.PAGE_DOWN).release(KeyCode.PAGE_DOWN, KeyCode.CONTROL);
        assertThat(text(robot, "#step-title")).isEqualTo("3. Workload & targets");
        robot.clickOn("#target-ntpot").write("40");
        robot.clickOn("#next");
        TableView<?> table = robot.lookup("#accelerator-table").queryAs(TableView.class);
        assertThat(table.getItems()).hasSize(3);
        robot.clickOn(robot.lookup(".table-row-cell").nth(0).queryAs(Node.class));
        assertThat(text(robot, "#summary-accelerator")).contains("nvidia-h100-80gb");
        // back to the workload: the target is still there
        robot.clickOn("#back");
        assertThat(robot.lookup("#target-ntpot").queryTextInputControl().getText()).isEqualTo("40");
        robot.press(KeyCode.CONTROL, KeyCode.PAGE_DOWN).release(KeyCode.PAGE_DOWN, KeyCode.CONTROL);
        robot.clickOn("#next");
        assertThat(text(robot, "#step-title")).isEqualTo("5. Performance");
        assertThat(text(robot, "#verdict")).startsWith("Operating point:");
    }

    @Test
    void draggingTheTargetLineMovesTheOperatingPoint(FxRobot robot) {
        showPerformanceOfH100AtNtpot40(robot);
        WaitForAsyncUtils.waitForFxEvents();
        PerformanceStepView page = (PerformanceStepView) wizard.view().page(4);
        var chart = page.chart();
        assertThat(chart.targetLineValue()).isEqualTo(40.0);
        assertThat(chart.operatingPointCount()).isEqualTo(1);
        assertThat(chart.idealRegionShown()).isTrue();
        assertThat(chart.preKneePointCount()).isEqualTo(8);
        assertThat(chart.postKneePointCount()).isEqualTo(5);
        double opBefore = chart.operatingPointXY().orElseThrow()[0];

        ChartViewer viewer = robot.lookup("#performance-chart").queryAs(ChartViewer.class);
        Point2D line = chart.targetLineInCanvas().orElseThrow();
        double y30 = chart.canvasYOf(30).orElseThrow();
        Bounds screen = viewer.getCanvas().localToScreen(viewer.getCanvas().getBoundsInLocal());
        robot.drag(new Point2D(screen.getMinX() + line.getX(), screen.getMinY() + line.getY()), MouseButton.PRIMARY)
                .moveTo(new Point2D(screen.getMinX() + line.getX(), screen.getMinY() + y30))
                .release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();

        double target = wizard.state().workloadProperty().get().targetNtpotMs().orElseThrow();
        assertThat(target).isBetween(29.0, 31.0);
        assertThat(chart.targetLineValue()).isEqualTo(target);
        assertThat(chart.operatingPointXY().orElseThrow()[0]).isLessThan(opBefore);
        // the workload field follows the line
        assertThat(Double.parseDouble(wizard.workload().targetNtpotProperty().get())).isBetween(29.0, 31.0);
    }

    @Test
    void editedYamlIsValidatedAtItsLineAndSurvivesBackAndNext(FxRobot robot) {
        showManifestsStep(robot);
        WaitForAsyncUtils.waitForFxEvents();
        ManifestsStepView page = (ManifestsStepView) wizard.view().page(5);
        assertThat(page.editor().getText()).contains("kind: HorizontalPodAutoscaler");
        robot.clickOn(page.editor());
        robot.interact(() -> page.editor().moveTo(0));
        robot.write("# mine\n");
        assertThat(page.editor().getText()).startsWith("# mine\n");
        assertThat(wizard.manifests().editedProperty().get()).isTrue();
        assertThat(robot.lookup("#edited-badge").query().isVisible()).isTrue();

        robot.interact(() -> page.editor().moveTo(1, 0));
        robot.write(":\n");
        assertThat(text(robot, "#yaml-problem")).startsWith("Line 2:");
        assertThat(robot.lookup("#next").query().isDisabled()).isTrue();
        robot.interact(() -> page.editor().deleteText(1, 0, 2, 0));
        assertThat(text(robot, "#yaml-problem")).isEmpty();

        robot.clickOn("#back");
        robot.interact(() -> wizard.performance().setTarget(45));
        robot.clickOn("#next");
        assertThat(page.editor().getText()).startsWith("# mine\n").doesNotContain("target ntpot 45");
        assertThat(robot.lookup("#stale-banner").query().isVisible()).isTrue();
        robot.clickOn("#regenerate");
        assertThat(page.editor().getText()).doesNotStartWith("# mine").contains("target ntpot 45");
    }

    @Test
    void deployPageShowsProgress(FxRobot robot) {
        showManifestsStep(robot);
        // the manifests are generated by a task whose result arrives on the next FX event
        robot.interact(() -> wizard.viewModel().goTo(6));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#hf-token").write("hf_abc");
        robot.clickOn("#deploy");
        ListView<DeployProgress> progress = robot.lookup("#deploy-progress").queryListView();
        assertThat(progress.getItems()).extracting(DeployProgress::text).contains("Applied Deployment/vllm");
        assertThat(text(robot, "#deploy-outcome")).isEqualTo("Deploy finished.");
    }

    @Test
    void themeToggleSwitchesTheChartColours(FxRobot robot) {
        robot.interact(() -> {
            wizard.model().select(FakeServices.MODEL);
            wizard.viewModel().goTo(3);
            wizard.viewModel().goTo(4);
        });
        PerformanceStepView page = (PerformanceStepView) wizard.view().page(4);
        java.awt.Paint light = page.chart().chart().getBackgroundPaint();
        robot.clickOn("#theme-toggle");
        assertThat(page.chart().chart().getBackgroundPaint()).isNotEqualTo(light);
        robot.clickOn("#theme-toggle");
        assertThat(page.chart().chart().getBackgroundPaint()).isEqualTo(light);
    }

    @Test
    void aboutBoxShowsTheVersion(FxRobot robot) {
        robot.clickOn("#about");
        javafx.scene.control.DialogPane about = robot.lookup("#about-box").queryAs(javafx.scene.control.DialogPane.class);
        assertThat(about.getHeaderText()).isEqualTo("kiq " + dev.kiq.Version.current());
        assertThat(about.getContentText()).contains("Kubernetes Inference Quickstart");
        robot.interact(() -> ((Stage) about.getScene().getWindow()).close());
    }

    @Test
    void costViewOverlayResetAndExport(FxRobot robot, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        showPerformanceOfH100AtNtpot40(robot);
        PerformanceStepView page = (PerformanceStepView) wizard.view().page(4);
        var chart = page.chart();
        // overlay another accelerator, then the cost-vs-latency view (the A100 has no price: it drops out there)
        robot.interact(() -> wizard.performance().overlays().setAll(wizard.performance().overlayCandidates()));
        assertThat(chart.overlaySeriesCount()).isEqualTo(2);
        robot.clickOn("#cost-view");
        assertThat(chart.chart().getXYPlot().getDomainAxis().getLabel()).startsWith("Cost per million output tokens");
        assertThat(chart.chart().getXYPlot().getDataset(1).getItemCount(1)).isZero();
        assertThat(chart.operatingPointCount()).isEqualTo(1);
        robot.clickOn("#cost-view");
        // zoom in, then reset
        robot.interact(() -> chart.chart().getXYPlot().getDomainAxis().setRange(1000, 2000));
        robot.clickOn("#reset-zoom");
        assertThat(chart.chart().getXYPlot().getDomainAxis().getLowerBound()).isZero();
        // TTFT on the axis
        robot.interact(() -> wizard.performance().metricProperty().set(dev.kiq.ui.service.LatencyMetric.TTFT));
        assertThat(chart.chart().getXYPlot().getRangeAxis().getLabel()).isEqualTo("TTFT p50 (ms)");
        // export
        java.nio.file.Path svg = dir.resolve("chart.svg");
        java.nio.file.Path png = dir.resolve("chart.png");
        robot.interact(() -> {
            page.export(svg, "svg");
            page.export(png, "png");
        });
        WaitForAsyncUtils.waitForFxEvents();
        // a title says what the chart is; the on-screen hints are not in the image
        assertThat(java.nio.file.Files.readString(svg)).startsWith("<?xml").contains("<svg")
                .contains(FakeServices.MODEL, "vllm v0.7.2 on 1× nvidia-h100-80gb", "Chatbot (ShareGPT) (mean 226 input / 195 output tokens)",
                        java.time.LocalDate.now().toString())
                .doesNotContain("drag");
        byte[] bytes = java.nio.file.Files.readAllBytes(png);
        assertThat(bytes).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        assertThat(text(robot, "#chart-status")).isEqualTo("Exported to " + png);
    }

    @Test
    void hoverOnTheOperatingPointShowsItsFigures(FxRobot robot) {
        showPerformanceOfH100AtNtpot40(robot);
        Node mark = robot.lookup("#operating-point").query();
        robot.moveTo(mark);
        javafx.scene.control.Tooltip tip = (javafx.scene.control.Tooltip) mark.getProperties().values().stream()
                .filter(v -> v instanceof javafx.scene.control.Tooltip).findFirst().orElseThrow();
        assertThat(tip.getText()).startsWith("Operating point\n").contains("QPS:", "Output tok/s:", "Input tok/s:", "NTPOT p50:", "TTFT p50:", "ITL p50:",
                "Queue size:", "Batch size:", "KV-cache usage:", "Cost:");
    }

    /** The Performance step for the fake model on nvidia-h100-80gb with an NTPOT target of 40 ms. */
    private void showPerformanceOfH100AtNtpot40(FxRobot robot) {
        robot.interact(() -> {
            wizard.model().select(FakeServices.MODEL);
            wizard.workload().targetNtpotProperty().set("40");
            wizard.viewModel().goTo(3);
            wizard.accelerator().select("nvidia-h100-80gb");
            wizard.viewModel().goTo(4);
        });
    }

    /** The Manifests step for the fake model, reached through the Accelerator step. */
    private void showManifestsStep(FxRobot robot) {
        robot.interact(() -> {
            wizard.model().select(FakeServices.MODEL);
            wizard.viewModel().goTo(3);
            wizard.viewModel().goTo(5);
        });
    }
}
