package dev.kiq.ui;

import dev.kiq.profile.Profile;
import dev.kiq.profile.Provenance;
import dev.kiq.ui.performance.PerformanceStepView;
import dev.kiq.ui.performance.ProfileChart;
import dev.kiq.ui.service.CoreAdapters;
import dev.kiq.ui.task.TaskExecutor;
import dev.kiq.ui.task.UiTaskExecutor;
import java.util.Optional;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The chart tests' one setup: the wizard on the real core's services in a TestFX stage, opened on the
 * Performance page of a model and accelerator. Register it with {@code @RegisterExtension}: it shuts its task
 * executor down after each test.
 */
final class ChartFixture implements AfterEachCallback {

    static final String DEEPSEEK = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";
    static final String H100 = "nvidia-h100-80gb";

    /** The Performance page's index in the wizard. */
    static final int PERFORMANCE = 4;

    private final TaskExecutor executor = new UiTaskExecutor();
    private Wizard wizard;

    /** Shows the wizard at its first page. */
    Wizard open() throws Exception {
        var services = CoreAdapters.create(executor, Optional.empty());
        FxToolkit.setupStage(stage -> {
            wizard = new Wizard(services);
            KiqApp.show(stage, wizard);
        });
        WaitForAsyncUtils.waitForFxEvents();
        return wizard;
    }

    /** Sizes the wizard's window, as a screen of that size would (1024x700, 1280x820, 1440x900). */
    void resize(int width, int height) throws Exception {
        FxToolkit.setupFixture(() -> {
            var stage = FxToolkit.toolkitContext().getRegisteredStage();
            stage.setWidth(width);
            stage.setHeight(height);
        });
    }

    /**
     * Selects the model (and the NTPOT target, unless {@code null}), then the accelerator, and goes to the
     * Performance page, as a person clicking through does.
     */
    void showPerformance(String model, String targetNtpot, String accelerator) throws Exception {
        FxToolkit.setupFixture(() -> {
            wizard.model().select(model);
            if (targetNtpot != null) {
                wizard.workload().targetNtpotProperty().set(targetNtpot);
            }
            wizard.viewModel().goTo(PERFORMANCE - 1);
            wizard.accelerator().select(accelerator);
            wizard.viewModel().goTo(PERFORMANCE);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** {@link #open()}, then {@link #showPerformance}. */
    Wizard openOn(String model, String targetNtpot, String accelerator) throws Exception {
        open();
        showPerformance(model, targetNtpot, accelerator);
        return wizard;
    }

    Wizard wizard() {
        return wizard;
    }

    PerformanceStepView page() {
        return (PerformanceStepView) wizard.view().page(PERFORMANCE);
    }

    ProfileChart chart() {
        return page().chart();
    }

    XYPlot plot() {
        return chart().chart().getXYPlot();
    }

    /** The same profile under another provenance (to show it calibrated or not). */
    static Profile withProvenance(Profile p, Provenance provenance) {
        return new Profile(p.modelServerInfo(), p.acceleratorType(), p.tpuTopology(), p.instanceType(), p.resourcesUsed(),
                p.performanceStats(), provenance, p.serverConfig(), p.knee());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        executor.shutdown();
    }
}
