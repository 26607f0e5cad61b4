package dev.kiq.ui.server;

import dev.kiq.ui.theme.Notices;
import javafx.geometry.Insets;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** Step 2 page: model server and version pickers. */
public final class ServerStepView extends VBox {

    public ServerStepView(ServerStepViewModel vm) {
        super(12);
        setPadding(new Insets(4, 0, 8, 0));
        ComboBox<String> server = new ComboBox<>(vm.servers());
        server.setId("server");
        server.valueProperty().bindBidirectional(vm.serverProperty());
        ComboBox<String> version = new ComboBox<>(vm.versions());
        version.setId("version");
        version.valueProperty().bindBidirectional(vm.versionProperty());
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(10);
        grid.addRow(0, new Label("_Model server"), server);
        grid.addRow(1, new Label("_Version"), version);
        ((Label) grid.getChildren().get(0)).setLabelFor(server);
        ((Label) grid.getChildren().get(2)).setLabelFor(version);
        ((Label) grid.getChildren().get(0)).setMnemonicParsing(true);
        ((Label) grid.getChildren().get(2)).setMnemonicParsing(true);
        Label hint = new Label("The latest version with profiles is chosen by default.");
        hint.getStyleClass().add("text-muted");
        getChildren().addAll(grid, hint, Notices.of("choice-notice", vm.choiceNoticeProperty(), "warning"));
    }
}
