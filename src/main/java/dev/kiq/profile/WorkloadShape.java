package dev.kiq.profile;

/**
 * The workload a profile was measured or modeled for, as far as matching profiles to a request
 * needs it: the use case (or {@code custom}) and the mean input and output lengths. A profile
 * without one is for the chatbot (ShareGPT) workload, the only one kiq had before use cases.
 *
 * @param useCase          a use-case id from {@code kiq use-cases list}, or {@code custom}
 * @param meanInputTokens  mean prompt length of the requests
 * @param meanOutputTokens mean output length of the requests
 */
public record WorkloadShape(String useCase, double meanInputTokens, double meanOutputTokens) {

    /** The use case of profiles that carry no shape. */
    public static final String DEFAULT_USE_CASE = "chatbot";
    /** ShareGPT's mean lengths (SPEC §3), the implied shape of profiles that carry none. */
    public static final WorkloadShape CHATBOT = new WorkloadShape(DEFAULT_USE_CASE, 226, 195);

    /**
     * True when both mean lengths are within {@code tolerance} (0.2 = 20%) of {@code wanted}'s, the
     * rule GKE Inference Quickstart applies to {@code --target-input-length}/{@code --target-output-length}.
     */
    public boolean within(WorkloadShape wanted, double tolerance) {
        return Math.abs(meanInputTokens - wanted.meanInputTokens) <= tolerance * wanted.meanInputTokens
                && Math.abs(meanOutputTokens - wanted.meanOutputTokens) <= tolerance * wanted.meanOutputTokens;
    }
}
