package dev.kiq.bench.emulator;

import dev.kiq.KiqException;
import dev.kiq.catalog.Accelerator;
import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.ModelArchitecture;
import dev.kiq.catalog.ModelServerVersion;
import dev.kiq.catalog.SchedulerDefaults;
import dev.kiq.perf.MemoryPlan;
import dev.kiq.perf.ServingSetup;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The replica an emulator pretends to be: a catalog model on a catalog accelerator, served by a vLLM
 * version with that version's default scheduler settings for the accelerator (as a server started
 * without flags), {@code --max-model-len} the model's context length.
 */
public record EmulatedReplica(ModelArchitecture model, Accelerator accelerator, int acceleratorCount,
                              ModelServerVersion version, ServingSetup setup) {

    static final int[] COUNTS = {1, 2, 4, 8};

    public static EmulatedReplica resolve(Catalog catalog, String modelId, String acceleratorType, OptionalInt count,
                                          Optional<String> serverVersion) {
        ModelArchitecture model = catalog.model(modelId);
        Accelerator accelerator = catalog.accelerator(acceleratorType);
        ModelServerVersion version = serverVersion.map(v -> catalog.modelServerVersion("vllm", v))
                .orElseGet(() -> catalog.modelServer("vllm").latest());
        SchedulerDefaults defaults = version.schedulerDefaults(accelerator.id()).orElseThrow(() -> new KiqException(
                "vLLM " + version.version() + " has no scheduler defaults for " + accelerator.id() + " in the catalog; valid: "
                        + String.join(", ", version.schedulerDefaults().keySet()) + "."));
        int maxModelLen = model.maxContext();
        if (count.isPresent()) {
            if (count.getAsInt() < 1) {
                throw new KiqException("--accelerator-count must be at least 1, got " + count.getAsInt() + ".");
            }
            ServingSetup setup = setup(model, accelerator, count.getAsInt(), defaults, maxModelLen);
            if (setup.memoryPlan().kvCapacityTokens() < maxModelLen) {
                throw new KiqException(notFit(model, accelerator, count.getAsInt(), setup.memoryPlan(), maxModelLen)
                        + smallest(model, accelerator, defaults, maxModelLen).map(c -> " The smallest count that fits is " + c + ".").orElse(""));
            }
            return new EmulatedReplica(model, accelerator, count.getAsInt(), version, setup);
        }
        int fits = smallest(model, accelerator, defaults, maxModelLen).orElseThrow(() -> new KiqException(
                notFit(model, accelerator, 8, setup(model, accelerator, 8, defaults, maxModelLen).memoryPlan(), maxModelLen)));
        return new EmulatedReplica(model, accelerator, fits, version, setup(model, accelerator, fits, defaults, maxModelLen));
    }

    private static Optional<Integer> smallest(ModelArchitecture model, Accelerator accelerator, SchedulerDefaults defaults, int maxModelLen) {
        for (int c : COUNTS) {
            if (setup(model, accelerator, c, defaults, maxModelLen).memoryPlan().kvCapacityTokens() >= maxModelLen) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static String notFit(ModelArchitecture model, Accelerator accelerator, int count, MemoryPlan plan, int maxModelLen) {
        return String.format(Locale.ROOT, "%s does not fit on %d x %s: it needs %.1f GiB per chip for weights, activations and "
                        + "one %d-token sequence, %.1f GiB are usable.", model.id(), count, accelerator.id(),
                plan.requiredBytes(maxModelLen) / MemoryPlan.GIB, maxModelLen, plan.memoryBytes() / MemoryPlan.GIB);
    }

    static ServingSetup setup(ModelArchitecture model, Accelerator accelerator, int count, SchedulerDefaults d, int maxModelLen) {
        boolean chunked = d.chunkedPrefill(maxModelLen);
        return new ServingSetup(model, accelerator, count, d.effectiveMaxNumSeqs(maxModelLen),
                d.effectiveMaxNumBatchedTokens(maxModelLen), chunked, d.gpuMemoryUtilization(), maxModelLen, d.blockSize());
    }
}
