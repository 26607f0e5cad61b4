package dev.kiq.ui;

import dev.kiq.KiqException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/** What the desktop wizard needs before JavaFX starts: a display, and no start-up noise. */
public final class Display {

    /** Held so the level set on it is not lost to garbage collection. */
    private static final Logger JAVAFX = Logger.getLogger("javafx");

    private Display() {
    }

    /**
     * Why the wizard cannot open a window here, in plain words; empty when it can. On Linux a window needs an
     * X server ($DISPLAY) or Wayland ($WAYLAND_DISPLAY); the headless test toolkit (Monocle) needs neither.
     */
    static Optional<String> missing(String os, Map<String, String> env, String glassPlatform) {
        boolean linux = os.toLowerCase(Locale.ROOT).contains("linux");
        if (!linux || "monocle".equalsIgnoreCase(glassPlatform)) {
            return Optional.empty();
        }
        if (!env.getOrDefault("DISPLAY", "").isBlank() || !env.getOrDefault("WAYLAND_DISPLAY", "").isBlank()) {
            return Optional.empty();
        }
        return Optional.of("the desktop wizard needs a display, and there is none here ($DISPLAY and $WAYLAND_DISPLAY"
                + " are not set); run it in a desktop session, or use the kiq commands, which need no display"
                + " (kiq --help).");
    }

    /**
     * @throws KiqException (bad input, exit code 2) naming what is missing when no window can be opened
     */
    public static void require() {
        Optional<String> missing = missing(System.getProperty("os.name", ""), System.getenv(),
                System.getProperty("glass.platform", ""));
        if (missing.isPresent()) {
            throw new KiqException(missing.get());
        }
    }

    /** Call after logging is configured (configuring it resets the levels), before JavaFX starts. */
    public static void quiet() {
        // JavaFX warns "Unsupported JavaFX configuration" at every start from a class path (the shaded jar,
        // javafx:run); kiq is built and tested that way, so the warning only alarms users
        JAVAFX.setLevel(Level.SEVERE);
    }
}
