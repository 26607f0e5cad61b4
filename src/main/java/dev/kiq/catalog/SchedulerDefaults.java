package dev.kiq.catalog;

import java.util.Optional;

/**
 * What a model-server version's scheduler uses when the deployment does not set a flag, for one
 * accelerator type (vLLM picks some of these by device).
 *
 * @param maxNumSeqs           most requests in one batch ({@code --max-num-seqs})
 * @param maxNumBatchedTokens  token budget of one iteration when chunked prefill is on
 *                             ({@code --max-num-batched-tokens})
 * @param gpuMemoryUtilization fraction of accelerator memory the server may use
 * @param blockSize            tokens per paged-KV block
 * @param chunkedPrefillAboveMaxModelLen empty when chunked prefill is always on (vLLM V1); N when it
 *                             is switched on only for {@code max_model_len > N} (vLLM V0)
 */
public record SchedulerDefaults(
        int maxNumSeqs,
        int maxNumBatchedTokens,
        double gpuMemoryUtilization,
        int blockSize,
        Optional<Integer> chunkedPrefillAboveMaxModelLen) {

    /** Whether chunked prefill is on by default for a server started with this max model length. */
    public boolean chunkedPrefill(int maxModelLen) {
        return chunkedPrefillAboveMaxModelLen.map(limit -> maxModelLen > limit).orElse(true);
    }

    /**
     * The token budget of one iteration: {@link #maxNumBatchedTokens} with chunked prefill, else
     * large enough for a whole prompt of {@code maxModelLen} tokens (vLLM's
     * {@code max(max_model_len, 2048)}).
     */
    public int effectiveMaxNumBatchedTokens(int maxModelLen) {
        return chunkedPrefill(maxModelLen) ? maxNumBatchedTokens : Math.max(maxModelLen, maxNumBatchedTokens);
    }

    /** vLLM caps the batch at the token budget: every running sequence needs at least one token per step. */
    public int effectiveMaxNumSeqs(int maxModelLen) {
        return Math.min(maxNumSeqs, effectiveMaxNumBatchedTokens(maxModelLen));
    }
}
