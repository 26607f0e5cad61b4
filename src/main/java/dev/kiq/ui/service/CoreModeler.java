package dev.kiq.ui.service;

import dev.kiq.KiqException;
import dev.kiq.catalog.Accelerator;
import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.ModelArchitecture;
import dev.kiq.catalog.ModelConfigParser;
import dev.kiq.catalog.ModelServer;
import dev.kiq.catalog.ModelServerVersion;
import dev.kiq.perf.PerformanceModel;
import dev.kiq.profile.Profile;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The wizard's view of {@code dev.kiq.perf}: a Hugging Face config.json simulated on the latest vLLM
 * version that runs on the accelerator, on the smallest count that fits, as {@code kiq simulate} does.
 */
final class CoreModeler implements Modeler {

    private final Catalog catalog;

    CoreModeler(Catalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public ModelArchitecture read(Path configJson) {
        return ModelConfigParser.parse(configJson);
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
