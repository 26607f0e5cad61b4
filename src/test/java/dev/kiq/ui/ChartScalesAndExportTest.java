package dev.kiq.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.ui.service.LatencyMetric;
import java.awt.BasicStroke;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.geometry.Bounds;
import javafx.geometry.VerticalDirection;
import javafx.scene.Node;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Defect 10 of issue 11 on the real core's profiles: default ranges end a little past the knee (not at the
 * post-knee seconds), "Whole curve" shows everything, zooming never goes below zero, compared curves do not
 * look like the target line, and exports carry a title and no on-screen hint.
 */
@ExtendWith(ApplicationExtension.class)
class ChartScalesAndExportTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final ChartFixture fixture = new ChartFixture();
    private Wizard wizard;

    private double highest(LatencyMetric metric) {
        return wizard.state().profileProperty().get().performanceStats().stream().mapToDouble(metric::of).max()
                .orElseThrow();
    }

    @Test
    void defaultRangesEndALittlePastTheKneeAndWholeCurveShowsEverything(FxRobot robot) throws Exception {
        wizard = fixture.openOn(ChartFixture.DEEPSEEK, "40", ChartFixture.H100);
        for (LatencyMetric metric : LatencyMetric.values()) {
            robot.interact(() -> wizard.performance().metricProperty().set(metric));
            PerformancePoint knee = wizard.state().analysis().orElseThrow().knee().orElseThrow();
            double upper = fixture.plot().getRangeAxis().getUpperBound();
            assertThat(upper).as(metric + " axis").isGreaterThan(metric.of(knee))
                    .isLessThanOrEqualTo(2 * Math.max(metric.of(knee), metric == LatencyMetric.NTPOT ? 40 : 0))
                    .isLessThan(highest(metric));
            assertThat(fixture.plot().getDomainAxis().getUpperBound()).isGreaterThan(knee.outputTokensPerSecond());
        }
        robot.clickOn("#whole-curve");
        assertThat(fixture.plot().getRangeAxis().getUpperBound()).isGreaterThanOrEqualTo(highest(LatencyMetric.ITL));
        robot.clickOn("#whole-curve");
        robot.interact(() -> fixture.plot().getRangeAxis().setRange(0, 5));
        robot.clickOn("#reset-zoom");
        assertThat(fixture.plot().getRangeAxis().getUpperBound()).isLessThan(highest(LatencyMetric.ITL))
                .isGreaterThan(5);
    }

    @Test
    void scrollZoomNeverGoesBelowZero(FxRobot robot) throws Exception {
        wizard = fixture.openOn(ChartFixture.DEEPSEEK, "40", ChartFixture.H100);
        ChartViewer viewer = robot.lookup("#performance-chart").queryAs(ChartViewer.class);
        Node canvas = viewer.getCanvas();
        var area = viewer.getCanvas().getRenderingInfo().getPlotInfo().getDataArea();
        Bounds screen = canvas.localToScreen(canvas.getBoundsInLocal());
        // near the origin, zoom out (the handler scales the ranges around the mouse) and in
        robot.moveTo(new javafx.geometry.Point2D(screen.getMinX() + area.getMinX() + 30,
                screen.getMinY() + area.getMaxY() - 30));
        robot.scroll(6, VerticalDirection.DOWN);
        robot.scroll(6, VerticalDirection.UP);
        robot.scroll(3, VerticalDirection.DOWN);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fixture.plot().getDomainAxis().getLowerBound()).isGreaterThanOrEqualTo(0);
        assertThat(fixture.plot().getRangeAxis().getLowerBound()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void comparedCurvesDoNotLookLikeTheTargetLine(FxRobot robot) throws Exception {
        wizard = fixture.openOn(ChartFixture.DEEPSEEK, "40", ChartFixture.H100);
        robot.interact(() -> wizard.performance().overlays().setAll(wizard.performance().overlayCandidates()));
        XYLineAndShapeRenderer overlays = (XYLineAndShapeRenderer) fixture.plot().getRenderer(1);
        java.awt.Color target = fixture.page().chart().theme().target();
        for (int i = 0; i < fixture.plot().getDataset(1).getSeriesCount(); i++) {
            assertThat(overlays.getSeriesPaint(i)).as("series " + i).isNotEqualTo(target);
            assertThat(((BasicStroke) overlays.getSeriesStroke(i)).getDashArray()).as("series " + i).isNull();
        }
    }

    @Test
    void exportsCarryATitleAndNoDragHint(FxRobot robot) throws Exception {
        wizard = fixture.openOn(ChartFixture.DEEPSEEK, "40", ChartFixture.H100);
        Path svg = dir.resolve("chart.svg");
        Path png = dir.resolve("chart.png");
        robot.interact(() -> {
            fixture.page().export(svg, "svg");
            fixture.page().export(png, "png");
        });
        WaitForAsyncUtils.waitFor(30, java.util.concurrent.TimeUnit.SECONDS, () -> Files.exists(png)
                && Files.exists(svg));
        Profile p = wizard.state().profileProperty().get();
        String text = Files.readString(svg);
        assertThat(text).contains("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B",
                p.modelServerInfo().modelServer() + " " + p.modelServerInfo().modelServerVersion(),
                "1× nvidia-h100-80gb", "Chatbot (ShareGPT)", "NTPOT ≤ 40.0 ms", java.time.LocalDate.now().toString(),
                "target NTPOT 40.0 ms")
                .doesNotContain("(drag)").doesNotContain("drag to set");
        assertThat(fixture.page().chart().targetLabelText()).as("on screen the hint stays").endsWith("(drag)");
        assertThat(Files.readAllBytes(png)).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        // the PNG is drawn by the same code with the title on top: taller plot titles leave less room for the plot
        assertThat(Files.size(png)).isGreaterThan(10_000);
    }
}
