package dev.kiq.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.profile.Basis;
import dev.kiq.profile.ExpectedError;
import dev.kiq.profile.Profile;
import dev.kiq.profile.Provenance;
import dev.kiq.ui.service.LatencyMetric;
import java.util.OptionalDouble;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 10 §4 and §5 on the real core's data: the chart marks the published measurements of the shown
 * combination with their source, shades the curve's expected-error band when the profile's accuracy is
 * known and says so under the chart; the accelerator table shows each row's accuracy.
 */
@ExtendWith(ApplicationExtension.class)
class ChartAccuracyTest {

    @RegisterExtension
    final ChartFixture fixture = new ChartFixture();
    private Wizard wizard;

    @Test
    void thePublishedKneeIsMarkedWithItsSource() throws Exception {
        wizard = fixture.openOn(ChartFixture.DEEPSEEK, null, "nvidia-tesla-a100");
        // GKE Inference Quickstart publishes one knee for this model on 1x A100 40GB (3357 tok/s, NTPOT 72 ms)
        assertThat(fixture.chart().publishedMarkerCount()).isEqualTo(1);
        assertThat(fixture.chart().publishedMarkerText(0)).contains("3357 output tok/s").contains("72.0 ms").contains("Google Cloud");
        // it publishes no TTFT, so the TTFT chart has no marker
        FxToolkit.setupFixture(() -> wizard.performance().metricProperty().set(LatencyMetric.TTFT));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fixture.chart().publishedMarkerCount()).isZero();
    }

    @Test
    void anUncalibratedCurveHasNoBandAndSaysSo() throws Exception {
        wizard = fixture.openOn(ChartFixture.DEEPSEEK, null, "nvidia-tesla-a100");
        Profile shown = wizard.state().profileProperty().get();
        Profile uncalibrated = ChartFixture.withProvenance(shown,
                new Provenance(Provenance.Kind.modeled, "kiq-perf-model", "test", "2026-12-01", "sharegpt-shaped"));
        FxToolkit.setupFixture(() -> wizard.state().profileProperty().set(uncalibrated));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fixture.chart().errorBandShown()).isFalse();
        assertThat(fixture.chart().accuracyText()).contains("estimated factors");
    }

    @Test
    void aCalibratedProfileGetsItsErrorBandAroundTheCurve() throws Exception {
        wizard = fixture.openOn(ChartFixture.DEEPSEEK, null, "nvidia-tesla-a100");
        Profile shown = wizard.state().profileProperty().get();
        Provenance calibrated = new Provenance(Provenance.Kind.modeled, "kiq-perf-model", "test", "2026-12-01",
                "sharegpt-shaped", Basis.calibrated, new ExpectedError(OptionalDouble.of(0.1), OptionalDouble.of(0.2),
                        OptionalDouble.empty(), OptionalDouble.empty()));
        Profile copy = ChartFixture.withProvenance(shown, calibrated);
        FxToolkit.setupFixture(() -> wizard.state().profileProperty().set(copy));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fixture.chart().errorBandShown()).isTrue();
        YIntervalSeriesCollection band = (YIntervalSeriesCollection) fixture.chart().chart().getXYPlot().getDataset(4);
        // NTPOT ±20%: the band runs from 0.8 to 1.2 times the curve at every point
        double ntpot = copy.performanceStats().get(0).ntpotMilliseconds();
        assertThat(band.getStartYValue(0, 0)).isCloseTo(ntpot * 0.8, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(band.getEndYValue(0, 0)).isCloseTo(ntpot * 1.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(band.getSeriesKey(0).toString()).contains("±20%");
        // the caption names the NTPOT error the band shows, not only the curve's larger one
        assertThat(fixture.chart().accuracyText()).contains("expected error ±20%", "NTPOT ±20%", "throughput ±10%");
    }

    @Test
    void theAcceleratorTableSaysHowFarEachRowCanBeTrusted() throws Exception {
        wizard = fixture.openOn(ChartFixture.DEEPSEEK, null, "nvidia-tesla-a100");
        assertThat(wizard.accelerator().rows()).isNotEmpty().allSatisfy(row -> {
            Basis basis = row.profile().provenance().basis();
            assertThat(row.uncalibrated()).isEqualTo(basis == Basis.uncalibrated);
            if (basis == Basis.uncalibrated) {
                assertThat(row.accuracy()).isEqualTo("uncalibrated");
                assertThat(row.accuracyDescription()).contains("estimated factors");
            } else {
                assertThat(row.accuracy()).matches("measured|±\\d+%.*|calibrated|extrapolated");
            }
        });
    }
}
