package dev.kiq.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.ui.manifests.ManifestsStepView;
import dev.kiq.ui.task.BackgroundTask;
import dev.kiq.ui.task.CurrentThreadTaskExecutor;
import dev.kiq.ui.task.TaskExecutor;
import dev.kiq.ui.task.TaskHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Defects 8, 9 and 11 of issue 11 on the Manifests step: progress while the manifests are generated and the
 * editor open at the top; a mistake reported at its own line in plain words, cleared by the next keystroke's
 * validation without waiting for older ones; kept edits flagged as describing the old operating point until
 * regenerated.
 */
@ExtendWith(ApplicationExtension.class)
class ManifestsStepViewTest {

    /** Holds background work until the test lets it run, as a slow machine would. */
    static final class HeldTasks implements TaskExecutor {
        final CurrentThreadTaskExecutor now = new CurrentThreadTaskExecutor();
        final List<Runnable> held = new ArrayList<>();
        boolean holding;
        int executed;

        @Override
        public <V> TaskHandle execute(BackgroundTask<V> task) {
            if (!holding) {
                executed++;
                return now.execute(task);
            }
            held.add(() -> {
                executed++;
                now.execute(task);
            });
            return new TaskHandle() {
                @Override
                public void cancel() {
                }

                @Override
                public boolean isCancelled() {
                    return false;
                }
            };
        }

        void release() {
            holding = false;
            List<Runnable> all = new ArrayList<>(held);
            held.clear();
            all.forEach(Runnable::run);
        }

        @Override
        public <T> Consumer<T> onUiThread(Consumer<T> sink) {
            return now.onUiThread(sink);
        }

        @Override
        public Runnable debounced(Runnable action) {
            return action;
        }

        @Override
        public void shutdown() {
        }
    }

    private final HeldTasks tasks = new HeldTasks();
    private final java.util.concurrent.atomic.AtomicInteger parses = new java.util.concurrent.atomic.AtomicInteger();
    private Wizard wizard;

    @Start
    void start(Stage stage) {
        var fake = FakeServices.create(List.of(), tasks);
        var counting = new dev.kiq.ui.service.ManifestService() {
            @Override
            public String generate(dev.kiq.ui.service.ManifestRequest request) {
                return fake.manifests().generate(request);
            }

            @Override
            public java.util.Optional<dev.kiq.ui.service.YamlProblem> validate(String yaml) {
                parses.incrementAndGet();
                return fake.manifests().validate(yaml);
            }
        };
        wizard = new Wizard(new dev.kiq.ui.service.Services(fake.catalog(), fake.recommendations(), counting,
                fake.modeler(), fake.deployer(), tasks));
        KiqApp.show(stage, wizard);
    }

    private ManifestsStepView page() {
        return (ManifestsStepView) wizard.view().page(5);
    }

    /** While the manifests are generated, Copy and Save as are off: Copy said "Copied" and copied nothing (Xvfb walk). */
    @Test
    void copyAndSaveWaitForTheManifests(FxRobot robot) {
        tasks.holding = true;
        robot.interact(() -> {
            wizard.model().select(FakeServices.MODEL);
            wizard.viewModel().goTo(3);
            wizard.viewModel().goTo(5);
        });
        javafx.scene.control.Button copy = robot.lookup("#copy-yaml").queryButton();
        javafx.scene.control.Button save = robot.lookup("#save-yaml").queryButton();
        assertThat(copy.isDisabled()).isTrue();
        assertThat(save.isDisabled()).isTrue();
        robot.interact(tasks::release);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(wizard.manifests().manifestsProperty().get()).contains("kind: Deployment");
        assertThat(copy.isDisabled()).isFalse();
        assertThat(save.isDisabled()).isFalse();
    }

    @Test
    void progressWhileGeneratingThenTheTextOpensAtItsTop(FxRobot robot) {
        tasks.holding = true;
        robot.interact(() -> {
            wizard.model().select(FakeServices.MODEL);
            wizard.viewModel().goTo(3);
            wizard.viewModel().goTo(5);
        });
        assertThat(robot.lookup("#manifests-generating").query().isVisible()).isTrue();
        robot.interact(tasks::release);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#manifests-generating").query().isVisible()).isFalse();
        assertThat(page().editor().getText()).contains("kind: HorizontalPodAutoscaler");
        assertThat(page().editor().getCaretPosition()).isZero();
        assertThat(page().editor().firstVisibleParToAllParIndex()).isZero();
    }

    @Test
    void regeneratedManifestsKeepTheirColoursAboveAndBelowTheChange(FxRobot robot) {
        robot.interact(() -> {
            wizard.model().select(FakeServices.MODEL);
            wizard.viewModel().goTo(3);
            wizard.viewModel().goTo(5);
        });
        WaitForAsyncUtils.waitForFxEvents();
        // a new namespace changes one line in the middle: every line must be coloured as the whole text would be
        // (the walk saw "apiVersion", "kind" and "metadata" turn black after typing a namespace)
        robot.interact(() -> wizard.state().namespaceProperty().set("prod"));
        WaitForAsyncUtils.waitForFxEvents();
        var editor = page().editor();
        assertThat(editor.getText()).contains("namespace: prod");
        assertThat(editor.getStyleOfChar(0)).containsExactly("yaml-key");               // apiVersion
        int kind = editor.getText().indexOf("kind: HorizontalPodAutoscaler");
        assertThat(editor.getStyleOfChar(kind)).containsExactly("yaml-key");
        assertThat(dev.kiq.ui.manifests.YamlEditorTestAccess.miscoloured(editor)).isEmpty();
    }

    @Test
    void aMistakeIsReportedAtItsLineAndTheFixClearsItWithoutWaitingForOlderKeystrokes(FxRobot robot) {
        robot.interact(() -> {
            wizard.model().select(FakeServices.MODEL);
            wizard.viewModel().goTo(3);
            wizard.viewModel().goTo(5);
        });
        WaitForAsyncUtils.waitForFxEvents();
        String text = page().editor().getText();
        robot.interact(() -> page().editor().replaceText(text.replaceFirst("kind: Deployment\n",
                "kind: Deployment\n:\n")));
        assertThat(robot.lookup("#yaml-problem").queryAs(Label.class).getText()).startsWith("Line 3:");
        assertThat(robot.lookup("#next").query().isDisabled()).isTrue();
        // keystrokes while validations queue up (a busy machine): only the last one is parsed, and it clears the error
        tasks.holding = true;
        String broken = page().editor().getText();
        robot.interact(() -> {
            for (String partial : List.of(":x", ":xy", "#xy", "# xy")) {
                page().editor().replaceText(broken.replace("Deployment\n:\n", "Deployment\n" + partial + "\n"));
            }
        });
        int before = parses.get();
        robot.interact(tasks::release);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#yaml-problem").queryAs(Label.class).getText()).isEmpty();
        assertThat(robot.lookup("#next").query().isDisabled()).isFalse();
        assertThat(parses.get() - before).isEqualTo(1);
    }

    @Test
    void keptEditsSayTheyAreFromTheOldOperatingPointUntilRegenerated(FxRobot robot) {
        robot.interact(() -> {
            wizard.model().select(FakeServices.MODEL);
            wizard.workload().targetNtpotProperty().set("40");
            wizard.viewModel().goTo(3);
            wizard.accelerator().select("nvidia-h100-80gb");
            wizard.viewModel().goTo(5);
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> page().editor().insertText(0, "# mine\n"));
        robot.interact(() -> {
            wizard.viewModel().goTo(4);
            wizard.performance().setTarget(45);
            wizard.viewModel().goTo(5);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#stale-banner").query().isVisible()).isTrue();
        robot.clickOn("#keep-edits");
        assertThat(robot.lookup("#stale-banner").query().isVisible()).isFalse();
        assertThat(robot.lookup("#kept-edits-notice").query().isVisible()).isTrue();
        // it stays: leaving the page and coming back does not forget it
        robot.interact(() -> {
            wizard.viewModel().goTo(4);
            wizard.viewModel().goTo(5);
        });
        assertThat(robot.lookup("#kept-edits-notice").query().isVisible()).isTrue();
        robot.clickOn("#regenerate-kept");
        assertThat(robot.lookup("#kept-edits-notice").query().isVisible()).isFalse();
        assertThat(page().editor().getText()).doesNotStartWith("# mine").contains("target ntpot 45");
    }
}
