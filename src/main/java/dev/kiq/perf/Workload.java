package dev.kiq.perf;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The requests a load run sends: input and output token counts drawn independently from two
 * length distributions.
 *
 * @param name   how profiles and output describe the workload, e.g. {@code sharegpt-shaped}
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

    /** Every request has exactly {@code inputTokens} prompt and {@code outputTokens} output tokens. */
    public static Workload fixed(int inputTokens, int outputTokens) {
        return new Workload("fixed " + inputTokens + " in / " + outputTokens + " out",
                TokenLengthDistribution.fixed(inputTokens), TokenLengthDistribution.fixed(outputTokens));
    }

    /**
     * vLLM's random dataset ({@code --dataset-name random --random-input-len I --random-output-len O
     * --random-range-ratio r}): each length uniform on [L(1-r), L(1+r)] (r = 0: fixed lengths).
     */
    public static Workload random(int inputTokens, int outputTokens, double rangeRatio) {
        if (!(rangeRatio >= 0 && rangeRatio < 1)) {
            throw new IllegalArgumentException("a range ratio must be in [0, 1): " + rangeRatio);
        }
        if (rangeRatio == 0) {
            return fixed(inputTokens, outputTokens);
        }
        return new Workload(String.format(Locale.ROOT, "random %d in / %d out (range ratio %s)",
                inputTokens, outputTokens, rangeRatio),
                uniformAround(inputTokens, rangeRatio), uniformAround(outputTokens, rangeRatio));
    }

    private static TokenLengthDistribution uniformAround(int length, double ratio) {
        int low = Math.max(1, (int) Math.floor(length * (1 - ratio)));
        int high = Math.max(low, (int) Math.floor(length * (1 + ratio)));
        return TokenLengthDistribution.uniform(low, high);
    }

    /**
     * This workload's shapes moved to other mean lengths: each distribution's knots are multiplied so
     * that its mean becomes the given one (within rounding), capped at {@code maxTokens} per side.
     * The name says the lengths, e.g. {@code sharegpt-shaped, mean 1000 in / 200 out}.
     */
    public Workload withMeans(int meanInput, int meanOutput, int maxTokens) {
        return new Workload(name + ", mean " + meanInput + " in / " + meanOutput + " out",
                input.scaledToMean(meanInput, maxTokens), output.scaledToMean(meanOutput, maxTokens));
    }

    /** Same lengths, another name (e.g. a use case's). */
    public Workload named(String newName) {
        return new Workload(newName, input, output);
    }

    /** Prompt plus output of the longest request this workload can send. */
    public int longestRequest() {
        return input.max() + output.max();
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
