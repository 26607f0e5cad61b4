package dev.kiq.bench.emulator;

import dev.kiq.catalog.Accelerator;
import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.ModelArchitecture;
import dev.kiq.catalog.ModelServer;
import dev.kiq.catalog.ModelServerVersion;
import dev.kiq.catalog.SchedulerDefaults;
import dev.kiq.perf.PerformanceModel;
import dev.kiq.perf.ServingSetup;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The replica an emulator pretends to be: exactly the replica {@code kiq simulate} models for the same
 * model, accelerator, count and vLLM version ({@link PerformanceModel}: the version's default scheduler
 * settings for the accelerator, the count that fits, the max model length that leaves useful KV space).
 */
public record EmulatedReplica(ModelArchitecture model, Accelerator accelerator, int acceleratorCount,
                              ModelServer server, ModelServerVersion version, ServingSetup setup) {

    public static EmulatedReplica resolve(Catalog catalog, String modelId, String acceleratorType, OptionalInt count,
                                          Optional<String> serverVersion) {
        ModelArchitecture model = catalog.model(modelId);
        Accelerator accelerator = catalog.accelerator(acceleratorType);
        ModelServer server = catalog.modelServer("vllm");
        ModelServerVersion version = serverVersion.map(v -> catalog.modelServerVersion("vllm", v)).orElseGet(server::latest);
        SchedulerDefaults defaults = PerformanceModel.schedulerDefaults(server, version, accelerator);
        int n = count.isPresent() ? count.getAsInt()
                : PerformanceModel.smallestFittingCount(model, accelerator, defaults).orElse(PerformanceModel.MAX_NODE_ACCELERATORS);
        if (n < 1) {
            throw new dev.kiq.KiqException("--accelerator-count must be at least 1, got " + n + ".");
        }
        ServingSetup setup = PerformanceModel.requireSetup(model, accelerator, n, defaults,
                dev.kiq.perf.EngineOptions.forVllmVersion(version.version()));
        return new EmulatedReplica(model, accelerator, n, server, version, setup);
    }
}
