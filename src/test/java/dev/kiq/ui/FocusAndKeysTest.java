package dev.kiq.ui;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Defect 14 of issue 11: the focus lands on each step's main control (never on "Dark theme"), Enter goes on
 * where that is natural (not in the YAML editor), and a status message does not outlive its page.
 */
@ExtendWith(ApplicationExtension.class)
class FocusAndKeysTest {

    private Wizard wizard;

    @Start
    void start(Stage stage) {
        wizard = new Wizard(FakeServices.create());
        KiqApp.show(stage, wizard);
        stage.requestFocus();
    }

    private static String title(FxRobot robot) {
        return robot.lookup("#step-title").queryAs(Label.class).getText();
    }

    private static Node focused(FxRobot robot) {
        return robot.targetWindow(robot.listTargetWindows().get(0)).lookup("#step-title").query().getScene()
                .getFocusOwner();
    }

    @Test
    void focusLandsOnTheMainControlAndEnterGoesOn(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(focused(robot).getId()).isEqualTo("model-search");
        robot.write("qwen");
        robot.interact(() -> wizard.model().select(FakeServices.MODEL));
        robot.clickOn("#model-search").type(KeyCode.ENTER);
        assertThat(title(robot)).isEqualTo("2. Model server & version");
        assertThat(focused(robot).getId()).isEqualTo("server");
        robot.type(KeyCode.ENTER);
        assertThat(title(robot)).isEqualTo("3. Workload & targets");
        assertThat(focused(robot).getId()).isNotEqualTo("theme-toggle");
        robot.clickOn("#target-ntpot").write("40").type(KeyCode.ENTER);
        assertThat(title(robot)).isEqualTo("4. Accelerator");
        assertThat(focused(robot).getId()).isEqualTo("accelerator-table");
        robot.interact(() -> {
            wizard.accelerator().select("nvidia-h100-80gb");
            wizard.viewModel().goTo(5);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(focused(robot).getId()).isEqualTo("yaml-editor");
        // Enter in the editor is a new line, not Next
        robot.type(KeyCode.ENTER);
        assertThat(title(robot)).isEqualTo("6. Manifests");
    }

    /**
     * Alt+N on the Performance page shows the Manifests page, whose YAML editor takes the focus; under GTK the key's
     * typed "n" (Alt down) arrives after the key press that fired the mnemonic, and the editor wrote it into the
     * manifests: marked edited, not a Kubernetes object, Next greyed (Xvfb walk at 1440x900, /tmp/uiwalk/a09, a11:
     * "n", then "nn", as the whole manifest). Alt+B in the editor went back and left a "b". JavaFX's own text fields
     * take no letter typed with Alt alone (a mnemonic). Monocle sends no typed
     * event for a key pressed with Alt, so the test delivers the one GTK sends to the focused editor.
     */
    @Test
    void aLetterTypedWithAltIsAMnemonicNotText(FxRobot robot) {
        robot.interact(() -> {
            wizard.model().select(FakeServices.MODEL);
            wizard.viewModel().goTo(3);
            wizard.accelerator().select("nvidia-h100-80gb");
            wizard.viewModel().goTo(5);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(focused(robot).getId()).isEqualTo("yaml-editor");
        dev.kiq.ui.manifests.YamlEditor editor = robot.lookup("#yaml-editor").queryAs(dev.kiq.ui.manifests.YamlEditor.class);
        String generated = wizard.manifests().manifestsProperty().get();
        assertThat(generated).contains("kind: Deployment");
        assertThat(editor.getText()).isEqualTo(generated);
        robot.interact(() -> {
            editor.moveTo(0);
            javafx.event.Event.fireEvent(editor, typed("n", false, true));
            javafx.event.Event.fireEvent(editor, typed("b", false, true));
        });
        assertThat(editor.getText()).isEqualTo(generated);
        assertThat(wizard.manifests().editedProperty().get()).isFalse();
        // a letter typed without Alt is text, delivered the same way
        robot.interact(() -> javafx.event.Event.fireEvent(editor, typed("x", false, false)));
        assertThat(editor.getText()).isEqualTo("x" + generated);
        assertThat(wizard.manifests().editedProperty().get()).isTrue();
    }

    private static javafx.scene.input.KeyEvent typed(String character, boolean control, boolean alt) {
        return new javafx.scene.input.KeyEvent(javafx.scene.input.KeyEvent.KEY_TYPED, character, "", KeyCode.UNDEFINED,
                false, control, alt, false);
    }

    /**
     * Xvfb walk at 1024x700 (/tmp/uiwalk/d03, d05, d06): after typing "70b" in the search field, Down did nothing, and
     * Tab moved the focus to the model list without a visible sign of it (no ring, no focused row), where Down still
     * showed nothing: a keyboard user saw the focus vanish. Down in the search field now goes to the results and
     * selects the first, a focused list draws its border in the accent colour, and Enter there goes on.
     */
    @Test
    void downFromTheSearchSelectsTheFirstMatchInAVisiblyFocusedList(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.ListView<?> list = robot.lookup("#model-list").queryAs(javafx.scene.control.ListView.class);
        assertThat(focused(robot).getId()).isEqualTo("model-search");
        assertThat(list.getSelectionModel().isEmpty()).isTrue();
        javafx.scene.paint.Paint unfocused = borderColour(list);
        robot.type(KeyCode.DOWN);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(focused(robot)).isSameAs(list);
        assertThat(list.getSelectionModel().getSelectedIndex()).isZero();
        assertThat(wizard.model().selectedProperty().get()).isSameAs(list.getItems().get(0));
        assertThat(borderColour(list)).isNotEqualTo(unfocused);
        // Enter in the list goes on, as it does from the search field (the list swallowed it: /tmp/uiwalk/f03)
        robot.type(KeyCode.ENTER);
        assertThat(title(robot)).isEqualTo("2. Model server & version");
    }

    private static javafx.scene.paint.Paint borderColour(javafx.scene.layout.Region region) {
        region.applyCss();
        return region.getBorder() == null || region.getBorder().getStrokes().isEmpty() ? null
                : region.getBorder().getStrokes().get(0).getTopStroke();
    }

    /**
     * Alt+N shows the next page as Next does, but the focus ended on the Next button instead of the page's main
     * control: the mnemonic focuses its button after the page had focused its control (Xvfb walk at 1440x900,
     * /tmp/uiwalk/h01: the accelerator table without its focus border after Alt+N, with it after Enter). A keyboard user
     * had to Tab back through the page to reach the table.
     */
    @Test
    void altNLeavesTheFocusOnTheShownPagesMainControl(FxRobot robot) {
        robot.interact(() -> wizard.model().select(FakeServices.MODEL));
        WaitForAsyncUtils.waitForFxEvents();
        robot.press(KeyCode.ALT).type(KeyCode.N).release(KeyCode.ALT);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(title(robot)).isEqualTo("2. Model server & version");
        assertThat(focused(robot).getId()).isEqualTo("server");
        robot.press(KeyCode.ALT).type(KeyCode.B).release(KeyCode.ALT);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(title(robot)).isEqualTo("1. Model");
        assertThat(focused(robot).getId()).isEqualTo("model-search");
    }

    @Test
    void statusMessagesClearWhenLeavingThePage(FxRobot robot) {
        robot.interact(() -> {
            wizard.model().select(FakeServices.MODEL);
            wizard.viewModel().goTo(3);
            wizard.viewModel().goTo(4);
            wizard.performance().statusProperty().set("Exported to /tmp/x.png");
        });
        assertThat(robot.lookup("#chart-status").queryAs(Label.class).getText()).startsWith("Exported");
        robot.clickOn("#back");
        robot.clickOn("#next");
        assertThat(robot.lookup("#chart-status").queryAs(Label.class).getText()).isEmpty();
        robot.interact(() -> {
            wizard.viewModel().goTo(5);
            wizard.manifests().statusProperty().set("Copied to the clipboard.");
            wizard.viewModel().goTo(4);
        });
        assertThat(wizard.manifests().statusProperty().get()).isEmpty();
    }
}
