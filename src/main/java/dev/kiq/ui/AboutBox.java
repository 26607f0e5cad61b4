package dev.kiq.ui;

import dev.kiq.Version;
import javafx.scene.control.Alert;
import javafx.stage.Window;

/** The about box: what kiq is and which version is running. */
final class AboutBox {

    private AboutBox() {
    }

    static String text() {
        return "kiq " + Version.current() + "\n\nKubernetes Inference Quickstart: picks the model server, accelerator "
                + "and autoscaling for an open LLM from latency profiles, shows why on a chart, writes the "
                + "Kubernetes manifests and deploys them.\n\nJava " + System.getProperty("java.version")
                + ", JavaFX " + System.getProperty("javafx.runtime.version", "?");
    }

    static void show(Window owner) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION, text());
        alert.initOwner(owner);
        alert.setTitle("About kiq");
        alert.setHeaderText("kiq " + Version.current());
        alert.getDialogPane().setId("about-box");
        alert.show();
    }
}
