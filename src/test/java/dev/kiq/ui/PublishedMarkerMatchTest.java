package dev.kiq.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.ui.service.LatencyMetric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 10 §5 on the chart: a published point is drawn as a filled marker only when the core's
 * {@code PointMatch} finds it measured what the curve models; under another engine generation it is a
 * hollow marker whose hover says what differs; under another use case it is not drawn at all.
 * GKE Inference Quickstart's knee for DeepSeek-R1-Distill-Qwen-7B on 1x A100 40GB was measured on
 * vLLM 0.7.2 (V0) with ShareGPT.
 */
@ExtendWith(ApplicationExtension.class)
class PublishedMarkerMatchTest {

    @RegisterExtension
    final ChartFixture fixture = new ChartFixture();

    @Test
    void onTheV0CurveOfItsVersionTheKneeIsAFilledMarker() throws Exception {
        Wizard wizard = deepSeekOnA100("v0.7.2");
        assertThat(wizard.state().profileProperty().get().modelServerInfo().modelServerVersion()).isEqualTo("v0.7.2");
        assertThat(fixture.chart().publishedMarkerCount()).isEqualTo(1);
        assertThat(fixture.chart().nearMarkerCount()).isZero();
        assertThat(fixture.chart().publishedMarkerText(0)).contains("Comparable with the curve").contains("Google Cloud")
                .contains("Printed in the source.");
    }

    @Test
    void theKneeMarkerUnderTheTargetLineStillShowsItsHover() throws Exception {
        Wizard wizard = deepSeekOnA100("v0.7.2");
        // the target line at 72 ms lies on GKE's published knee (3357 at 72); the modeled knee moves with every refit
        // (72.4 ms, then 69.9 ms), so the line is put there by a target rather than left at the knee: the line's grip
        // takes the pointer there, and shows every item's hover, the published one first
        FxToolkit.setupFixture(() -> wizard.performance().setTarget(72));
        WaitForAsyncUtils.waitForFxEvents();
        java.util.Optional<String> hover = fixture.chart().gripHoverTextAt(3357, 72);
        assertThat(hover).hasValueSatisfying(text -> assertThat(text).startsWith("Published: 3,357 output tok/s, 72.0 ms"));
        // far from the line the grip is not there: nothing to forward
        assertThat(fixture.chart().gripHoverTextAt(3357, 20)).isEmpty();
    }

    @Test
    void onTheV1CurveTheV0KneeIsAHollowMarkerThatSaysWhatDiffers() throws Exception {
        Wizard wizard = deepSeekOnA100("v0.19.1");
        assertThat(fixture.chart().publishedMarkerCount()).isZero();
        assertThat(fixture.chart().nearMarkerCount()).isEqualTo(1);
        assertThat(fixture.chart().nearMarkersHollow()).isTrue();
        assertThat(fixture.chart().nearMarkerText(0)).contains("Published: 3,357 output tok/s, 72.0 ms")
                .contains("Differs from the curve: engine V0 (vLLM 0.7.2); the curve is V1 (vLLM 0.19.1)");
        // the legend names the hollow markers apart from the comparable ones
        assertThat(legendLabels()).contains("published, other setup (hover: what differs)").doesNotContain("published measurements");
        // the knee gives no TTFT: no marker of either kind on the TTFT chart
        FxToolkit.setupFixture(() -> wizard.performance().metricProperty().set(LatencyMetric.TTFT));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fixture.chart().nearMarkerCount()).isZero();
    }

    /**
     * Seen in the Xvfb walk at 1024x700 (vLLM 0.7.2, no target): the operating-point diamond lay on GKE's published knee,
     * hid its triangle, and took the pointer with a hover that said only "Operating point". The curve here is made so
     * that its operating point for a 72 ms target is the published knee itself (3357 tok/s, NTPOT 72 ms), whatever the
     * model's numbers are.
     */
    @Test
    void aPublishedMeasurementUnderTheOperatingPointIsInItsHoverAndShowsThroughIt() throws Exception {
        Wizard wizard = deepSeekOnA100("v0.7.2");
        dev.kiq.profile.Profile shown = wizard.state().profileProperty().get();
        java.util.List<dev.kiq.profile.PerformancePoint> points = java.util.List.of(point(1, 1000, 40), point(2, 2000, 50),
                point(3, 3357, 72), point(4, 3600, 150));
        dev.kiq.profile.Profile onTheKnee = new dev.kiq.profile.Profile(shown.modelServerInfo(), shown.acceleratorType(),
                shown.tpuTopology(), shown.instanceType(), shown.resourcesUsed(), points, shown.provenance(), shown.serverConfig(),
                java.util.Optional.empty());
        // the target first, then the made curve, which must stay the one shown (set together, the chart showed the
        // operating point of the shipped curve once its knee moved under 72 ms)
        FxToolkit.setupFixture(() -> wizard.performance().setTarget(72));
        WaitForAsyncUtils.waitForFxEvents();
        FxToolkit.setupFixture(() -> wizard.state().profileProperty().set(onTheKnee));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(wizard.state().profileProperty().get()).as("the made curve is the one shown").isSameAs(onTheKnee);
        assertThat(fixture.chart().operatingPointXY()).hasValueSatisfying(xy -> assertThat(xy).containsExactly(3357, 72));
        assertThat(fixture.chart().publishedMarkerCount()).as("the case: GKE's knee is marked").isEqualTo(1);
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS,
                () -> fixture.chart().operatingPointHoverText().startsWith("Published: 3,357 output tok/s, 72.0 ms"));
        // both halves of the hover write the same point's throughput the same way (the walk showed "3357" over "3,357")
        assertThat(fixture.chart().operatingPointHoverText()).contains("\n\nOperating point\n").contains("Output tok/s: 3,357")
                .doesNotContain("3357");
        // the diamond is see-through, so the triangle under it shows
        javafx.scene.shape.Polygon diamond = (javafx.scene.shape.Polygon) fixture.page().lookup("#operating-point");
        assertThat(((javafx.scene.paint.Color) diamond.getFill()).getOpacity()).isLessThan(0.6);
    }

    /**
     * Seen in the Xvfb walk at 1024x700 (vLLM 0.7.2, no target): under the see-through diamond the curve's knee square
     * covered GKE's published triangle at the same place, while the legend named "published measurements". The made
     * curve has a point on the published knee: drawn, the pixel there is the triangle's (the theme's foreground), not
     * the square's green, and the item the pointer finds there is the published measurement.
     */
    @Test
    void aCurvePointOnAPublishedMeasurementDoesNotCoverItsMarker() throws Exception {
        Wizard wizard = deepSeekOnA100("v0.7.2");
        dev.kiq.profile.Profile shown = wizard.state().profileProperty().get();
        dev.kiq.profile.Profile onTheKnee = new dev.kiq.profile.Profile(shown.modelServerInfo(), shown.acceleratorType(),
                shown.tpuTopology(), shown.instanceType(), shown.resourcesUsed(), java.util.List.of(point(1, 1000, 40),
                        point(2, 2000, 50), point(3, 3357, 72), point(4, 3600, 150)), shown.provenance(), shown.serverConfig(),
                java.util.Optional.empty());
        FxToolkit.setupFixture(() -> wizard.state().profileProperty().set(onTheKnee));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fixture.chart().publishedMarkerCount()).as("the case: GKE's knee is marked").isEqualTo(1);

        org.jfree.chart.ChartRenderingInfo info = new org.jfree.chart.ChartRenderingInfo();
        java.awt.image.BufferedImage image = FxToolkit.setupFixture(() -> fixture.chart().chart()
                .createBufferedImage(800, 500, info));
        java.awt.geom.Rectangle2D area = info.getPlotInfo().getDataArea();
        var plot = fixture.plot();
        int x = (int) Math.round(plot.getDomainAxis().valueToJava2D(3357, area, plot.getDomainAxisEdge()));
        int y = (int) Math.round(plot.getRangeAxis().valueToJava2D(72, area, plot.getRangeAxisEdge()));
        java.awt.Color pixel = new java.awt.Color(image.getRGB(x, y));
        java.awt.Color marker = dev.kiq.ui.theme.Theme.LIGHT.foreground();
        assertThat(Math.abs(pixel.getRed() - marker.getRed()) + Math.abs(pixel.getGreen() - marker.getGreen())
                + Math.abs(pixel.getBlue() - marker.getBlue())).as("the pixel at the published knee is the triangle's: %s", pixel)
                .isLessThan(40);
        org.jfree.chart.entity.ChartEntity found = info.getEntityCollection().getEntity(x, y);
        assertThat(found).isInstanceOf(org.jfree.chart.entity.XYItemEntity.class);
        assertThat(found.getToolTipText()).startsWith("Published: 3,357 output tok/s, 72.0 ms");
    }

    /** A point of the made curve: output tokens/s and NTPOT as given, the other figures plausible. */
    private static dev.kiq.profile.PerformancePoint point(double qps, double outputTokensPerSecond, double ntpotMs) {
        return new dev.kiq.profile.PerformancePoint(qps, outputTokensPerSecond, outputTokensPerSecond * 1.2, ntpotMs, ntpotMs * 3,
                ntpotMs * 0.9, 0, qps * 10, 0.1 * qps);
    }

    /** The wizard showing DeepSeek-R1-Distill-Qwen-7B on 1x A100 40GB under a vLLM version. */
    private Wizard deepSeekOnA100(String vllmVersion) throws Exception {
        Wizard wizard = fixture.open();
        FxToolkit.setupFixture(() -> {
            wizard.model().select(ChartFixture.DEEPSEEK);
            wizard.server().versionProperty().set(vllmVersion);
        });
        WaitForAsyncUtils.waitForFxEvents();
        fixture.showPerformance(ChartFixture.DEEPSEEK, null, "nvidia-tesla-a100");
        return wizard;
    }

    private java.util.List<String> legendLabels() {
        java.util.List<String> labels = new java.util.ArrayList<>();
        org.jfree.chart.LegendItemCollection items = fixture.plot().getLegendItems();
        for (int i = 0; i < items.getItemCount(); i++) {
            labels.add(items.get(i).getLabel());
        }
        return labels;
    }
}
