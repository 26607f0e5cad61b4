package dev.kiq.ui.performance;

import dev.kiq.profile.Profile;
import dev.kiq.ui.service.LatencyMetric;
import dev.kiq.ui.theme.Notices;
import dev.kiq.ui.theme.Theme;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.controlsfx.control.CheckComboBox;

/** Step 5 page: the chart with its controls and the one-line verdict. */
public final class PerformanceStepView extends VBox {

    private final ProfileChart chart;
    private final PerformanceStepViewModel vm;

    public PerformanceStepView(PerformanceStepViewModel vm, ObservableValue<Theme> theme) {
        super(8);
        this.vm = vm;
        setPadding(new Insets(4, 0, 8, 0));
        chart = new ProfileChart(vm);
        chart.setTheme(theme.getValue());
        theme.addListener((o, a, t) -> chart.setTheme(t));

        ComboBox<LatencyMetric> metric = new ComboBox<>();
        metric.setId("latency-metric");
        metric.getItems().setAll(LatencyMetric.values());
        metric.valueProperty().bindBidirectional(vm.metricProperty());
        CheckBox costView = new CheckBox("Cost vs latency");
        costView.setId("cost-view");
        costView.selectedProperty().bindBidirectional(vm.costViewProperty());

        CheckComboBox<Profile> compare = new CheckComboBox<>();
        compare.setId("overlay");
        compare.setTitle("Compare with…");
        compare.setConverter(new StringConverter<>() {
            @Override
            public String toString(Profile p) {
                return p == null ? "" : p.acceleratorCount() + "× " + p.acceleratorType();
            }

            @Override
            public Profile fromString(String s) {
                return null;
            }
        });
        Runnable refreshCandidates = () -> {
            compare.getCheckModel().clearChecks();
            compare.getItems().setAll(vm.overlayCandidates());
        };
        vm.profileProperty().addListener((o, a, b) -> refreshCandidates.run());
        refreshCandidates.run();
        // accelerators modeled after the shown one join the list; the ones already checked stay checked
        vm.profiles().addListener((ListChangeListener<Profile>) c -> {
            List<Profile> checked = List.copyOf(compare.getCheckModel().getCheckedItems());
            compare.getCheckModel().clearChecks();
            compare.getItems().setAll(vm.overlayCandidates());
            checked.stream().filter(compare.getItems()::contains).forEach(compare.getCheckModel()::check);
        });
        compare.getCheckModel().getCheckedItems().addListener((ListChangeListener<Profile>) c ->
                vm.overlays().setAll(compare.getCheckModel().getCheckedItems()));

        Button clearTarget = new Button("Clear target");
        clearTarget.setId("clear-target");
        clearTarget.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> vm.targetProperty().get().isEmpty(), vm.targetProperty()));
        clearTarget.setOnAction(e -> vm.clearTarget());
        CheckBox wholeCurve = new CheckBox("Whole curve");
        wholeCurve.setId("whole-curve");
        wholeCurve.setTooltip(new javafx.scene.control.Tooltip(
                "Fit every point; by default the axes end a little past the knee, where latency shoots up."));
        wholeCurve.selectedProperty().bindBidirectional(vm.wholeCurveProperty());
        Button reset = new Button("Reset zoom");
        reset.setId("reset-zoom");
        reset.setOnAction(e -> chart.resetZoom());
        // one menu rather than a label and two buttons: in the 1280 px window a 1440x900 screen opens, "SVG…" wrapped
        // alone onto a second row of the toolbar (seen in the Xvfb walk)
        MenuItem png = new MenuItem("PNG image…");
        png.setId("export-png");
        png.setOnAction(e -> export("png"));
        MenuItem svg = new MenuItem("SVG image…");
        svg.setId("export-svg");
        svg.setOnAction(e -> export("svg"));
        MenuButton exportMenu = new MenuButton("Export", null, png, svg);
        exportMenu.setId("export");

        FlowPane controls = new FlowPane(8, 6, new Label("Latency"), metric, costView, compare, clearTarget, wholeCurve, reset,
                exportMenu);
        controls.setId("chart-controls");
        controls.setAlignment(Pos.CENTER_LEFT);
        controls.getChildren().forEach(n -> {
            if (n instanceof javafx.scene.layout.Region r) {
                r.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            }
        });

        VBox.setVgrow(chart.node(), Priority.ALWAYS);
        chart.node().setMinHeight(300);

        Label accuracy = new Label();
        accuracy.setId("chart-accuracy");
        accuracy.getStyleClass().addAll("text-muted", "text-small");
        accuracy.setStyle("-fx-font-style: italic;");
        accuracy.setWrapText(true);
        accuracy.textProperty().bind(chart.accuracyProperty());
        Label verdict = new Label();
        verdict.setId("verdict");
        verdict.setWrapText(true);
        verdict.textProperty().bind(vm.verdictProperty());
        Label help = new Label("Drag the target line to move the operating point; drag a rectangle to zoom, "
                + "Ctrl- or Alt-drag to pan, scroll to zoom; hover a point for its figures.");
        help.getStyleClass().add("text-muted");
        help.setWrapText(true);
        Label status = new Label();
        status.setId("chart-status");
        status.textProperty().bind(vm.statusProperty());
        Label heading = new Label();
        heading.setId("chart-title");
        heading.getStyleClass().add("title-4");
        heading.setWrapText(true);
        heading.textProperty().bind(vm.chartTitleProperty());
        // in a short window the page scrolls rather than cut these to one line with an ellipsis (seen at 1024x700
        // while the other accelerators' note took two lines)
        for (Label l : List.of(heading, accuracy, verdict, help)) {
            l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        getChildren().addAll(heading, Notices.of("chart-modeling-note", vm.modelingNoteProperty(), "warning"), controls,
                chart.node(), accuracy, verdict, help, status);
    }

    public ProfileChart chart() {
        return chart;
    }

    private void export(String kind) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export chart as " + kind.toUpperCase(java.util.Locale.ROOT));
        chooser.setInitialFileName(vm.exportFileName(kind));
        File f = chooser.showSaveDialog(getScene().getWindow());
        if (f != null) {
            export(f.toPath(), kind);
        }
    }

    /** Renders on the UI thread (the chart is not thread-safe); the view model writes the file. */
    public void export(Path file, String kind) {
        int w = Math.max(800, (int) chart.viewer().getWidth());
        int h = Math.max(500, (int) chart.viewer().getHeight());
        vm.export(file, "svg".equals(kind) ? chart.svg(w, h) : chart.png(w, h));
    }
}
