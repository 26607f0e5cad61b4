package dev.kiq.ui;

import dev.kiq.ui.service.Services;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/** The desktop wizard over the core services. */
public class KiqApp extends Application {

    /** Window title; tests and the desktop entry look for the leading "kiq". */
    public static final String TITLE = "kiq — Kubernetes Inference Quickstart";
    private static final List<String> ICON_SIZES = List.of("16", "24", "32", "48", "64", "128", "256", "512");

    private ExecutorService executor;

    @Override
    public void start(Stage stage) {
        long launched = Long.getLong("kiq.launchNanos", 0L);
        executor = backgroundExecutor();
        Wizard wizard = new Wizard(CoreServices.create(executor));
        show(stage, wizard);
        if (launched > 0) {
            // benchmark hook: time from JVM start to the first interactive frame
            Platform.runLater(() -> System.out.printf(java.util.Locale.ROOT, "kiq.firstWindowMillis=%.1f%n",
                    (System.nanoTime() - launched) / 1e6));
        }
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** Puts the wizard in the stage: scene, stylesheets, theme, icon, title. */
    public static Scene show(Stage stage, Wizard wizard) {
        wizard.themeProperty().get().apply();
        var screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(wizard.view(), Math.min(1280, screen.getWidth()), Math.min(820, screen.getHeight()));
        scene.getStylesheets().add(Objects.requireNonNull(KiqApp.class.getResource("kiq.css")).toExternalForm());
        wizard.themeProperty().addListener((o, a, theme) -> theme.apply());
        stage.setTitle(TITLE);
        stage.getIcons().setAll(icons());
        stage.setScene(scene);
        stage.show();
        return scene;
    }

    /** A small pool of daemon threads for simulation, file I/O and deploys, so the UI thread never blocks. */
    public static ExecutorService backgroundExecutor() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "kiq-background-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The app icon in every size {@code icons/} has; none yet is not an error (the packaging adds them). */
    static List<Image> icons() {
        return ICON_SIZES.stream()
                .map(size -> "/icons/kiq-" + size + ".png")
                .map(KiqApp.class::getResourceAsStream)
                .filter(Objects::nonNull)
                .map(KiqApp::image)
                .toList();
    }

    private static Image image(InputStream in) {
        try (in) {
            return new Image(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static void main(String[] args) {
        launch(args);
    }
}
