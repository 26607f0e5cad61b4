package dev.kiq.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import java.awt.geom.Rectangle2D;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.input.MouseButton;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Rectangle;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.fx.ChartViewer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Defect 3 of issue 11: the target line, the ideal-region shading and the operating-point diamond sit where
 * the chart's own data-to-pixel transform puts their values, after every change that moves the axes or the
 * data area (model, version, accelerator, zoom, Reset zoom, metric), on the real core's profiles. The
 * expected pixel is computed here by hand from the data area and the axis bounds of the canvas's last draw.
 */
@ExtendWith(ApplicationExtension.class)
class ChartOverlayPlacementTest {

    @RegisterExtension
    final ChartFixture fixture = new ChartFixture();
    private Wizard wizard;

    private ChartViewer viewer(FxRobot robot) {
        return robot.lookup("#performance-chart").queryAs(ChartViewer.class);
    }

    private static double pixelY(double value, Rectangle2D area, ValueAxis axis) {
        double f = (value - axis.getLowerBound()) / (axis.getUpperBound() - axis.getLowerBound());
        return area.getMaxY() - f * area.getHeight();
    }

    private static double pixelX(double value, Rectangle2D area, ValueAxis axis) {
        double f = (value - axis.getLowerBound()) / (axis.getUpperBound() - axis.getLowerBound());
        return area.getMinX() + f * area.getWidth();
    }

    /** The overlay against the last draw of the canvas. */
    private void assertOverlayFollowsTheAxes(FxRobot robot, String after) {
        WaitForAsyncUtils.waitForFxEvents();
        Rectangle2D area = viewer(robot).getCanvas().getRenderingInfo().getPlotInfo().getDataArea();
        ValueAxis x = fixture.plot().getDomainAxis();
        ValueAxis y = fixture.plot().getRangeAxis();
        var metric = wizard.performance().metricProperty().get();
        double target = wizard.state().workloadProperty().get().target(metric).orElseThrow();
        Rectangle grip = robot.lookup("#target-line").queryAs(Rectangle.class);
        assertThat(grip.getY() + grip.getHeight() / 2).as("target line after " + after)
                .isCloseTo(pixelY(target, area, y), within(0.5));
        PerformancePoint op = wizard.state().analysis().orElseThrow().operatingPoint().orElseThrow();
        Polygon diamond = robot.lookup("#operating-point").queryAs(Polygon.class);
        assertThat(diamond.isVisible()).isTrue();
        assertThat(diamond.getTranslateX()).as("operating point x after " + after)
                .isCloseTo(pixelX(op.outputTokensPerSecond(), area, x), within(0.5));
        assertThat(diamond.getTranslateY()).as("operating point y after " + after)
                .isCloseTo(pixelY(metric.of(op), area, y), within(0.5));
        Rectangle ideal = robot.lookup("#ideal-region").queryAs(Rectangle.class);
        assertThat(ideal.getX() + ideal.getWidth()).as("ideal region's right edge after " + after)
                .isCloseTo(pixelX(op.outputTokensPerSecond(), area, x), within(0.5));
        assertThat(ideal.getY()).as("ideal region's top after " + after)
                .isCloseTo(pixelY(Math.max(target, metric.of(op)), area, y), within(0.5));
    }

    private Profile profileOn(String accelerator) {
        return wizard.state().profiles().stream().filter(p -> p.acceleratorType().equals(accelerator))
                .findFirst().orElseThrow();
    }

    @Test
    void overlayFollowsTheTransformAfterEveryChange(FxRobot robot) throws Exception {
        wizard = fixture.openOn(ChartFixture.DEEPSEEK, "40", ChartFixture.H100);
        assertOverlayFollowsTheAxes(robot, "the first draw");

        robot.interact(() -> wizard.state().profileProperty().set(profileOn("nvidia-a100-80gb")));
        assertOverlayFollowsTheAxes(robot, "a change of accelerator");

        robot.interact(() -> wizard.state().profileProperty().set(profileOn("nvidia-h100-80gb")));
        String other = wizard.server().versions().stream()
                .filter(v -> !v.equals(wizard.state().modelServerVersionProperty().get())).findFirst().orElseThrow();
        robot.interact(() -> {
            wizard.state().modelServerVersionProperty().set(other);
            wizard.accelerator().select("nvidia-h100-80gb");
        });
        assertOverlayFollowsTheAxes(robot, "a change of version");

        robot.interact(() -> {
            wizard.model().select("meta-llama/Llama-3.3-70B-Instruct");
            wizard.accelerator().select("nvidia-h200-141gb");
        });
        assertOverlayFollowsTheAxes(robot, "a change of model");

        robot.interact(() -> fixture.plot().getRangeAxis().setRange(0, 1500));
        assertOverlayFollowsTheAxes(robot, "a zoom");
        robot.clickOn("#reset-zoom");
        assertOverlayFollowsTheAxes(robot, "Reset zoom");
    }

    @Test
    void grabbingTheTargetLineOffItsCentreDoesNotMoveTheTarget(FxRobot robot) throws Exception {
        wizard = fixture.openOn(ChartFixture.DEEPSEEK, "40", ChartFixture.H100);
        Node canvas = viewer(robot).getCanvas();
        Rectangle grip = robot.lookup("#target-line").queryAs(Rectangle.class);
        double lineY = grip.getY() + grip.getHeight() / 2;
        double x = grip.getX() + grip.getWidth() / 2;
        Bounds screen = canvas.localToScreen(canvas.getBoundsInLocal());
        // press 5 px below the line (inside the grip), then move 1 px and back: the target must not jump
        Point2D press = new Point2D(screen.getMinX() + x, screen.getMinY() + lineY + 5);
        robot.drag(press, MouseButton.PRIMARY).moveBy(0, 1).moveBy(0, -1).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(wizard.state().workloadProperty().get().targetNtpotMs().orElseThrow()).isCloseTo(40.0,
                within(0.05));
    }
}
