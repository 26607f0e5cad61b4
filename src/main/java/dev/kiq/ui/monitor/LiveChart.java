package dev.kiq.ui.monitor;

import dev.kiq.monitor.Assessment;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.ui.performance.BandSeries;
import dev.kiq.ui.performance.ChartOverlay;
import dev.kiq.ui.service.LatencyMetric;
import java.awt.BasicStroke;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.text.Text;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The profile's curve (NTPOT against output tokens/s per replica) with the knee, and over it, through the
 * performance chart's {@link ChartOverlay}, the live point and its recent trail. A refresh moves overlay
 * nodes only; the chart itself redraws when the trail widens the axes.
 */
public final class LiveChart {

    private final XYSeries curve = new XYSeries("profile", false);
    private final XYSeries span = new XYSeries("live", false);
    private final XYSeriesCollection data = new XYSeriesCollection();
    // dataset 1, drawn behind the curve: its expected-error band (the performance chart's, from the core's ErrorBand)
    private final YIntervalSeriesCollection band = new YIntervalSeriesCollection();
    private final ChartViewer viewer;
    private final ChartOverlay overlay;
    private final List<Circle> trailDots = new ArrayList<>();
    private final Circle live = new Circle(7, Color.web("#d62728"));
    private final Circle knee = new Circle(6, Color.TRANSPARENT);
    private final Text liveLabel = new Text();
    private final StackPane node;
    private List<PerformancePoint> trail = List.of();
    private Optional<PerformancePoint> kneePoint = Optional.empty();
    private long frames;

    public LiveChart(LivePaneViewModel vm) {
        data.addSeries(curve);
        data.addSeries(span);
        NumberAxis x = new NumberAxis("output tokens/s per replica");
        NumberAxis y = new NumberAxis("NTPOT (ms)");
        x.setAutoRangeIncludesZero(true);
        y.setAutoRangeIncludesZero(true);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, new java.awt.Color(0x1f77b4));
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        renderer.setSeriesLinesVisible(1, false);
        renderer.setSeriesShapesVisible(1, false);
        renderer.setSeriesVisibleInLegend(1, false);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        DeviationRenderer bandRenderer = new dev.kiq.ui.performance.BandRenderer();
        bandRenderer.setDefaultFillPaint(new java.awt.Color(0x1f77b4));
        bandRenderer.setAutoPopulateSeriesFillPaint(false);
        bandRenderer.setAlpha(0.22f);
        plot.setDataset(1, band);
        plot.setRenderer(1, bandRenderer);
        JFreeChart chart = new JFreeChart(null, new Font(Font.SANS_SERIF, Font.PLAIN, 12), plot, false);
        chart.setBackgroundPaint(java.awt.Color.WHITE);
        viewer = new ChartViewer(chart, false);
        viewer.setId("live-chart");
        overlay = new ChartOverlay(viewer, plot);
        knee.setStroke(Color.web("#2ca02c"));
        knee.setStrokeWidth(2.5);
        knee.setId("live-knee");
        live.setId("live-point");
        live.setStroke(Color.WHITE);
        liveLabel.setId("live-label");
        for (int i = 0; i < LivePaneViewModel.TRAIL; i++) {
            Circle dot = new Circle(4, Color.web("#d62728", 0.15 + 0.5 * i / LivePaneViewModel.TRAIL));
            dot.setMouseTransparent(true);
            trailDots.add(dot);
        }
        overlay.add(new ChartOverlay.Layer() {
            @Override
            public List<Node> nodes() {
                List<Node> nodes = new ArrayList<>(trailDots);
                nodes.add(knee);
                nodes.add(live);
                nodes.add(liveLabel);
                return nodes;
            }

            @Override
            public void place(ChartOverlay.PixelMap map) {
                frames++;
                LiveChart.this.place(map);
            }
        });
        node = new StackPane(viewer, overlay.pane());
        node.setMinSize(200, 160);
        vm.profileProperty().addListener((o, a, b) -> setProfile(b));
        setProfile(vm.profileProperty().get());
        vm.trail().addListener((ListChangeListener<PerformancePoint>) c -> setTrail(List.copyOf(vm.trail())));
        vm.assessmentProperty().addListener((o, a, b) -> {
            kneePoint = b.map(Assessment::knee);
            overlay.refresh();
        });
    }

    public StackPane node() {
        return node;
    }

    /** Draws counted since the chart was built (for the frame-work benchmark). */
    public long frames() {
        return frames;
    }

    /**
     * The curve and its expected-error band, where the core gives one (both the throughput and the NTPOT errors known):
     * drawn bare, with its error in the caption only, the curve read as exact beside a live point that is off it by
     * less than that error (the performance chart shades the same curve).
     */
    void setProfile(Profile p) {
        curve.clear();
        band.removeAllSeries();
        if (p != null) {
            p.performanceStats().forEach(pt -> curve.add(pt.outputTokensPerSecond(), pt.ntpotMilliseconds()));
            double[] xs = p.performanceStats().stream().mapToDouble(PerformancePoint::outputTokensPerSecond).toArray();
            double[] ys = p.performanceStats().stream().mapToDouble(PerformancePoint::ntpotMilliseconds).toArray();
            p.provenance().expectedError().band(LatencyMetric.NTPOT.name())
                    .ifPresent(e -> BandSeries.of("expected error", xs, ys, e).forEach(band::addSeries));
        }
    }

    /** The band as drawn, slice by slice: {x, low, high} of every run; empty without a band. */
    public List<double[]> bandSlices() {
        List<double[]> slices = new ArrayList<>();
        for (int s = 0; s < band.getSeriesCount(); s++) {
            for (int i = 0; i < band.getItemCount(s); i++) {
                slices.add(new double[] {band.getXValue(s, i), band.getStartYValue(s, i), band.getEndYValue(s, i)});
            }
        }
        return slices;
    }

    /** Shows a new trail; the last point is the live one. The axes widen when it leaves the curve's range. */
    public void setTrail(List<PerformancePoint> points) {
        trail = points;
        double maxX = points.stream().mapToDouble(PerformancePoint::outputTokensPerSecond).max().orElse(0);
        double maxY = points.stream().mapToDouble(PerformancePoint::ntpotMilliseconds).max().orElse(0);
        boolean widen = maxX > curve.getMaxX() || maxY > curve.getMaxY();
        // the chart redraws (its slowest work) only when the axes must change: a trail still past the curve by as much
        // as before keeps them, and only the overlay moves
        boolean axesChange = widen ? span.isEmpty() || span.getMaxX() != maxX || span.getMaxY() != maxY : !span.isEmpty();
        if (axesChange) {
            span.clear();
            if (widen) {
                span.add(maxX, maxY);
            }
        } else {
            overlay.refresh();
        }
    }

    private void place(ChartOverlay.PixelMap map) {
        for (int i = 0; i < trailDots.size(); i++) {
            Circle dot = trailDots.get(i);
            int index = trail.size() - trailDots.size() + i;
            boolean shown = index >= 0 && index < trail.size() - 1;
            dot.setVisible(shown);
            if (shown) {
                dot.setCenterX(map.x(trail.get(index).outputTokensPerSecond()));
                dot.setCenterY(map.y(trail.get(index).ntpotMilliseconds()));
            }
        }
        live.setVisible(!trail.isEmpty());
        liveLabel.setVisible(!trail.isEmpty());
        if (!trail.isEmpty()) {
            PerformancePoint p = trail.get(trail.size() - 1);
            live.setCenterX(map.x(p.outputTokensPerSecond()));
            live.setCenterY(map.y(p.ntpotMilliseconds()));
            liveLabel.setText("live " + Assessment.num(p.outputTokensPerSecond()) + " tok/s");
            liveLabel.setX(live.getCenterX() + 10);
            liveLabel.setY(live.getCenterY() - 10);
        }
        knee.setVisible(kneePoint.isPresent());
        kneePoint.ifPresent(k -> {
            knee.setCenterX(map.x(k.outputTokensPerSecond()));
            knee.setCenterY(map.y(k.ntpotMilliseconds()));
        });
    }

    /** Where the live point is drawn, in the overlay's pixels; empty before the first live point. */
    public Optional<double[]> livePointInPixels() {
        return live.isVisible() ? Optional.of(new double[] {live.getCenterX(), live.getCenterY()}) : Optional.empty();
    }

    public int trailDotsShown() {
        return (int) trailDots.stream().filter(Node::isVisible).count();
    }
}
