package dev.kiq.ui;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Control;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.Pane;
import javafx.scene.text.Text;

/**
 * Layout defects a person sees, found in a shown scene graph (run on the FX thread after a layout pass):
 * <ul>
 *   <li><b>cut</b>: a label, button, header or cell whose rendered text is not its text (an ellipsis, or clipped),
 *       read from the text node its skin draws;</li>
 *   <li><b>squashed</b>: a control laid out smaller than its own minimum size;</li>
 *   <li><b>hidden</b>: a scroll pane whose content is taller than its window and shows no vertical scroll bar, so
 *       that what is below the window's edge looks cut off (the wheel scrolls it, nothing says so);</li>
 *   <li><b>clipped</b>: a node a layout pane placed partly outside that pane (so it overlaps its neighbours or is
 *       cut off by the window). Only the app's own panes are checked, not the insides of controls, whose skins
 *       scroll and clip their content on purpose; a scroll pane's or titled pane's content is the app's again.</li>
 * </ul>
 */
final class Layout {

    private static final double TOLERANCE = 1.0;

    private Layout() {
    }

    static void check(Node root, List<String> problems) {
        visit(root, false, new HashSet<>(), problems);
    }

    /**
     * <b>sideways</b>: a table wider than its window, so that a person must scroll it sideways to read its last
     * columns (its horizontal scroll bar shows); each visible column that ends past the table's right edge is named.
     */
    static List<String> scrollsSideways(javafx.scene.control.TableView<?> table) {
        List<String> problems = new java.util.ArrayList<>();
        for (Node n : table.lookupAll(".scroll-bar")) {
            if (n instanceof javafx.scene.control.ScrollBar bar && bar.isVisible()
                    && bar.getOrientation() == javafx.geometry.Orientation.HORIZONTAL) {
                problems.add("sideways: " + describe(table) + " shows a horizontal scroll bar");
            }
        }
        double right = 0;
        for (var c : table.getVisibleLeafColumns()) {
            right += c.getWidth();
            if (right > table.getWidth() + TOLERANCE) {
                String name = c.getGraphic() instanceof javafx.scene.control.Labeled l ? l.getText() : c.getText();
                problems.add("sideways: column '" + name + "' of " + describe(table) + " ends at " + Math.round(right)
                        + " (columns " + table.getVisibleLeafColumns().stream().map(x -> String.valueOf(Math.round(x.getWidth())))
                        .collect(java.util.stream.Collectors.joining(" + ")) + ")"
                        + ", past the table's width " + Math.round(table.getWidth()));
            }
        }
        return problems;
    }

    private static void visit(Node node, boolean insideControl, Set<Node> contents, List<String> problems) {
        if (!node.isVisible()) {
            return;
        }
        if (node instanceof Labeled l) {
            cut(l, problems);
        }
        if (node instanceof Control c && c.getWidth() > 0) {
            double minW = c.minWidth(-1);
            double minH = c.minHeight(c.getWidth());
            if (c.getWidth() + 0.5 < minW || c.getHeight() + 0.5 < Math.min(minH, 2000)) {
                problems.add("squashed: " + describe(c) + " is " + Math.round(c.getWidth()) + "x"
                        + Math.round(c.getHeight()) + ", needs " + Math.round(minW) + "x" + Math.round(minH));
            }
        }
        if (node instanceof ScrollPane sp && sp.getContent() != null) {
            contents.add(sp.getContent());
            hidden(sp, problems);
        }
        if (node instanceof TitledPane tp && tp.getContent() != null) {
            contents.add(tp.getContent());
        }
        if (node instanceof Parent p) {
            // a plain Pane places its children itself (the chart's overlay): only the layout panes are checked
            // (and a text flow's texts are runs of wrapped text, whose bounds keep a line's trailing space)
            boolean own = !insideControl && node instanceof Pane && node.getClass() != Pane.class
                    && !(node instanceof javafx.scene.text.TextFlow);
            for (Node child : p.getChildrenUnmodifiable()) {
                if (own && child.isManaged() && child.isVisible()) {
                    clipped((Pane) node, child, problems);
                }
                boolean inside = contents.contains(child) ? false : insideControl || node instanceof Control;
                visit(child, inside, contents, problems);
            }
        }
    }

    private static void hidden(ScrollPane sp, List<String> problems) {
        double content = sp.getContent().getLayoutBounds().getHeight();
        double window = sp.getViewportBounds().getHeight();
        if (sp.getVbarPolicy() == ScrollPane.ScrollBarPolicy.NEVER || window <= 0 || content <= window + TOLERANCE) {
            return;
        }
        boolean bar = sp.getChildrenUnmodifiable().stream().anyMatch(n -> n instanceof javafx.scene.control.ScrollBar b
                && b.getOrientation() == javafx.geometry.Orientation.VERTICAL && b.isVisible());
        if (!bar) {
            problems.add("hidden: " + describe(sp) + "'s content is " + Math.round(content) + " high in a window of "
                    + Math.round(window) + " and no vertical scroll bar shows");
        }
    }

    /** The text the skin draws (its LabeledText) against the text the control holds. */
    private static void cut(Labeled l, List<String> problems) {
        String text = l.getText();
        if (text == null || text.isEmpty() || l.getWidth() <= 0) {
            return;
        }
        String expected = l.isMnemonicParsing() ? text.replaceFirst("_(?=.)", "") : text;
        for (Node child : l.getChildrenUnmodifiable()) {
            if (child instanceof Text t && t.isVisible() && !t.getText().equals(expected)) {
                problems.add("cut: '" + text + "' shows as '" + t.getText() + "' (" + describe(l) + ")");
            }
        }
    }

    private static void clipped(Pane parent, Node child, List<String> problems) {
        // its layout box as placed (translations included), not what its glyphs or effects paint past it
        Bounds b = child.localToParent(child.getLayoutBounds());
        double x = b.getMinX();
        double y = b.getMinY();
        if (x < -TOLERANCE || y < -TOLERANCE || x + b.getWidth() > parent.getWidth() + TOLERANCE
                || y + b.getHeight() > parent.getHeight() + TOLERANCE) {
            problems.add("clipped: " + describe(child) + " at " + Math.round(x) + "," + Math.round(y) + " size "
                    + Math.round(b.getWidth()) + "x" + Math.round(b.getHeight()) + " outside its "
                    + describe(parent) + " of " + Math.round(parent.getWidth()) + "x" + Math.round(parent.getHeight()));
        }
    }

    static String describe(Node n) {
        String text = n instanceof Labeled l && l.getText() != null && !l.getText().isEmpty()
                ? " '" + (l.getText().length() > 40 ? l.getText().substring(0, 40) + "..." : l.getText()) + "'" : "";
        return n.getClass().getSimpleName() + (n.getId() == null ? "" : "#" + n.getId()) + text;
    }
}
