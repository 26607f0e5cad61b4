package dev.kiq.perf;

import java.util.SplittableRandom;

/**
 * The requests a load run sends: input and output token counts drawn independently from two
 * length distributions.
 *
 * @param name   how profiles describe the workload in their provenance
 * @param input  prompt lengths
 * @param output generated lengths (the request's {@code max_tokens}, with EOS ignored)
 */
public record Workload(String name, TokenLengthDistribution input, TokenLengthDistribution output) {

    /**
     * ShareGPT-shaped requests matching SPEC §3's table: input min 4, median 108, mean 226,
     * P90 635, P99 887, max 1024; output min 1, median 132, mean 195, P90 488, P99 778, max 1024.
     */
    public static Workload shareGpt() {
        return new Workload("sharegpt-shaped",
                TokenLengthDistribution.fitMean(4, 108, 226, 635, 887, 1024),
                TokenLengthDistribution.fitMean(1, 132, 195, 488, 778, 1024));
    }

    /** One request's lengths. */
    public RequestShape sample(SplittableRandom random) {
        int in = input.sample(random);
        int out = output.sample(random);
        return new RequestShape(in, out);
    }

    /** Token counts of one request. */
    public record RequestShape(int inputTokens, int outputTokens) {
    }
}
