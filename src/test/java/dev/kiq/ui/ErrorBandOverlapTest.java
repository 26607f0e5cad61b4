package dev.kiq.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;
import org.jfree.chart.ChartRenderingInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Seen in the Xvfb walk (DeepSeek-R1-Distill-Qwen-7B on 1x H100, vLLM 0.19.1): past the knee, where throughput falls back,
 * the error band is two runs that overlap, and the overlap was a darker strip, as if the band there were surer. The band
 * is one region: over the plot's background every pixel of it has the colour of one layer of its see-through fill, none
 * the colour of two.
 */
@ExtendWith(ApplicationExtension.class)
class ErrorBandOverlapTest {

    @RegisterExtension
    final ChartFixture fixture = new ChartFixture();

    @Test
    void whereTheBandsRunsOverlapItIsNoDarker() throws Exception {
        Wizard wizard = fixture.openOn(ChartFixture.DEEPSEEK, null, ChartFixture.H100);
        Profile shown = wizard.state().profileProperty().get();
        // a curve that turns back past its knee: throughput 3,000 then 2,800 and 2,600 tok/s while NTPOT climbs
        List<PerformancePoint> points = List.of(point(1, 1000, 40), point(2, 2000, 50), point(3, 3000, 72),
                point(4, 2800, 150), point(5, 2600, 300));
        Profile turning = new Profile(shown.modelServerInfo(), shown.acceleratorType(), shown.tpuTopology(),
                shown.instanceType(), shown.resourcesUsed(), points, shown.provenance(), shown.serverConfig(), Optional.empty());
        FxToolkit.setupFixture(() -> wizard.state().profileProperty().set(turning));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fixture.chart().errorBandShown()).as("the case: a band is drawn").isTrue();
        assertThat(fixture.plot().getDataset(4).getSeriesCount()).as("the case: the band is two runs").isGreaterThan(1);

        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage image = FxToolkit.setupFixture(() -> fixture.chart().chart().createBufferedImage(800, 500, info));
        java.awt.geom.Rectangle2D area = info.getPlotInfo().getDataArea();
        var renderer = (org.jfree.chart.renderer.xy.DeviationRenderer) fixture.plot().getRenderer(4);
        Color fill = (Color) renderer.lookupSeriesFillPaint(0);
        Color background = (Color) fixture.plot().getBackgroundPaint();
        float alpha = renderer.getAlpha();
        Color once = over(fill, background, alpha);
        Color twice = over(fill, once, alpha);
        int onceCount = 0;
        int twiceCount = 0;
        for (int y = (int) area.getMinY() + 1; y < area.getMaxY() - 1; y++) {
            for (int x = (int) area.getMinX() + 1; x < area.getMaxX() - 1; x++) {
                Color c = new Color(image.getRGB(x, y));
                onceCount += near(c, once) ? 1 : 0;
                // a 3x3 block of the two-layer colour: a region, not the smoothed edge of the curve's own green line
                boolean block = true;
                for (int dy = -1; dy <= 1 && block; dy++) {
                    for (int dx = -1; dx <= 1 && block; dx++) {
                        block = near(new Color(image.getRGB(x + dx, y + dy)), twice);
                    }
                }
                twiceCount += block ? 1 : 0;
            }
        }
        assertThat(onceCount).as("the case: the band shows over the background").isGreaterThan(1000);
        assertThat(twiceCount).as("3x3 blocks where the fill was laid twice (one layer: %s, two: %s)", once, twice).isZero();
    }

    /** Source-over of {@code top} at {@code alpha} on {@code under}. */
    private static Color over(Color top, Color under, float alpha) {
        return new Color(Math.round(top.getRed() * alpha + under.getRed() * (1 - alpha)),
                Math.round(top.getGreen() * alpha + under.getGreen() * (1 - alpha)),
                Math.round(top.getBlue() * alpha + under.getBlue() * (1 - alpha)));
    }

    private static boolean near(Color a, Color b) {
        return Math.abs(a.getRed() - b.getRed()) <= 2 && Math.abs(a.getGreen() - b.getGreen()) <= 2
                && Math.abs(a.getBlue() - b.getBlue()) <= 2;
    }

    /** A point of the made curve: output tokens/s and NTPOT as given, the other figures plausible. */
    private static PerformancePoint point(double qps, double outputTokensPerSecond, double ntpotMs) {
        return new PerformancePoint(qps, outputTokensPerSecond, outputTokensPerSecond * 1.2, ntpotMs, ntpotMs * 3,
                ntpotMs * 0.9, 0, qps * 10, 0.1 * qps);
    }
}
