package dev.kiq.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.ui.accelerator.AcceleratorRow;
import java.util.ArrayList;
import java.util.List;
import dev.kiq.ui.service.CoreAdapters;
import dev.kiq.ui.task.TaskExecutor;
import dev.kiq.ui.task.UiTaskExecutor;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Defect 4 of issue 11: in a 1280×800 window the accelerator table shows every header and figure whole,
 * each header explains itself in a tooltip, the reasons column only shows when there is a reason, and a
 * reason wraps instead of being cut.
 */
@ExtendWith(ApplicationExtension.class)
class AcceleratorTableLayoutTest {

    private final TaskExecutor executor = new UiTaskExecutor();
    private Wizard wizard;
    private Stage stage;

    @AfterEach
    void stop() {
        executor.shutdown();
    }

    private TableView<AcceleratorRow> open(FxRobot robot, String ntpotTarget) throws Exception {
        var services = CoreAdapters.create(executor, java.util.Optional.empty());
        FxToolkit.setupStage(s -> {
            stage = s;
            wizard = new Wizard(services);
            KiqApp.show(s, wizard);
            s.setWidth(1280);
            s.setHeight(800);
        });
        robot.interact(() -> {
            wizard.model().select("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B");
            wizard.workload().targetNtpotProperty().set(ntpotTarget);
            wizard.viewModel().goTo(3);
        });
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup("#accelerator-table").queryTableView();
    }

    private static List<String> cut(Node node) {
        List<String> cut = new ArrayList<>();
        if (node instanceof Labeled l && l.isVisible() && l.getText() != null) {
            l.getChildrenUnmodifiable().stream().filter(c -> c instanceof Text t && t.getText().contains("…"))
                    .forEach(c -> cut.add(l.getText()));
        }
        if (node instanceof javafx.scene.Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> cut.addAll(cut(c)));
        }
        return cut;
    }

    @Test
    void headersAndFiguresAreWholeWithTooltipsAndNoEmptyReasonColumn(FxRobot robot) throws Exception {
        TableView<AcceleratorRow> table = open(robot, "");
        assertThat(table.getItems()).isNotEmpty().allMatch(AcceleratorRow::feasible);
        assertThat(robot.interact(() -> cut(table)) == null ? cut(table) : cut(table)).isEmpty();
        for (TableColumn<AcceleratorRow, ?> c : table.getColumns()) {
            Label header = (Label) c.getGraphic();
            assertThat(header.getTooltip()).as(header.getText()).isNotNull();
            assertThat(header.getTooltip().getText()).isNotBlank();
        }
        TableColumn<AcceleratorRow, ?> why = table.getColumns().get(table.getColumns().size() - 1);
        assertThat(((Label) why.getGraphic()).getText()).isEqualTo("Why not");
        assertThat(why.isVisible()).as("no reason, no reasons column").isFalse();
        // units are in the headers
        assertThat(table.getColumns()).extracting(c -> ((Label) c.getGraphic()).getText())
                .contains("NTPOT\nms", "TTFT\nms", "ITL\nms", "$/M\noutput");
    }

    /**
     * A figure's cell of several lines ("4.377" / "±10%" / "or more") keeps every line at the column's right edge:
     * the lines were left-aligned within a right-aligned block, the cost off the edge the other rows' figures keep
     * (Xvfb walk 1024x700, Mixtral-8x22B on 8× H200, RAG, NTPOT 60 ms).
     */
    @Test
    void everyLineOfAFigureCellEndsAtTheRight(FxRobot robot) throws Exception {
        TableView<AcceleratorRow> table = open(robot, "40");
        List<String> ragged = new ArrayList<>();
        int multiLine = 0;
        for (Node n : robot.lookup(".table-cell").queryAll()) {
            javafx.scene.control.TableCell<?, ?> cell = (javafx.scene.control.TableCell<?, ?>) n;
            String id = cell.getTableColumn() == null ? null : cell.getTableColumn().getId();
            Text text = (Text) cell.getChildrenUnmodifiable().stream().filter(c -> c instanceof Text).findFirst().orElse(null);
            if (!"column--m-output".equals(id) || text == null || !text.getText().contains("\n")) {
                continue;
            }
            multiLine++;
            List<Double> ends = Fx.call(() -> lineEnds(text));
            if (ends.stream().mapToDouble(d -> d).max().orElse(0) - ends.stream().mapToDouble(d -> d).min().orElse(0) > 1) {
                ragged.add(text.getText().replace("\n", " / ") + " ends at " + ends);
            }
        }
        assertThat(multiLine).as("cost cells with their error below").isPositive();
        assertThat(ragged).isEmpty();
    }

    /** The x where each line of a text ends, from its caret after the line's last character. */
    private static List<Double> lineEnds(Text text) {
        List<Double> ends = new ArrayList<>();
        String s = text.getText();
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == '\n') {
                javafx.scene.shape.PathElement move = text.caretShape(i, true)[0];
                ends.add(((javafx.scene.shape.MoveTo) move).getX());
            }
        }
        return ends;
    }

    @Test
    void aReasonWrapsInItsColumn(FxRobot robot) throws Exception {
        TableView<AcceleratorRow> table = open(robot, "40");
        assertThat(table.getItems()).anyMatch(r -> !r.feasible());
        TableColumn<AcceleratorRow, ?> why = table.getColumns().get(table.getColumns().size() - 1);
        assertThat(why.isVisible()).isTrue();
        assertThat(cut(table)).isEmpty();
        double feasibleRow = 0;
        double infeasibleRow = 0;
        for (Node n : robot.lookup(".table-row-cell").queryAll()) {
            TableRow<?> row = (TableRow<?>) n;
            if (row.getItem() instanceof AcceleratorRow r) {
                if (r.feasible()) {
                    feasibleRow = Math.max(feasibleRow, row.getHeight());
                } else {
                    infeasibleRow = Math.max(infeasibleRow, row.getHeight());
                }
            }
        }
        assertThat(infeasibleRow).as("a wrapped reason makes its row taller").isGreaterThan(feasibleRow);
        assertThat(why.getWidth()).isGreaterThanOrEqualTo(220);
    }
}
