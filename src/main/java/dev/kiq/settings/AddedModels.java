package dev.kiq.settings;

import dev.kiq.KiqException;
import dev.kiq.files.AtomicWriter;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileReader;
import dev.kiq.profile.ProfileWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The models a user added from a config.json in the wizard, kept between runs in the per-user data folder: one
 * folder per model ({@code models/org--name/}) holding its modeled profiles, one YAML file per accelerator, and a
 * copy of the config.json it was modeled from (so that it can be modeled again, for another workload, after a
 * restart), each written atomically. A profile that does not read is moved aside (as a damaged settings file is)
 * and named once.
 */
public final class AddedModels {

    private static final String SUFFIX = ".yaml";
    /** The kept copy of the model's config.json, in the model's folder. */
    static final String CONFIG = "config.json";
    private final Path root;
    private final Clock clock;

    public AddedModels(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    /** The current user's added models, under their data folder. */
    public static AddedModels of(UserFolders folders) {
        return new AddedModels(folders.dataDir().resolve("models"), Clock.systemUTC());
    }

    public Path root() {
        return root;
    }

    /** The models found, by id (sorted), and the files moved aside because they did not read. */
    public record Loaded(Map<String, List<Profile>> models, List<SetAsideFile> setAside) {

        public Loaded {
            models = Map.copyOf(models);
            setAside = List.copyOf(setAside);
        }

        public List<String> warnings() {
            return setAside.stream().map(SetAsideFile::message).toList();
        }
    }

    public Loaded load() {
        Map<String, List<Profile>> models = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        List<SetAsideFile> setAside = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return new Loaded(models, setAside);
        }
        for (Path file : files(root, 2)) {
            try {
                Profile p = ProfileReader.read(file);
                models.computeIfAbsent(p.modelServerInfo().model(), k -> new ArrayList<>()).add(p);
            } catch (KiqException e) {
                setAside.add(DamagedFiles.setAside(file, e.getMessage(), clock));
            }
        }
        return new Loaded(new LinkedHashMap<>(models), setAside);
    }

    /** Keeps the model's profiles (replacing what was kept for it before), each file written atomically. */
    public void save(String id, List<Profile> profiles) {
        Path folder = folder(id);
        Set<Path> written = new HashSet<>();
        for (Profile p : profiles) {
            Path file = folder.resolve(p.acceleratorType() + SUFFIX);
            AtomicWriter.writeCreatingFolders(file, ProfileWriter.toYaml(p));
            written.add(file);
        }
        for (Path old : files(folder, 1)) {
            if (!written.contains(old)) {
                delete(old);
            }
        }
    }

    /**
     * Keeps a copy of the config.json the model was read from (replacing an older one), written atomically; the
     * user's file may move or go, the copy stays with the model's profiles.
     */
    public void keepConfig(String id, Path configJson) {
        byte[] content = dev.kiq.files.InputLimits.DATA.read(configJson, "Model config");
        AtomicWriter.writeCreatingFolders(folder(id).resolve(CONFIG), content);
    }

    /** The kept copy of the model's config.json, when there is one. */
    public java.util.Optional<Path> config(String id) {
        Path file = folder(id).resolve(CONFIG);
        return Files.isRegularFile(file) ? java.util.Optional.of(file) : java.util.Optional.empty();
    }

    /** Forgets the model: deletes its profile files and its config.json, then the folder when nothing else is in it. */
    public void remove(String id) {
        Path folder = folder(id);
        files(folder, 1).forEach(AddedModels::delete);
        delete(folder.resolve(CONFIG));
        try {
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            // a file the user put there keeps the folder; the model's own files are gone, so it is forgotten
        }
    }

    /** {@code org/name} as one folder name: {@code org--name} (as the Hugging Face cache spells it). */
    Path folder(String id) {
        if (!dev.kiq.catalog.ModelIds.isValid(id)) {
            throw new KiqException("\u201c" + id + "\u201d is not a Hugging Face id (organisation/name).");
        }
        return root.resolve(id.replace("/", "--"));
    }

    private static List<Path> files(Path dir, int depth) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir, depth)) {
            return walk.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(SUFFIX))
                    .filter(f -> !DamagedFiles.isSetAside(f)).sorted().toList();
        } catch (IOException e) {
            throw KiqException.failed("Could not read the folder " + dir + ": " + e.getMessage()
                    + "; check that it is readable.", e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw KiqException.failed("Could not delete " + file + ": " + e.getMessage() + "; check that the folder is"
                    + " writable.", e);
        }
    }
}
