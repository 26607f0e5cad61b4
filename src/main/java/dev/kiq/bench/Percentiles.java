package dev.kiq.bench;

import org.HdrHistogram.Histogram;

/** p50/p90/p99 and mean of one latency, in milliseconds; NaN when nothing was recorded. */
public record Percentiles(double p50, double p90, double p99, double mean, long count) {

    public static final Percentiles EMPTY = new Percentiles(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);

    /** From a histogram recorded in microseconds, multiplied by {@code scale} (for time-scaled targets). */
    static Percentiles of(Histogram micros, double scale) {
        if (micros.getTotalCount() == 0) {
            return EMPTY;
        }
        double k = scale / 1000.0;
        return new Percentiles(micros.getValueAtPercentile(50) * k, micros.getValueAtPercentile(90) * k,
                micros.getValueAtPercentile(99) * k, micros.getMean() * k, micros.getTotalCount());
    }
}
