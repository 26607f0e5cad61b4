package dev.kiq.ui.performance;

import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.layout.Pane;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.event.ChartProgressEvent;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;

/**
 * The interactive layer over the chart: JavaFX nodes in data coordinates (target line, ideal region,
 * operating point, and whatever else a {@link Layer} adds), placed with the chart's own data-to-pixel
 * transform at the end of every chart draw.
 * <p>
 * Why at the end of the draw: the data area and the axis ranges are only known once JFreeChart has laid
 * the chart out (a change of data, zoom, pan, resize, legend or tick-label width moves them), and
 * JFreeChart tells its change listeners <em>before</em> the canvas redraws. So the layers are placed from
 * the chart's {@code DRAWING_FINISHED} progress event, with the rendering info of that very draw.
 * A drag only moves nodes; it never waits for a chart redraw.
 */
public final class ChartOverlay {

    /** Something drawn over the chart in data coordinates. */
    public interface Layer {

        /** The layer's nodes, added once, in order (later ones on top). */
        List<Node> nodes();

        /** Puts the nodes where the transform says; called after every chart draw and on {@link #refresh()}. */
        void place(PixelMap map);
    }

    /**
     * The chart's data-to-pixel transform of one draw, in the canvas's (and the overlay pane's) coordinates.
     *
     * @param area the plot's data area
     */
    public record PixelMap(Rectangle2D area, ValueAxis xAxis, ValueAxis yAxis) {

        public double x(double value) {
            return xAxis.valueToJava2D(value, area, RectangleEdge.BOTTOM);
        }

        public double y(double value) {
            return yAxis.valueToJava2D(value, area, RectangleEdge.LEFT);
        }

        /** The value at a vertical pixel position. */
        public double yValue(double pixel) {
            return yAxis.java2DToValue(pixel, area, RectangleEdge.LEFT);
        }
    }

    private final ChartViewer viewer;
    private final XYPlot plot;
    private final Pane pane = new Pane();
    private final List<Layer> layers = new ArrayList<>();
    private boolean shown = true;

    public ChartOverlay(ChartViewer viewer, XYPlot plot) {
        this.viewer = viewer;
        this.plot = plot;
        pane.setPickOnBounds(false);
        viewer.getChart().addProgressListener(e -> {
            if (e.getType() == ChartProgressEvent.DRAWING_FINISHED) {
                refresh();
            }
        });
    }

    /** The pane that goes over the chart viewer (same size, same origin as the canvas). */
    public Pane pane() {
        return pane;
    }

    public void add(Layer layer) {
        layers.add(layer);
        pane.getChildren().addAll(layer.nodes());
        refresh();
    }

    /** Hides every layer (no data), or shows them again. */
    public void setShown(boolean shown) {
        this.shown = shown;
        refresh();
    }

    /** The transform of the last draw of the canvas; empty before the first draw or with no room to draw. */
    public Optional<PixelMap> map() {
        var info = viewer.getCanvas().getRenderingInfo();
        if (info == null) {
            return Optional.empty();
        }
        Rectangle2D area = info.getPlotInfo().getDataArea();
        if (area == null || area.getWidth() <= 0 || area.getHeight() <= 0) {
            return Optional.empty();
        }
        return Optional.of(new PixelMap((Rectangle2D) area.clone(), plot.getDomainAxis(), plot.getRangeAxis()));
    }

    /** Places every layer again with the last draw's transform (e.g. after the data behind a layer changed). */
    public void refresh() {
        Optional<PixelMap> map = map();
        boolean visible = shown && map.isPresent();
        pane.setVisible(visible);
        if (!visible) {
            return;
        }
        Rectangle2D area = map.get().area();
        pane.setClip(new javafx.scene.shape.Rectangle(area.getX(), area.getY(), area.getWidth(), area.getHeight()));
        for (Layer layer : layers) {
            layer.place(map.get());
        }
    }
}
