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
import javafx.scene.Scene;
import javafx.scene.control.Control;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TitledPane;
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
 * it ({@link Layout}): no label, header or cell cut short, no control squashed below its minimum size or
 * placed partly outside its pane, nothing wider than the window (a page may scroll vertically, never
 * sideways), Back and Next on screen. The Workload step is also checked with the longest use case while its
 * profiles are being modeled (progress, status and the use case's source shown), then that is cancelled.
 */
@ExtendWith(ApplicationExtension.class)
class WalkthroughTest {

    static final String MODEL = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";
    static final Path SHOTS = Path.of("target", "walkthrough");

    private final TaskExecutor executor = new UiTaskExecutor();
    private Wizard wizard;
    private Stage stage;
    /** Every step's problems, asserted at the end so that one run lists them all. */
    private final List<String> found = new ArrayList<>();

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
        robot.interact(() -> wizard.viewModel().goTo(2));
        String chat = wizard.workload().useCaseProperty().get();
        String longest = wizard.workload().useCases().stream()
                .max(java.util.Comparator.comparingInt(id -> wizard.workload().useCaseName(id).length())).orElseThrow();
        robot.interact(() -> wizard.workload().useCaseProperty().set(longest));
        // the status while modeling, or, when the modeling was quicker than this wait (a quiet machine, the other
        // accelerators' profiles already cached by the first window size), the one it ends with: both are long lines
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !wizard.workload().statusProperty().get().isBlank());
        check(robot, size, 2, "workload-modeling");
        robot.interact(() -> {
            wizard.workload().cancelModeling();
            wizard.workload().useCaseProperty().set(chat);
            wizard.workload().targetNtpotProperty().set("40");
            wizard.workload().expectedQpsProperty().set("20");
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !wizard.workload().modelingProperty().get());
        check(robot, size, 2, "workload");
        robot.interact(() -> {
            wizard.viewModel().goTo(3);
            wizard.accelerator().select("nvidia-h100-80gb");
        });
        check(robot, size, 3, "accelerator");
        // the greyed rows' reasons are read whole: in their column, or under the table when the window is narrow
        javafx.scene.control.TableView<?> table = robot.lookup("#accelerator-table").queryTableView();
        javafx.scene.control.Label under = robot.lookup("#why-not-list").queryAs(javafx.scene.control.Label.class);
        boolean inColumn = table.getColumns().get(table.getColumns().size() - 1).isVisible();
        assertThat(inColumn != under.isVisible()).as("the reasons in one place").isTrue();
        for (Object row : table.getItems()) {
            String reason = ((dev.kiq.ui.accelerator.AcceleratorRow) row).reason();
            assertThat(reason.isEmpty() || inColumn || under.getText().contains(reason)).as(reason).isTrue();
        }
        assertThat(inColumn).as("a reasons column at " + size).isEqualTo(width > 1200);
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
        assertThat(found).isEmpty();
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
        // a background task may change a label between two pulses (the Workload step's status while modeling):
        // lay the page out first, in the same event, so a label's text and what it shows are the same text
        Fx.run(() -> {
            scene.getRoot().applyCss();
            scene.getRoot().layout();
            Layout.check(scene.getRoot(), problems);
        });
        // the summary, Recommendation last, is read beside every page: it must not need scrolling
        ScrollPane side = (ScrollPane) wizard.view().lookup("#summary-scroll");
        double sideHeight = side.getContent().getLayoutBounds().getHeight();
        if (sideHeight > side.getViewportBounds().getHeight() + 0.5) {
            problems.add("the side summary is taller (" + Math.round(sideHeight) + ") than its window ("
                    + Math.round(side.getViewportBounds().getHeight()) + "): the Recommendation needs scrolling");
        }
        if (step == 3) {
            Fx.run(() -> problems.addAll(Layout.scrollsSideways(robot.lookup("#accelerator-table").queryTableView())));
        }
        problems.forEach(p -> found.add(size + " step " + (step + 1) + " " + name + ": " + p));
    }
}
