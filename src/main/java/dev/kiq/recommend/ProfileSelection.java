package dev.kiq.recommend;

import dev.kiq.KiqException;
import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.ClosestId;
import dev.kiq.catalog.ModelServer;
import dev.kiq.catalog.ModelServerVersion;
import dev.kiq.profile.Profile;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The choices the profiles offer, narrowed step by step (model → server → version → accelerator) as in
 * gcloud's {@code models list}, {@code model-servers list}, …; an unknown choice gets a did-you-mean
 * and the list of what is valid for the choices made so far.
 */
public final class ProfileSelection {

    /** The {@code --model-server-version} value that selects every version instead of the latest. */
    public static final String ALL_VERSIONS = "all";

    private final List<Profile> profiles;
    private final Supplier<Catalog> catalog;

    public ProfileSelection(List<Profile> profiles, Catalog catalog) {
        this(profiles, () -> catalog);
    }

    /** As {@link #ProfileSelection(List, Catalog)}, with the catalog got only when a choice needs it (an unknown id's suggestions, version order). */
    public ProfileSelection(List<Profile> profiles, Supplier<Catalog> catalog) {
        this.profiles = List.copyOf(profiles);
        this.catalog = catalog;
    }

    /** Models that have at least one profile, sorted. */
    public List<String> models() {
        return distinct(profiles, p -> p.modelServerInfo().model());
    }

    /** The model id for a user's input (case-insensitive), or an error suggesting the closest one. */
    public String model(String input) {
        return resolve("model", input, models(), "", catalog.get().models().stream().map(m -> m.id()).toList());
    }

    public List<String> modelServers(String model) {
        return distinct(of(model, null, null), p -> p.modelServerInfo().modelServer());
    }

    public String modelServer(String model, String input) {
        return resolve("model server", input, modelServers(model), " for " + model);
    }

    /** Versions with profiles for this model and (if given) server, oldest first as the catalog orders them. */
    public List<String> versions(String model, Optional<String> server) {
        List<Profile> candidates = of(model, server.orElse(null), null);
        Set<String> versions = candidates.stream().map(p -> p.modelServerInfo().modelServerVersion())
                .collect(Collectors.toCollection(TreeSet::new));
        Map<String, Integer> order = catalogOrder(candidates);
        return versions.stream()
                .sorted(Comparator.comparingInt((String v) -> order.getOrDefault(v, -1)).thenComparing(v -> v))
                .toList();
    }

    /** The newest version with profiles for this model and server (gcloud's default). */
    public String latestVersion(String model, String server) {
        List<String> versions = versions(model, Optional.of(server));
        if (versions.isEmpty()) {
            throw new KiqException("No profiles for " + model + " on " + server + ".");
        }
        return versions.get(versions.size() - 1);
    }

    public String version(String model, Optional<String> server, String input) {
        String wanted = input.startsWith("v") || !Character.isDigit(input.isEmpty() ? 'x' : input.charAt(0)) ? input : "v" + input;
        List<String> valid = versions(model, server);
        if (valid.contains(wanted)) {
            return wanted;
        }
        return resolve("model server version", input, valid, " for " + model + server.map(s -> " on " + s).orElse(""));
    }

    /** Accelerator types with profiles for the choices so far. */
    public List<String> accelerators(Optional<String> model, Optional<String> server, Optional<String> version) {
        return distinct(of(model.orElse(null), server.orElse(null), version.orElse(null)), Profile::acceleratorType);
    }

    public String accelerator(Optional<String> model, Optional<String> server, Optional<String> version, String input) {
        String where = model.map(m -> " for " + m).orElse("") + server.map(s -> " on " + s).orElse("")
                + version.map(v -> " " + v).orElse("");
        return resolve("accelerator type", input, accelerators(model, server, version), where, acceleratorIds());
    }

    /**
     * The profiles matching the choices; each input is validated against what the earlier ones allow.
     *
     * @param version a version, {@link #ALL_VERSIONS}, or empty for the latest version of each model and server
     */
    public List<Profile> select(Optional<String> modelInput, Optional<String> serverInput, Optional<String> version,
            Optional<String> acceleratorInput) {
        if (serverInput.isPresent() && modelInput.isEmpty()) {
            resolve("model server", serverInput.get(), distinct(profiles, p -> p.modelServerInfo().modelServer()), "");
        }
        Optional<String> model = modelInput.map(this::model);
        Optional<String> server = model.isPresent()
                ? serverInput.map(s -> modelServer(model.get(), s))
                : serverInput.map(s -> resolve("model server", s, distinct(profiles, p -> p.modelServerInfo().modelServer()), ""));
        boolean all = version.map(v -> v.equals(ALL_VERSIONS)).orElse(false);
        Optional<String> exactVersion = version.filter(v -> !all).map(v -> model.isPresent()
                ? version(model.get(), server, v)
                : resolve("model server version", v, distinct(profiles, p -> p.modelServerInfo().modelServerVersion()), ""));
        List<Profile> chosen = profiles.stream()
                .filter(p -> model.map(m -> p.modelServerInfo().model().equals(m)).orElse(true))
                .filter(p -> server.map(s -> p.modelServerInfo().modelServer().equals(s)).orElse(true))
                .filter(p -> exactVersion.map(v -> p.modelServerInfo().modelServerVersion().equals(v)).orElse(true))
                .toList();
        if (exactVersion.isEmpty() && !all) {
            chosen = chosen.stream()
                    .filter(p -> p.modelServerInfo().modelServerVersion()
                            .equals(latestVersion(p.modelServerInfo().model(), p.modelServerInfo().modelServer())))
                    .toList();
        }
        if (acceleratorInput.isPresent()) {
            String accelerator = resolve("accelerator type", acceleratorInput.get(), distinct(chosen, Profile::acceleratorType),
                    model.map(m -> " for " + m).orElse("") + server.map(s -> " on " + s).orElse("")
                            + exactVersion.map(v -> " " + v).orElse(""), acceleratorIds());
            chosen = chosen.stream().filter(p -> p.acceleratorType().equals(accelerator)).toList();
        }
        return chosen;
    }

    private List<Profile> of(String model, String server, String version) {
        Predicate<Profile> matches = p -> (model == null || p.modelServerInfo().model().equals(model))
                && (server == null || p.modelServerInfo().modelServer().equals(server))
                && (version == null || p.modelServerInfo().modelServerVersion().equals(version));
        return profiles.stream().filter(matches).toList();
    }

    private Map<String, Integer> catalogOrder(List<Profile> candidates) {
        Map<String, Integer> order = new java.util.HashMap<>();
        for (String server : distinct(candidates, p -> p.modelServerInfo().modelServer())) {
            Optional<ModelServer> known = catalog.get().findModelServer(server);
            if (known.isPresent()) {
                List<ModelServerVersion> versions = known.get().versions();
                for (int i = 0; i < versions.size(); i++) {
                    order.put(versions.get(i).version(), i);
                }
            }
        }
        return order;
    }

    private static List<String> distinct(List<Profile> profiles, Function<Profile, String> field) {
        return profiles.stream().map(field).collect(Collectors.toCollection(TreeSet::new)).stream().toList();
    }

    private List<String> acceleratorIds() {
        return catalog.get().accelerators().stream().map(a -> a.id()).toList();
    }

    private static String resolve(String kind, String input, Collection<String> valid, String where) {
        return resolve(kind, input, valid, where, List.of());
    }

    /**
     * @param known ids the catalog knows: an input among them that has no profile gets "has no profile"
     *              rather than "unknown", and a did-you-mean can point at them
     */
    private static String resolve(String kind, String input, Collection<String> valid, String where,
            Collection<String> known) {
        for (String id : valid) {
            if (id.equals(input)) {
                return id;
            }
        }
        String lower = input.strip().toLowerCase(Locale.ROOT);
        for (String id : valid) {
            if (id.toLowerCase(Locale.ROOT).equals(lower)) {
                return id;
            }
        }
        String validList = valid.isEmpty() ? " There are no profiles to choose from."
                : " Valid: " + String.join(", ", new LinkedHashSet<>(valid)) + ".";
        Optional<String> knownId = known.stream().filter(k -> k.equalsIgnoreCase(input.strip())).findFirst();
        if (knownId.isPresent()) {
            throw new KiqException("No profile" + where + " uses " + kind + " \"" + knownId.get() + "\";"
                    + " add one with --profiles-dir, or choose another." + validList);
        }
        Optional<String> suggestion = ClosestId.find(input, valid);
        if (suggestion.isEmpty()) {
            Optional<String> inCatalog = ClosestId.find(input, known);
            if (inCatalog.isPresent()) {
                throw new KiqException("Unknown " + kind + " \"" + input + "\"" + where + "; did you mean \""
                        + inCatalog.get() + "\"? It has no profile yet." + validList);
            }
        }
        throw new KiqException("Unknown " + kind + " \"" + input + "\"" + where
                + suggestion.map(m -> "; did you mean \"" + m + "\"?").orElse(".") + validList);
    }
}
