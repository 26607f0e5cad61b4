package dev.kiq.ui.performance;

import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.ui.service.Analysis;
import dev.kiq.ui.service.Cost;
import dev.kiq.ui.service.LatencyMetric;
import dev.kiq.ui.theme.Theme;
import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.scene.Cursor;
import javafx.scene.input.MouseEvent;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYBoxAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartCanvas;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.fx.interaction.PanHandlerFX;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * The latency-vs-throughput (or latency-vs-cost) chart of the Performance step on JFreeChart-FX:
 * pre-knee points green, post-knee red, the ideal region shaded blue, the target a horizontal line
 * the user drags, the operating point a large diamond, other accelerators overlaid dashed. Hover
 * shows every field of a point. Colours come from {@link Theme} because JFreeChart ignores CSS.
 * <p>
 * The series are rebuilt only when the profile, metric, view or overlays change; moving the target
 * only moves the marker, the shaded region and the operating point, in one chart redraw.
 */
public final class ProfileChart {

    private static final int CURVE = 0;
    private static final int OPERATING = 1;
    private static final int OVERLAYS = 2;
    private static final double GRAB_PIXELS = 7;

    private final PerformanceStepViewModel vm;
    private final XYSeriesCollection curve = new XYSeriesCollection();
    private final XYSeriesCollection operating = new XYSeriesCollection();
    private final XYSeriesCollection overlays = new XYSeriesCollection();
    /** The points behind each series of {@link #curve} and {@link #overlays}, for tooltips. */
    private final List<List<PerformancePoint>> curvePoints = new ArrayList<>();
    private final List<Profile> overlayProfiles = new ArrayList<>();
    private final List<List<PerformancePoint>> overlayPoints = new ArrayList<>();
    private final NumberAxis xAxis = new NumberAxis();
    private final NumberAxis yAxis = new NumberAxis();
    private final XYLineAndShapeRenderer curveRenderer = new XYLineAndShapeRenderer(true, true);
    private final XYLineAndShapeRenderer operatingRenderer = new XYLineAndShapeRenderer(false, true);
    private final XYLineAndShapeRenderer overlayRenderer = new XYLineAndShapeRenderer(true, true);
    private final XYPlot plot;
    private final JFreeChart chart;
    private final ChartViewer viewer;
    private final ValueMarker targetMarker = new ValueMarker(0);
    private XYBoxAnnotation idealBox;
    private Theme theme = Theme.LIGHT;
    private boolean dragging;

    public ProfileChart(PerformanceStepViewModel vm) {
        this.vm = vm;
        xAxis.setAutoRangeIncludesZero(true);
        yAxis.setAutoRangeIncludesZero(true);
        plot = new XYPlot(curve, xAxis, yAxis, curveRenderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setDataset(OPERATING, operating);
        plot.setRenderer(OPERATING, operatingRenderer);
        plot.setDataset(OVERLAYS, overlays);
        plot.setRenderer(OVERLAYS, overlayRenderer);
        plot.setDomainPannable(true);
        plot.setRangePannable(true);
        plot.addRangeMarker(targetMarker, Layer.FOREGROUND);
        targetMarker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        targetMarker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);

        curveRenderer.setDefaultToolTipGenerator((dataset, series, item) ->
                vm.describe(vm.profileProperty().get(), curvePoints.get(series).get(item)));
        operatingRenderer.setDefaultToolTipGenerator((dataset, series, item) -> vm.analysisProperty().get()
                .flatMap(Analysis::operatingPoint)
                .map(p -> "Operating point\n" + vm.describe(vm.profileProperty().get(), p)).orElse(""));
        overlayRenderer.setDefaultToolTipGenerator((dataset, series, item) ->
                vm.describe(overlayProfiles.get(series), overlayPoints.get(series).get(item)));
        operatingRenderer.setSeriesShape(0, diamond(9));
        operatingRenderer.setDefaultSeriesVisibleInLegend(true);

        chart = new JFreeChart(null, new Font(Font.SANS_SERIF, Font.PLAIN, 12), plot, true);
        viewer = new ChartViewer(chart, true);
        viewer.setId("performance-chart");
        ChartCanvas canvas = viewer.getCanvas();
        canvas.setTooltipEnabled(true);
        // Alt-drag pans by default; Ctrl-drag too, since many desktops take Alt-drag for moving windows.
        canvas.addMouseHandler(new PanHandlerFX("pan-ctrl", false, true, false, false));
        canvas.addEventFilter(MouseEvent.MOUSE_MOVED, this::onMove);
        canvas.addEventFilter(MouseEvent.MOUSE_PRESSED, this::onPress);
        canvas.addEventFilter(MouseEvent.MOUSE_DRAGGED, this::onDrag);
        canvas.addEventFilter(MouseEvent.MOUSE_RELEASED, this::onRelease);

        vm.profileProperty().addListener((o, a, b) -> rebuild());
        vm.metricProperty().addListener((o, a, b) -> rebuild());
        vm.costViewProperty().addListener((o, a, b) -> rebuild());
        vm.overlays().addListener((javafx.collections.ListChangeListener<Profile>) c -> rebuild());
        vm.analysisProperty().addListener((o, a, b) -> updateRecommendation());
        // an unchanged analysis (same measured operating point) fires no change, but the line must still move
        vm.targetProperty().addListener((o, a, b) -> updateRecommendation());
        setTheme(Theme.LIGHT);
        rebuild();
    }

    public ChartViewer viewer() {
        return viewer;
    }

    public JFreeChart chart() {
        return chart;
    }

    public void setTheme(Theme t) {
        theme = t;
        chart.setNotify(false);
        chart.setBackgroundPaint(t.background());
        plot.setBackgroundPaint(t.background());
        plot.setDomainGridlinePaint(t.grid());
        plot.setRangeGridlinePaint(t.grid());
        plot.setOutlinePaint(t.grid());
        for (NumberAxis axis : List.of(xAxis, yAxis)) {
            axis.setLabelPaint(t.foreground());
            axis.setTickLabelPaint(t.foreground());
            axis.setAxisLinePaint(t.foreground());
            axis.setTickMarkPaint(t.foreground());
        }
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setBackgroundPaint(t.background());
            legend.setItemPaint(t.foreground());
        }
        curveRenderer.setSeriesPaint(0, t.preKnee());
        curveRenderer.setSeriesPaint(1, t.postKnee());
        curveRenderer.setSeriesStroke(0, new BasicStroke(2f));
        curveRenderer.setSeriesStroke(1, new BasicStroke(2f));
        operatingRenderer.setSeriesPaint(0, t.ideal());
        operatingRenderer.setUseOutlinePaint(true);
        operatingRenderer.setSeriesOutlinePaint(0, t.foreground());
        operatingRenderer.setDrawOutlines(true);
        targetMarker.setPaint(t.target());
        targetMarker.setLabelPaint(t.target());
        targetMarker.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        styleOverlays();
        updateRecommendation();
        chart.setNotify(true);
    }

    public Theme theme() {
        return theme;
    }

    /** Back to the automatic axis ranges after zooming or panning. */
    public void resetZoom() {
        chart.setNotify(false);
        xAxis.setAutoRange(true);
        yAxis.setAutoRange(true);
        chart.setNotify(true);
    }

    public byte[] png(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(out, chart, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public byte[] svg(int width, int height) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        chart.draw(g, new Rectangle(width, height));
        return g.getSVGDocument().getBytes(StandardCharsets.UTF_8);
    }

    // ---- data -----------------------------------------------------------------------------------

    private void rebuild() {
        chart.setNotify(false);
        curve.removeAllSeries();
        curvePoints.clear();
        overlays.removeAllSeries();
        overlayProfiles.clear();
        overlayPoints.clear();
        LatencyMetric metric = vm.metricProperty().get();
        boolean cost = vm.costViewProperty().get();
        xAxis.setLabel(cost ? "Cost per million output tokens (USD)" : "Output tokens per second");
        yAxis.setLabel(metric.label() + " p50 (ms)");
        Profile profile = vm.profileProperty().get();
        if (profile != null) {
            List<PerformancePoint> pts = pointsOf(profile);
            Optional<PerformancePoint> knee = vm.analysisProperty().get().flatMap(Analysis::knee);
            int kneeIndex = knee.map(k -> indexOfKnee(pts, k)).orElse(pts.size() - 1);
            XYSeries pre = new XYSeries("before the knee", false, true);
            XYSeries post = new XYSeries("after the knee", false, true);
            List<PerformancePoint> prePts = new ArrayList<>();
            List<PerformancePoint> postPts = new ArrayList<>();
            for (int i = 0; i < pts.size(); i++) {
                PerformancePoint p = pts.get(i);
                Optional<Double> x = x(profile, p, cost);
                if (x.isEmpty()) {
                    continue;
                }
                if (i <= kneeIndex) {
                    pre.add(x.get().doubleValue(), metric.of(p));
                    prePts.add(p);
                }
                if (i >= kneeIndex) { // the knee is in both, so the line is unbroken
                    post.add(x.get().doubleValue(), metric.of(p));
                    postPts.add(p);
                }
            }
            curve.addSeries(pre);
            curvePoints.add(prePts);
            curve.addSeries(post);
            curvePoints.add(postPts);
        }
        for (Profile o : vm.overlays()) {
            XYSeries s = new XYSeries(o.acceleratorCount() + "× " + o.acceleratorType(), false, true);
            List<PerformancePoint> shown = new ArrayList<>();
            for (PerformancePoint p : pointsOf(o)) {
                x(o, p, cost).ifPresent(x -> {
                    s.add(x.doubleValue(), metric.of(p));
                    shown.add(p);
                });
            }
            overlays.addSeries(s);
            overlayProfiles.add(o);
            overlayPoints.add(shown);
        }
        styleOverlays();
        updateRecommendation();
        xAxis.setAutoRange(true);
        yAxis.setAutoRange(true);
        chart.setNotify(true);
    }

    /** Moves the target line, the ideal region and the operating point to the current analysis. */
    private void updateRecommendation() {
        boolean notify = chart.isNotify();
        chart.setNotify(false);
        operating.removeAllSeries();
        if (idealBox != null) {
            curveRenderer.removeAnnotation(idealBox);
            idealBox = null;
        }
        Profile profile = vm.profileProperty().get();
        LatencyMetric metric = vm.metricProperty().get();
        boolean cost = vm.costViewProperty().get();
        Optional<Analysis> analysis = vm.analysisProperty().get();
        Optional<Double> target = vm.targetProperty().get();
        if (target.isPresent()) {
            targetMarker.setValue(target.get());
            targetMarker.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {8f, 4f}, 0f));
            targetMarker.setLabel(String.format(Locale.ROOT, "target %s %.1f ms (drag)", metric.label(), target.get()));
            targetMarker.setAlpha(1f);
        } else {
            // no target yet: a faint line at the knee that can be dragged to set one
            double at = analysis.flatMap(Analysis::knee).map(metric::of).orElse(0.0);
            targetMarker.setValue(at);
            targetMarker.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {2f, 4f}, 0f));
            targetMarker.setLabel("no " + metric.label() + " target: drag to set one");
            targetMarker.setAlpha(0.6f);
        }
        if (profile != null && analysis.isPresent()) {
            Analysis a = analysis.get();
            Optional<PerformancePoint> op = a.operatingPoint();
            if (op.isPresent()) {
                Optional<Double> x = x(profile, op.get(), cost);
                if (x.isPresent()) {
                    XYSeries s = new XYSeries("operating point", false, true);
                    s.add(x.get().doubleValue(), metric.of(op.get()));
                    operating.addSeries(s);
                    if (!cost) {
                        double top = target.orElse(metric.of(op.get()));
                        idealBox = new XYBoxAnnotation(0, 0, x.get(), Math.max(top, metric.of(op.get())), null, null,
                                theme.idealFill());
                        idealBox.setToolTipText("ideal region: meets the targets, at or before the knee");
                        curveRenderer.addAnnotation(idealBox, Layer.BACKGROUND);
                    }
                }
            }
        }
        chart.setNotify(notify);
    }

    private void styleOverlays() {
        for (int i = 0; i < overlays.getSeriesCount(); i++) {
            overlayRenderer.setSeriesPaint(i, theme.overlay(i));
            overlayRenderer.setSeriesStroke(i, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f));
            overlayRenderer.setSeriesShape(i, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
        }
    }

    private Optional<Double> x(Profile profile, PerformancePoint p, boolean cost) {
        if (!cost) {
            return Optional.of(p.outputTokensPerSecond());
        }
        return vm.cost(profile, p).map(Cost::perMillionOutputTokens);
    }

    private static List<PerformancePoint> pointsOf(Profile p) {
        return p.performanceStats();
    }

    private static int indexOfKnee(List<PerformancePoint> pts, PerformancePoint knee) {
        int best = pts.size() - 1;
        double bestDistance = Double.MAX_VALUE;
        for (int i = 0; i < pts.size(); i++) {
            double d = Math.abs(pts.get(i).queriesPerSecond() - knee.queriesPerSecond());
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        return best;
    }

    private static java.awt.Shape diamond(double r) {
        java.awt.geom.Path2D.Double d = new java.awt.geom.Path2D.Double();
        d.moveTo(0, -r);
        d.lineTo(r, 0);
        d.lineTo(0, r);
        d.lineTo(-r, 0);
        d.closePath();
        return d;
    }

    // ---- dragging the target line ---------------------------------------------------------------

    private Optional<Rectangle2D> dataArea() {
        var info = viewer.getCanvas().getRenderingInfo();
        return info == null ? Optional.empty() : Optional.ofNullable(info.getPlotInfo().getDataArea());
    }

    private boolean nearTarget(MouseEvent e) {
        return dataArea().filter(area -> area.contains(e.getX(), e.getY())).map(area -> {
            double y = yAxis.valueToJava2D(targetMarker.getValue(), area, RectangleEdge.LEFT);
            return Math.abs(y - e.getY()) <= GRAB_PIXELS;
        }).orElse(false);
    }

    private void onMove(MouseEvent e) {
        viewer.getCanvas().setCursor(nearTarget(e) ? Cursor.V_RESIZE : Cursor.DEFAULT);
    }

    private void onPress(MouseEvent e) {
        if (e.isPrimaryButtonDown() && !e.isAltDown() && !e.isControlDown() && nearTarget(e)) {
            dragging = true;
            e.consume();
        }
    }

    private void onDrag(MouseEvent e) {
        if (dragging) {
            dataArea().ifPresent(area -> {
                double y = Math.max(area.getMinY(), Math.min(area.getMaxY(), e.getY()));
                dragTo(yAxis.java2DToValue(y, area, RectangleEdge.LEFT));
            });
            e.consume();
        }
    }

    private void onRelease(MouseEvent e) {
        if (dragging) {
            dragging = false;
            e.consume();
        }
    }

    /** What a drag of the target line does at one position; public so the benchmark can time it. */
    public void dragTo(double milliseconds) {
        vm.setTarget(milliseconds);
    }

    /** Screen position (in the canvas) of the target line, for tests that drag it with the mouse. */
    public Optional<javafx.geometry.Point2D> targetLineInCanvas() {
        return dataArea().map(area -> new javafx.geometry.Point2D(area.getCenterX(),
                yAxis.valueToJava2D(targetMarker.getValue(), area, RectangleEdge.LEFT)));
    }

    /** Screen position (in the canvas) of a latency value, for tests. */
    public Optional<Double> canvasYOf(double milliseconds) {
        return dataArea().map(area -> yAxis.valueToJava2D(milliseconds, area, RectangleEdge.LEFT));
    }

    public double targetLineValue() {
        return targetMarker.getValue();
    }

    public int operatingPointCount() {
        return operating.getSeriesCount();
    }

    public Optional<double[]> operatingPointXY() {
        if (operating.getSeriesCount() == 0) {
            return Optional.empty();
        }
        return Optional.of(new double[] {operating.getXValue(0, 0), operating.getYValue(0, 0)});
    }

    public boolean idealRegionShown() {
        return idealBox != null;
    }

    public int curveSeriesCount() {
        return curve.getSeriesCount();
    }

    public int overlaySeriesCount() {
        return overlays.getSeriesCount();
    }

    public int preKneePointCount() {
        return curve.getSeriesCount() == 0 ? 0 : curve.getItemCount(0);
    }

    public int postKneePointCount() {
        return curve.getSeriesCount() < 2 ? 0 : curve.getItemCount(1);
    }
}
