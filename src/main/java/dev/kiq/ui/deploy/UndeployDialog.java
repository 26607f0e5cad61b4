package dev.kiq.ui.deploy;

import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Asks before Undeploy deletes anything: lists exactly the objects that will be deleted (kind/name) and what
 * stays. Cancel is the default button, so Enter deletes nothing.
 */
final class UndeployDialog extends Dialog<ButtonType> {

    UndeployDialog(Window owner, UndeployConfirmation question) {
        if (owner != null) {
            initOwner(owner);
        }
        setTitle("Undeploy");
        setHeaderText(question.question());
        Label intro = new Label("These objects will be deleted:");
        ListView<String> objects = new ListView<>();
        objects.getItems().setAll(question.objects());
        objects.setId("undeploy-objects");
        objects.setFocusTraversable(false);
        // one row per object, up to ten rows before it scrolls
        objects.setPrefHeight(Math.min(question.objects().size(), 10) * 26 + 4);
        objects.setPrefWidth(520);
        Label stays = new Label(question.stays());
        stays.setId("undeploy-stays");
        stays.setWrapText(true);
        stays.setMaxWidth(520);
        VBox content = new VBox(8, intro, objects, stays);
        getDialogPane().setContent(content);
        getDialogPane().setId("undeploy-dialog");
        ButtonType delete = new ButtonType(question.deleteLabel(), ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().setAll(delete, ButtonType.CANCEL);
        Button deleteButton = (Button) getDialogPane().lookupButton(delete);
        deleteButton.setId("undeploy-confirm");
        deleteButton.setDefaultButton(false);
        deleteButton.getStyleClass().add("danger");
        Button cancel = (Button) getDialogPane().lookupButton(ButtonType.CANCEL);
        cancel.setId("undeploy-cancel");
        cancel.setDefaultButton(true);
        setResizable(true);
    }
}
