package dev.kiq.ui.accelerator;

import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.profile.Provenance;
import dev.kiq.ui.service.Cost;
import dev.kiq.ui.format.Figures;
import dev.kiq.ui.theme.Notices;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.layout.VBox;

/** Step 4 page: the accelerator table, best fit first, infeasible rows greyed with the reason. */
public final class AcceleratorStepView extends VBox {

    /** Left and right padding of a cell plus a little air. */
    private static final double CELL_PADDING = 22;
    /** A header's padding, its label's padding and a little air. */
    private static final double HEADER_PADDING = 30;
    private static final double MIN_REASON_WIDTH = 220;

    private final TableView<AcceleratorRow> table = new TableView<>();
    /** The reasons under the table, one line per greyed row, when the window is too narrow for their column. */
    private final Label reasons = new Label();
    private final AcceleratorStepViewModel vm;
    private boolean syncing;

    public AcceleratorStepView(AcceleratorStepViewModel vm) {
        super(10);
        this.vm = vm;
        setPadding(new Insets(4, 0, 8, 0));
        table.setId("accelerator-table");
        table.setItems(vm.rows());
        // every column as wide as its header and its widest figure; "Why not" takes what is left (at least enough
        // to read a wrapped reason): in a narrow window the table scrolls sideways rather than cut anything
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.widthProperty().addListener((o, a, b) -> fitColumns());
        // short headers, the unit on a second line, the full name in a tooltip; the machine under the accelerator
        // where the figures come from is the Accuracy column's ("measured", or the model's error): said here as well
        // (" · modeled") it made the column so wide that the table scrolled sideways at 1024x700 (Xvfb walk)
        // and a TPU's topology beside its machine type, not its type: "4× tpu-v5-lite-podslice 2x2" was the widest line
        table.getColumns().add(text("Accelerator", "Accelerators per replica × type; below, the machine type of one "
                + "replica (and a TPU slice's topology)", r -> r.count() + "× " + r.profile().acceleratorType() + "\n"
                + r.instanceType() + r.profile().tpuTopology().map(t -> " · " + t).orElse(""), false));
        table.getColumns().add(text("Output\ntok/s", "Output tokens per second of one replica at the operating "
                + "point (at the knee when the targets cannot be met; ⚠: at the highest rate measured of a curve without"
                + " a knee, which is not known to be its maximum)", r -> point(r, p -> (r.noKneeNote().isPresent() ? "⚠ " : "")
                        + Figures.perSecond(p.outputTokensPerSecond())), true));
        table.getColumns().add(text("NTPOT\nms", "Normalized time per output token, p50, milliseconds",
                r -> point(r, p -> Figures.msNumber(p.ntpotMilliseconds())), true));
        table.getColumns().add(text("TTFT\nms", "Time to first token, p50, milliseconds (⚠: users wait seconds)",
                r -> point(r, p -> (r.ttftWarning().isPresent() ? "⚠ " : "") + Figures.msNumber(p.ttftMilliseconds())),
                true));
        table.getColumns().add(text("ITL\nms", "Inter-token latency, p50, milliseconds",
                r -> point(r, p -> Figures.msNumber(p.itlMilliseconds())), true));
        table.getColumns().add(text("$/M\ninput", "US dollars per million input tokens under the pricing model",
                r -> cost(r, Cost::perMillionInputTokens), true));
        table.getColumns().add(text("$/M\noutput", "US dollars per million output tokens under the pricing model; "
                + "below, the cost's expected error (the error of the throughput at the operating point: a cost is a price"
                + " over a throughput; under a latency target it holds that latency's error too; \"or more\" where it is"
                + " a lower bound). "
                + "Where two costs agree within these errors, the row with better-founded figures comes first",
                // "or more" on a line of its own, as in the Accuracy column: on one line it widened the column and
                // scrolled the table sideways at 1024x700 (AcceleratorTableWalkTest)
                r -> cost(r, Cost::perMillionOutputTokens) + r.costError().map(e -> "\n" + e.replace(" or more", "\nor more"))
                        .orElse(""), true));
        table.getColumns().add(text("Accuracy", "Where the row's figures come from and how far they can be trusted: "
                + "measured (a benchmark), or modeled by kiq's performance model with its expected error (±N%, from its "
                + "cross-validation against published measurements: the curve's error, the larger of its throughput and "
                + "NTPOT errors), or uncalibrated (modeled with estimated factors, no measured error; such rows are set "
                + "in italics)",
                // "±34% extrapolated" on two lines: one line made the column wider than the figures need; a profile of
                // another calibration says so in two more lines, no wider than "extrapolated" (on the second line it cut
                // the column and scrolled the table sideways at 1024x700)
                r -> r.accuracy().replace(", " + Provenance.OTHER_CALIBRATION, "\n" + Provenance.OTHER_CALIBRATION.replace(' ', '\n'))
                        .replace(", " + Provenance.YOUR_FACTORS, "\n" + Provenance.YOUR_FACTORS)
                        .replaceFirst(" ", "\n"), false));
        TableColumn<AcceleratorRow, String> why = text("Why not", "Why the row cannot meet your targets",
                AcceleratorRow::reason, false);
        why.setCellFactory(c -> new WrappingCell());
        table.getColumns().add(why);
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(AcceleratorRow row, boolean empty) {
                super.updateItem(row, empty);
                boolean pending = !empty && row != null && !row.modeled();
                boolean greyed = !empty && row != null && !pending && !row.feasible();
                boolean uncalibrated = !empty && row != null && row.uncalibrated();
                setOpacity(greyed ? 0.5 : 1.0);
                setTooltip(empty || row == null ? null
                        : wrapped(new Tooltip((greyed ? row.reason() + "\n" : "") + row.ttftWarning().map(w -> w + "\n").orElse("")
                                + row.noKneeNote().map(n -> n + "\n").orElse("")
                                + row.rankNote().map(n -> n + "\n").orElse("") + row.accuracyDescription())));
                pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("infeasible"), greyed);
                // a row still being modeled cannot be chosen (it has no profile for the workload yet): shown disabled
                setDisable(pending);
                // uncalibrated rows are set in italics so that they do not look as certain as measured or calibrated ones
                pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("uncalibrated"), uncalibrated);
                setStyle(uncalibrated ? "-fx-font-style: italic;" : "");
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);
        table.setMinHeight(160);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> {
            if (!syncing && row != null && row.modeled()) {
                vm.selectedProfileProperty().set(row.profile());
            }
        });
        vm.rows().addListener((ListChangeListener<AcceleratorRow>) c -> {
            selectChosen();
            fitColumns();
        });
        vm.selectedProfileProperty().addListener((o, a, p) -> selectChosen());
        selectChosen();
        fitColumns();
        Label hint = new Label("Figures at the operating point for your targets (at the knee without targets), "
                + "sorted by fit: rows that meet the targets first, cheapest per output token first; where two costs "
                + "agree within their expected errors, the row with better-founded figures comes first (the note under "
                + "the table says which rows it passed).");
        hint.getStyleClass().add("text-muted");
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE);
        // the order it describes holds only for the complete set: while accelerators are modeled the note says so instead
        hint.visibleProperty().bind(vm.modelingNoteProperty().isEmpty());
        hint.managedProperty().bind(hint.visibleProperty());
        reasons.setId("why-not-list");
        reasons.setWrapText(true);
        reasons.setMinHeight(Region.USE_PREF_SIZE);
        reasons.managedProperty().bind(reasons.visibleProperty());
        reasons.setVisible(false);
        getChildren().addAll(Notices.of("modeling-note", vm.modelingNoteProperty(), "warning"),
                Notices.of("choice-notice", vm.choiceNoticeProperty(), "warning"),
                Notices.of("none-meets", vm.noneMeetsProperty(), "danger"),
                Notices.of("ttft-note", vm.ttftNoteProperty(), "warning"),
                Notices.of("no-knee-note", vm.noKneeNoteProperty(), "warning"), hint, table, reasons,
                Notices.of("rank-note", vm.rankNoteProperty(), "info"));
    }

    /** A tooltip whose long sentences wrap: unwrapped, they ran off a 1024 px screen (seen in the Xvfb walk). */
    private static Tooltip wrapped(Tooltip tooltip) {
        tooltip.setWrapText(true);
        tooltip.setMaxWidth(520);
        return tooltip;
    }

    /** The table, for the wizard to focus. */
    public TableView<AcceleratorRow> table() {
        return table;
    }

    /**
     * Each column at least as wide as its header and its widest cell, so nothing is cut; the reasons column
     * shows only when some row has a reason.
     */
    private void fitColumns() {
        List<TableColumn<AcceleratorRow, ?>> columns = table.getColumns();
        for (int i = 0; i < columns.size() - 1; i++) {
            @SuppressWarnings("unchecked")
            TableColumn<AcceleratorRow, String> c = (TableColumn<AcceleratorRow, String>) columns.get(i);
            double width = textWidth((String) c.getUserData(), true) + HEADER_PADDING - CELL_PADDING;
            for (AcceleratorRow r : vm.rows()) {
                width = Math.max(width, textWidth(c.getCellValueFactory()
                        .call(new TableColumn.CellDataFeatures<>(table, c, r)).getValue(), false));
            }
            c.setMinWidth(Math.ceil(width + CELL_PADDING));
            c.setPrefWidth(c.getMinWidth());
        }
        TableColumn<AcceleratorRow, ?> why = columns.get(columns.size() - 1);
        boolean anyReason = vm.rows().stream().anyMatch(r -> !r.reason().isEmpty());
        double others = columns.stream().filter(c -> c != why).mapToDouble(TableColumn::getPrefWidth).sum();
        // the table's width less its border and a vertical scroll bar
        double left = table.getWidth() - others - 20;
        // too narrow for a readable column (1024 px windows): the reasons go under the table rather than off-screen
        boolean column = table.getWidth() <= 0 || left >= MIN_REASON_WIDTH;
        why.setVisible(anyReason && column);
        why.setMinWidth(Math.ceil(textWidth((String) why.getUserData(), true) + HEADER_PADDING));
        why.setPrefWidth(Math.max(MIN_REASON_WIDTH, left));
        reasons.setVisible(anyReason && !column);
        reasons.setText(vm.rows().stream().filter(r -> !r.reason().isEmpty())
                .map(r -> "Why not " + r.count() + "× " + r.accelerator() + ": " + r.reason())
                .collect(java.util.stream.Collectors.joining("\n")));
    }

    /** Width of a text's longest line in the themes' 14 px font (headers bold). */
    private static double textWidth(String s, boolean bold) {
        Text t = new Text(s == null ? "" : s);
        t.setFont(Font.font(Font.getDefault().getFamily(), bold ? FontWeight.BOLD : FontWeight.NORMAL, 14));
        return t.getLayoutBounds().getWidth();
    }

    /** A cell whose text wraps at the column's width (the row grows) instead of being cut. */
    private static final class WrappingCell extends TableCell<AcceleratorRow, String> {
        private final Text text = new Text();

        WrappingCell() {
            text.wrappingWidthProperty().bind(widthProperty().subtract(CELL_PADDING));
            text.getStyleClass().add("text");
            text.fillProperty().bind(textFillProperty());
            setGraphic(text);
            setPrefHeight(Region.USE_COMPUTED_SIZE);
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            text.setText(empty || item == null ? "" : item);
            setText(null);
        }
    }

    private void selectChosen() {
        Profile chosen = vm.selectedProfileProperty().get();
        syncing = true;
        try {
            if (chosen == null) {
                table.getSelectionModel().clearSelection();
                return;
            }
            for (int i = 0; i < table.getItems().size(); i++) {
                if (table.getItems().get(i).profile() == chosen) {
                    if (table.getSelectionModel().getSelectedIndex() != i) {
                        table.getSelectionModel().clearAndSelect(i);
                    }
                    return;
                }
            }
        } finally {
            syncing = false;
        }
    }

    /** A column whose header has a tooltip with the full name and unit; figures align right, every line of them. */
    private static TableColumn<AcceleratorRow, String> text(String name, String tooltip,
            Function<AcceleratorRow, String> value, boolean figure) {
        TableColumn<AcceleratorRow, String> c = new TableColumn<>(name);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setSortable(false);
        c.setReorderable(false);
        Label header = new Label(name);
        header.setTooltip(new Tooltip(tooltip));
        header.setMinWidth(Region.USE_PREF_SIZE);
        c.setText("");
        c.setGraphic(header);
        c.setId("column-" + name.replaceAll("[^A-Za-z]+", "-").toLowerCase(java.util.Locale.ROOT));
        header.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        if (figure) {
            // each line of a figure's cell at the right too ("4.377" over "±10%" over "or more"): the alignment alone
            // places the block, and its lines stayed left-aligned within it, the figure off the column's right edge
            c.setStyle("-fx-alignment: CENTER-RIGHT; -fx-text-alignment: right;");
        }
        c.setUserData(name);
        return c;
    }

    private static String point(AcceleratorRow r, Function<PerformancePoint, String> f) {
        return r.point().map(f).orElse("—");
    }

    /** The row's price, N/A when the catalog has none, a dash while the row is being modeled. */
    private static String cost(AcceleratorRow r, Function<Cost, Double> f) {
        return !r.modeled() ? "—" : r.cost().map(x -> Figures.dollarsNumber(f.apply(x))).orElse("N/A");
    }
}
