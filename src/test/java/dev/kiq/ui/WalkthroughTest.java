package dev.kiq.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import dev.kiq.ui.service.CoreAdapters;
import dev.kiq.ui.task.TaskExecutor;
import dev.kiq.ui.task.UiTaskExecutor;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Control;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TitledPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The proof of issue 11: every step of the wizard on the real core, in a 1024×700 and a 1440×900 window,
 * with a screenshot of each under {@code target/walkthrough/} and the layout checked as a person would see
 * it: no label, header or cell cut short with "…", no control squashed below its minimum size, nothing
 * wider than the window (a page may scroll vertically, never sideways), Back and Next on screen.
 */
@ExtendWith(ApplicationExtension.class)
class WalkthroughTest {

    static final String MODEL = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";
    static final Path SHOTS = Path.of("target", "walkthrough");

    private final TaskExecutor executor = new UiTaskExecutor();
    private Wizard wizard;
    private Stage stage;

    @AfterEach
    void stop() {
        executor.shutdown();
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1024, 700", "1440, 900"})
    void everyStepIsUsable(int width, int height, FxRobot robot) throws Exception {
        var services = CoreAdapters.create(executor, java.util.Optional.empty());
        FxToolkit.setupStage(s -> {
            stage = s;
            wizard = new Wizard(services);
            KiqApp.show(s, wizard);
            s.setWidth(width);
            s.setHeight(height);
        });
        WaitForAsyncUtils.waitForFxEvents();
        Scene scene = stage.getScene();
        assertThat(scene.getWidth()).isEqualTo(width);
        assertThat(scene.getHeight()).isEqualTo(height);
        String size = width + "x" + height;

        robot.interact(() -> wizard.model().select(MODEL));
        check(robot, size, 0, "model");
        // "Add a model from config.json" open: its accelerator list keeps a usable height
        TitledPane config = robot.lookup("#config-pane").queryAs(TitledPane.class);
        robot.interact(() -> config.setExpanded(true));
        WaitForAsyncUtils.waitForFxEvents();
        check(robot, size, 0, "model-config");
        assertThat(robot.lookup("#config-accelerators").queryAs(Control.class).getHeight()).isGreaterThanOrEqualTo(100);
        robot.interact(() -> config.setExpanded(false));

        robot.interact(() -> wizard.viewModel().goTo(1));
        check(robot, size, 1, "server");
        robot.interact(() -> {
            wizard.viewModel().goTo(2);
            wizard.workload().targetNtpotProperty().set("40");
        });
        check(robot, size, 2, "workload");
        robot.interact(() -> {
            wizard.viewModel().goTo(3);
            wizard.accelerator().select("nvidia-h100-80gb");
        });
        check(robot, size, 3, "accelerator");
        robot.interact(() -> {
            wizard.viewModel().goTo(4);
            wizard.state().profiles().stream().filter(p -> p.acceleratorType().equals("nvidia-tesla-a100"))
                    .findFirst().ifPresent(a100 -> wizard.performance().overlays().setAll(a100));
        });
        check(robot, size, 4, "performance");
        robot.interact(() -> wizard.viewModel().goTo(5));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !wizard.state().manifestsProperty().get().isBlank());
        check(robot, size, 5, "manifests");
        robot.interact(() -> wizard.viewModel().goTo(6));
        check(robot, size, 6, "deploy");
    }

    private void check(FxRobot robot, String size, int step, String name) throws IOException {
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(wizard.viewModel().currentProperty().get()).isEqualTo(step);
        Scene scene = stage.getScene();
        Files.createDirectories(SHOTS);
        var image = Fx.call(() -> scene.snapshot(null));
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png",
                SHOTS.resolve(size + "-" + (step + 1) + "-" + name + ".png").toFile());

        List<String> problems = new ArrayList<>();
        Bounds window = new javafx.geometry.BoundingBox(0, 0, scene.getWidth(), scene.getHeight());
        for (String id : List.of("#next", "#back")) {
            Node n = robot.lookup(id).query();
            assertThat(window.contains(n.localToScene(n.getBoundsInLocal()))).as(id + " on screen").isTrue();
        }
        ScrollPane scroll = wizard.view().scroller(step);
        Node content = scroll.getContent();
        if (content.getLayoutBounds().getWidth() > scroll.getViewportBounds().getWidth() + 0.5) {
            problems.add("page " + (step + 1) + " is wider (" + content.getLayoutBounds().getWidth()
                    + ") than its window (" + scroll.getViewportBounds().getWidth() + ")");
        }
        Fx.run(() -> visit(scene.getRoot(), problems));
        assertThat(problems).as(size + " step " + (step + 1) + " " + name).isEmpty();
    }

    /** Every shown node: labels not cut short, controls not squashed. */
    private static void visit(Node node, List<String> problems) {
        if (!node.isVisible() || (node.getParent() != null && !node.isManaged() && node instanceof Control
                && ((Control) node).getWidth() == 0)) {
            return;
        }
        if (node instanceof Labeled l && l.getText() != null && !l.getText().isEmpty()) {
            for (Node child : l.getChildrenUnmodifiable()) {
                if (child instanceof Text t && t.isVisible() && !t.getText().equals(l.getText())
                        && t.getText().contains("…") && !l.getText().contains("…")) {
                    problems.add("cut: '" + l.getText() + "' shows as '" + t.getText() + "' (" + describe(l) + ")");
                }
            }
        }
        if (node instanceof Control c && c.getWidth() > 0) {
            double minW = c.minWidth(-1);
            double minH = c.minHeight(c.getWidth());
            if (c.getWidth() + 0.5 < minW || c.getHeight() + 0.5 < Math.min(minH, 2000)) {
                problems.add("squashed: " + describe(c) + " is " + Math.round(c.getWidth()) + "x"
                        + Math.round(c.getHeight()) + ", needs " + Math.round(minW) + "x" + Math.round(minH));
            }
        }
        if (node instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                visit(child, problems);
            }
        }
    }

    private static String describe(Node n) {
        return n.getClass().getSimpleName() + (n.getId() == null ? "" : "#" + n.getId());
    }
}
