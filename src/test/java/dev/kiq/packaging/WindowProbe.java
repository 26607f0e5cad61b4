package dev.kiq.packaging;

import java.util.Arrays;
import java.util.List;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
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

    /** Texts the probe waits for (any one of them, "|"-separated); empty: report after the first check. */
    static final List<String> EXPECT = Arrays.stream(System.getProperty("kiq.probe.expect", "").split("\\|"))
            .filter(s -> !s.isBlank()).toList();
    /** How long the wizard may take to show one of them (it loads catalog and profiles off the UI thread). */
    static final double DEADLINE_SECONDS = Double.parseDouble(System.getProperty("kiq.probe.deadlineSeconds", "60"));

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
        // the wizard loads its first step off the UI thread: look at what it shows every quarter second until an
        // expected text is there or the deadline passes, then list the texts and end
        long deadline = System.nanoTime() + (long) (DEADLINE_SECONDS * 1e9);
        Timeline check = new Timeline();
        check.getKeyFrames().add(new KeyFrame(Duration.millis(250), e -> {
            StringBuilder texts = new StringBuilder();
            if (stage.getScene() != null) {
                collect(stage.getScene().getRoot(), texts);
            }
            String shown = texts.toString().replace('\n', ' ');
            if (EXPECT.isEmpty() || EXPECT.stream().anyMatch(shown::contains) || System.nanoTime() > deadline) {
                check.stop();
                System.out.println("PROBE texts: " + shown);
                System.out.flush();
                Platform.exit();
            }
        }));
        check.setCycleCount(Animation.INDEFINITE);
        check.play();
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
