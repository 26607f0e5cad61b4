package dev.kiq.monitor;

import dev.kiq.bench.PrometheusText;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * A Prometheus histogram as scraped, or the observations it gained over a window: cumulative counts by
 * upper bound ({@code le}), summed over series, with the total count and the sum of observed values.
 */
public record BucketCounts(TreeMap<Double, Double> cumulative, double count, double sum) {

    public static final BucketCounts EMPTY = new BucketCounts(new TreeMap<>(), 0, 0);

    public BucketCounts {
        cumulative = new TreeMap<>(cumulative);
    }

    /** Histogram {@code name} of a page; {@link #EMPTY} when the page does not have it. */
    public static BucketCounts of(PrometheusText page, String name) {
        TreeMap<Double, Double> buckets = page.buckets(name);
        if (buckets.isEmpty()) {
            return EMPTY;
        }
        double count = page.sum(name + "_count").orElse(buckets.lastEntry().getValue());
        return new BucketCounts(buckets, count, page.sum(name + "_sum").orElse(0));
    }

    public boolean isEmpty() {
        return count <= 0;
    }

    /**
     * What was observed between {@code before} and this scrape. A histogram whose count or any bucket went
     * down was reset (the server restarted), so everything it holds now was observed since: that is the delta,
     * as Prometheus' {@code increase()} treats a counter reset.
     */
    public BucketCounts since(BucketCounts before) {
        if (wasResetSince(before)) {
            return this;
        }
        TreeMap<Double, Double> delta = new TreeMap<>();
        cumulative.forEach((le, c) -> delta.put(le, c - before.cumulative.getOrDefault(le, 0.0)));
        return new BucketCounts(delta, count - before.count, Math.max(0, sum - before.sum));
    }

    /** Whether the histogram went back since {@code before}: its count or a bucket is lower now. */
    public boolean wasResetSince(BucketCounts before) {
        if (count < before.count) {
            return true;
        }
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            if (e.getValue() < before.cumulative.getOrDefault(e.getKey(), 0.0)) {
                return true;
            }
        }
        return false;
    }

    /** Adds the observations of another histogram with the same buckets (pods of one release). */
    public BucketCounts plus(BucketCounts other) {
        TreeMap<Double, Double> merged = new TreeMap<>(cumulative);
        other.cumulative.forEach((le, c) -> merged.merge(le, c, Double::sum));
        return new BucketCounts(merged, count + other.count, sum + other.sum);
    }

    /** The {@code q} quantile of the observations, interpolated inside the bucket as {@code histogram_quantile} does. */
    public OptionalDouble quantile(double q) {
        return PrometheusText.quantileBetween(new TreeMap<>(), cumulative, q);
    }

    /** Mean of the observations (sum over count). */
    public OptionalDouble mean() {
        return count > 0 ? OptionalDouble.of(sum / count) : OptionalDouble.empty();
    }
}
