package dev.kiq.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.bench.emulator.EmulatedReplica;
import dev.kiq.bench.emulator.EmulatorServer;
import dev.kiq.bench.emulator.PerfBatchEngine;
import dev.kiq.catalog.Catalog;
import dev.kiq.ui.monitor.LivePaneViewModel;
import dev.kiq.ui.service.CoreAdapters;
import dev.kiq.ui.task.TaskExecutor;
import dev.kiq.ui.task.UiTaskExecutor;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TabPane;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Without any kubeconfig the Deploy page says there is no cluster, and its "Try it & monitor" button is still
 * there: the window tries and monitors a plain endpoint (a running emulator), with the release choice disabled.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(240)
class TryWithoutKubeconfigTest {

    static final String MODEL = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";

    @TempDir
    Path dir;
    private final TaskExecutor executor = new UiTaskExecutor();
    private EmulatorServer emulator;
    private Wizard wizard;

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupStages();
        executor.shutdown();
        if (emulator != null) {
            emulator.close();
        }
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Visible on screen: it and every parent up to the scene are visible. */
    private static boolean shown(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return n.getScene() != null && n.getScene().getWindow() != null && n.getScene().getWindow().isShowing();
    }

    @Test
    void theTryAndMonitorWindowOpensWithoutAKubeconfigAndTalksToAnEndpoint(FxRobot robot) throws Exception {
        EmulatedReplica replica = EmulatedReplica.resolve(Catalog.bundled(), MODEL, "nvidia-tesla-a100", OptionalInt.of(1),
                Optional.of("v0.7.2"));
        emulator = new EmulatorServer(new EmulatorServer.Config(MODEL, "v0.7.2", replica.version().metrics(),
                replica.setup().maxModelLen(), 1, "127.0.0.1", 0, () -> 24), new PerfBatchEngine(replica.setup().newEngine()));
        String url = "http://127.0.0.1:" + emulator.start();
        // a kubeconfig path that does not exist: what a machine without ~/.kube/config and $KUBECONFIG has
        var services = CoreAdapters.create(executor, Optional.empty(), Optional.of(dir.resolve("no-kubeconfig")));
        FxToolkit.setupStage(stage -> {
            wizard = new Wizard(services);
            KiqApp.show(stage, wizard);
        });
        WaitForAsyncUtils.waitForFxEvents();
        // the first steps as a person takes them: model, server, workload, the first accelerator, performance, manifests
        robot.clickOn("#model-search").write("R1-Distill-Qwen-7B");
        robot.clickOn(robot.lookup("#model-list .list-cell").nth(0).queryAs(Node.class));
        for (int step = 1; step <= 3; step++) {
            robot.interact(() -> robot.lookup("#next").queryButton().fire());
        }
        robot.interact(() -> robot.lookup("#accelerator-table").queryTableView().getSelectionModel().select(0));
        robot.interact(() -> robot.lookup("#next").queryButton().fire());
        robot.interact(() -> robot.lookup("#next").queryButton().fire());
        waitUntil(() -> !wizard.state().manifestsProperty().get().isBlank() && !robot.lookup("#next").query().isDisabled());
        robot.interact(() -> robot.lookup("#next").queryButton().fire());
        waitUntil(() -> !wizard.deploy().noClusterProperty().get().isEmpty());
        assertThat(robot.lookup("#no-cluster").query().isVisible()).isTrue();
        Button open = robot.lookup("#open-live").queryButton();
        assertThat(shown(open)).as("the Try it & monitor button is on screen without a cluster").isTrue();

        robot.interact(open::fire);
        // the window the wizard opened (other tests' panes may still be showing in the same toolkit)
        Window wizardWindow = open.getScene().getWindow();
        java.util.function.Function<String, Node> inLive = id -> robot.lookup(id).queryAll().stream()
                .filter(n -> n.getScene().getWindow() instanceof javafx.stage.Stage s && s.getOwner() == wizardWindow)
                .findFirst().orElseThrow(() -> new AssertionError("no " + id + " in the window the wizard opened"));
        waitUntil(() -> robot.lookup("#live-endpoint").queryAll().stream()
                .anyMatch(n -> n.getScene().getWindow() instanceof javafx.stage.Stage s && s.getOwner() == wizardWindow));
        LivePaneViewModel live = wizard.live();
        assertThat(live.targetProperty().get()).isEqualTo(LivePaneViewModel.Target.ENDPOINT);
        assertThat(((RadioButton) inLive.apply("#live-to-release")).isDisabled()).isTrue();
        assertThat(((RadioButton) inLive.apply("#live-to-endpoint")).isSelected()).isTrue();

        robot.interact(() -> {
            live.endpointProperty().set(url);
            ((Button) inLive.apply("#try-send")).fire();
        });
        waitUntil(() -> !live.tryingProperty().get());
        assertThat(live.errorProperty().get()).isEmpty();
        assertThat(live.replyProperty().get()).isNotEmpty();
        assertThat(live.trialStatsProperty().get()).startsWith("TTFT ");

        robot.interact(() -> {
            live.windowSecondsProperty().set("2");
            ((TabPane) inLive.apply("#live-tabs")).getSelectionModel().select(1);
            ((Button) inLive.apply("#monitor-start")).fire();
        });
        waitUntil(() -> live.figuresProperty().get().startsWith("1 pod over "));
        assertThat(live.errorProperty().get()).isEmpty();
        // closing the window stops monitoring
        robot.interact(() -> inLive.apply("#live-tabs").getScene().getWindow().hide());
        waitUntil(() -> !live.monitoringProperty().get());
    }
}
