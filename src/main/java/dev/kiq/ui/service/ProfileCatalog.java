package dev.kiq.ui.service;

import dev.kiq.catalog.Catalog;
import dev.kiq.profile.Profile;
import dev.kiq.profile.Provenance;
import dev.kiq.recommend.ProfileSelection;
import dev.kiq.settings.AddedModels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Models, servers, versions and profiles the wizard offers: the core's {@link ProfileSelection} over the
 * loaded profiles, plus the models the user had the performance model simulate (which replace any
 * loaded profiles of the same model).
 */
public final class ProfileCatalog {

    private final Catalog catalog;
    private final List<Profile> loaded;
    private final List<String> warnings;
    private final Map<String, List<Profile>> modeled = new LinkedHashMap<>();
    private final Optional<AddedModels> store;
    private ProfileSelection selection;

    /** @param warnings what the user should know about files that could not be loaded, shown on the first page */
    public ProfileCatalog(Catalog catalog, List<Profile> loaded, List<String> warnings) {
        this(catalog, loaded, warnings, Optional.empty());
    }

    /**
     * @param store where the models added from a config.json are kept between runs (read here, once); empty keeps
     *              them for this run only
     */
    public ProfileCatalog(Catalog catalog, List<Profile> loaded, List<String> warnings, Optional<AddedModels> store) {
        this.catalog = catalog;
        this.loaded = List.copyOf(loaded);
        this.store = store;
        List<String> all = new ArrayList<>(warnings);
        store.map(AddedModels::load).ifPresent(added -> {
            modeled.putAll(added.models());
            all.addAll(added.warnings());
        });
        this.warnings = List.copyOf(all);
        select();
    }

    /** Profile files that could not be loaded (or were moved aside), one sentence each; empty when all loaded. */
    public List<String> warnings() {
        return warnings;
    }

    public synchronized List<ModelEntry> models() {
        Map<String, ModelEntry> entries = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String id : selection.models()) {
            entries.put(id, new ModelEntry(id, origin(id)));
        }
        return List.copyOf(entries.values());
    }

    private ModelEntry.Origin origin(String id) {
        if (modeled.containsKey(id)) {
            return ModelEntry.Origin.MODELED;
        }
        if (catalog.findModel(id).isPresent()) {
            return ModelEntry.Origin.OPTIMIZED;
        }
        boolean measured = loaded.stream().anyMatch(p -> p.modelServerInfo().model().equals(id)
                && p.provenance().kind() == Provenance.Kind.measured);
        return measured ? ModelEntry.Origin.MEASURED : ModelEntry.Origin.MODELED;
    }

    public synchronized List<String> modelServers(String model) {
        return selection.modelServers(model);
    }

    /** Oldest first; the last one is the latest. */
    public synchronized List<String> versions(String model, String modelServer) {
        return selection.versions(model, Optional.of(modelServer));
    }

    public synchronized List<Profile> profiles(String model, String modelServer, String version) {
        return selection.select(Optional.of(model), Optional.of(modelServer), Optional.of(version), Optional.empty());
    }

    /**
     * Makes a model produced by the performance model available like a catalog one, and keeps it for the next runs
     * with the config.json it was read from, so that it can be modeled again for another workload (written to the
     * per-user folder: call it off the UI thread).
     */
    public synchronized void addModeled(String model, List<Profile> profiles, java.nio.file.Path configJson) {
        modeled.put(model, List.copyOf(profiles));
        select();
        store.ifPresent(s -> {
            s.save(model, profiles);
            s.keepConfig(model, configJson);
        });
    }

    /** The kept config.json of a model added in an earlier run (to model it again), when there is one. */
    public synchronized Optional<java.nio.file.Path> keptConfig(String model) {
        return modeled.containsKey(model) ? store.flatMap(s -> s.config(model)) : Optional.empty();
    }

    /** Whether the user added this model from a config.json (so it can be removed). */
    public synchronized boolean isAdded(String model) {
        return modeled.containsKey(model);
    }

    /** Forgets a model added from a config.json, on disk too (call it off the UI thread). */
    public synchronized void removeModeled(String model) {
        if (modeled.containsKey(model)) {
            store.ifPresent(s -> s.remove(model));
            modeled.remove(model);
            select();
        }
    }

    private void select() {
        List<Profile> all = new ArrayList<>(loaded.stream()
                .filter(p -> !modeled.containsKey(p.modelServerInfo().model())).toList());
        modeled.values().forEach(all::addAll);
        selection = new ProfileSelection(all, catalog);
    }
}
