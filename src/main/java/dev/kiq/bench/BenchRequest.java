package dev.kiq.bench;

/**
 * One request the load generator sends.
 *
 * @param prompt       the prompt text (completions) or user message (chat)
 * @param promptTokens tokens the prompt is expected to have; the server's {@code usage} wins when reported
 * @param outputTokens {@code max_tokens}; sent with {@code ignore_eos} so the server generates that many
 */
public record BenchRequest(String prompt, int promptTokens, int outputTokens) {

    /**
     * This request cut to fit a context of {@code maxModelLen} tokens, by the rule the model cuts a workload with
     * ({@link dev.kiq.perf.WorkloadChoice#servedWithin}): the output to at most half the context, the prompt to the
     * rest (its text shortened to that many estimated tokens); itself when it fits.
     */
    public BenchRequest within(int maxModelLen) {
        if ((long) promptTokens + outputTokens <= maxModelLen) {
            return this;
        }
        int out = Math.min(outputTokens, maxModelLen / 2);
        int in = Math.min(promptTokens, maxModelLen - out);
        String text = prompt.length() > in * 4 ? prompt.substring(0, in * 4) : prompt;
        return new BenchRequest(text, Math.min(in, TokenEstimate.count(text)), out);
    }
}
