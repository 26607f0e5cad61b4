package dev.kiq.profile;

import dev.kiq.KiqException;
import dev.kiq.catalog.Catalog;
import dev.kiq.files.InputLimits;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * All profiles kiq can use: the ones shipped inside kiq (classpath {@code /profiles/**}, except
 * the data folders {@link #DATA_DIRS}: the catalog, the published-measurement corpus and the
 * calibration results), then those of each extra directory in order (the per-user
 * directory, {@code --profiles-dir}). A profile's identity is its {@link ProfileKey} and the workload
 * it is for ({@link Identity}): a later profile with the same identity replaces an earlier one, so user
 * profiles win over shipped ones, except that a modeled profile never replaces a measured one
 * ({@link #outranks}). A profile measured for summarization therefore sits beside the shipped chat
 * profile of the same configuration instead of hiding it. A file that cannot be read is reported in
 * {@link #problems()}; the other files still load.
 */
public final class ProfileRepository {

    /** Classpath folder of the shipped profiles. */
    public static final String SHIPPED_ROOT = "profiles/";
    private static final String CATALOG_DIR = SHIPPED_ROOT + "catalog/";
    /** Folders under {@code profiles/} that hold data other than profiles. */
    public static final List<String> DATA_DIRS = List.of("catalog", "published", "calibration");
    private static final String ANCHOR = "/" + CATALOG_DIR + "models.yaml";

    /**
     * What makes two profiles the same one: the configuration and the workload (use case and mean lengths).
     * Ordered by key, then workload, with the chat workload first.
     */
    public record Identity(ProfileKey key, WorkloadShape workload) implements Comparable<Identity> {

        private static final java.util.Comparator<WorkloadShape> WORKLOAD = java.util.Comparator
                .comparing((WorkloadShape w) -> !w.equals(WorkloadShape.CHATBOT))
                .thenComparing(WorkloadShape::useCase)
                .thenComparingDouble(WorkloadShape::meanInputTokens)
                .thenComparingDouble(WorkloadShape::meanOutputTokens);

        public static Identity of(Profile p) {
            return new Identity(p.key(), p.provenance().workloadShape());
        }

        @Override
        public int compareTo(Identity other) {
            int c = key.compareTo(other.key);
            return c != 0 ? c : WORKLOAD.compare(workload, other.workload);
        }
    }

    private final Map<Identity, StoredProfile> byKey;
    private final List<ProfileProblem> problems;

    private ProfileRepository(Map<Identity, StoredProfile> byKey, List<ProfileProblem> problems) {
        this.byKey = Collections.unmodifiableMap(byKey);
        this.problems = List.copyOf(problems);
    }

    /** The shipped profiles only. */
    public static ProfileRepository shipped() {
        return load(List.of());
    }

    /**
     * The shipped profiles, then each directory (searched recursively for {@code .yaml},
     * {@code .yml} and {@code .json}); later ones win. A directory that does not exist is
     * reported as a problem, so callers pass the per-user directory only when it exists.
     */
    public static ProfileRepository load(List<Path> directories) {
        Loader loader = new Loader();
        loadShipped(loader);
        for (Path directory : directories) {
            loader.loadDirectory(directory);
        }
        return new ProfileRepository(loader.byKey, loader.problems);
    }

    /**
     * The shipped profiles, then the per-user directory if it exists (it is created on first
     * save, so its absence is normal), then the extra directories such as {@code --profiles-dir}
     * (a missing one is reported).
     */
    public static ProfileRepository load(Optional<Path> userDirectory, List<Path> extraDirectories) {
        List<Path> directories = new ArrayList<>();
        userDirectory.filter(Files::isDirectory).ifPresent(directories::add);
        directories.addAll(extraDirectories);
        return load(directories);
    }

    /** As {@link #load(List)} with the shipped profiles taken from the {@code profiles/} entries of a jar. */
    static ProfileRepository loadFromJar(Path jar, List<Path> directories) {
        Loader loader = new Loader();
        try {
            loader.loadShippedJar(jar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path directory : directories) {
            loader.loadDirectory(directory);
        }
        return new ProfileRepository(loader.byKey, loader.problems);
    }

    /** As {@link #load(List)} with the shipped profiles taken from a directory laid out like {@code profiles/}. */
    static ProfileRepository load(Path shippedRoot, List<Path> directories) {
        Loader loader = new Loader();
        try {
            loader.loadShippedDirectory(shippedRoot);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path directory : directories) {
            loader.loadDirectory(directory);
        }
        return new ProfileRepository(loader.byKey, loader.problems);
    }

    // ---- queries ------------------------------------------------------------------------------

    /** Every profile, sorted by key (model, server, version, accelerator, count, topology), then workload. */
    public List<Profile> profiles() {
        return byKey.values().stream().map(StoredProfile::profile).toList();
    }

    /** Every profile with its source, sorted by key. */
    public List<StoredProfile> entries() {
        return List.copyOf(byKey.values());
    }

    public List<ProfileProblem> problems() {
        return problems;
    }

    /** The profile of this configuration for the chat workload, else its first one for another workload. */
    public Optional<Profile> find(ProfileKey key) {
        return entry(key).map(StoredProfile::profile);
    }

    /** As {@link #find}, with the profile's source. */
    public Optional<StoredProfile> entry(ProfileKey key) {
        return byKey.values().stream().filter(e -> e.profile().key().equals(key)).findFirst();
    }

    public Optional<StoredProfile> entry(Identity identity) {
        return Optional.ofNullable(byKey.get(identity));
    }

    public List<Profile> filter(Predicate<Profile> predicate) {
        return byKey.values().stream().map(StoredProfile::profile).filter(predicate).toList();
    }

    /** Profiles of a model on a server version, all accelerators. */
    public List<Profile> forModel(String model, String modelServer, String modelServerVersion) {
        return filter(p -> p.modelServerInfo().model().equals(model)
                && p.modelServerInfo().modelServer().equals(modelServer)
                && p.modelServerInfo().modelServerVersion().equals(modelServerVersion));
    }

    public int size() {
        return byKey.size();
    }

    /**
     * Which of two profiles of the same identity kiq uses: a measured profile outranks a modeled
     * one wherever either was found; otherwise the later one (a user folder after the shipped
     * profiles, a later folder after an earlier one) replaces the earlier.
     *
     * @return whether {@code kept} stays in place of {@code later}
     */
    public static boolean outranks(Profile kept, Profile later) {
        return kept.provenance().kind() == Provenance.Kind.measured && later.provenance().kind() == Provenance.Kind.modeled;
    }

    /** Whether a class-path entry such as {@code profiles/published/x.yaml} lies in one of the {@link #DATA_DIRS}. */
    public static boolean isDataEntry(String jarEntry) {
        return DATA_DIRS.stream().anyMatch(dir -> jarEntry.startsWith(SHIPPED_ROOT + dir + "/"));
    }

    // ---- loading ------------------------------------------------------------------------------

    /** A shipped profile file under a folder laid out like {@code profiles/}, named as its class-path resource. */
    record ShippedFile(Path path, String source, ProfileFormat format) {
    }

    /** The shipped profile files under {@code root} (the data folders left out), in the order they are applied. */
    static List<ShippedFile> shippedFiles(Path root) throws IOException {
        List<Path> data = DATA_DIRS.stream().map(root::resolve).toList();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> data.stream().noneMatch(f::startsWith)).filter(ProfileRepository::isProfileFile).sorted()
                    .map(file -> new ShippedFile(file, "shipped:" + SHIPPED_ROOT + root.relativize(file).toString().replace('\\', '/'),
                            ProfileFormat.of(file).orElseThrow()))
                    .toList();
        }
    }

    private static void loadShipped(Loader loader) {
        Optional<List<ProfileIndex.Entry>> index = ProfileIndex.bundled();
        if (index.isPresent()) {
            // the build's index of the shipped profiles: one JSON read instead of every YAML file
            loader.applyOutcomes("shipped", index.get().stream()
                    .map(e -> new Loader.Outcome(new Loader.Pending(e.source(), ProfileFormat.JSON, true, null), e.profile(), null))
                    .toList());
            return;
        }
        URL anchor = ProfileRepository.class.getResource(ANCHOR);
        if (anchor == null) {
            throw new IllegalStateException("kiq is built without its profiles: " + ANCHOR + " is missing");
        }
        try {
            switch (anchor.getProtocol()) {
                case "file" -> {
                    // target/classes/profiles/catalog/models.yaml -> target/classes/profiles
                    Path root = Path.of(anchor.toURI()).getParent().getParent();
                    loader.loadShippedDirectory(root);
                }
                case "jar" -> {
                    String spec = anchor.getPath();
                    Path jar = Path.of(new URL(spec.substring(0, spec.indexOf("!/"))).toURI());
                    loader.loadShippedJar(jar);
                }
                default -> throw new IllegalStateException("cannot list shipped profiles under " + anchor);
            }
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot list shipped profiles under " + anchor, e);
        }
    }

    /**
     * Reads the files of one tier (the shipped set, or one directory) in parallel, then applies
     * them in file order, so that which file wins a clash does not depend on thread timing.
     */
    private static final class Loader {
        final Map<Identity, StoredProfile> byKey = new TreeMap<>();
        final List<ProfileProblem> problems = new ArrayList<>();
        /** Which tier (shipped, or one directory) each identity was last loaded from. */
        private final Map<Identity, String> tierOf = new HashMap<>();

        /** A file to read: where it is shown as coming from, and how to get its bytes. */
        private record Pending(String source, ProfileFormat format, boolean shipped, Callable<byte[]> content) {
        }

        /** A file read: either a profile or the problem that stopped it. */
        private record Outcome(Pending file, Profile profile, ProfileProblem problem) {
        }

        void loadShippedDirectory(Path root) throws IOException {
            apply("shipped", shippedFiles(root).stream()
                    .map(f -> new Pending(f.source(), f.format(), true, () -> Files.readAllBytes(f.path())))
                    .toList());
        }

        void loadShippedJar(Path jar) throws IOException {
            try (JarFile file = new JarFile(jar.toFile())) {
                List<Pending> pending = new ArrayList<>();
                for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                    JarEntry entry = e.nextElement();
                    String name = entry.getName();
                    Optional<ProfileFormat> format = ProfileFormat.of(name);
                    if (!entry.isDirectory() && name.startsWith(SHIPPED_ROOT) && !isDataEntry(name) && format.isPresent()) {
                        pending.add(new Pending("shipped:" + name, format.get(), true, () -> {
                            try (InputStream in = file.getInputStream(entry)) {
                                return in.readAllBytes();
                            }
                        }));
                    }
                }
                pending.sort((a, b) -> a.source().compareTo(b.source()));
                apply("shipped", pending);   // while the jar is open
            }
        }

        void loadDirectory(Path directory) {
            if (!Files.isDirectory(directory)) {
                problems.add(new ProfileProblem(directory.toString(), 0,
                        "Profile directory " + directory + " does not exist or is not a directory."));
                return;
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(directory)) {
                files = walk.filter(ProfileRepository::isProfileFile).filter(f -> !inHiddenFolder(directory, f)).sorted().toList();
            } catch (IOException | UncheckedIOException e) {
                problems.add(new ProfileProblem(directory.toString(), 0,
                        "Profile directory " + directory + " cannot be listed: " + e.getMessage()));
                return;
            }
            List<Pending> pending = files.stream()
                    .map(file -> new Pending(file.toString(), ProfileFormat.of(file).orElseThrow(), false, () -> InputLimits.DATA.read(file, "Profile file")))
                    .toList();
            apply(directory.toAbsolutePath().normalize().toString(), pending);
        }

        private void apply(String tier, List<Pending> pending) {
            // parallelStream().toList() keeps the encounter (file) order
            applyOutcomes(tier, pending.parallelStream().map(Loader::read).toList());
        }

        void applyOutcomes(String tier, List<Outcome> outcomes) {
            for (Outcome outcome : outcomes) {
                if (outcome.problem() != null) {
                    problems.add(outcome.problem());
                    continue;
                }
                String source = outcome.file().source();
                Identity identity = Identity.of(outcome.profile());
                ProfileKey key = identity.key();
                StoredProfile candidate = new StoredProfile(outcome.profile(), source, outcome.file().shipped());
                StoredProfile kept = byKey.get(identity);
                if (kept != null && outranks(kept.profile(), candidate.profile())) {
                    continue;   // measured beats modeled: a model's guess never hides a measurement
                }
                StoredProfile previous = byKey.put(identity, candidate);
                String previousTier = tierOf.put(identity, tier);
                if (previous != null && tier.equals(previousTier)) {
                    // within one tier the order of files is arbitrary, so the clash is worth telling
                    problems.add(new ProfileProblem(source, 0, source + " describes the same profile as "
                            + previous.source() + " (" + key + "); using " + source + "."));
                }
            }
        }

        private static Outcome read(Pending file) {
            byte[] content;
            try {
                content = file.content().call();
            } catch (KiqException e) {
                return new Outcome(file, null, new ProfileProblem(file.source(), 0, e.getMessage()));
            } catch (Exception e) {
                return new Outcome(file, null, new ProfileProblem(file.source(), 0,
                        "Profile file " + file.source() + " cannot be read: " + e.getMessage()));
            }
            try {
                Profile profile = ProfileReader.read(content, file.source(), file.format());
                if (!file.shipped() && Catalog.bundled().findAccelerator(profile.acceleratorType()).isEmpty()) {
                    // nothing could price, fit or recommend it: say so, at the field's line, rather than list it
                    List<Object> field = List.of("acceleratorType");
                    ProfileFormatException unknown = new ProfileFormatException(file.source(),
                            ProfileReader.lineOf(content, file.format(), ProfileValidator.pointer(field)),
                            Optional.of(ProfileValidator.field(field)), profile.acceleratorType()
                            + " is not in kiq's catalog; valid: "
                            + String.join(", ", Catalog.bundled().accelerators().stream().map(a -> a.id()).toList())
                            + ". It was not loaded.");
                    return new Outcome(file, null, new ProfileProblem(file.source(), unknown.line(), unknown.getMessage()));
                }
                return new Outcome(file, profile, null);
            } catch (ProfileFormatException e) {
                return new Outcome(file, null, new ProfileProblem(file.source(), e.line(), e.getMessage()));
            } catch (KiqException e) {
                return new Outcome(file, null, new ProfileProblem(file.source(), 0, e.getMessage()));
            }
        }
    }

    /**
     * Under a hidden folder of {@code root}: not the user's profiles but work in progress, such as the staging folder
     * of kiq calibrate --from's re-modeled profiles, left behind when it was interrupted before moving it into place.
     */
    private static boolean inHiddenFolder(Path root, Path file) {
        Path folder = root.relativize(file).getParent();
        if (folder == null) {
            return false;
        }
        for (Path part : folder) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isProfileFile(Path file) {
        return Files.isRegularFile(file) && ProfileFormat.of(file).isPresent() && !file.getFileName().toString().startsWith(".");
    }
}
