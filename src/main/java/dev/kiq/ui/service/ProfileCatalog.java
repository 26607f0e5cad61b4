package dev.kiq.ui.service;

import dev.kiq.profile.Profile;
import java.util.List;

/** Models, servers, versions and profiles the wizard offers (the core catalog and profile repository). */
public interface ProfileCatalog {

    List<ModelEntry> models();

    List<String> modelServers(String model);

    /** Oldest first; the last one is the latest. */
    List<String> versions(String model, String modelServer);

    List<Profile> profiles(String model, String modelServer, String version);

    /** Profile files that could not be loaded (or were moved aside), one sentence each; empty when all loaded. */
    default List<String> warnings() {
        return List.of();
    }

    /** Makes a model produced by the performance model available like a catalog one. */
    void addModeled(String model, List<Profile> profiles);
}
