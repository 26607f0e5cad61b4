package dev.kiq.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.scene.Group;
import javafx.scene.Scene;
import javafx.scene.layout.VBox;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.PathElement;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A model id in the side summary wraps at its {@code /} and {@code -}, never inside a word. The Xvfb walk at
 * 1440x900 showed "mistralai/Mixtral-8x22B-Ins" / "truct-v0.1 (optimized)": the zero-width spaces put after each
 * {@code /} and {@code -} are no place to break for JavaFX, whose layout of Latin text breaks only after a
 * character {@link Character#isWhitespace} calls white space (PrismTextLayout's simple break strategy), and fell back
 * to cutting the word where the line was full.
 */
@ExtendWith(ApplicationExtension.class)
class SummaryLineWrapTest {

    private final VBox side = new VBox();

    @Start
    void start(Stage stage) {
        // in a Group, the column keeps its width whatever size an earlier test left the shared stage at
        side.setPrefWidth(WizardView.SIDE_WIDTH);
        side.setMaxWidth(WizardView.SIDE_WIDTH);
        stage.setScene(new Scene(new Group(side), WizardView.SIDE_WIDTH, 400));
        stage.show();
    }

    @Test
    void longModelIdsBreakAtTheirSeparatorsOnly(FxRobot robot) {
        List<String> ids = List.of("mistralai/Mixtral-8x22B-Instruct-v0.1 (optimized)",
                "meta-llama/Llama-3.2-1B-Instruct (optimized)", "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B (optimized)",
                "meta-llama/Llama-3.3-70B-Instruct (modeled)");
        List<TextFlow> flows = new ArrayList<>();
        robot.interact(() -> {
            for (String id : ids) {
                TextFlow flow = (TextFlow) WizardView.idLine("Model", Bindings.createStringBinding(() -> id), "m");
                flows.add(flow);
                side.getChildren().add(flow);
            }
            side.applyCss();
            side.layout();
        });
        for (TextFlow flow : flows) {
            List<String> lines = lines(robot, flow);
            assertThat(flow.getWidth()).as("the summary's width").isEqualTo(WizardView.SIDE_WIDTH);
            assertThat(lines).as("the case: an id longer than the summary's width").hasSizeGreaterThan(1);
            for (String line : lines.subList(0, lines.size() - 1)) {
                // a line ends after a space, or after the hair space that follows a / or -, not inside a word
                char last = line.charAt(line.length() - 1);
                assertThat(Character.isWhitespace(last)).as("line %s of %s ends inside a word", line, lines).isTrue();
            }
            assertThat(String.join("", lines).replace("\u200A", "")).as("the words themselves")
                    .isEqualTo(text(flow).replace("\u200A", ""));
        }
    }

    /** The other lines break at their spaces only: "$0.060/" / "M output tokens" and "tpu-v6e-" / "slice" were cut so. */
    @Test
    void linesWithSpacesGetNoExtraBreaks() {
        String recommendation = "9,468 output tok/s at 26.8 ms NTPOT, 1 replica, $0.060/M output tokens";
        TextFlow flow = (TextFlow) WizardView.summaryLine("Recommendation", Bindings.createStringBinding(() -> recommendation),
                "r");
        assertThat(text(flow)).isEqualTo("Recommendation: " + recommendation);
    }

    /** The flow's text as laid out, one string per line (a line starts where the caret moves down). */
    private static List<String> lines(FxRobot robot, TextFlow flow) {
        String text = text(flow);
        List<String> lines = new ArrayList<>();
        robot.interact(() -> {
            double lastY = Double.NaN;
            int start = 0;
            for (int i = 0; i < text.length(); i++) {
                double y = top(flow.caretShape(i, true));
                if (!Double.isNaN(lastY) && y > lastY + 1) {
                    lines.add(text.substring(start, i));
                    start = i;
                }
                lastY = y;
            }
            lines.add(text.substring(start));
        });
        return lines;
    }

    private static double top(PathElement[] caret) {
        return caret.length > 0 && caret[0] instanceof MoveTo m ? m.getY() : Double.NaN;
    }

    private static String text(TextFlow flow) {
        StringBuilder sb = new StringBuilder();
        flow.getChildren().forEach(n -> sb.append(((Text) n).getText()));
        return sb.toString();
    }
}
