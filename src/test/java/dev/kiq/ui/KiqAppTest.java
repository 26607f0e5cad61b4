package dev.kiq.ui;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.application.Application;
import javafx.stage.Stage;
import javafx.stage.Window;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The real app starts headless on the bundled data with no set-up. */
class KiqAppTest {

    private Application app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
    }

    @Test
    void startsOnTheBundledDataWithATitleStartingWithKiq() throws Exception {
        FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(KiqApp.class);
        WaitForAsyncUtils.waitForFxEvents();
        FxRobot robot = new FxRobot();
        Stage stage = (Stage) robot.listTargetWindows().stream().filter(Window::isShowing)
                .filter(w -> w instanceof Stage s && s.getTitle() != null && s.getTitle().startsWith("kiq"))
                .findFirst().orElseThrow();
        assertThat(stage.getTitle()).isEqualTo(KiqApp.TITLE);
        // the catalog loads in the background; the wizard replaces the loading page when it is ready
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#model-list").tryQuery().isPresent());
        assertThat(robot.lookup("#step-title").queryLabeled().getText()).isEqualTo("1. Model");
    }
}
