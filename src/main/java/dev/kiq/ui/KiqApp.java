package dev.kiq.ui;

import dev.kiq.perf.FactorTable;
import dev.kiq.settings.UserData;
import dev.kiq.settings.UserProfiles;
import dev.kiq.ui.service.Services;
import dev.kiq.ui.task.BackgroundTask;
import dev.kiq.ui.task.TaskExecutor;
import dev.kiq.ui.task.UiTaskExecutor;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.VBox;
import dev.kiq.ui.theme.Theme;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
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

    private final TaskExecutor tasks = new UiTaskExecutor();
    private UserData userData;

    /** Loads the catalog and profiles (about two seconds of Jackson start-up). */
    private Services load() {
        userData = UserData.open();
        // as the CLI does: a calibration of the user's own that kiq cannot read stops the start (loadFailure says why),
        // rather than showing the profiles re-modeled with it beside numbers modeled without it
        FactorTable.current();
        UserProfiles profiles = UserProfiles.load(userData, List.of());
        // damaged settings and profile files (moved aside) and profiles that did not load
        List<String> warnings = profiles.warnings();
        // named on stderr too, as the CLI does, so a launcher's log shows them
        warnings.forEach(w -> System.err.println("WARNING: " + w));
        // the models the user added from a config.json, kept in the per-user data folder
        return dev.kiq.ui.service.CoreAdapters.create(tasks, profiles.repository(), warnings, Optional.empty(),
                Optional.of(dev.kiq.settings.AddedModels.of(userData.folders())));
    }

    /** Starts loading the catalog and profiles in the background at once, while JavaFX brings up the window. */
    @Override
    public void start(Stage stage) {
        boolean benchmark = Boolean.getBoolean("kiq.benchmark.startup");
        Theme.LIGHT.apply();
        Label loading = new Label("Loading the catalog and profiles…");
        loading.setId("loading-message");
        ProgressIndicator spinner = new ProgressIndicator();
        VBox placeholder = new VBox(16, spinner, loading);
        placeholder.setAlignment(Pos.CENTER);
        var screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(placeholder, Math.min(1280, screen.getWidth()), Math.min(820, screen.getHeight()));
        scene.getStylesheets().add(Objects.requireNonNull(KiqApp.class.getResource("kiq.css")).toExternalForm());
        // the callbacks run on the JavaFX thread once start() has returned, so the window is up by then
        BackgroundTask.wrap(this::load).onFailure(cause -> {
            spinner.setVisible(false);
            loading.setText(loadFailure(cause));
            loading.setWrapText(true);
        }).onSuccess(s -> {
            Wizard wizard = new Wizard(s);
            wizard.themeProperty().set(Theme.valueOf(userData.settings().theme().name()));
            install(scene, wizard);
            // the Kubernetes model classes take about a second to load: do it once the wizard is up, not on the
            // first visit of the manifests (and not while the window is being built: there are only so many cores)
            Platform.runLater(() -> tasks.execute(BackgroundTask.wrap(() -> s.manifests().validate(
                    "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: warm-up\n"))));
            wizard.themeProperty().addListener((o, a, theme) -> tasks.execute(BackgroundTask.wrap(
                    () -> rememberTheme(userData, theme))));
            if (benchmark) {
                reportFirstFrame(scene, "kiq.firstWindowMillis");
                scene.addPostLayoutPulseListener(new Runnable() {
                    private int pulses;

                    @Override
                    public void run() {
                        if (++pulses == 2) {
                            Platform.exit();
                        }
                    }
                });
            }
        }).executeWith(tasks);
        stage.setTitle(TITLE);
        stage.getIcons().setAll(icons());
        stage.setScene(scene);
        stage.show();
        if (benchmark) {
            reportFirstFrame(scene, "kiq.windowShownMillis");
        }
    }

    /** What the window says when the catalog, profiles or the user's calibration cannot be loaded, in plain words. */
    static String loadFailure(Throwable cause) {
        if (cause instanceof FactorTable.DamagedCalibration d) {
            return "kiq cannot use your own calibration of its performance model: " + d.where() + ": " + d.problem() + ". The profiles re-modeled with your calibration and every number kiq models depend on "
                    + "it, so kiq shows none until it can read it. Correct the file, or move it out of its folder to use "
                    + "kiq's shipped calibration, then start kiq again. Nothing was changed in the file.";
        }
        return "kiq could not load its catalog: " + cause.getMessage();
    }

    private static void rememberTheme(UserData userData, Theme theme) {
        try {
            userData.save(userData.settings().withTheme(dev.kiq.settings.Theme.valueOf(theme.name())));
        } catch (RuntimeException e) {
            // a theme that is not remembered is no reason to disturb the user
            System.getLogger(KiqApp.class.getName()).log(System.Logger.Level.WARNING,
                    "could not save the theme: " + e.getMessage());
        }
    }

    /**
     * Benchmark hook ({@code -Dkiq.benchmark.startup=true}): prints the time from JVM start to the end of
     * the next layout pulse of the scene.
     */
    private static void reportFirstFrame(Scene scene, String name) {
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
            System.out.println(name + "=" + (System.currentTimeMillis() - jvmStart));
        };
        scene.addPostLayoutPulseListener(once[0]);
        Platform.requestNextPulse();
    }

    @Override
    public void stop() {
        tasks.shutdown();
    }

    /** Puts the wizard in a new window: scene, stylesheets, theme, icon, title (tests use this). */
    public static Scene show(Stage stage, Wizard wizard) {
        var screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(new Label(), Math.min(1280, screen.getWidth()), Math.min(820, screen.getHeight()));
        scene.getStylesheets().add(Objects.requireNonNull(KiqApp.class.getResource("kiq.css")).toExternalForm());
        install(scene, wizard);
        stage.setTitle(TITLE);
        stage.getIcons().setAll(icons());
        stage.setScene(scene);
        stage.show();
        return scene;
    }

    private static void install(Scene scene, Wizard wizard) {
        wizard.themeProperty().get().apply();
        wizard.themeProperty().addListener((o, a, theme) -> theme.apply());
        scene.setRoot(wizard.view());
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

    /** {@code ./mvnw javafx:run} starts here (the jar starts at {@code dev.kiq.Launcher}). */
    public static void main(String[] args) {
        try {
            Display.require();
        } catch (dev.kiq.KiqException e) {
            System.err.println("ERROR: " + e.getMessage());
            System.exit(e.exitCode());
        }
        Display.quiet();
        launch(args);
    }
}
