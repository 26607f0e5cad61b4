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
        int blockSize) {

    public static final int DEFAULT_BLOCK_SIZE = 16;

    public MemoryPlan memoryPlan() {
        return MemoryPlan.of(model, accelerator, acceleratorCount, gpuMemoryUtilization,
                maxNumBatchedTokens, maxNumSeqs, blockSize);
    }

    public EfficiencyFactors factors() {
        return EfficiencyFactors.forAccelerator(accelerator);
    }

    public IterationCost iterationCost() {
        return new IterationCost(model, accelerator, acceleratorCount, factors());
    }

    public SchedulerSettings schedulerSettings() {
        return new SchedulerSettings(maxNumSeqs, maxNumBatchedTokens, chunkedPrefill, blockSize,
                memoryPlan().kvBlocks(), maxModelLen);
    }

    /** A fresh engine for this replica (empty queue and cache). */
    public ContinuousBatchingEngine newEngine() {
        return new ContinuousBatchingEngine(schedulerSettings(), iterationCost());
    }
}
