package dev.kiq.ui.service;

import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.ModelServer;
import dev.kiq.catalog.ModelServerVersion;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileRepository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The wizard's view of the core catalog and profile repository: models that have profiles (catalog
 * ones marked optimized), plus models the user had the performance model simulate in this session.
 */
final class CoreCatalog implements ProfileCatalog {

    private final Catalog catalog;
    private final ProfileRepository repository;
    private final Map<String, List<Profile>> modeled = new LinkedHashMap<>();

    private final List<String> warnings;

    CoreCatalog(Catalog catalog, ProfileRepository repository, List<String> warnings) {
        this.catalog = catalog;
        this.repository = repository;
        this.warnings = List.copyOf(warnings);
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public synchronized List<ModelEntry> models() {
        Map<String, ModelEntry> entries = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Profile p : repository.profiles()) {
            String id = p.modelServerInfo().model();
            entries.putIfAbsent(id, new ModelEntry(id, catalog.findModel(id).isPresent()
                    ? ModelEntry.Origin.OPTIMIZED : p.provenance().kind() == dev.kiq.profile.Provenance.Kind.measured
                    ? ModelEntry.Origin.MEASURED : ModelEntry.Origin.MODELED));
        }
        modeled.keySet().forEach(id -> entries.put(id, new ModelEntry(id, ModelEntry.Origin.MODELED)));
        return List.copyOf(entries.values());
    }

    @Override
    public List<String> modelServers(String model) {
        return all(model).stream().map(p -> p.modelServerInfo().modelServer()).distinct().sorted().toList();
    }

    @Override
    public List<String> versions(String model, String modelServer) {
        List<String> known = catalog.findModelServer(modelServer).map(ModelServer::versions)
                .map(vs -> vs.stream().map(ModelServerVersion::version).toList()).orElse(List.of());
        Set<String> present = all(model).stream().filter(p -> p.modelServerInfo().modelServer().equals(modelServer))
                .map(p -> p.modelServerInfo().modelServerVersion()).collect(Collectors.toSet());
        // the catalog lists versions oldest first; versions it does not know sort before them
        return present.stream().sorted(Comparator.comparingInt((String v) -> known.indexOf(v)).thenComparing(v -> v))
                .toList();
    }

    @Override
    public List<Profile> profiles(String model, String modelServer, String version) {
        return all(model).stream().filter(p -> p.modelServerInfo().modelServer().equals(modelServer)
                && p.modelServerInfo().modelServerVersion().equals(version)).toList();
    }

    @Override
    public synchronized void addModeled(String model, List<Profile> profiles) {
        modeled.put(model, List.copyOf(profiles));
    }

    private synchronized List<Profile> all(String model) {
        List<Profile> out = new ArrayList<>(Optional.ofNullable(modeled.get(model)).orElseGet(
                () -> repository.filter(p -> p.modelServerInfo().model().equals(model))));
        return out;
    }
}
