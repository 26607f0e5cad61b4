package dev.kiq.perf;

/**
 * The vLLM scheduler knobs the engine honours.
 *
 * @param maxNumSeqs          {@code --max-num-seqs}: most sequences running at once
 * @param maxNumBatchedTokens {@code --max-num-batched-tokens}: token budget of one iteration
 * @param chunkedPrefill      true: one iteration mixes decodes with prefill chunks, running
 *                            sequences first (vLLM V1, and V0 with {@code --enable-chunked-prefill});
 *                            false: vLLM V0's default scheduler, where an iteration is either a batch of
 *                            whole prompts (preferred whenever one fits) or one decode step of every running sequence
 * @param blockSize           tokens per KV-cache block ({@code --block-size}, 16)
 * @param kvBlocks            KV-cache blocks available (from {@link MemoryPlan})
 * @param maxModelLen         {@code --max-model-len}: longest prompt plus output accepted
 * @param numSchedulerSteps   {@code --num-scheduler-steps} (vLLM V0 multi-step): a batch of decodes runs
 *                            this many iterations per scheduler call, admitting nothing in between; 1 is off
 */
public record SchedulerSettings(
        int maxNumSeqs,
        int maxNumBatchedTokens,
        boolean chunkedPrefill,
        int blockSize,
        int kvBlocks,
        int maxModelLen,
        int numSchedulerSteps) {

    /** vLLM V0's block-manager watermark: admissions keep 1% of the blocks free for running sequences to grow. */
    public static final double WATERMARK = 0.01;

    public SchedulerSettings {
        if (maxNumSeqs < 1 || maxNumBatchedTokens < 1 || blockSize < 1 || kvBlocks < 0 || maxModelLen < 1
                || numSchedulerSteps < 1) {
            throw new IllegalArgumentException("invalid scheduler settings");
        }
    }

    /** Settings with one scheduler step (no multi-step scheduling). */
    public SchedulerSettings(int maxNumSeqs, int maxNumBatchedTokens, boolean chunkedPrefill, int blockSize,
                             int kvBlocks, int maxModelLen) {
        this(maxNumSeqs, maxNumBatchedTokens, chunkedPrefill, blockSize, kvBlocks, maxModelLen, 1);
    }

    public int watermarkBlocks() {
        return (int) (WATERMARK * kvBlocks);
    }
}
