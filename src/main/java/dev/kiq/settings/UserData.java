package dev.kiq.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The per-user state kiq starts from: the settings and the per-user profile folder. Opening it never fails
 * because of what is on disk; whatever was damaged is moved aside and listed in {@link #setAside()} so the
 * CLI can print a warning and the wizard can show a notice.
 */
public final class UserData {

    private final UserFolders folders;
    private final SettingsStore store;
    private final List<SetAsideFile> setAside;
    private Settings settings;

    private UserData(UserFolders folders, SettingsStore store, Settings settings, List<SetAsideFile> setAside) {
        this.folders = folders;
        this.store = store;
        this.settings = settings;
        this.setAside = setAside;
    }

    /** Opens the current user's data in the OS's usual folders. */
    public static UserData open() {
        return open(UserFolders.forCurrentUser(), Clock.systemUTC());
    }

    public static UserData open(UserFolders folders, Clock clock) {
        List<SetAsideFile> problems = new ArrayList<>();
        SettingsStore store = new SettingsStore(folders.settingsFile(), clock);
        SettingsStore.Loaded loaded = store.load();
        loaded.setAside().ifPresent(problems::add);
        checkProfilesDir(folders.profilesDir(), clock).ifPresent(problems::add);
        return new UserData(folders, store, loaded.settings(), List.copyOf(problems));
    }

    /** A profiles "folder" that is really a file is moved aside so the real folder can be made later. */
    private static Optional<SetAsideFile> checkProfilesDir(Path dir, Clock clock) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            return Optional.of(DamagedFiles.setAside(dir, "it is a file, not a folder of profiles", clock));
        }
        return Optional.empty();
    }

    public UserFolders folders() {
        return folders;
    }

    /** The per-user profile folder (it may not exist yet: nothing has been saved there). */
    public Path profilesDir() {
        return folders.profilesDir();
    }

    /** Creates the per-user profile folder, e.g. before a benchmark saves a measured profile into it. */
    public Path createProfilesDir() {
        try {
            return Files.createDirectories(folders.profilesDir());
        } catch (IOException e) {
            throw new dev.kiq.KiqException("Could not create the profile folder " + folders.profilesDir() + ": "
                    + e.getMessage() + "; check that its parent is writable.", e);
        }
    }

    public synchronized Settings settings() {
        return settings;
    }

    /** Saves new settings atomically and keeps them as the current ones. */
    public synchronized void save(Settings newSettings) {
        store.save(newSettings);
        settings = newSettings;
    }

    /** What was found damaged when opening, in the order found. */
    public List<SetAsideFile> setAside() {
        return setAside;
    }
}
