package dev.kiq.ui;

import dev.kiq.Version;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

/** The desktop wizard. */
public class KiqApp extends Application {

    @Override
    public void start(Stage stage) {
        BorderPane root = new BorderPane(new Label("kiq " + Version.current()));
        stage.setTitle("kiq — Kubernetes Inference Quickstart");
        stage.setScene(new Scene(root, 1200, 800));
        stage.show();
    }

    public static void main(String[] args) {
        launch(args);
    }
}
