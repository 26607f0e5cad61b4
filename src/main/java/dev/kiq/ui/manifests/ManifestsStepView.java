package dev.kiq.ui.manifests;

import dev.kiq.ui.service.YamlProblem;
import java.io.File;
import java.util.Optional;
import dev.kiq.ui.wizard.StepPage;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.fxmisc.flowless.VirtualizedScrollPane;

/** Step 6 page: options, the editable YAML with highlighting and validation, copy and save. */
public final class ManifestsStepView extends VBox implements StepPage {

    private final YamlEditor editor = new YamlEditor();
    private boolean syncing;

    public ManifestsStepView(ManifestsStepViewModel vm) {
        super(8);
        setPadding(new Insets(4, 0, 8, 0));
        TextField namespace = new TextField();
        namespace.setId("manifest-namespace");
        namespace.setPrefColumnCount(10);
        namespace.textProperty().bindBidirectional(vm.namespaceProperty());
        ComboBox<String> platform = new ComboBox<>();
        platform.setId("platform");
        platform.getItems().setAll(ManifestsStepViewModel.PLATFORMS);
        platform.valueProperty().bindBidirectional(vm.platformProperty());
        ComboBox<String> hpa = new ComboBox<>();
        hpa.setId("hpa-metric");
        hpa.getItems().setAll(ManifestsStepViewModel.HPA_METRICS);
        hpa.valueProperty().bindBidirectional(vm.hpaMetricProperty());
        ComboBox<String> dashboards = new ComboBox<>();
        dashboards.setId("dashboards");
        dashboards.getItems().setAll(ManifestsStepViewModel.DASHBOARDS);
        dashboards.valueProperty().bindBidirectional(vm.dashboardsProperty());
        dashboards.setTooltip(new javafx.scene.control.Tooltip("Adds a dashboard of the model server's metrics (throughput with"
                + " the knee, latency percentiles, queue, batch, KV cache, replicas) in a ConfigMap; its comments say how to import it"));
        TextField bucket = new TextField();
        bucket.setId("model-bucket");
        bucket.setPromptText("gs://bucket/path (optional)");
        bucket.textProperty().bindBidirectional(vm.modelBucketUriProperty());
        bucket.setPrefColumnCount(18);
        // wraps to a second line in a narrow window instead of cutting the labels
        // each label with its field: when the row wraps in a narrow window, they move to the next line together
        FlowPane options = new FlowPane(16, 6, labelled("Namespace", namespace), labelled("Platform", platform),
                labelled("HPA metric", hpa), labelled("Dashboard", dashboards), labelled("Model bucket", bucket));
        options.setAlignment(Pos.CENTER_LEFT);
        options.getChildren().forEach(n -> ((Region) n).setMinWidth(Region.USE_PREF_SIZE));
        // under the options, not beside Copy and Save: a namespace Kubernetes refuses is named where it was typed
        Label optionsProblem = dev.kiq.ui.theme.Notices.of("options-problem", vm.optionsProblemProperty(), "danger");

        Label staleText = new Label("The recommendation changed after you edited the manifests; your edits are kept.");
        staleText.setWrapText(true);
        Button regenerate = new Button("Regenerate (discard my edits)");
        regenerate.setId("regenerate");
        regenerate.setOnAction(e -> vm.regenerate());
        Button keep = new Button("Keep my edits");
        keep.setId("keep-edits");
        keep.setOnAction(e -> vm.keepEdits());
        HBox banner = new HBox(8, staleText, regenerate, keep);
        banner.setId("stale-banner");
        banner.setAlignment(Pos.CENTER_LEFT);
        banner.getStyleClass().add("kiq-banner");
        banner.visibleProperty().bind(vm.staleProperty());
        banner.managedProperty().bind(vm.staleProperty());

        Label keptText = new Label("You kept your edits: the HPA threshold and the comments still describe the "
                + "operating point from before your last change.");
        keptText.setWrapText(true);
        keptText.setMinHeight(Region.USE_PREF_SIZE);
        HBox.setHgrow(keptText, Priority.ALWAYS);
        Button regenerateKept = new Button("Regenerate (discard my edits)");
        regenerateKept.setId("regenerate-kept");
        regenerateKept.setMinWidth(Region.USE_PREF_SIZE);
        regenerateKept.setOnAction(e -> vm.regenerate());
        HBox kept = new HBox(8, keptText, regenerateKept);
        kept.setId("kept-edits-notice");
        kept.setAlignment(Pos.CENTER_LEFT);
        kept.getStyleClass().add("kiq-banner");
        kept.visibleProperty().bind(vm.keptStaleProperty());
        kept.managedProperty().bind(vm.keptStaleProperty());

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        Label generatingText = new Label("Generating the manifests…");
        HBox generating = new HBox(8, spinner, generatingText);
        generating.setId("manifests-generating");
        generating.setAlignment(Pos.CENTER_LEFT);
        generating.visibleProperty().bind(vm.generatingProperty());
        generating.managedProperty().bind(vm.generatingProperty());

        editor.setId("yaml-editor");
        editor.replaceText(vm.manifestsProperty().get());
        editor.moveTo(0);
        editor.textProperty().addListener((o, a, text) -> {
            if (!syncing) {
                vm.edit(text);
            }
        });
        // while the page is not shown (e.g. the user drags the target on the chart) the editor catches up when shown
        vm.manifestsProperty().addListener((o, a, text) -> {
            if (editor.getScene() != null) {
                show(vm.manifestsProperty().get());
            }
        });
        editor.sceneProperty().addListener((o, a, scene) -> {
            if (scene != null) {
                show(vm.manifestsProperty().get());
            }
        });
        VirtualizedScrollPane<YamlEditor> scroll = new VirtualizedScrollPane<>(editor);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        scroll.setMinHeight(200);

        Label problem = new Label();
        problem.setId("yaml-problem");
        problem.setWrapText(true);
        problem.getStyleClass().add("kiq-error");
        vm.problemProperty().addListener((o, a, p) -> showProblem(problem, p));
        showProblem(problem, vm.problemProperty().get());

        Button copy = new Button("Copy");
        copy.setId("copy-yaml");
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(vm.manifestsProperty().get());
            Clipboard.getSystemClipboard().setContent(content);
            vm.statusProperty().set("Copied to the clipboard.");
        });
        Button save = new Button("Save as…");
        save.setId("save-yaml");
        copy.disableProperty().bind(Bindings.not(vm.exportable()));
        save.disableProperty().bind(Bindings.not(vm.exportable()));
        save.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Save manifests");
            chooser.setInitialFileName(vm.saveFileName());
            File f = chooser.showSaveDialog(getScene().getWindow());
            if (f != null) {
                vm.saveAs(f.toPath());
            }
        });
        Label edited = new Label("edited");
        edited.setId("edited-badge");
        edited.getStyleClass().add("kiq-warning");
        edited.visibleProperty().bind(vm.editedProperty());
        Label status = new Label();
        status.setId("manifest-status");
        status.textProperty().bind(vm.statusProperty());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox actions = new HBox(8, copy, save, edited, gap, status);
        actions.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(options, optionsProblem, banner, kept, generating, scroll, problem, actions);
    }

    private static HBox labelled(String text, Node field) {
        HBox pair = new HBox(8, new Label(text), field);
        pair.setAlignment(Pos.CENTER_LEFT);
        return pair;
    }

    private void show(String text) {
        if (!text.equals(editor.getText())) {
            syncing = true;
            try {
                // the first text opens at its top; later ones keep the caret where the user was
                int caret = editor.getText().isEmpty() ? 0 : Math.min(editor.getCaretPosition(), text.length());
                editor.replaceKeepingStyles(text);
                editor.moveTo(caret);
                if (caret == 0) {
                    editor.showParagraphAtTop(0);
                }
            } finally {
                syncing = false;
            }
        }
    }

    public YamlEditor editor() {
        return editor;
    }

    @Override
    public Optional<Node> mainControl() {
        return Optional.of(editor);
    }

    private void showProblem(Label label, Optional<YamlProblem> p) {
        label.setText(p.map(x -> "Line " + x.line() + ": " + x.message()).orElse(""));
        editor.markError(p.map(YamlProblem::line));
    }
}
