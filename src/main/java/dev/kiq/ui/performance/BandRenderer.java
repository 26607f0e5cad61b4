package dev.kiq.ui.performance;

import java.awt.AlphaComposite;
import java.awt.Composite;
import java.awt.Graphics2D;
import java.awt.geom.Area;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.data.xy.IntervalXYDataset;
import org.jfree.data.xy.XYDataset;

/**
 * Draws the runs of a {@link BandSeries} band as one region: their union, filled once at the renderer's alpha.
 * {@link DeviationRenderer} fills each series apart, so where two runs of one band overlap (at the turn past the knee,
 * where throughput falls back) the see-through fill was laid twice and a darker strip showed a region the band does
 * not have (Xvfb walk, DeepSeek-R1-Distill-Qwen-7B on 1x H100, vLLM 0.19.1). The band is drawn in the series pass,
 * with neither lines nor shapes.
 */
public class BandRenderer extends DeviationRenderer {

    public BandRenderer() {
        super(false, false);
    }

    @Override
    public void drawItem(Graphics2D g2, XYItemRendererState state, Rectangle2D dataArea, PlotRenderingInfo info,
            XYPlot plot, ValueAxis domainAxis, ValueAxis rangeAxis, XYDataset dataset, int series, int item,
            CrosshairState crosshairState, int pass) {
        if (pass != 0) {
            super.drawItem(g2, state, dataArea, info, plot, domainAxis, rangeAxis, dataset, series, item, crosshairState, pass);
            return;
        }
        // the plot calls every item of every series; the union is filled once, at the last call of the pass
        if (series != lastSeriesDrawn(plot, dataset) || item != dataset.getItemCount(series) - 1) {
            return;
        }
        IntervalXYDataset bands = (IntervalXYDataset) dataset;
        Area union = new Area();
        for (int s = 0; s < bands.getSeriesCount(); s++) {
            int n = bands.getItemCount(s);
            if (n == 0 || !isSeriesVisible(s)) {
                continue;
            }
            Path2D.Double outline = new Path2D.Double();
            for (int i = 0; i < n; i++) {
                point(outline, i == 0, bands.getXValue(s, i), bands.getStartYValue(s, i), plot, dataArea, domainAxis, rangeAxis);
            }
            for (int i = n - 1; i >= 0; i--) {
                point(outline, false, bands.getXValue(s, i), bands.getEndYValue(s, i), plot, dataArea, domainAxis, rangeAxis);
            }
            outline.closePath();
            union.add(new Area(outline));
        }
        Composite before = g2.getComposite();
        g2.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, getAlpha()));
        g2.setPaint(lookupSeriesFillPaint(0));
        g2.fill(union);
        g2.setComposite(before);
    }

    /** The series the plot draws last: the first one when it draws in reverse order (JFreeChart's default). */
    private static int lastSeriesDrawn(XYPlot plot, XYDataset dataset) {
        int last = dataset.getSeriesCount() - 1;
        if (plot.getSeriesRenderingOrder() == SeriesRenderingOrder.REVERSE) {
            for (int s = 0; s <= last; s++) {
                if (dataset.getItemCount(s) > 0) {
                    return s;
                }
            }
            return 0;
        }
        while (last > 0 && dataset.getItemCount(last) == 0) {
            last--;
        }
        return last;
    }

    private static void point(Path2D.Double path, boolean first, double x, double y, XYPlot plot, Rectangle2D dataArea,
            ValueAxis domainAxis, ValueAxis rangeAxis) {
        double across = domainAxis.valueToJava2D(x, dataArea, plot.getDomainAxisEdge());
        double up = rangeAxis.valueToJava2D(y, dataArea, plot.getRangeAxisEdge());
        double px = plot.getOrientation() == PlotOrientation.VERTICAL ? across : up;
        double py = plot.getOrientation() == PlotOrientation.VERTICAL ? up : across;
        if (first) {
            path.moveTo(px, py);
        } else {
            path.lineTo(px, py);
        }
    }
}
