package dev.kiq.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.profile.MeasuredFixture;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileWriter;
import dev.kiq.profile.Provenance;
import dev.kiq.ui.accelerator.AcceleratorRow;
import dev.kiq.ui.service.CoreAdapters;
import dev.kiq.ui.task.TaskExecutor;
import dev.kiq.ui.task.UiTaskExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 10 §5 in the wizard: with a measured profile of a shipped combination in the per-user folder, the accelerator
 * table's row for that combination is the measurement (not the dearer-looking model beside it, not both), and choosing it
 * puts the measurement on the chart and under the recommendation.
 */
@ExtendWith(ApplicationExtension.class)
class MeasuredBeatsModeledWizardTest {

    private final TaskExecutor executor = new UiTaskExecutor();

    @TempDir
    Path home;

    @AfterEach
    void stop() {
        executor.shutdown();
    }

    @Test
    void theAcceleratorTableAndTheChartShowTheMeasuredProfile() throws Exception {
        Path profiles = home.resolve("profiles");
        ProfileWriter.write(MeasuredFixture.measured(), profiles.resolve("bench-h100.yaml"));
        var services = CoreAdapters.create(executor, Optional.of(profiles));
        Wizard[] wizard = new Wizard[1];
        FxToolkit.setupStage(stage -> {
            wizard[0] = new Wizard(services);
            KiqApp.show(stage, wizard[0]);
        });
        FxToolkit.setupFixture(() -> {
            wizard[0].model().select(MeasuredFixture.MODEL);
            wizard[0].viewModel().goTo(ChartFixture.PERFORMANCE - 1);
        });
        WaitForAsyncUtils.waitForFxEvents();
        List<AcceleratorRow> h100 = wizard[0].accelerator().rows().stream()
                .filter(r -> r.accelerator().equals(MeasuredFixture.H100)).toList();
        assertThat(h100).singleElement().satisfies(r ->
                assertThat(r.profile().provenance().kind()).isEqualTo(Provenance.Kind.measured));

        FxToolkit.setupFixture(() -> {
            wizard[0].accelerator().select(MeasuredFixture.H100);
            wizard[0].viewModel().goTo(ChartFixture.PERFORMANCE);
        });
        WaitForAsyncUtils.waitForFxEvents();
        Profile shown = wizard[0].state().profileProperty().get();
        assertThat(shown.provenance().kind()).isEqualTo(Provenance.Kind.measured);
        // the recommendation's figures are the measurement's: 0.7x the model's knee throughput
        double modeledKnee = MeasuredFixture.shippedModeled().knee().orElseThrow().outputTokensPerSecond();
        assertThat(wizard[0].state().analysis().orElseThrow().knee().orElseThrow().outputTokensPerSecond())
                .isCloseTo(modeledKnee * MeasuredFixture.THROUGHPUT_FACTOR, org.assertj.core.data.Offset.offset(1.0));
        assertThat(wizard[0].performance().accuracyDescription()).startsWith("Measured (kiq-bench");
    }
}
