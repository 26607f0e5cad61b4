package dev.kiq.perf;

import dev.kiq.catalog.Accelerator;
import dev.kiq.catalog.ModelArchitecture;

/**
 * One replica as the performance model sees it: a model, tensor-parallel over
 * {@code acceleratorCount} chips, served by vLLM with these scheduler settings.
 *
 * @param chunkedPrefill       see {@link SchedulerSettings#chunkedPrefill()}
 * @param gpuMemoryUtilization {@code --gpu-memory-utilization}
 * @param maxModelLen          {@code --max-model-len}
 * @param options              engine generation, multi-step and async scheduling, KV-cache dtype
 */
public record ServingSetup(
        ModelArchitecture model,
        Accelerator accelerator,
        int acceleratorCount,
        int maxNumSeqs,
        int maxNumBatchedTokens,
        boolean chunkedPrefill,
        double gpuMemoryUtilization,
        int maxModelLen,
        int blockSize,
        EngineOptions options) {

    public static final int DEFAULT_BLOCK_SIZE = 16;

    /** A replica on vLLM's V0 engine with its defaults. */
    public ServingSetup(ModelArchitecture model, Accelerator accelerator, int acceleratorCount, int maxNumSeqs,
                        int maxNumBatchedTokens, boolean chunkedPrefill, double gpuMemoryUtilization, int maxModelLen,
                        int blockSize) {
        this(model, accelerator, acceleratorCount, maxNumSeqs, maxNumBatchedTokens, chunkedPrefill, gpuMemoryUtilization,
                maxModelLen, blockSize, EngineOptions.V0_DEFAULTS);
    }

    /** This replica with other engine options. */
    public ServingSetup withOptions(EngineOptions newOptions) {
        return new ServingSetup(model, accelerator, acceleratorCount, maxNumSeqs, maxNumBatchedTokens, chunkedPrefill,
                gpuMemoryUtilization, maxModelLen, blockSize, newOptions);
    }

    public MemoryPlan memoryPlan() {
        return MemoryPlan.of(model, accelerator, acceleratorCount, gpuMemoryUtilization,
                maxNumBatchedTokens, maxNumSeqs, blockSize, options.kvCacheBytes());
    }

    public EfficiencyFactors factors() {
        return EfficiencyFactors.forAccelerator(accelerator);
    }

    public IterationCost iterationCost() {
        return iterationCost(factors());
    }

    /** The iteration cost with other factors (calibration). */
    public IterationCost iterationCost(EfficiencyFactors f) {
        return new IterationCost(model, accelerator, acceleratorCount, f, options);
    }

    public SchedulerSettings schedulerSettings() {
        return new SchedulerSettings(maxNumSeqs, maxNumBatchedTokens, chunkedPrefill, blockSize,
                kvBlocks(), maxModelLen, options.numSchedulerSteps());
    }

    /**
     * Cache blocks per chip the engine has: the memory plan's, and at least enough for one sequence of
     * {@code max_model_len}. vLLM refuses to start a server whose cache cannot hold one such sequence (V1's
     * {@code check_enough_kv_cache_memory}: "To serve at least one request with the models's max seq len ... KV cache
     * is needed, which is larger than the available KV cache memory"; V0: "The model's max seq len ... is larger than the
     * maximum number of tokens that can be stored in KV cache"), so a server that runs holds at least that much whatever
     * the plan estimates. kiq's own replicas ({@link PerformanceModel}) choose a {@code max_model_len} their plan holds, so
     * this changes only a replay of a published or measured run whose plan is below it.
     */
    public int kvBlocks() {
        return Math.max(memoryPlan().kvBlocks(), (maxModelLen + blockSize - 1) / blockSize);
    }

    /** Tokens the engine's cache holds ({@link #kvBlocks()}). */
    public long kvCapacityTokens() {
        return (long) kvBlocks() * blockSize;
    }

    /** A fresh engine for this replica (empty queue and cache). */
    public ContinuousBatchingEngine newEngine() {
        return new ContinuousBatchingEngine(schedulerSettings(), iterationCost());
    }
}
