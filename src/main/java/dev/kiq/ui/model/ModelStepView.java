package dev.kiq.ui.model;

import dev.kiq.ui.service.ModelEntry;
import java.io.File;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.controlsfx.control.CheckListView;

/** Step 1 page: search box, model list with badges, and "add a model from config.json". */
public final class ModelStepView extends VBox {

    public ModelStepView(ModelStepViewModel vm) {
        super(10);
        setPadding(new Insets(4, 0, 8, 0));

        TextField search = new TextField();
        search.setId("model-search");
        search.setPromptText("Search models, e.g. llama or qwen");
        search.textProperty().bindBidirectional(vm.filterProperty());

        ListView<ModelEntry> list = new ListView<>(vm.visibleModels());
        list.setId("model-list");
        list.setCellFactory(l -> new ListCell<>() {
            // one Remove button per cell, kept across updates: the press that selects a row re-renders the cell,
            // and a button made anew there would never see the release, so the first click did nothing
            private final Button remove = removeButton();

            @Override
            protected void updateItem(ModelEntry m, boolean empty) {
                super.updateItem(m, empty);
                if (empty || m == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                Label badge = new Label(m.origin().label());
                badge.getStyleClass().addAll(m.origin() == ModelEntry.Origin.OPTIMIZED ? "success" : "accent");
                badge.setStyle("-fx-font-size: 0.85em; -fx-padding: 0 6 0 6; -fx-border-radius: 8;"
                        + " -fx-border-color: -color-border-default;");
                Region gap = new Region();
                HBox.setHgrow(gap, Priority.ALWAYS);
                HBox row = new HBox(8, new Label(m.id()), gap, badge);
                if (vm.isRemovable(m)) {
                    remove.setOnAction(e -> confirmRemoval(remove, vm, m));
                    row.getChildren().add(remove);
                }
                row.setAlignment(Pos.CENTER_LEFT);
                setText(null);
                setGraphic(row);
            }
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        list.setMinHeight(140);
        // a search that matches nothing said nothing: the list was just blank (seen in the Xvfb walk)
        Label noMatch = new Label();
        noMatch.setId("model-no-match");
        noMatch.setWrapText(true);
        noMatch.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> "No model matches \""
                + vm.filterProperty().get() + "\". Clear the search to see every model, or add a model from its"
                + " config.json below.", vm.filterProperty()));
        list.setPlaceholder(noMatch);
        syncSelection(list, vm);
        list.getSelectionModel().selectedItemProperty().addListener((o, a, m) -> {
            if (m != null) {
                vm.selectedProperty().set(m);
            }
        });
        vm.selectedProperty().addListener((o, a, m) -> syncSelection(list, vm));
        // Enter in the list goes on (the default button), as from the search field: the list's own key handling
        // swallowed it (Xvfb walk at 1024x700). The list edits nothing, so it is handed on from the list's parent.
        list.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER && !list.isEditable() && list.getParent() != null) {
                e.consume();
                list.getParent().fireEvent(e.copyFor(list.getParent(), list.getParent()));
            }
        });
        // Down in the search goes to the results, as in any search box: it did nothing, and a keyboard user had to Tab
        // into the list and guess (Xvfb walk at 1024x700)
        search.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.DOWN && !list.getItems().isEmpty()) {
                if (list.getSelectionModel().isEmpty()) {
                    list.getSelectionModel().selectFirst();
                }
                list.getFocusModel().focus(list.getSelectionModel().getSelectedIndex());
                list.requestFocus();
                e.consume();
            }
        });
        vm.visibleModels().addListener((ListChangeListener<ModelEntry>) c -> syncSelection(list, vm));

        getChildren().add(new Label("Models marked optimized have kiq-shipped profiles; modeled ones were simulated here."));
        if (!vm.profileWarnings().isEmpty()) {
            Label warnings = new Label("Some profile files were not loaded:\n" + String.join("\n", vm.profileWarnings()));
            warnings.setId("profile-warnings");
            warnings.setWrapText(true);
            warnings.getStyleClass().add("kiq-banner");
            getChildren().add(warnings);
        }
        getChildren().addAll(search, list, configPane(vm));
    }

    private static Button removeButton() {
        Button remove = new Button("Remove");
        remove.setId("remove-model");
        remove.getStyleClass().addAll("flat", "small");
        return remove;
    }

    /** Removing an added model deletes its modeled profiles: ask first. */
    private static void confirmRemoval(Button source, ModelStepViewModel vm, ModelEntry m) {
        javafx.scene.control.Alert ask = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION);
        ask.initOwner(source.getScene().getWindow());
        ask.setTitle("Remove model");
        ask.setHeaderText("Remove " + m.id() + "?");
        ask.setContentText("Its modeled profiles are deleted from this computer. You can add it again from its"
                + " config.json.");
        ask.getDialogPane().setId("remove-model-dialog");
        ((Button) ask.getDialogPane().lookupButton(javafx.scene.control.ButtonType.OK)).setText("Remove");
        ask.showAndWait().filter(b -> b == javafx.scene.control.ButtonType.OK).ifPresent(b -> vm.remove(m));
    }

    private static void syncSelection(ListView<ModelEntry> list, ModelStepViewModel vm) {
        ModelEntry m = vm.selectedProperty().get();
        if (m != null && list.getSelectionModel().getSelectedItem() != m) {
            list.getSelectionModel().select(m);
        }
    }

    private static TitledPane configPane(ModelStepViewModel vm) {
        TextField path = new TextField();
        path.setId("config-path");
        path.setPromptText("path to a Hugging Face config.json");
        path.textProperty().bindBidirectional(vm.configPathProperty());
        HBox.setHgrow(path, Priority.ALWAYS);
        Button browse = new Button("Browse…");
        browse.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Hugging Face config.json");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("config.json", "*.json"));
            File f = chooser.showOpenDialog(browse.getScene().getWindow());
            if (f != null) {
                path.setText(f.getPath());
            }
        });
        CheckListView<String> accelerators = new CheckListView<>();
        accelerators.setId("config-accelerators");
        accelerators.getItems().setAll(vm.availableAccelerators());
        accelerators.setPrefHeight(140);
        // in a small window the page scrolls rather than squash the list to a sliver
        accelerators.setMinHeight(120);
        accelerators.getCheckModel().getCheckedItems().addListener((ListChangeListener<String>) c ->
                vm.modelingAccelerators().setAll(accelerators.getCheckModel().getCheckedItems()));
        Button run = new Button("Model it");
        run.setId("config-run");
        run.disableProperty().bind(vm.modelingProperty().or(path.textProperty().isEmpty()));
        run.setOnAction(e -> vm.model());
        Button cancel = new Button("Cancel");
        cancel.setId("config-cancel");
        cancel.disableProperty().bind(vm.modelingProperty().not());
        cancel.setOnAction(e -> vm.cancelModeling());
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(vm.modelingProgressProperty());
        progress.visibleProperty().bind(vm.modelingProperty());
        progress.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(progress, Priority.ALWAYS);
        Label status = new Label();
        status.setId("config-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.modelingStatusProperty());
        TextField id = new TextField();
        id.setId("config-model-id");
        id.setPromptText("organisation/name, e.g. mistralai/Mistral-7B-v0.1");
        id.textProperty().bindBidirectional(vm.modelIdProperty());
        HBox.setHgrow(id, Priority.ALWAYS);
        Label idLabel = new Label("Model id");
        idLabel.setLabelFor(id);
        idLabel.setMinWidth(Region.USE_PREF_SIZE);
        Label idProblem = new Label();
        idProblem.setId("config-model-id-error");
        idProblem.setWrapText(true);
        idProblem.getStyleClass().add("kiq-error");
        idProblem.textProperty().bind(vm.modelIdProblemProperty());
        idProblem.visibleProperty().bind(vm.modelIdProblemProperty().isNotEmpty());
        idProblem.managedProperty().bind(idProblem.visibleProperty());
        HBox idRow = new HBox(8, idLabel, id);
        idRow.setAlignment(Pos.CENTER_LEFT);
        Label idHint = new Label("The Hugging Face id the manifests load the model by.");
        idHint.getStyleClass().add("text-muted");
        VBox box = new VBox(8, new HBox(8, path, browse), idRow, idProblem, idHint,
                new Label("Accelerators to model it on:"), accelerators,
                new HBox(8, run, cancel, progress), status);
        TitledPane pane = new TitledPane("Add a model from config.json", box);
        pane.setId("config-pane");
        pane.setExpanded(false);
        return pane;
    }
}
