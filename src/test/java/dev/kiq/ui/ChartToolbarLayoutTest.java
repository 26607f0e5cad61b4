package dev.kiq.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javafx.scene.Node;
import javafx.scene.layout.FlowPane;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Seen in the Xvfb walk on a 1440x900 screen (the wizard opens 1280x820 there): the chart's toolbar ran one button
 * over its row, and "SVG…" stood alone on a second row, away from "Export" and "PNG…". In the window a 1440x900 screen
 * opens, and in a 1440x900 one, the toolbar is one row.
 */
@ExtendWith(ApplicationExtension.class)
class ChartToolbarLayoutTest {

    @RegisterExtension
    final ChartFixture fixture = new ChartFixture();

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1280, 820", "1440, 900"})
    void theToolbarIsOneRow(int width, int height, FxRobot robot) throws Exception {
        fixture.open();
        fixture.resize(width, height);
        fixture.showPerformance(ChartFixture.DEEPSEEK, null, ChartFixture.H100);
        WaitForAsyncUtils.waitForFxEvents();
        FlowPane toolbar = robot.lookup("#chart-controls").queryAs(FlowPane.class);
        List<Node> controls = toolbar.getChildren();
        assertThat(controls).isNotEmpty();
        double row = controls.get(0).getBoundsInParent().getMinY();
        for (Node n : controls) {
            assertThat(n.getBoundsInParent().getMinY()).as("top of %s", Layout.describe(n)).isCloseTo(row,
                    org.assertj.core.data.Offset.offset(12.0));
        }
        // every export is still offered
        javafx.scene.control.MenuButton export = robot.lookup("#export").queryAs(javafx.scene.control.MenuButton.class);
        assertThat(export.getItems()).extracting(javafx.scene.control.MenuItem::getId).containsExactly("export-png", "export-svg");
    }
}
