package dev.kiq.ui.performance;

import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.ui.service.Analysis;
import dev.kiq.ui.service.Cost;
import dev.kiq.ui.service.LatencyMetric;
import dev.kiq.ui.theme.Theme;
import dev.kiq.ui.format.Figures;
import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.time.LocalDate;
import java.util.Optional;
import javafx.collections.ListChangeListener;
import javafx.geometry.Point2D;
import javafx.scene.Cursor;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
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
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import dev.kiq.corpus.ChartMarker;
import dev.kiq.profile.ErrorBand;
import dev.kiq.profile.ExpectedError;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The latency-vs-throughput (or latency-vs-cost) chart of the Performance step on JFreeChart-FX:
 * pre-knee points green, post-knee red, other accelerators overlaid in their own solid colours, hover
 * showing every field of a point; over it, in a {@link ChartOverlay}, the ideal region shaded blue, the
 * target as a horizontal dashed line the user drags, and the operating point as a large diamond.
 * <p>
 * Those three move on every drag event, and a full JFreeChart redraw costs tens of milliseconds with
 * software rendering, so they are JavaFX nodes that the overlay places with the chart's own transform
 * after each chart draw; a drag only moves nodes. Exports draw them into the JFreeChart image as a
 * marker, an annotation and a series, under a title that says what the chart is. Colours come from
 * {@link Theme} because JFreeChart ignores CSS.
 * <p>
 * Default axis ranges end a little past the knee (the post-knee latencies run to seconds and would crush
 * the useful part); {@link PerformanceStepViewModel#wholeCurveProperty()} shows everything. Zoom and pan
 * never go below zero on either axis.
 */
public final class ProfileChart {

    private static final double GRAB_PIXELS = 7;
    /** How far past the knee's latency (and the target) the default vertical range runs. */
    private static final double PAST_THE_KNEE = 1.6;
    /** Pixels right of the plot's axes (JFreeChart's default is 8): half of the widest tick label ("10,000" is about 36 px) and a margin. */
    static final int RIGHT_PADDING = 24;

    private final PerformanceStepViewModel vm;
    private final XYSeriesCollection curve = new XYSeriesCollection();
    private final XYSeriesCollection overlays = new XYSeriesCollection();
    /** The points behind each series of {@link #curve} and {@link #overlays}, for tooltips. */
    private final List<List<PerformancePoint>> curvePoints = new ArrayList<>();
    private final List<Profile> overlayProfiles = new ArrayList<>();
    private final List<List<PerformancePoint>> overlayPoints = new ArrayList<>();
    private final NumberAxis xAxis = new NumberAxis();
    private final NumberAxis yAxis = new NumberAxis();
    private final XYLineAndShapeRenderer curveRenderer = new XYLineAndShapeRenderer(true, true);
    private final XYLineAndShapeRenderer overlayRenderer = new XYLineAndShapeRenderer(true, true);
    // datasets 3 and 4 (2 is the export's operating point): published measurements over the curve, its error band behind it
    private final XYSeriesCollection published = new XYSeriesCollection();
    private final XYLineAndShapeRenderer publishedRenderer = new XYLineAndShapeRenderer(false, true);
    private final List<ChartMarker> publishedMarkers = new ArrayList<>();
    // dataset 5: published measurements of the combination under another setup (PointMatch.Kind.NEAR), hollow
    private final XYSeriesCollection publishedNear = new XYSeriesCollection();
    private final XYLineAndShapeRenderer nearRenderer = new XYLineAndShapeRenderer(false, true);
    private final List<ChartMarker> nearMarkers = new ArrayList<>();
    private final YIntervalSeriesCollection band = new YIntervalSeriesCollection();
    private final DeviationRenderer bandRenderer = new BandRenderer() {
        /** With neither lines nor shapes the band's legend item drew nothing beside its words: a swatch of its fill. */
        @Override
        public LegendItem getLegendItem(int datasetIndex, int series) {
            LegendItem item = super.getLegendItem(datasetIndex, series);
            if (item == null) {
                return null;
            }
            java.awt.Color fill = (java.awt.Color) getDefaultFillPaint();
            return new LegendItem(item.getLabel(), item.getDescription(), item.getToolTipText(), item.getURLText(),
                    new java.awt.geom.Rectangle2D.Double(-7, -5, 14, 10),
                    new java.awt.Color(fill.getRed(), fill.getGreen(), fill.getBlue(), Math.round(getAlpha() * 255)),
                    new BasicStroke(1f), fill);
        }
    };
    /**
     * What the curve rests on: a JavaFX label under the chart on screen ({@link #accuracyProperty()}), a subtitle only
     * in exports. Drawn in the canvas it wrapped where Java2D measured the text, but JavaFX draws it wider, so at
     * 1024x700 a line ran to the canvas edge, one word was left alone on the next line and the legend touched it.
     */
    private final TextTitle accuracyTitle = new TextTitle("", new Font(Font.SANS_SERIF, Font.ITALIC, 11));
    private final javafx.beans.property.ReadOnlyStringWrapper accuracy = new javafx.beans.property.ReadOnlyStringWrapper(this, "accuracy", "");
    /** The operating-point diamond's opacity, on screen and in exports: a published measurement under it shows. */
    private static final double OPERATING_POINT_OPACITY = 0.45;
    /**
     * The datasets drawn over the curve, in this order: published under another setup (5), comparable published (3), the
     * export's operating point (2).
     */
    private static final List<Integer> ON_TOP = List.of(5, 3, 2);
    /** JFreeChart's legend font. */
    static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private final XYPlot plot;
    private final JFreeChart chart;
    private final ChartViewer viewer;
    private final ChartOverlay overlay;
    private final StackPane node;

    // ---- the overlay's layers -------------------------------------------------------------------
    private final javafx.scene.shape.Rectangle idealShade = new javafx.scene.shape.Rectangle();
    private final Line targetLine = new Line();
    private final javafx.scene.shape.Rectangle targetGrip = new javafx.scene.shape.Rectangle();
    private final Text targetLabel = new Text();
    private final Polygon operatingMark = new Polygon(0, -9, 9, 0, 0, 9, -9, 0);
    private final Tooltip operatingTip = new Tooltip();
    /** The hover of the chart item under the target line's grip, which takes the mouse from the canvas there. */
    private final Tooltip gripTip = new Tooltip();

    private Theme theme = Theme.LIGHT;
    private double targetValue;
    private boolean targetSet;
    private Optional<PerformancePoint> operatingPoint = Optional.empty();
    private Optional<double[]> operatingXY = Optional.empty();
    private Optional<double[]> idealBox = Optional.empty();
    private boolean dragging;
    /** Where in the grip the mouse took the line: the line keeps that distance, so grabbing never moves it. */
    private double grabOffset;

    public ProfileChart(PerformanceStepViewModel vm) {
        this.vm = vm;
        xAxis.setAutoRangeIncludesZero(true);
        yAxis.setAutoRangeIncludesZero(true);
        plot = new XYPlot(curve, xAxis, yAxis, curveRenderer) {
            /**
             * Each legend label in a font of its own (12 pt and a thousandth more per item). FXGraphics2D 2.1.5 skips a
             * font equal to the one it last recorded, but its canvas can hold another one (it starts on JavaFX's default
             * and restores saved canvas states), so labels after the first were drawn in a wider font than they were
             * measured in: "expected error ±8% (NTPOT)" ran into the next item's triangle at 1024x700 and 1440x900 (seen
             * in the Xvfb walk). A font that differs from the last one is always set; JavaFX draws and measures whole
             * points, so every label looks the same.
             */
            @Override
            public org.jfree.chart.LegendItemCollection getLegendItems() {
                org.jfree.chart.LegendItemCollection items = super.getLegendItems();
                for (int i = 0; i < items.getItemCount(); i++) {
                    items.get(i).setLabelFont(LEGEND_FONT.deriveFont(LEGEND_FONT.getSize2D() + (i + 1) / 1000f));
                }
                return items;
            }

            /**
             * The published markers (datasets 5 and 3) and the export's operating point (2) after the curve (0): the plot
             * draws the highest index first, so the curve's knee square covered GKE's published triangle at the same
             * place (seen in the Xvfb walk at 1024x700 under the see-through diamond, while the legend named the marker),
             * and its hover was the curve's. Drawn last, a marker is on top and its entity is the one the pointer finds.
             */
            @Override
            public boolean render(Graphics2D g2, java.awt.geom.Rectangle2D dataArea, int index,
                    org.jfree.chart.plot.PlotRenderingInfo info, org.jfree.chart.plot.CrosshairState crosshair) {
                if (ON_TOP.contains(index)) {
                    return !org.jfree.data.general.DatasetUtils.isEmptyOrNull(getDataset(index));
                }
                boolean found = super.render(g2, dataArea, index, info, crosshair);
                if (index == 0) {
                    for (int top : ON_TOP) {
                        super.render(g2, dataArea, top, info, crosshair);
                    }
                }
                return found;
            }
        };
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setDataset(1, overlays);
        plot.setRenderer(1, overlayRenderer);
        plot.setDataset(3, published);
        plot.setRenderer(3, publishedRenderer);
        plot.setDataset(4, band);
        plot.setRenderer(4, bandRenderer);
        publishedRenderer.setDefaultToolTipGenerator((dataset, series, item) -> hover(publishedMarkers.get(item)));
        publishedRenderer.setSeriesShape(0, triangle(7));
        plot.setDataset(5, publishedNear);
        plot.setRenderer(5, nearRenderer);
        nearRenderer.setDefaultToolTipGenerator((dataset, series, item) -> hover(nearMarkers.get(item)));
        nearRenderer.setSeriesShape(0, triangle(7));
        nearRenderer.setSeriesShapesFilled(0, false);
        nearRenderer.setSeriesStroke(0, new BasicStroke(1.6f));
        bandRenderer.setAlpha(0.22f);
        plot.setDomainPannable(true);
        plot.setRangePannable(true);
        curveRenderer.setDefaultToolTipGenerator((dataset, series, item) ->
                vm.describe(vm.profileProperty().get(), curvePoints.get(series).get(item)));
        overlayRenderer.setDefaultToolTipGenerator((dataset, series, item) ->
                vm.describe(overlayProfiles.get(series), overlayPoints.get(series).get(item)));
        neverBelowZero(xAxis);
        neverBelowZero(yAxis);

        chart = new JFreeChart(null, new Font(Font.SANS_SERIF, Font.PLAIN, 12), plot, true);
        accuracyTitle.setPosition(org.jfree.chart.ui.RectangleEdge.BOTTOM);
        accuracyTitle.setPadding(new org.jfree.chart.ui.RectangleInsets(6, 4, 2, 4));
        // room on the right for half of the last tick label, which is centred on the axis's end: without it "8,500"
        // was cut to "8,50" at the canvas edge (seen at 1024x700)
        plot.setInsets(new org.jfree.chart.ui.RectangleInsets(4, 8, 4, RIGHT_PADDING));
        // on screen, text is measured as JavaFX draws it: with Java2D's narrower widths the legend's layout let a long
        // label run into the next item's marker even with a 14 px gap ("expected error ±15% (NTPOT)" touching the
        // published marker's triangle at 1024x700); exports draw with Java2D and ignore this hint
        RenderingHints hints = (RenderingHints) chart.getRenderingHints().clone();
        hints.put(org.jfree.fx.FXHints.KEY_USE_FX_FONT_METRICS, Boolean.TRUE);
        chart.setRenderingHints(hints);
        chart.getLegend().setItemLabelPadding(new org.jfree.chart.ui.RectangleInsets(2, 2, 2, 10));
        viewer = new ChartViewer(chart, true);
        viewer.setId("performance-chart");
        ChartCanvas canvas = viewer.getCanvas();
        canvas.setTooltipEnabled(true);
        // Alt-drag pans by default; Ctrl-drag too, since many desktops take Alt-drag for moving windows.
        canvas.addMouseHandler(new PanHandlerFX("pan-ctrl", false, true, false, false));

        overlay = new ChartOverlay(viewer, plot);
        overlay.add(idealRegionLayer());
        overlay.add(targetLayer());
        overlay.add(operatingPointLayer());
        node = new StackPane(viewer, overlay.pane());

        vm.profileProperty().addListener((o, a, b) -> rebuild());
        vm.metricProperty().addListener((o, a, b) -> rebuild());
        vm.costViewProperty().addListener((o, a, b) -> rebuild());
        vm.wholeCurveProperty().addListener((o, a, b) -> resetZoom());
        vm.overlays().addListener((ListChangeListener<Profile>) c -> rebuild());
        vm.analysisProperty().addListener((o, a, b) -> updateRecommendation());
        // an unchanged analysis (same measured operating point) fires no change, but the line must still move
        vm.targetProperty().addListener((o, a, b) -> updateRecommendation());
        setTheme(Theme.LIGHT);
        rebuild();
    }

    /** The chart with its interactive overlay; this goes in the page. */
    public StackPane node() {
        return node;
    }

    public ChartViewer viewer() {
        return viewer;
    }

    public JFreeChart chart() {
        return chart;
    }

    /** The layer over the chart; more layers (e.g. an error band) go in here. */
    public ChartOverlay overlay() {
        return overlay;
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
        bandRenderer.setDefaultFillPaint(t.preKnee());
        bandRenderer.setDefaultPaint(t.preKnee());
        // dark, not the target's colour: a published point must not read as part of the target line
        publishedRenderer.setSeriesPaint(0, t.foreground());
        publishedRenderer.setUseOutlinePaint(true);
        publishedRenderer.setSeriesOutlinePaint(0, t.background());
        nearRenderer.setSeriesPaint(0, t.foreground());
        accuracyTitle.setPaint(t.foreground());
        styleOverlays();
        idealShade.setFill(fx(t.idealFill()));
        targetLine.setStroke(fx(t.target()));
        targetLabel.setFill(fx(t.target()));
        // see-through, so that a published measurement under the operating point still shows (GKE's A100 knee lies on
        // the modeled one, and the opaque diamond hid its triangle while the legend named it)
        operatingMark.setFill(fx(t.ideal()).deriveColor(0, 1, 1, OPERATING_POINT_OPACITY));
        operatingMark.setStroke(fx(t.foreground()));
        chart.setNotify(true);
    }

    public Theme theme() {
        return theme;
    }

    /** Back to the default axis ranges (a little past the knee, or the whole curve) after zooming or panning. */
    public void resetZoom() {
        chart.setNotify(false);
        applyDefaultRanges();
        chart.setNotify(true);
    }

    // ---- axis ranges ----------------------------------------------------------------------------

    /** Scroll-wheel zoom and panning scale around the mouse, which can take an axis below zero: clamp it. */
    private static void neverBelowZero(NumberAxis axis) {
        axis.addChangeListener(e -> {
            if (axis.getLowerBound() < 0) {
                double length = axis.getUpperBound() - axis.getLowerBound();
                axis.setRange(0, axis.getUpperBound() > 0 ? axis.getUpperBound() : length);
            }
        });
    }

    private void applyDefaultRanges() {
        Optional<double[]> upper = vm.wholeCurveProperty().get() ? Optional.empty() : defaultUpperBounds();
        if (upper.isEmpty()) {
            xAxis.setAutoRange(true);
            yAxis.setAutoRange(true);
            return;
        }
        xAxis.setRange(0, upper.get()[0]);
        yAxis.setRange(0, upper.get()[1]);
    }

    /**
     * The latency axis ends {@link #PAST_THE_KNEE} times the knee's latency (or the target's, or the operating
     * point's, whichever is higher); the other axis ends a little past the farthest point below that latency,
     * of this curve and the compared ones. Empty without a knee (then the axes fit every point).
     */
    private Optional<double[]> defaultUpperBounds() {
        LatencyMetric metric = vm.metricProperty().get();
        Optional<PerformancePoint> knee = vm.analysisProperty().get().map(a -> a.end().point());
        if (knee.isEmpty() || curve.getSeriesCount() == 0) {
            return Optional.empty();
        }
        double yMax = metric.of(knee.get());
        yMax = Math.max(yMax, vm.targetProperty().get().orElse(0.0));
        yMax = Math.max(yMax, operatingXY.map(xy -> xy[1]).orElse(0.0));
        // a compared accelerator is shown up to its own knee: 4x L4's knee at 121 ms NTPOT beside a 38 ms curve left
        // only two of its points on the chart (seen at 1440x900)
        for (Profile o : overlayProfiles) {
            yMax = Math.max(yMax, metric.of(vm.curveEnd(o)));
        }
        yMax *= PAST_THE_KNEE;
        // a published measurement the legend names must be on the chart: the A100 knee published at 72 ms NTPOT was
        // above the default range ending at 1.6 x the modeled knee's 39 ms, and only its legend entry showed
        double publishedX = 0;
        for (XYSeriesCollection c : List.of(published, publishedNear)) {
            for (int s = 0; s < c.getSeriesCount(); s++) {
                for (int i = 0; i < c.getItemCount(s); i++) {
                    yMax = Math.max(yMax, c.getYValue(s, i) * 1.1);
                    publishedX = Math.max(publishedX, c.getXValue(s, i));
                }
            }
        }
        double xMax = publishedX;
        for (XYSeriesCollection c : List.of(curve, overlays)) {
            for (int s = 0; s < c.getSeriesCount(); s++) {
                for (int i = 0; i < c.getItemCount(s); i++) {
                    if (c.getYValue(s, i) <= yMax) {
                        xMax = Math.max(xMax, c.getXValue(s, i));
                    }
                }
            }
        }
        if (!(xMax > 0) || !(yMax > 0)) {
            return Optional.empty();
        }
        return Optional.of(new double[] {xMax * 1.05, yMax});
    }

    // ---- export ---------------------------------------------------------------------------------

    public byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            drawForExport(g, width, height);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public byte[] svg(int width, int height) {
        return SvgExport.render(width, height, g -> drawForExport(g, width, height));
    }

    /**
     * Draws the chart under a title (what, on what, for which workload, when) with the target line, ideal
     * region and operating point as JFreeChart objects; no interaction hints, since an image cannot be dragged.
     */
    private void drawForExport(Graphics2D g, int width, int height) {
        List<String> title = vm.exportTitle(LocalDate.now());
        TextTitle heading = new TextTitle(title.get(0), new Font(Font.SANS_SERIF, Font.BOLD, 14));
        heading.setPaint(theme.foreground());
        TextTitle subtitle = new TextTitle(String.join("\n", title.subList(1, title.size())),
                new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        subtitle.setPaint(theme.foreground());
        ValueMarker marker = null;
        if (targetSet) {
            marker = new ValueMarker(targetValue);
            marker.setPaint(theme.target());
            marker.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {8f, 4f}, 0f));
            marker.setLabel(targetText(false));
            marker.setLabelPaint(theme.target());
            marker.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            marker.setLabelBackgroundColor(new java.awt.Color(0, 0, 0, 0));
            marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            marker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        }
        XYBoxAnnotation box = idealBox.map(b -> new XYBoxAnnotation(b[0], b[1], b[2], b[3], null, null,
                theme.idealFill())).orElse(null);
        XYSeriesCollection op = new XYSeriesCollection();
        XYLineAndShapeRenderer opRenderer = new XYLineAndShapeRenderer(false, true);
        operatingXY.ifPresent(xy -> {
            XYSeries s = new XYSeries("operating point", false, true);
            s.add(xy[0], xy[1]);
            op.addSeries(s);
        });
        opRenderer.setSeriesShape(0, diamond(9));
        java.awt.Color ideal = theme.ideal();   // see-through as on screen: a published measurement under it shows
        opRenderer.setSeriesPaint(0, new java.awt.Color(ideal.getRed(), ideal.getGreen(), ideal.getBlue(),
                (int) Math.round(OPERATING_POINT_OPACITY * 255)));
        opRenderer.setUseOutlinePaint(true);
        opRenderer.setSeriesOutlinePaint(0, theme.foreground());
        boolean notify = chart.isNotify();
        chart.setNotify(false);
        try {
            chart.setTitle(heading);
            chart.addSubtitle(0, subtitle);
            chart.addSubtitle(accuracyTitle);
            if (marker != null) {
                plot.addRangeMarker(0, marker, Layer.FOREGROUND, false);
            }
            if (box != null) {
                curveRenderer.addAnnotation(box, Layer.BACKGROUND);
            }
            plot.setDataset(2, op);
            plot.setRenderer(2, opRenderer);
            chart.draw(g, new Rectangle(width, height));
        } finally {
            chart.setTitle((TextTitle) null);
            chart.removeSubtitle(subtitle);
            chart.removeSubtitle(accuracyTitle);
            if (marker != null) {
                plot.removeRangeMarker(0, marker, Layer.FOREGROUND, false);
            }
            if (box != null) {
                curveRenderer.removeAnnotation(box);
            }
            plot.setDataset(2, null);
            plot.setRenderer(2, null);
            chart.setNotify(notify);
        }
    }

    // ---- data -----------------------------------------------------------------------------------

    private void rebuild() {
        chart.setNotify(false);
        curve.removeAllSeries();
        curvePoints.clear();
        overlays.removeAllSeries();
        overlayProfiles.clear();
        overlayPoints.clear();
        published.removeAllSeries();
        publishedMarkers.clear();
        publishedNear.removeAllSeries();
        nearMarkers.clear();
        band.removeAllSeries();
        accuracyTitle.setText(vm.accuracyDescription());
        accuracy.set(vm.accuracyDescription());
        LatencyMetric metric = vm.metricProperty().get();
        boolean cost = vm.costViewProperty().get();
        xAxis.setLabel(cost ? "Cost per million output tokens (USD)" : "Output tokens per second");
        yAxis.setLabel(metric.label() + " p50 (ms)");
        Profile profile = vm.profileProperty().get();
        if (profile != null) {
            List<PerformancePoint> pts = profile.performanceStats();
            // the core's knee is one of the profile's own points; a curve without one (a measured profile of two rates)
            // is one series that says so: its last rate is only the highest measured, not a knee
            Optional<String> noKnee = vm.analysisProperty().get().flatMap(a -> a.end().noKnee());
            int kneeIndex = vm.analysisProperty().get().flatMap(Analysis::knee).map(pts::indexOf).filter(i -> i >= 0)
                    .orElse(pts.size() - 1);
            XYSeries pre = new XYSeries(noKnee.isPresent() ? "rates measured (no knee)" : "before the knee", false, true);
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
            curveRenderer.setSeriesVisibleInLegend(1, noKnee.isEmpty());
            vm.bandErrors().ifPresent(e -> addBand(profile, pts, metric, cost, e));
            if (!cost) {   // the published figures are throughputs; the cost view has no place for them
                // the core's PointMatch says which measured what the curve models; the others are drawn hollow
                for (ChartMarker m : vm.publishedMarkers()) {
                    (m.comparable() ? publishedMarkers : nearMarkers).add(m);
                }
                if (!publishedMarkers.isEmpty()) {
                    XYSeries s = new XYSeries("published measurements", false, true);
                    publishedMarkers.forEach(m -> s.add(m.outputTokensPerSecond(), m.latencyMs()));
                    published.addSeries(s);
                }
                if (!nearMarkers.isEmpty()) {
                    XYSeries s = new XYSeries("published, other setup (hover: what differs)", false, true);
                    nearMarkers.forEach(m -> s.add(m.outputTokensPerSecond(), m.latencyMs()));
                    publishedNear.addSeries(s);
                }
            }
        }
        for (Profile o : vm.overlays()) {
            XYSeries s = new XYSeries(o.acceleratorCount() + "× " + o.acceleratorType(), false, true);
            List<PerformancePoint> shown = new ArrayList<>();
            for (PerformancePoint p : o.performanceStats()) {
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
        applyDefaultRanges();
        chart.setNotify(true);
    }

    /**
     * The curve's expected-error band: the core's {@link ErrorBand}, the region the curve may lie in with both its
     * throughput and latency errors, as vertical slices in runs along which the horizontal axis only rises or only falls
     * (past the knee throughput may fall back; one band through such a turn folded over itself and left a hole right
     * before the knee, seen in the Xvfb walk on DeepSeek-7B, H100). Before, the band was the latency's error alone, as if
     * the throughput were exact (Ampere: NTPOT ±10% drawn, throughput ±20% not).
     */
    private void addBand(Profile profile, List<PerformancePoint> pts, LatencyMetric metric, boolean cost, ErrorBand.Errors e) {
        String name = "expected error: " + metric.label() + " " + ExpectedError.percent(e.latency()) + ", throughput "
                + ExpectedError.percent(e.throughput());
        List<double[]> xy = new ArrayList<>();
        for (PerformancePoint p : pts) {
            x(profile, p, cost).ifPresent(x -> xy.add(new double[] {x, metric.of(p)}));
        }
        double[] xs = xy.stream().mapToDouble(v -> v[0]).toArray();
        double[] ys = xy.stream().mapToDouble(v -> v[1]).toArray();
        // cost per token is price over throughput: the same relative error across, as the ranking's tie rule uses
        BandSeries.of(name, xs, ys, e).forEach(band::addSeries);
        for (int i = 0; i < band.getSeriesCount(); i++) {
            bandRenderer.setSeriesVisibleInLegend(i, i == 0);
        }
    }

    /** Follows the current analysis: the target line, the ideal region and the operating point. */
    private void updateRecommendation() {
        Profile profile = vm.profileProperty().get();
        LatencyMetric metric = vm.metricProperty().get();
        boolean cost = vm.costViewProperty().get();
        Optional<Analysis> analysis = vm.analysisProperty().get();
        Optional<Double> target = vm.targetProperty().get();
        targetSet = target.isPresent();
        // no target yet: a faint line at the knee that can be dragged to set one
        targetValue = target.orElseGet(() -> analysis.map(a -> a.end().point()).map(metric::of).orElse(0.0));
        operatingPoint = Optional.empty();
        operatingXY = Optional.empty();
        idealBox = Optional.empty();
        if (profile != null && analysis.isPresent()) {
            Optional<PerformancePoint> op = analysis.get().operatingPoint();
            Optional<Double> x = op.flatMap(p -> x(profile, p, cost));
            if (op.isPresent() && x.isPresent()) {
                double y = metric.of(op.get());
                operatingPoint = op;
                operatingXY = Optional.of(new double[] {x.get(), y});
                if (!cost) {
                    idealBox = Optional.of(new double[] {0, 0, x.get(), Math.max(target.orElse(y), y)});
                }
            }
        }
        operatingTip.setText(operatingPointHoverText());
        overlay.setShown(profile != null);
    }

    /** The target line's label; the drag hint only on screen. */
    private String targetText(boolean onScreen) {
        String metric = vm.metricProperty().get().label();
        if (!targetSet) {
            return onScreen ? "no " + metric + " target: drag to set one" : "";
        }
        return "target " + metric + " " + Figures.ms(targetValue) + (onScreen ? " (drag)" : "");
    }

    private ChartOverlay.Layer idealRegionLayer() {
        idealShade.setId("ideal-region");
        idealShade.setMouseTransparent(true);
        return new ChartOverlay.Layer() {
            @Override
            public List<javafx.scene.Node> nodes() {
                return List.of(idealShade);
            }

            @Override
            public void place(ChartOverlay.PixelMap map) {
                idealShade.setVisible(idealBox.isPresent());
                idealBox.ifPresent(b -> {
                    double x0 = map.x(b[0]);
                    double x1 = map.x(b[2]);
                    double y0 = map.y(b[1]);
                    double y1 = map.y(b[3]);
                    idealShade.setX(Math.min(x0, x1));
                    idealShade.setY(Math.min(y0, y1));
                    idealShade.setWidth(Math.abs(x1 - x0));
                    idealShade.setHeight(Math.abs(y1 - y0));
                });
            }
        };
    }

    private ChartOverlay.Layer targetLayer() {
        targetLine.setId("target-line-stroke");
        targetLine.setMouseTransparent(true);
        targetLine.setStrokeWidth(2);
        targetLabel.setId("target-label");
        targetLabel.setMouseTransparent(true);
        targetLabel.setFont(javafx.scene.text.Font.font(null, FontWeight.BOLD, 12));
        targetGrip.setId("target-line");
        targetGrip.setFill(Color.TRANSPARENT);
        targetGrip.setHeight(2 * GRAB_PIXELS);
        targetGrip.setCursor(Cursor.V_RESIZE);
        targetGrip.setOnMousePressed(this::onPress);
        targetGrip.setOnMouseDragged(this::onDrag);
        targetGrip.setOnMouseReleased(e -> dragging = false);
        // the grip covers the plot's width around the line, so the canvas never sees the pointer there: a published
        // marker at the knee (where the line starts) had no hover until the line was dragged away (seen on Xvfb)
        targetGrip.setOnMouseMoved(e -> {
            Optional<String> text = dragging ? Optional.empty() : hoverTextAtScene(e.getSceneX(), e.getSceneY());
            if (text.isEmpty()) {
                gripTip.hide();
                return;
            }
            gripTip.setText(text.get());
            if (!gripTip.isShowing()) {
                gripTip.show(targetGrip, e.getScreenX() + 12, e.getScreenY() + 16);
            }
        });
        targetGrip.setOnMouseExited(e -> gripTip.hide());
        targetGrip.addEventHandler(javafx.scene.input.MouseEvent.MOUSE_PRESSED, e -> gripTip.hide());
        return new ChartOverlay.Layer() {
            @Override
            public List<javafx.scene.Node> nodes() {
                return List.of(targetLine, targetLabel, targetGrip);
            }

            @Override
            public void place(ChartOverlay.PixelMap map) {
                java.awt.geom.Rectangle2D area = map.area();
                double y = map.y(targetValue);
                targetLine.setStartX(area.getMinX());
                targetLine.setEndX(area.getMaxX());
                targetLine.setStartY(y);
                targetLine.setEndY(y);
                targetLine.getStrokeDashArray().setAll(targetSet ? List.of(8.0, 4.0) : List.of(2.0, 4.0));
                targetLine.setOpacity(targetSet ? 1.0 : 0.6);
                targetGrip.setX(area.getMinX());
                targetGrip.setWidth(area.getWidth());
                targetGrip.setY(y - GRAB_PIXELS);
                targetLabel.setText(targetText(true));
                targetLabel.setX(area.getMinX() + 6); // left: the curve is lowest (and the label clearest) at low load
                targetLabel.setY(y - 5);
            }
        };
    }

    private ChartOverlay.Layer operatingPointLayer() {
        operatingMark.setId("operating-point");
        operatingMark.setStrokeWidth(1.5);
        Tooltip.install(operatingMark, operatingTip);
        // the items under the mark are known once the chart is drawn: asked for when the pointer comes
        operatingMark.setOnMouseEntered(e -> operatingTip.setText(operatingPointHoverText()));
        return new ChartOverlay.Layer() {
            @Override
            public List<javafx.scene.Node> nodes() {
                return List.of(operatingMark);
            }

            @Override
            public void place(ChartOverlay.PixelMap map) {
                operatingMark.setVisible(operatingXY.isPresent());
                operatingXY.ifPresent(xy -> {
                    operatingMark.setTranslateX(map.x(xy[0]));
                    operatingMark.setTranslateY(map.y(xy[1]));
                });
            }
        };
    }

    /** Compared accelerators: solid lines in their own colours, never the target line's dashed purple. */
    private void styleOverlays() {
        for (int i = 0; i < overlays.getSeriesCount(); i++) {
            overlayRenderer.setSeriesPaint(i, theme.overlay(i));
            overlayRenderer.setSeriesStroke(i, new BasicStroke(1.5f));
            overlayRenderer.setSeriesShape(i, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
        }
    }

    private Optional<Double> x(Profile profile, PerformancePoint p, boolean cost) {
        if (!cost) {
            return Optional.of(p.outputTokensPerSecond());
        }
        return vm.cost(profile, p).map(Cost::perMillionOutputTokens);
    }

    /** An upward triangle: published measurements look unlike the curve's round points and the diamond operating point. */
    private static java.awt.Shape triangle(double r) {
        java.awt.geom.Path2D.Double t = new java.awt.geom.Path2D.Double();
        t.moveTo(0, -r);
        t.lineTo(r, r * 0.8);
        t.lineTo(-r, r * 0.8);
        t.closePath();
        return t;
    }

    private static java.awt.Shape diamond(double r) {
        Path2D.Double d = new Path2D.Double();
        d.moveTo(0, -r);
        d.lineTo(r, 0);
        d.lineTo(0, r);
        d.lineTo(-r, 0);
        d.closePath();
        return d;
    }

    private static Color fx(java.awt.Color c) {
        return Color.rgb(c.getRed(), c.getGreen(), c.getBlue(), c.getAlpha() / 255.0);
    }

    // ---- dragging the target line ---------------------------------------------------------------

    private void onPress(MouseEvent e) {
        if (e.isPrimaryButtonDown()) {
            Point2D local = overlay.pane().sceneToLocal(e.getSceneX(), e.getSceneY());
            overlay.map().ifPresent(map -> {
                dragging = true;
                grabOffset = local.getY() - map.y(targetValue);
            });
            e.consume();
        }
    }

    private void onDrag(MouseEvent e) {
        if (dragging) {
            Point2D local = overlay.pane().sceneToLocal(e.getSceneX(), e.getSceneY());
            overlay.map().ifPresent(map -> {
                java.awt.geom.Rectangle2D area = map.area();
                double y = Math.max(area.getMinY(), Math.min(area.getMaxY() - 1, local.getY() - grabOffset));
                dragTo(map.yValue(y));
            });
            e.consume();
        }
    }

    /** What a drag of the target line does at one position; public so the benchmark can time it. */
    public void dragTo(double milliseconds) {
        vm.setTarget(milliseconds);
    }

    /** Position of the target line's middle in the chart's coordinates (the canvas's), for tests. */
    public Optional<Point2D> targetLineInCanvas() {
        return overlay.map().map(map -> new Point2D(map.area().getCenterX(), targetLine.getStartY()));
    }

    /** Vertical position of a latency value in the chart's coordinates, for tests. */
    public Optional<Double> canvasYOf(double milliseconds) {
        return overlay.map().map(map -> map.y(milliseconds));
    }

    public double targetLineValue() {
        return targetValue;
    }

    public String targetLabelText() {
        return targetLabel.getText();
    }

    public int operatingPointCount() {
        return operatingXY.isPresent() ? 1 : 0;
    }

    public Optional<double[]> operatingPointXY() {
        return operatingXY.map(double[]::clone);
    }

    /** Where the operating-point diamond is drawn, in the chart's coordinates. */
    public Point2D operatingPointInCanvas() {
        return new Point2D(operatingMark.getTranslateX(), operatingMark.getTranslateY());
    }

    public boolean idealRegionShown() {
        return idealBox.isPresent() && idealShade.isVisible();
    }

    public int curveSeriesCount() {
        return curve.getSeriesCount();
    }

    /** How many published measurements comparable with the curve are marked over it (filled triangles). */
    public int publishedMarkerCount() {
        return published.getSeriesCount() == 0 ? 0 : published.getItemCount(0);
    }

    /** The hover text of the chart item (curve point or published marker) at a scene position, if one is there. */
    private Optional<String> hoverTextAtScene(double sceneX, double sceneY) {
        javafx.geometry.Point2D p = viewer.getCanvas().sceneToLocal(sceneX, sceneY);
        List<String> texts = itemTexts(new java.awt.geom.Rectangle2D.Double(p.getX() - 0.5, p.getY() - 0.5, 1, 1), true);
        return texts.isEmpty() ? Optional.empty() : Optional.of(String.join("\n\n", texts));
    }

    /**
     * The hover texts of the chart items whose marks meet a region of the canvas: every item there, published
     * measurements first (a published knee can sit on the modeled curve's own point, GKE's A100 knee 8 tok/s and 0.4 ms
     * from the modeled one, and showing only the item drawn last hid it), then the curves' points if asked for.
     */
    private List<String> itemTexts(java.awt.geom.Rectangle2D region, boolean modeledToo) {
        org.jfree.chart.ChartRenderingInfo info = viewer.getCanvas().getRenderingInfo();
        if (info == null || info.getEntityCollection() == null) {
            return new ArrayList<>();
        }
        List<String> measured = new ArrayList<>();
        List<String> modeled = new ArrayList<>();
        for (Object o : info.getEntityCollection().getEntities()) {
            if (o instanceof org.jfree.chart.entity.XYItemEntity item && item.getToolTipText() != null
                    && item.getArea().intersects(region)) {
                boolean isPublished = item.getDataset() == published || item.getDataset() == publishedNear;
                (isPublished ? measured : modeled).add(item.getToolTipText());
            }
        }
        if (modeledToo) {
            measured.addAll(modeled);
        }
        return measured;
    }

    /**
     * What the operating-point diamond shows on hover: the published measurements its mark covers, then the operating
     * point. The diamond lies over the chart and takes the pointer: with the modeled knee on GKE's published A100 knee
     * (vLLM 0.7.2, no target) its hover said only "Operating point", and the published one could not be reached (seen in
     * the Xvfb walk at 1024x700). The curve's points under it are left out: the operating point is one of them.
     */
    public String operatingPointHoverText() {
        Profile profile = vm.profileProperty().get();
        String point = operatingPoint.map(p -> "Operating point\n" + vm.describeOperatingPoint(profile, p)).orElse("");
        if (!operatingMark.isVisible() || operatingMark.getScene() == null) {
            return point;
        }
        javafx.geometry.Bounds mark = viewer.getCanvas().sceneToLocal(operatingMark.localToScene(operatingMark.getBoundsInLocal()));
        List<String> texts = itemTexts(new java.awt.geom.Rectangle2D.Double(mark.getMinX(), mark.getMinY(), mark.getWidth(),
                mark.getHeight()), false);
        texts.add(point);
        return String.join("\n\n", texts);
    }

    /**
     * What the pointer shows resting at a data point of the chart (output tokens/s, latency ms) when the target line's
     * grip lies there, or empty when the grip is elsewhere or no item is there.
     */
    public Optional<String> gripHoverTextAt(double outputTokensPerSecond, double latencyMs) {
        return overlay.map().flatMap(map -> {
            javafx.geometry.Point2D scene = overlay.pane().localToScene(map.x(outputTokensPerSecond), map.y(latencyMs));
            javafx.geometry.Point2D inGrip = targetGrip.sceneToLocal(scene);
            return targetGrip.isVisible() && targetGrip.contains(inGrip) ? hoverTextAtScene(scene.getX(), scene.getY()) : Optional.empty();
        });
    }

    /** The hover text of a comparable published marker. */
    public String publishedMarkerText(int index) {
        return hover(publishedMarkers.get(index));
    }

    /** How many published measurements of the combination under another setup are marked (hollow triangles). */
    public int nearMarkerCount() {
        return publishedNear.getSeriesCount() == 0 ? 0 : publishedNear.getItemCount(0);
    }

    /** The hover text of a near-match marker: what differs from the curve, and the source. */
    public String nearMarkerText(int index) {
        return hover(nearMarkers.get(index));
    }

    /** Whether near-match markers are drawn hollow and comparable ones filled. */
    public boolean nearMarkersHollow() {
        return Boolean.FALSE.equals(nearRenderer.getSeriesShapesFilled(0)) && !Boolean.FALSE.equals(publishedRenderer.getSeriesShapesFilled(0));
    }

    /** Whether the curve's expected-error band is shaded. */
    public boolean errorBandShown() {
        return band.getSeriesCount() > 0;
    }

    /** The line under the chart saying what the curve rests on. */
    public String accuracyText() {
        return accuracy.get();
    }

    /** {@link #accuracyText()}, for the label under the chart. */
    public javafx.beans.property.ReadOnlyStringProperty accuracyProperty() {
        return accuracy.getReadOnlyProperty();
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

    /** A published point's hover, its figures written as the chart's other hovers write them. */
    private static String hover(ChartMarker marker) {
        return marker.description(Figures::perSecond, Figures::ms);
    }
}
