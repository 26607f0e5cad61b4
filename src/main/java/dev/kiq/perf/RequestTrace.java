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

    private RequestTrace(int[] input, int[] output, double[] unitArrival) {
        this.input = input;
        this.output = output;
        this.unitArrival = unitArrival;
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
        return new RequestTrace(in, out, at);
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
        return new RequestTrace(input.clone(), output.clone(), unitArrival.clone());
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
