package dev.kiq.monitor;

import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.MetricNames;
import dev.kiq.catalog.ModelServer;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileRepository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What is being watched: the model, server version and accelerator, the metric names of that version, and
 * the profile whose curve the live point is placed on.
 *
 * @param acceleratorType empty when unknown (an endpoint given without {@code --accelerator-type})
 * @param profile         the profile of exactly this model, server version and accelerator, when one exists
 * @param notes           what had to be assumed, one sentence each
 */
public record Watched(String model, String modelServer, String modelServerVersion, Optional<String> acceleratorType,
                      OptionalInt acceleratorCount, MetricNames metrics, Optional<Profile> profile, List<String> notes) {

    public Watched {
        notes = List.copyOf(notes);
    }

    /** What a deployment made from {@code profile} serves: that profile, and the metric names of its version. */
    public static Watched of(Catalog catalog, Profile profile) {
        List<String> notes = new ArrayList<>();
        MetricNames names = metricNames(catalog, profile.modelServerInfo().modelServer(),
                profile.modelServerInfo().modelServerVersion(), notes);
        return new Watched(profile.modelServerInfo().model(), profile.modelServerInfo().modelServer(),
                profile.modelServerInfo().modelServerVersion(), Optional.of(profile.acceleratorType()),
                OptionalInt.of(profile.acceleratorCount()), names, Optional.of(profile), notes);
    }

    /**
     * The metric names of the server's other catalog versions, newest first: what a pod that runs another version
     * than watched may expose instead (vLLM renamed the KV-cache gauge at 0.9.2 and the TPOT histogram at 0.11).
     */
    public List<MetricNames> otherVersionsMetrics(Catalog catalog) {
        List<MetricNames> others = new ArrayList<>();
        catalog.findModelServer(modelServer).ifPresent(s -> s.versions().forEach(v -> {
            if (!v.version().equals(modelServerVersion) && !v.metrics().equals(metrics) && !others.contains(v.metrics())) {
                others.add(0, v.metrics());
            }
        }));
        return others;
    }

    private static MetricNames metricNames(Catalog catalog, String modelServer, String v, List<String> notes) {
        ModelServer server = catalog.findModelServer(modelServer).orElseThrow(() -> new dev.kiq.KiqException(
                "model server " + modelServer + " is not in the catalog; valid: "
                        + String.join(", ", catalog.modelServers().stream().map(ModelServer::id).toList()) + "."));
        return server.version(v).orElseGet(() -> {
            notes.add(modelServer + " " + v + " is not in the catalog; reading the metric names of "
                    + server.latest().version() + ", its latest version");
            return server.latest();
        }).metrics();
    }

    /**
     * Looks up the metric names of the version (the catalog's latest version's names, with a note, for a
     * version it does not know) and the profile: the one with the given count, else the smallest count.
     */
    public static Watched resolve(Catalog catalog, ProfileRepository profiles, String model, String modelServer,
                                  String version, Optional<String> acceleratorType, OptionalInt acceleratorCount) {
        List<String> notes = new ArrayList<>();
        String v = version.startsWith("v") ? version : "v" + version;
        MetricNames names = metricNames(catalog, modelServer, v, notes);
        Optional<Profile> profile = Optional.empty();
        if (acceleratorType.isPresent()) {
            profile = profiles.forModel(model, modelServer, v).stream()
                    .filter(p -> p.acceleratorType().equals(acceleratorType.get()))
                    .filter(p -> acceleratorCount.isEmpty() || p.acceleratorCount() == acceleratorCount.getAsInt())
                    .min(Comparator.comparingInt(Profile::acceleratorCount));
            if (profile.isEmpty()) {
                notes.add("no profile of " + model + " on " + modelServer + " " + v + " with "
                        + acceleratorCount.stream().mapToObj(n -> n + "x ").findFirst().orElse("") + acceleratorType.get()
                        + "; the live figures are shown without a curve to place them on");
            }
        } else {
            notes.add("the accelerator is not known, so the live point is not placed on a profile's curve"
                    + " (give --accelerator-type)");
        }
        return new Watched(model, modelServer, v, acceleratorType,
                profile.map(p -> OptionalInt.of(p.acceleratorCount())).orElse(acceleratorCount), names, profile, notes);
    }
}
