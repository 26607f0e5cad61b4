package dev.kiq.packaging;

import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.application.Preloader;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;

/**
 * Started by JavaFX itself ({@code -Djavafx.preloader=dev.kiq.packaging.WindowProbe}) inside the app image's
 * wizard process: it waits for the wizard's first window, prints what it shows on standard output and ends the
 * process, so {@link AppImageIT} can tell that the bundled runtime really opens the wizard. It touches no kiq class.
 */
public class WindowProbe extends Preloader {

    /** How long the wizard may take after its window shows before the probe reports what it shows. */
    static final Duration SETTLE = Duration.seconds(Double.parseDouble(System.getProperty("kiq.probe.settleSeconds", "3")));

    @Override
    public void start(Stage preloaderStage) {
        // the preloader's own stage stays hidden: only the wizard's window counts
    }

    @Override
    public void handleStateChangeNotification(StateChangeNotification info) {
        if (info.getType() == StateChangeNotification.Type.BEFORE_START) {
            Window.getWindows().addListener((ListChangeListener<Window>) change -> {
                while (change.next()) {
                    for (Window w : change.getAddedSubList()) {
                        if (w instanceof Stage stage) {
                            report(stage);
                        }
                    }
                }
            });
        }
    }

    private static boolean reported;

    private static void report(Stage stage) {
        if (reported) {
            return;
        }
        reported = true;
        System.out.println("PROBE window shown: " + stage.getTitle());
        // let the wizard load its first step (off the UI thread), then list the texts it shows
        PauseTransition settle = new PauseTransition(SETTLE);
        settle.setOnFinished(e -> {
            StringBuilder texts = new StringBuilder();
            if (stage.getScene() != null) {
                collect(stage.getScene().getRoot(), texts);
            }
            System.out.println("PROBE texts: " + texts.toString().replace('\n', ' '));
            System.out.flush();
            Platform.exit();
        });
        settle.play();
    }

    private static void collect(Node node, StringBuilder out) {
        if (node instanceof Labeled l && l.getText() != null && !l.getText().isBlank()) {
            out.append(l.getText()).append(" | ");
        } else if (node instanceof Text t && !(t.getParent() instanceof Labeled) && t.getText() != null
                && !t.getText().isBlank()) {
            out.append(t.getText()).append(" | ");
        }
        if (node instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                collect(child, out);
            }
        }
    }
}
