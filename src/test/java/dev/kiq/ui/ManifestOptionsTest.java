package dev.kiq.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A namespace Kubernetes refuses, typed on the Manifests step, on the real core. Seen in the Xvfb walk: "Bad_NS!"
 * was taken silently, the preview said {@code namespace: Bad_NS!} and Next stayed enabled, although the CLI refuses
 * the same namespace. Now the core's sentence shows under the options, the step is not complete, what was typed
 * stays in the field, and a valid namespace clears the error and regenerates.
 */
@ExtendWith(ApplicationExtension.class)
class ManifestOptionsTest {

    @RegisterExtension
    final ChartFixture fixture = new ChartFixture();

    @Test
    void aNamespaceKubernetesRefusesIsNamedUnderTheOptionsAndHoldsTheStep(FxRobot robot) throws Exception {
        Wizard wizard = fixture.open();
        robot.interact(() -> {
            wizard.model().select(WalkthroughTest.MODEL);
            for (int step = 1; step <= 5; step++) {
                wizard.viewModel().goTo(step);
                if (step == 3) {
                    wizard.accelerator().select("nvidia-h100-80gb");
                }
            }
        });
        assertThat(wizard.viewModel().currentProperty().get()).isEqualTo(5);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> wizard.state().manifestsProperty().get().contains("namespace: default"));
        Label problem = robot.lookup("#options-problem").queryAs(Label.class);
        assertThat(problem.isVisible()).isFalse();

        robot.interact(() -> robot.lookup("#manifest-namespace").queryAs(TextField.class).setText("Bad_NS!"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, problem::isVisible);
        assertThat(problem.getText()).contains("\"Bad_NS!\"", "not a valid Kubernetes namespace", "lowercase letters");
        assertThat(wizard.viewModel().canGoNextProperty().get()).as("Next with a refused namespace").isFalse();
        assertThat(wizard.state().manifestsProperty().get()).doesNotContain("Bad_NS!");
        assertThat(robot.lookup("#manifest-namespace").queryAs(TextField.class).getText()).isEqualTo("Bad_NS!");

        robot.interact(() -> robot.lookup("#manifest-namespace").queryAs(TextField.class).setText("llm-serving"));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> wizard.state().manifestsProperty().get().contains("namespace: llm-serving"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(problem.isVisible()).isFalse();
        assertThat(wizard.viewModel().canGoNextProperty().get()).isTrue();
    }
}
