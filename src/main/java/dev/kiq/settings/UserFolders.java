package dev.kiq.settings;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where kiq keeps one user's settings and profiles, in the operating system's usual per-user folders:
 * Linux (XDG) {@code $XDG_CONFIG_HOME/kiq} and {@code $XDG_DATA_HOME/kiq/profiles}; macOS
 * {@code ~/Library/Application Support/kiq}; Windows {@code %APPDATA%\kiq}. The system property
 * {@value #HOME_PROPERTY} or the environment variable {@value #HOME_ENV} puts both under one folder
 * instead (tests, portable installs).
 *
 * @param configDir holds {@code settings.yaml}
 * @param dataDir holds {@code profiles/}, the user's own profiles
 */
public record UserFolders(Path configDir, Path dataDir) {

    public static final String HOME_PROPERTY = "kiq.home";
    public static final String HOME_ENV = "KIQ_HOME";
    static final String APP = "kiq";

    public Path settingsFile() {
        return configDir.resolve("settings.yaml");
    }

    public Path profilesDir() {
        return dataDir.resolve("profiles");
    }

    /** Profiles modeled on demand for a workload no profile covers, cached so the next request reads them. */
    public Path workloadCacheDir() {
        return dataDir.resolve("modeled-for-workloads");
    }

    /** The folders for the user running this JVM. */
    public static UserFolders forCurrentUser() {
        return resolve(System::getProperty, System.getenv());
    }

    /** Both folders under one root, as {@value #HOME_PROPERTY} gives. */
    public static UserFolders under(Path root) {
        return new UserFolders(root, root);
    }

    /**
     * Resolves the folders from system properties ({@code os.name}, {@code user.home}, {@value #HOME_PROPERTY})
     * and the environment; both are passed in so every operating system's rule can be tested on any machine.
     */
    static UserFolders resolve(UnaryOperator<String> systemProperty, Map<String, String> env) {
        Optional<String> override = nonBlank(systemProperty.apply(HOME_PROPERTY)).or(() -> nonBlank(env.get(HOME_ENV)));
        if (override.isPresent()) {
            return under(Path.of(override.get()).toAbsolutePath());
        }
        Path home = Path.of(nonBlank(systemProperty.apply("user.home")).orElse("."));
        String os = nonBlank(systemProperty.apply("os.name")).orElse("").toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            Path roaming = nonBlank(env.get("APPDATA")).map(Path::of).orElse(home.resolve("AppData").resolve("Roaming"));
            return under(roaming.resolve(APP));
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return under(home.resolve("Library").resolve("Application Support").resolve(APP));
        }
        // XDG base directories default under $HOME (which the JVM's user.home ignores: it reads the password
        // database); a relative value is invalid and must be ignored (XDG Base Directory spec).
        Path xdgHome = xdg(env, "HOME").orElse(home);
        Path config = xdg(env, "XDG_CONFIG_HOME").orElse(xdgHome.resolve(".config"));
        Path data = xdg(env, "XDG_DATA_HOME").orElse(xdgHome.resolve(".local").resolve("share"));
        return new UserFolders(config.resolve(APP), data.resolve(APP));
    }

    private static Optional<Path> xdg(Map<String, String> env, String name) {
        return nonBlank(env.get(name)).map(Path::of).filter(Path::isAbsolute);
    }

    private static Optional<String> nonBlank(String s) {
        return Optional.ofNullable(s).filter(v -> !v.isBlank());
    }
}
