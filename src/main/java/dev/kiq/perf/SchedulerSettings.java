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

    /** A combination of scheduler settings vLLM refuses at start-up, and why. */
    public enum StartupRefusal {
        /** The token budget is below max_num_seqs. */
        BUDGET_BELOW_MAX_NUM_SEQS("a step holds one token of each running sequence"),
        /** Without chunked prefill, the token budget is below max_model_len. */
        BUDGET_BELOW_MAX_MODEL_LEN("a step holds a whole prompt");

        private final String reason;

        StartupRefusal(String reason) {
            this.reason = reason;
        }

        /** Why vLLM refuses, in a few words for a message. */
        public String reason() {
            return reason;
        }
    }

    /**
     * The scheduler settings vLLM's SchedulerConfig refuses at start-up (V0: vllm/config.py {@code _verify_args}, e.g.
     * commit 0004438; V1: vllm/config/scheduler.py {@code verify_max_model_len}, e.g. commit 01230b4): a token budget
     * below max_num_seqs, and without chunked prefill one below max_model_len. A setup with them never ran, so a
     * measurement of it was copied wrong. The one home of the rule: the corpus reader and the user's calibration ask here.
     *
     * @param maxNumSeqs     empty when not known (that check is skipped)
     * @param chunkedPrefill whether the server prefilled in chunks (V1 always does)
     * @return the first refusal, in the order above; empty when vLLM starts
     */
    public static java.util.Optional<StartupRefusal> startupRefusal(int maxNumBatchedTokens, java.util.OptionalInt maxNumSeqs,
            int maxModelLen, boolean chunkedPrefill) {
        if (maxNumSeqs.isPresent() && maxNumBatchedTokens < maxNumSeqs.getAsInt()) {
            return java.util.Optional.of(StartupRefusal.BUDGET_BELOW_MAX_NUM_SEQS);
        }
        if (!chunkedPrefill && maxNumBatchedTokens < maxModelLen) {
            return java.util.Optional.of(StartupRefusal.BUDGET_BELOW_MAX_MODEL_LEN);
        }
        return java.util.Optional.empty();
    }
}
