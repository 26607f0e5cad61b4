package dev.kiq.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Orientation;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The side summary in a 1024 px wide window with a long workload and targets no accelerator meets (seen in the Xvfb walk): the
 * summary scrolls on its own, so the step list above it keeps its width (it had cut "2. Model server & version" and
 * shown a sideways scroll bar), the summary says briefly that there is no recommendation, and a model id breaks at
 * its dashes, not inside a word ("Llama-3.2-1B-I" / "nstruct").
 */
@ExtendWith(ApplicationExtension.class)
class SideSummaryLayoutTest {

    private Wizard wizard;

    @Start
    void start(Stage stage) {
        wizard = new Wizard(FakeServices.create());
        KiqApp.show(stage, wizard);
        stage.setWidth(1024);
        // shorter than the walk's 700 px: with the brief "none: …" the summary fits there, and the case is a summary that
        // must scroll (a longer workload, a larger font or a shorter screen)
        stage.setHeight(560);
    }

    @Test
    void aTallSummaryScrollsAloneAndTheStepListStaysWhole(FxRobot robot) {
        robot.interact(() -> {
            wizard.model().select(FakeServices.MODEL);
            wizard.workload().latencySensitiveProperty().set(true);
            wizard.workload().targetNtpotProperty().set("1");
            wizard.workload().targetTtftProperty().set("100");
            wizard.workload().targetItlProperty().set("1");
            wizard.workload().expectedQpsProperty().set("20");
            wizard.viewModel().goTo(3);
            wizard.accelerator().select("nvidia-h100-80gb");
        });
        WaitForAsyncUtils.waitForFxEvents();
        ScrollPane summary = robot.lookup("#summary-scroll").queryAs(ScrollPane.class);
        assertThat(summary.getContent().getBoundsInLocal().getHeight()).as("the case: a summary taller than its room")
                .isGreaterThan(summary.getViewportBounds().getHeight());

        ListView<?> steps = robot.lookup("#step-list").queryAs(ListView.class);
        assertThat(steps.lookupAll(".scroll-bar")).noneMatch(n -> n instanceof ScrollBar b && b.isVisible()
                && b.getOrientation() == Orientation.HORIZONTAL);
        List<String> problems = new ArrayList<>();
        robot.interact(() -> Layout.check(steps, problems));
        assertThat(problems).isEmpty();

        String recommendation = robot.lookup("#summary-recommendation").queryAs(Text.class).getText();
        assertThat(recommendation).startsWith("none: the targets cannot be met");
        assertThat(robot.lookup("#summary-model").queryAs(Text.class).getText())
                .isEqualTo(FakeServices.MODEL.replace("/", "/\u200A").replace("-", "-\u200A") + " (optimized)");
    }
}
