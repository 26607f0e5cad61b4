package dev.kiq.ui.service;

import dev.kiq.KiqException;
import dev.kiq.catalog.Accelerator;
import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.ModelArchitecture;
import dev.kiq.catalog.ModelConfigParser;
import dev.kiq.catalog.ModelServer;
import dev.kiq.catalog.ModelServerVersion;
import dev.kiq.perf.OnDemandProfiles;
import dev.kiq.perf.PerformanceModel;
import dev.kiq.perf.WorkloadChoice;
import dev.kiq.profile.Profile;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The wizard's view of {@code dev.kiq.perf}: a Hugging Face config.json simulated on the latest vLLM
 * version that runs on the accelerator, on the smallest count that fits, as {@code kiq simulate} does.
 */
final class CoreModeler implements Modeler {

    private final Catalog catalog;
    private final OnDemandProfiles onDemand;
    /** Models read from a config.json, by id: the catalog does not know them, but they can be modeled too. */
    private final Map<String, ModelArchitecture> read = new ConcurrentHashMap<>();
    /** The kept config.json of a model added in an earlier run, by id; read when it is first modeled again. */
    private final Function<String, Optional<Path>> keptConfigs;

    /**
     * @param workloadCache where profiles modeled for a workload are cached (the per-user folder)
     * @param keptConfigs   the kept config.json of a model added in an earlier run, by id
     */
    CoreModeler(Catalog catalog, Path workloadCache, Function<String, Optional<Path>> keptConfigs) {
        this.catalog = catalog;
        this.onDemand = new OnDemandProfiles(catalog, workloadCache);
        this.keptConfigs = keptConfigs;
    }

    @Override
    public ModelArchitecture read(Path configJson, String id) {
        ModelArchitecture model = ModelConfigParser.parse(configJson, id);
        read.put(model.id(), model);
        return model;
    }

    @Override
    public Optional<String> suggestedId(Path configJson) {
        return ModelConfigParser.suggestedId(configJson);
    }

    @Override
    public Optional<Profile> forWorkload(List<Profile> configuration, WorkloadChoice choice) {
        if (configuration.isEmpty()) {
            return Optional.empty();
        }
        OnDemandProfiles.Answer answered = onDemand.answer(configuration, choice, line -> { });
        if (!answered.leftOut().isEmpty()) {
            throw answered.leftOut().get(0).why(); // the model's reason, for the wizard to say (the CLI prints it too)
        }
        Optional<Profile> answer = answered.profiles().stream().findFirst();
        if (answer.isPresent()) {
            return answer;
        }
        Profile like = configuration.get(0);
        String id = like.modelServerInfo().model();
        ModelArchitecture model = read.get(id);
        if (model == null) {
            Optional<Path> kept = keptConfigs.apply(id);
            if (kept.isEmpty()) {
                return Optional.empty();
            }
            model = read(kept.get(), id);
        }
        var server = catalog.modelServer(like.modelServerInfo().modelServer());
        return Optional.of(onDemand.modeled(model, catalog.accelerator(like.acceleratorType()), like.acceleratorCount(),
                server, catalog.modelServerVersion(server.id(), like.modelServerInfo().modelServerVersion()), choice));
    }

    @Override
    public List<String> accelerators() {
        return catalog.accelerators().stream().map(Accelerator::id).toList();
    }

    @Override
    public Profile simulate(ModelArchitecture model, String acceleratorId) {
        Accelerator accelerator = catalog.accelerator(acceleratorId);
        ModelServer vllm = catalog.modelServer("vllm");
        List<ModelServerVersion> versions = vllm.versions();
        for (int i = versions.size() - 1; i >= 0; i--) {
            ModelServerVersion version = versions.get(i);
            if (version.schedulerDefaults(accelerator.id()).isEmpty()
                    || version.image(accelerator.family()).isEmpty()) {
                continue;
            }
            var defaults = PerformanceModel.schedulerDefaults(vllm, version, accelerator);
            int count = PerformanceModel.smallestFittingCount(model, accelerator, defaults)
                    .orElseThrow(() -> new KiqException(model.id() + " does not fit on one node of " + acceleratorId
                            + " (up to " + PerformanceModel.nodeCounts(accelerator) + " accelerators)."));
            return PerformanceModel.profile(model, accelerator, count, vllm, version, PerformanceModel.DEFAULT_SEED,
                    dev.kiq.perf.RateSweep.DEFAULT_REQUESTS_PER_RATE, LocalDate.now(ZoneOffset.UTC).toString());
        }
        throw new KiqException("no vllm version in the catalog runs on " + acceleratorId + ".");
    }
}
