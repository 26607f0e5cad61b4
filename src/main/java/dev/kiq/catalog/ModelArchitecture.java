package dev.kiq.catalog;

import java.util.Optional;

/**
 * A transformer's shape, as read from its Hugging Face {@code config.json}; everything the
 * performance model needs to count bytes and FLOPs.
 *
 * @param id                Hugging Face id, e.g. {@code google/gemma-2-27b-it}
 * @param modelType         {@code config.json} model_type, e.g. {@code qwen2}, {@code mixtral}
 * @param parameterCount    total parameters (all experts for MoE)
 * @param numExperts        1 for dense models
 * @param expertsPerToken   1 for dense models
 * @param maxContext        max_position_embeddings
 * @param dtype             torch_dtype, e.g. {@code bfloat16}
 * @param slidingWindow     window of the sliding-window layers, if any
 * @param slidingWindowLayers how many layers use the sliding window (0 if none)
 */
public record ModelArchitecture(
        String id,
        String modelType,
        long parameterCount,
        int numLayers,
        int hiddenSize,
        int numAttentionHeads,
        int numKeyValueHeads,
        int headDim,
        int intermediateSize,
        int vocabSize,
        int numExperts,
        int expertsPerToken,
        int maxContext,
        String dtype,
        boolean tiedEmbeddings,
        Optional<Integer> slidingWindow,
        int slidingWindowLayers) {

    public boolean isMoe() {
        return numExperts > 1;
    }

    /**
     * Parameters used for one token: all of a dense model; for MoE the shared part plus
     * {@code expertsPerToken} of the {@code numExperts} gated-MLP experts (3 matrices each) per layer.
     */
    public long activeParameterCount() {
        long idleExperts = (long) (numExperts - expertsPerToken) * numLayers * 3L * hiddenSize * intermediateSize;
        return parameterCount - idleExperts;
    }

    /**
     * Bytes per parameter of the weights as vLLM serves them ({@code --dtype auto}): 1 for FP8/INT8
     * checkpoints, else 2. A float32 checkpoint is served in 16 bits (FP16, or BF16 for models
     * FP16 cannot hold), not in 4 bytes.
     */
    public int bytesPerParameter() {
        return switch (dtype) {
            case "float8", "fp8", "int8" -> 1;
            default -> 2;
        };
    }

    /**
     * KV-cache bytes for one token with every layer keeping full context, in vLLM's default 16-bit
     * cache: an FP8 checkpoint keeps a 16-bit cache unless {@code --kv-cache-dtype fp8} is given.
     */
    public long kvBytesPerToken() {
        return 2L * numLayers * numKeyValueHeads * headDim * 2;
    }
}
