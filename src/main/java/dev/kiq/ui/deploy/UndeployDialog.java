package dev.kiq.ui.deploy;

import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Asks before Undeploy deletes anything: lists exactly the objects that will be deleted (kind/name) and what
 * stays. Cancel is the default button, so Enter deletes nothing.
 */
final class UndeployDialog extends Dialog<ButtonType> {

    /** Objects listed before the list scrolls. */
    private static final int MAX_ROWS = 10;

    UndeployDialog(Window owner, UndeployConfirmation question) {
        if (owner != null) {
            initOwner(owner);
        }
        setTitle("Undeploy");
        setHeaderText(question.question());
        Label intro = new Label("These objects will be deleted:");
        // every object on a line of its own, whole: a list sized for 26 px rows showed 2 of 3 objects in rows of 38 px,
        // its names cut at 520 px ("gemma-2-27b-it-vllm-podmo") above "Delete 3 objects" (Xvfb walk 1440x900 against a
        // mock API server); a release has a handful of objects, so more than ten scroll
        VBox rows = new VBox(4);
        rows.setId("undeploy-objects");
        for (String object : question.objects()) {
            Label row = new Label(object);
            row.getStyleClass().add("undeploy-object");
            row.setMinWidth(Region.USE_PREF_SIZE);
            rows.getChildren().add(row);
        }
        Node objects = rows;
        if (question.objects().size() > MAX_ROWS) {
            ScrollPane scroll = new ScrollPane(rows);
            scroll.setFitToWidth(true);
            scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
            scroll.setPrefViewportHeight(MAX_ROWS * 26);
            objects = scroll;
        }
        Label stays = new Label(question.stays());
        stays.setId("undeploy-stays");
        stays.setWrapText(true);
        stays.setPrefWidth(520);
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
