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

    /*
     * A calibration of the user's own that kiq cannot read (a bandwidthFraction of "banana" on line 2): the window says so
     * in plain words where the wizard would be, naming the file, line and field, with no command-line flag or kiq
     * command, and leaves the file as it was. Before, the wizard started and showed the profiles re-modeled with that
     * calibration beside numbers modeled without it, while the CLI refused the same file.
     */
    @Test
    void aDamagedCalibrationOfYourOwnIsSaidInPlainWordsAndTheFileIsLeftAlone(@org.junit.jupiter.api.io.TempDir java.nio.file.Path home)
            throws Exception {
        String previous = System.getProperty(dev.kiq.settings.UserFolders.HOME_PROPERTY);
        java.nio.file.Path factors = dev.kiq.perf.FactorTable.userFile(dev.kiq.settings.UserFolders.under(home));
        java.nio.file.Files.createDirectories(factors.getParent());
        String damaged = "ampere:\n  bandwidthFraction: banana\n";
        java.nio.file.Files.writeString(factors, damaged);
        System.setProperty(dev.kiq.settings.UserFolders.HOME_PROPERTY, home.toString());
        dev.kiq.perf.FactorTable.reload();
        try {
            FxToolkit.registerPrimaryStage();
            app = FxToolkit.setupApplication(KiqApp.class);
            FxRobot robot = new FxRobot();
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#loading-message").tryQuery()
                    .map(n -> ((javafx.scene.control.Labeled) n).getText().startsWith("kiq cannot use")).orElse(false));
            String said = robot.lookup("#loading-message").queryLabeled().getText();
            assertThat(said).startsWith("kiq cannot use your own calibration of its performance model: " + factors
                            + ", line 2, field ampere.bandwidthFraction: \"banana\" is not a number")
                    .contains("Correct the file, or move it out of its folder");
            assertThat(CliWords.in(said)).isEmpty();
            assertThat(said).doesNotContain("kiq calibrate").doesNotContain("Exception").doesNotContain("dev.kiq");
            assertThat(robot.lookup("#model-list").tryQuery()).isEmpty();
            assertThat(java.nio.file.Files.readString(factors)).isEqualTo(damaged);
        } finally {
            if (previous == null) {
                System.clearProperty(dev.kiq.settings.UserFolders.HOME_PROPERTY);
            } else {
                System.setProperty(dev.kiq.settings.UserFolders.HOME_PROPERTY, previous);
            }
            dev.kiq.perf.FactorTable.reload();
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
