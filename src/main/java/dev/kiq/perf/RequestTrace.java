package dev.kiq.perf;

import java.util.SplittableRandom;

/**
 * A fixed list of requests with Poisson arrivals at unit rate; {@link #arrivalSeconds} rescales
 * them to any rate. Every rate of a sweep replays the same requests with the same arrival pattern
 * (common random numbers), so differences between points come from the load, not from sampling.
 */
public final class RequestTrace {

    private final int[] input;
    private final int[] output;
    private final double[] unitArrival;
    /** Prompt tokens of each request already in vLLM's prefix cache when it arrives; null: none. */
    private final int[] cachedPrefix;
    /** The prefix group of each request's cached prefix (requests of a group share it); null: every prefix private. */
    private final int[] prefixGroup;

    private RequestTrace(int[] input, int[] output, double[] unitArrival, int[] cachedPrefix, int[] prefixGroup) {
        this.input = input;
        this.output = output;
        this.unitArrival = unitArrival;
        this.cachedPrefix = cachedPrefix;
        this.prefixGroup = prefixGroup;
    }

    /**
     * {@code count} requests from {@code workload} with exponential inter-arrival gaps of mean 1,
     * from {@code seed}. Lengths are stratified: the i-th input (and, independently, output) length
     * is drawn from the i-th of {@code count} equal quantile bands, then the lengths are shuffled.
     * Each trace thus reproduces the length distribution closely (its mean output length is within
     * a fraction of a percent of the distribution's, where plain sampling of 2000 requests scatters
     * by about 2%), while the order and pairing of lengths and the arrival times stay random.
     */
    public static RequestTrace generate(Workload workload, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        SplittableRandom lengths = random.split();
        SplittableRandom gaps = random.split();
        int[] in = stratified(workload.input(), count, lengths);
        int[] out = stratified(workload.output(), count, lengths);
        double[] at = new double[count];
        double t = 0;
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                t += -Math.log(1.0 - gaps.nextDouble());
            }
            at[i] = t;
        }
        return new RequestTrace(in, out, at, null, null);
    }

    /**
     * Exactly these requests (e.g. a published benchmark's fixed lengths, or a hand-computed test case):
     * request {@code i} has {@code input[i]} prompt and {@code output[i]} output tokens and arrives at
     * {@code unitArrival[i] / rate} seconds at a Poisson rate (non-decreasing, starting at 0).
     */
    public static RequestTrace of(int[] input, int[] output, double[] unitArrival) {
        if (input.length != output.length || input.length != unitArrival.length || input.length == 0) {
            throw new IllegalArgumentException("a trace needs as many inputs, outputs and arrivals, at least one");
        }
        for (int i = 0; i < input.length; i++) {
            if (input[i] < 1 || output[i] < 1 || unitArrival[i] < (i == 0 ? 0 : unitArrival[i - 1])) {
                throw new IllegalArgumentException("request " + i + ": lengths must be at least 1 and arrivals non-decreasing");
            }
        }
        return new RequestTrace(input.clone(), output.clone(), unitArrival.clone(), null, null);
    }

    private static int[] stratified(TokenLengthDistribution d, int count, SplittableRandom random) {
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = d.lengthAt((i + random.nextDouble()) / count);
        }
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int v = values[i];
            values[i] = values[j];
            values[j] = v;
        }
        return values;
    }

    public int size() {
        return input.length;
    }

    public int inputTokens(int i) {
        return input[i];
    }

    public int outputTokens(int i) {
        return output[i];
    }

    /**
     * Leading prompt tokens of request {@code i} whose KV is already in vLLM's automatic prefix cache when it
     * arrives (an earlier request with the same prefix computed them); 0 when nothing is cached. The engine
     * turns this into a block-granular hit ({@link ContinuousBatchingEngine#submit(long, int, int, int)}).
     */
    public int cachedPrefixTokens(int i) {
        return cachedPrefix == null ? 0 : cachedPrefix[i];
    }

    /**
     * These requests with {@code cachedPrefix[i]} leading prompt tokens of request {@code i} in the prefix cache
     * (at most its prompt).
     */
    public RequestTrace withCachedPrefix(int[] cachedPrefix) {
        return withCachedPrefix(cachedPrefix, null);
    }

    /**
     * The prefix group of request {@code i}'s cached prefix: requests of one group start with the same tokens and
     * the engine keeps their cached blocks once ({@link ContinuousBatchingEngine#submit(long, int, int, int, int)});
     * {@link ContinuousBatchingEngine#PRIVATE_PREFIX} when the prefix is the request's own.
     */
    public int prefixGroup(int i) {
        return prefixGroup == null ? ContinuousBatchingEngine.PRIVATE_PREFIX : prefixGroup[i];
    }

    /**
     * These requests with {@code cachedPrefix[i]} leading prompt tokens of request {@code i} in the prefix cache
     * (at most its prompt), shared within the groups {@code prefixGroup[i]} (null: every prefix private).
     */
    public RequestTrace withCachedPrefix(int[] cachedPrefix, int[] prefixGroup) {
        if (cachedPrefix.length != input.length || (prefixGroup != null && prefixGroup.length != input.length)) {
            throw new IllegalArgumentException("one cached prefix per request: " + cachedPrefix.length + " for " + input.length);
        }
        if (prefixGroup != null) {
            for (int i = 0; i < prefixGroup.length; i++) {
                if (prefixGroup[i] < ContinuousBatchingEngine.PRIVATE_PREFIX) {
                    throw new IllegalArgumentException("request " + i + ": a prefix group is "
                            + ContinuousBatchingEngine.PRIVATE_PREFIX + " or more");
                }
            }
        }
        int[] c = new int[input.length];
        for (int i = 0; i < c.length; i++) {
            if (cachedPrefix[i] < 0) {
                throw new IllegalArgumentException("request " + i + ": a cached prefix cannot be negative");
            }
            c[i] = Math.min(cachedPrefix[i], input[i]);
        }
        return new RequestTrace(input, output, unitArrival, c, prefixGroup == null ? null : prefixGroup.clone());
    }

    /** Arrival time of request {@code i} at {@code qps} requests per second; all at 0 for an infinite rate. */
    public double arrivalSeconds(int i, double qps) {
        return Double.isInfinite(qps) ? 0 : unitArrival[i] / qps;
    }

    public long totalOutputTokens() {
        long sum = 0;
        for (int o : output) {
            sum += o;
        }
        return sum;
    }

    public long totalInputTokens() {
        long sum = 0;
        for (int o : input) {
            sum += o;
        }
        return sum;
    }
}
