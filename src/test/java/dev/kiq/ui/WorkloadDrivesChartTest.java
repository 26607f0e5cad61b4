package dev.kiq.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.WorkloadShape;
import dev.kiq.ui.performance.PerformanceStepView;
import dev.kiq.ui.service.CoreAdapters;
import dev.kiq.ui.task.TaskExecutor;
import dev.kiq.ui.task.UiTaskExecutor;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 12 §4 on the real core: choosing another use case on the Workload page makes the chart plot that
 * workload's profile (modeled in the background), its heading name the workload, and going back to chat
 * shows the shipped profile again without modeling.
 */
@ExtendWith(ApplicationExtension.class)
class WorkloadDrivesChartTest {

    private static final String MODEL = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";
    private final TaskExecutor executor = new UiTaskExecutor();
    private Wizard wizard;

    @AfterEach
    void stop() {
        executor.shutdown();
    }

    private PerformanceStepView page() {
        return (PerformanceStepView) wizard.view().page(4);
    }

    /** The largest throughput of the "before the knee" series: where the plotted knee is. */
    private double plottedKnee() {
        XYPlot plot = page().chart().chart().getXYPlot();
        XYDataset curve = plot.getDataset(0);
        double max = 0;
        for (int i = 0; i < curve.getItemCount(0); i++) {
            max = Math.max(max, curve.getXValue(0, i));
        }
        return max;
    }

    private String heading(FxRobot robot) {
        return robot.lookup("#chart-title").queryAs(Label.class).getText();
    }

    @Test
    void summarizationOnTheWorkloadPageChangesTheChartAndChatComesBackAtOnce(FxRobot robot) throws Exception {
        var services = CoreAdapters.create(executor, Optional.empty());
        FxToolkit.setupStage(stage -> {
            wizard = new Wizard(services);
            KiqApp.show(stage, wizard);
        });
        FxToolkit.setupFixture(() -> {
            wizard.model().select(MODEL);
            wizard.viewModel().goTo(3);
            wizard.accelerator().select("nvidia-h100-80gb");
            wizard.viewModel().goTo(4);
        });
        WaitForAsyncUtils.waitForFxEvents();
        var chatProfile = wizard.state().profileProperty().get();
        PerformancePoint chatKnee = wizard.state().analysis().orElseThrow().knee().orElseThrow();
        assertThat(plottedKnee()).isEqualTo(chatKnee.outputTokensPerSecond());
        assertThat(heading(robot)).contains(MODEL, "1× nvidia-h100-80gb", "Chatbot (ShareGPT)");

        robot.interact(() -> wizard.viewModel().goTo(2));
        robot.clickOn("#use-case").clickOn("Summarization");
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> !wizard.workload().modelingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(wizard.workload().statusProperty().get()).contains("are ready");
        robot.interact(() -> wizard.viewModel().goTo(4));
        WaitForAsyncUtils.waitForFxEvents();

        var profile = wizard.state().profileProperty().get();
        assertThat(profile.acceleratorType()).isEqualTo("nvidia-h100-80gb");
        // profiles/catalog/use-cases.yaml: summarization means 2588 input / 291 output tokens
        assertThat(profile.provenance().workloadShape()).isEqualTo(new WorkloadShape("summarization", 2588, 291));
        PerformancePoint knee = wizard.state().analysis().orElseThrow().knee().orElseThrow();
        // ten times the prompt per request: prefill takes the batch's budget, so fewer output tokens per second
        assertThat(knee.outputTokensPerSecond()).isLessThan(0.9 * chatKnee.outputTokensPerSecond());
        assertThat(plottedKnee()).isEqualTo(knee.outputTokensPerSecond());
        assertThat(heading(robot)).contains("Summarization (mean 2588 input / 291 output tokens)");
        assertThat(wizard.viewModel().workloadSummary().get()).startsWith("Summarization (mean 2588");
        assertThat(wizard.performance().exportTitle(java.time.LocalDate.of(2026, 12, 1)))
                .anySatisfy(line -> assertThat(line).contains("Summarization"));

        robot.interact(() -> wizard.viewModel().goTo(2));
        robot.clickOn("#use-case").clickOn("Chatbot (ShareGPT)");
        // chat is answered by the shipped profiles on the UI thread: nothing to wait for
        assertThat(wizard.workload().modelingProperty().get()).isFalse();
        assertThat(wizard.state().profileProperty().get()).isSameAs(chatProfile);
        robot.interact(() -> wizard.viewModel().goTo(4));
        assertThat(plottedKnee()).isEqualTo(chatKnee.outputTokensPerSecond());
        assertThat(heading(robot)).contains("Chatbot (ShareGPT)");
    }
}
