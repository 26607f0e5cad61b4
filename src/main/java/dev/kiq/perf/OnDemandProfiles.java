package dev.kiq.perf;

import dev.kiq.KiqException;
import dev.kiq.catalog.Accelerator;
import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.ModelArchitecture;
import dev.kiq.catalog.ModelServer;
import dev.kiq.catalog.ModelServerVersion;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileKey;
import dev.kiq.profile.ProfileReader;
import dev.kiq.profile.ProfileWriter;
import dev.kiq.profile.Provenance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Which profile answers for a workload, and the modeled profiles made for workloads no profile covers.
 *
 * <p>For each configuration (model, server, version, accelerator, count) among the candidates:
 * <ol>
 *   <li>a shipped or measured profile whose workload's mean lengths are within 20% of the wanted ones
 *       answers (measured before modeled);</li>
 *   <li>otherwise a profile is modeled for the workload on demand and cached under
 *       {@code cacheDir} in a file whose name includes a hash of everything it depends on (the
 *       configuration, the workload's distributions, the model's version, seed and requests), so a
 *       second request reads it instead of simulating again. Its provenance is {@code modeled} and
 *       records the workload.</li>
 * </ol>
 * Configurations whose model or accelerator the catalog does not know cannot be modeled and are left out.
 */
public final class OnDemandProfiles {

    private final Catalog catalog;
    private final Path cacheDir;
    private final long seed;
    private final int requestsPerRate;

    public OnDemandProfiles(Catalog catalog, Path cacheDir) {
        this(catalog, cacheDir, PerformanceModel.DEFAULT_SEED, RateSweep.DEFAULT_REQUESTS_PER_RATE);
    }

    public OnDemandProfiles(Catalog catalog, Path cacheDir, long seed, int requestsPerRate) {
        this.catalog = catalog;
        this.cacheDir = cacheDir;
        this.seed = seed;
        this.requestsPerRate = requestsPerRate;
    }

    /**
     * What answers for {@code choice}, one profile per configuration of {@code candidates}, in their order.
     *
     * @param progress told "modeling ..." before each simulation (not for cache hits)
     */
    public Answer answer(List<Profile> candidates, WorkloadChoice choice, Consumer<String> progress) {
        Map<ProfileKey, List<Profile>> byKey = new LinkedHashMap<>();
        for (Profile p : candidates) {
            byKey.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p);
        }
        List<Profile> answers = new ArrayList<>();
        List<LeftOut> leftOut = new ArrayList<>();
        int modeled = 0;
        int cached = 0;
        for (List<Profile> group : byKey.values()) {
            Optional<Profile> existing = existing(group, choice);
            if (existing.isPresent()) {
                answers.add(existing.get());
                continue;
            }
            Profile like = group.get(0);
            Optional<Target> target = target(like);
            if (target.isEmpty()) {
                continue;
            }
            Path file = cacheFile(target.get(), choice);
            Optional<Profile> hit = read(file);
            if (hit.isPresent()) {
                answers.add(hit.get());
                cached++;
                continue;
            }
            progress.accept("Modeling " + like.key() + " for " + choice.label());
            Profile p;
            try {
                p = simulate(target.get(), choice);
            } catch (KiqException e) {
                // this configuration cannot serve the workload (e.g. its context is too short): the others still can
                leftOut.add(new LeftOut(like.key(), e));
                continue;
            }
            ProfileWriter.write(p, file);
            answers.add(p);
            modeled++;
        }
        return new Answer(answers, modeled, cached, leftOut);
    }

    /**
     * Rule 1 alone, without modeling: among profiles of one configuration, the one whose workload is within
     * 20% of {@code choice}'s, a measured one before a modeled one; empty when none is.
     */
    public static Optional<Profile> existing(List<Profile> configuration, WorkloadChoice choice) {
        return configuration.stream()
                .filter(p -> choice.answeredBy(p.provenance().workloadShape()))
                .min(Comparator.comparing(p -> p.provenance().kind() == Provenance.Kind.measured ? 0 : 1));
    }

    /** {@link #existing} for each configuration of {@code candidates}, in their order; configurations without one are left out. */
    public static List<Profile> existingFor(List<Profile> candidates, WorkloadChoice choice) {
        Map<ProfileKey, List<Profile>> byKey = new LinkedHashMap<>();
        for (Profile p : candidates) {
            byKey.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p);
        }
        return byKey.values().stream().flatMap(group -> existing(group, choice).stream()).toList();
    }

    /** The modeled profile of one configuration for {@code choice}, from the cache or simulated and cached. */
    public Profile modeled(ModelArchitecture model, Accelerator accelerator, int count, ModelServer server,
                           ModelServerVersion version, WorkloadChoice choice) {
        Target t = new Target(model, accelerator, count, server, version);
        Path file = cacheFile(t, choice);
        return read(file).orElseGet(() -> {
            Profile p = simulate(t, choice);
            ProfileWriter.write(p, file);
            return p;
        });
    }

    /** True when {@link #modeled} would read the cache rather than simulate. */
    public boolean isCached(ModelArchitecture model, Accelerator accelerator, int count, ModelServer server,
                            ModelServerVersion version, WorkloadChoice choice) {
        return Files.isRegularFile(cacheFile(new Target(model, accelerator, count, server, version), choice));
    }

    /**
     * What answered.
     *
     * @param modeled profiles simulated for this answer
     * @param cached  profiles read from the cache of earlier answers
     */
    /** @param leftOut the configurations the workload could not be modeled on, each with why */
    public record Answer(List<Profile> profiles, int modeled, int cached, List<LeftOut> leftOut) {
    }

    /** A configuration left out of an answer, and the model's reason ({@code why.getMessage()}). */
    public record LeftOut(ProfileKey key, KiqException why) {
    }

    private record Target(ModelArchitecture model, Accelerator accelerator, int count, ModelServer server,
                          ModelServerVersion version) {
    }

    private Optional<Target> target(Profile like) {
        Optional<ModelArchitecture> model = catalog.findModel(like.modelServerInfo().model());
        Optional<Accelerator> accelerator = catalog.findAccelerator(like.acceleratorType());
        Optional<ModelServer> server = catalog.findModelServer(like.modelServerInfo().modelServer());
        if (model.isEmpty() || accelerator.isEmpty() || server.isEmpty()) {
            return Optional.empty();
        }
        Optional<ModelServerVersion> version = server.get().versions().stream()
                .filter(v -> v.version().equals(like.modelServerInfo().modelServerVersion())).findFirst();
        return version.map(v -> new Target(model.get(), accelerator.get(), like.acceleratorCount(), server.get(), v));
    }

    private Profile simulate(Target t, WorkloadChoice choice) {
        return PerformanceModel.profile(t.model(), t.accelerator(), t.count(), t.server(), t.version(), seed,
                requestsPerRate, LocalDate.now(ZoneOffset.UTC).toString(), choice);
    }

    /**
     * {@code <cache>/<server>-<version>/<org>/<model>/<accelerator>-x<count>-<use case>-<hash>.json}: JSON, which
     * a fresh JVM reads several times faster than YAML, since a listing for a workload reads one per configuration.
     */
    Path cacheFile(Target t, WorkloadChoice choice) {
        String key = String.join("\n", PerformanceModel.MODEL_VERSION, t.model().toString(), t.accelerator().id(),
                Integer.toString(t.count()), t.server().id(), t.version().version(), Long.toString(seed),
                Integer.toString(requestsPerRate), choice.workload().name(),
                Arrays.deepToString(choice.workload().input().knots()), Arrays.deepToString(choice.workload().output().knots()),
                choice.shape().toString(), EfficiencyFactors.forAccelerator(t.accelerator()).toString());
        String hash;
        try {
            hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return cacheDir.resolve(t.server().id() + "-" + t.version().version()).resolve(t.model().id())
                .resolve(t.accelerator().id() + "-x" + t.count() + "-" + choice.useCase().id() + "-" + hash + ".json");
    }

    private static Optional<Profile> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ProfileReader.read(file));
        } catch (KiqException e) {
            return Optional.empty(); // a damaged cache entry is simulated again and overwritten
        }
    }
}
