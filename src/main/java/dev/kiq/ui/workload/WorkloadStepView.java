package dev.kiq.ui.workload;

import dev.kiq.catalog.PricingModel;
import dev.kiq.recommend.HpaMetric;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/** Step 3 page: use case and lengths (with the modeling they start), sensitivity, targets, pricing and expected QPS. */
public final class WorkloadStepView extends VBox {

    public WorkloadStepView(WorkloadStepViewModel vm) {
        super(12);
        setPadding(new Insets(4, 0, 8, 0));
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(10);

        ComboBox<String> useCase = new ComboBox<>();
        useCase.getItems().setAll(vm.useCases());
        useCase.setConverter(new StringConverter<>() {
            @Override
            public String toString(String id) {
                return vm.useCaseName(id);
            }

            @Override
            public String fromString(String s) {
                return vm.useCases().stream().filter(id -> vm.useCaseName(id).equals(s)).findFirst().orElse(null);
            }
        });
        useCase.valueProperty().bindBidirectional(vm.useCaseProperty());
        useCase.setId("use-case");

        TextField in = field("input-tokens", vm.inputTokensProperty(), "226");
        TextField out = field("output-tokens", vm.outputTokensProperty(), "195");

        ToggleGroup sensitivity = new ToggleGroup();
        // the core's rule in its own words: "(HPA on queue size)" alone promised queue size while a latency target set
        // below gives batch size (Xvfb walk 1024x700: NTPOT 60 ms, the verdict said batch size, the choice said queue)
        RadioButton throughput = new RadioButton("Throughput-sensitive (HPA on " + HpaMetric.CHOSEN_WITHOUT_REQUEST + ")");
        // on two lines at the fields' width: at its whole width the grid's column squeezed the labels beside it
        throughput.setWrapText(true);
        throughput.setPrefWidth(480);
        throughput.setMinHeight(Region.USE_PREF_SIZE);
        RadioButton latency = new RadioButton("Latency-sensitive (HPA on batch size)");
        throughput.setId("throughput-sensitive");
        latency.setId("latency-sensitive");
        throughput.setToggleGroup(sensitivity);
        latency.setToggleGroup(sensitivity);
        (vm.latencySensitiveProperty().get() ? latency : throughput).setSelected(true);
        latency.selectedProperty().addListener((o, a, b) -> vm.latencySensitiveProperty().set(b));
        vm.latencySensitiveProperty().addListener((o, a, b) -> (b ? latency : throughput).setSelected(true));

        TextField ntpot = field("target-ntpot", vm.targetNtpotProperty(), "none, e.g. 50");
        TextField ttft = field("target-ttft", vm.targetTtftProperty(), "none, e.g. 500");
        TextField itl = field("target-itl", vm.targetItlProperty(), "none, e.g. 30");

        ComboBox<PricingModel> pricing = new ComboBox<>();
        pricing.setId("pricing-model");
        pricing.getItems().setAll(PricingModel.values());
        pricing.setConverter(new StringConverter<>() {
            @Override
            public String toString(PricingModel p) {
                return p == null ? "" : p.id();
            }

            @Override
            public PricingModel fromString(String s) {
                return PricingModel.byId(s).orElse(PricingModel.ON_DEMAND);
            }
        });
        pricing.valueProperty().bindBidirectional(vm.pricingModelProperty());
        TextField qps = field("expected-qps", vm.expectedQpsProperty(), "none, e.g. 20");

        int r = 0;
        grid.addRow(r++, label("Use case", useCase), useCase);
        grid.addRow(r++, label(WorkloadStepViewModel.INPUT_TOKENS, in), in);
        grid.addRow(r++, label(WorkloadStepViewModel.OUTPUT_TOKENS, out), out);
        grid.addRow(r++, new Label("Autoscale for"), new VBox(6, throughput, latency));
        grid.addRow(r++, label(WorkloadStepViewModel.TARGET_NTPOT, ntpot), ntpot);
        grid.addRow(r++, label(WorkloadStepViewModel.TARGET_TTFT, ttft), ttft);
        grid.addRow(r++, label(WorkloadStepViewModel.TARGET_ITL, itl), itl);
        grid.addRow(r++, label("Pricing model", pricing), pricing);
        grid.addRow(r, label(WorkloadStepViewModel.EXPECTED_QPS, qps), qps);

        Label error = new Label();
        error.setId("workload-error");
        error.getStyleClass().add("danger");
        error.textProperty().bind(vm.errorProperty());
        wrapping(error);
        ProgressBar progress = new ProgressBar();
        progress.setId("workload-progress");
        progress.progressProperty().bind(vm.progressProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("cancel-workload-modeling");
        cancel.setOnAction(e -> vm.cancelModeling());
        HBox running = new HBox(8, progress, cancel);
        running.setAlignment(Pos.CENTER_LEFT);
        running.visibleProperty().bind(vm.modelingProperty());
        running.managedProperty().bind(vm.modelingProperty());
        Label status = new Label();
        status.setId("workload-status");
        status.textProperty().bind(vm.statusProperty());
        wrapping(status);

        Label source = new Label();
        source.setId("use-case-source");
        source.getStyleClass().add("text-muted");
        source.textProperty().bind(Bindings.createStringBinding(vm::useCaseSource, vm.useCaseProperty()));
        wrapping(source);
        Label hint = new Label("The use case and lengths choose the profiles of the next steps; a workload no "
                + "profile covers is modeled once and kept for next time. "
                + "Leave targets empty to get the knee: the most throughput before latency rises sharply.");
        hint.getStyleClass().add("text-muted");
        wrapping(hint);
        Label ttftHint = new Label();
        ttftHint.setId("ttft-hint");
        ttftHint.getStyleClass().add("text-muted");
        ttftHint.textProperty().bind(vm.ttftHintProperty());
        wrapping(ttftHint);
        getChildren().addAll(grid, ttftHint, error, running, status, source, hint);
    }

    /**
     * A text that wraps, keeps the height its lines need (the page scrolls instead of cutting it with an
     * ellipsis in a small window) and takes no room while empty.
     */
    private static void wrapping(Label l) {
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
    }

    private static TextField field(String id, javafx.beans.property.StringProperty p, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.setPrefColumnCount(12);
        f.textProperty().bindBidirectional(p);
        return f;
    }

    private static Label label(String text, Node target) {
        Label l = new Label(text);
        l.setLabelFor(target);
        return l;
    }
}
