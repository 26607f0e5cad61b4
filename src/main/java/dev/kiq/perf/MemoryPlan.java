package dev.kiq.perf;

import dev.kiq.catalog.Accelerator;
import dev.kiq.catalog.ModelArchitecture;

/**
 * How one accelerator's memory is split between weights, runtime and the paged KV cache, the way
 * vLLM sizes its cache at start-up: {@code memory * gpu_memory_utilization - weights - peak
 * activations - runtime}, the rest in blocks of {@code blockSize} tokens.
 *
 * <p>Accelerator memory figures ("80 GB") are binary: the chips carry 80 GiB. The runtime
 * reserve (CUDA context, NCCL buffers, CUDA graphs, allocator slack) is a fixed
 * {@value #RUNTIME_RESERVE_GIB} GiB per chip; peak activations are those of a forward pass over
 * {@code max_num_batched_tokens} tokens plus the fp32 logits of {@code max_num_seqs} sequences.
 *
 * @param memoryBytes          usable memory per chip: memory * gpu_memory_utilization
 * @param weightBytes          weights per chip
 * @param activationBytes      peak activations and runtime reserve per chip
 * @param kvBytesPerToken      KV-cache bytes one token occupies per chip (all layers)
 * @param kvBlocks             cache blocks per chip (all chips hold the same number)
 * @param blockSize            tokens per block
 */
public record MemoryPlan(
        double memoryBytes,
        double weightBytes,
        double activationBytes,
        double kvBytesPerToken,
        int kvBlocks,
        int blockSize) {

    public static final double RUNTIME_RESERVE_GIB = 1.5;
    public static final double GIB = 1024.0 * 1024 * 1024;

    /** The plan with vLLM's default 16-bit KV cache. */
    public static MemoryPlan of(ModelArchitecture model, Accelerator accelerator, int tensorParallel,
                                double gpuMemoryUtilization, int maxNumBatchedTokens, int maxNumSeqs, int blockSize) {
        return of(model, accelerator, tensorParallel, gpuMemoryUtilization, maxNumBatchedTokens, maxNumSeqs, blockSize, 2);
    }

    /**
     * @param kvCacheBytes bytes per KV element: 2 (vLLM's default, also for FP8 weights) or 1 ({@code --kv-cache-dtype fp8})
     */
    public static MemoryPlan of(ModelArchitecture model, Accelerator accelerator, int tensorParallel,
                                double gpuMemoryUtilization, int maxNumBatchedTokens, int maxNumSeqs, int blockSize,
                                int kvCacheBytes) {
        int bytes = model.bytesPerParameter();
        double memory = accelerator.memoryGb() * GIB * gpuMemoryUtilization;
        double weights = (double) model.parameterCount() * bytes / tensorParallel;
        int activeIntermediate = model.intermediateSize() * model.expertsPerToken();
        double activations = (double) maxNumBatchedTokens
                * (6.0 * model.hiddenSize() + 3.0 * activeIntermediate / tensorParallel) * IterationCost.ACTIVATION_BYTES
                + 2.0 * maxNumSeqs * ((double) model.vocabSize() / tensorParallel) * 4
                + RUNTIME_RESERVE_GIB * GIB;
        double kvPerToken = 2.0 * model.numLayers() * ModelShape.of(model).kvHeadsPerChip(tensorParallel)
                * model.headDim() * kvCacheBytes;
        double kvBytes = memory - weights - activations;
        int blocks = kvBytes <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.floor(kvBytes / (kvPerToken * blockSize)));
        return new MemoryPlan(memory, weights, activations, kvPerToken, blocks, blockSize);
    }

    /** Tokens the KV cache holds. */
    public long kvCapacityTokens() {
        return (long) kvBlocks * blockSize;
    }

    /** Memory per chip needed for the weights, activations and {@code kvTokens} of cache. */
    public double requiredBytes(long kvTokens) {
        return weightBytes + activationBytes + kvTokens * kvBytesPerToken;
    }
}
