package dev.kiq.ui.accelerator;

import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.ui.service.Cost;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Step 4 page: the accelerator table, best fit first, infeasible rows greyed with the reason. */
public final class AcceleratorStepView extends VBox {

    private final TableView<AcceleratorRow> table = new TableView<>();
    private final AcceleratorStepViewModel vm;
    private boolean syncing;

    public AcceleratorStepView(AcceleratorStepViewModel vm) {
        super(10);
        this.vm = vm;
        setPadding(new Insets(4, 0, 8, 0));
        table.setId("accelerator-table");
        table.setItems(vm.rows());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(text("Accelerator", AcceleratorRow::accelerator, 150));
        table.getColumns().add(text("Count", r -> Integer.toString(r.count()), 50));
        table.getColumns().add(text("Instance type", AcceleratorRow::instanceType, 120));
        table.getColumns().add(text("Output tok/s", r -> point(r, p -> String.format(Locale.ROOT, "%,.0f",
                p.outputTokensPerSecond())), 90));
        table.getColumns().add(text("NTPOT ms", r -> point(r, p -> ms(p.ntpotMilliseconds())), 70));
        table.getColumns().add(text("TTFT ms", r -> point(r, p -> ms(p.ttftMilliseconds())), 70));
        table.getColumns().add(text("ITL ms", r -> point(r, p -> ms(p.itlMilliseconds())), 60));
        table.getColumns().add(text("$/M input", r -> cost(r.cost(), Cost::perMillionInputTokens), 75));
        table.getColumns().add(text("$/M output", r -> cost(r.cost(), Cost::perMillionOutputTokens), 80));
        table.getColumns().add(text("Source", AcceleratorRow::provenance, 75));
        table.getColumns().add(text("Why not", AcceleratorRow::reason, 220));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(AcceleratorRow row, boolean empty) {
                super.updateItem(row, empty);
                boolean greyed = !empty && row != null && !row.feasible();
                setOpacity(greyed ? 0.5 : 1.0);
                setTooltip(greyed ? new Tooltip(row.reason()) : null);
                pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("infeasible"), greyed);
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> {
            if (!syncing && row != null) {
                vm.selectedProfileProperty().set(row.profile());
            }
        });
        vm.rows().addListener((ListChangeListener<AcceleratorRow>) c -> selectChosen());
        vm.selectedProfileProperty().addListener((o, a, p) -> selectChosen());
        selectChosen();
        Label hint = new Label("Figures at the operating point for your targets (at the knee without targets), "
                + "sorted by fit: rows that meet the targets first, cheapest per output token first.");
        hint.getStyleClass().add("text-muted");
        hint.setWrapText(true);
        getChildren().addAll(hint, table);
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

    private static TableColumn<AcceleratorRow, String> text(String name, Function<AcceleratorRow, String> value,
            double width) {
        TableColumn<AcceleratorRow, String> c = new TableColumn<>(name);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }

    private static String point(AcceleratorRow r, Function<PerformancePoint, String> f) {
        return r.point().map(f).orElse("—");
    }

    private static String cost(Optional<Cost> c, Function<Cost, Double> f) {
        return c.map(x -> String.format(Locale.ROOT, "%.3f", f.apply(x))).orElse("N/A");
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.1f", v);
    }
}
