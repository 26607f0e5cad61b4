package dev.kiq.monitor;

import dev.kiq.profile.PerformancePoint;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The release over one window: every pod's window and their sum. Throughputs add up over pods, latency
 * percentiles come from the pods' histogram deltas merged (as {@code histogram_quantile} over
 * {@code sum by (le)}), queue and batch add up, KV-cache usage is the pods' mean.
 *
 * @param pods the pods that had two scrapes in the window
 */
public record LiveWindow(List<PodWindow> pods, double seconds) {

    public LiveWindow {
        pods = List.copyOf(pods);
    }

    public static LiveWindow of(List<PodWindow> pods) {
        return new LiveWindow(pods, pods.stream().mapToDouble(PodWindow::seconds).max().orElse(0));
    }

    public int replicas() {
        return pods.size();
    }

    public double outputTokensPerSecond() {
        return pods.stream().mapToDouble(PodWindow::outputTokensPerSecond).sum();
    }

    public double inputTokensPerSecond() {
        return pods.stream().mapToDouble(PodWindow::inputTokensPerSecond).sum();
    }

    public double requestsPerSecond() {
        return pods.stream().mapToDouble(PodWindow::requestsPerSecond).sum();
    }

    public BucketCounts ttft() {
        return merged(PodWindow::ttft);
    }

    public BucketCounts tpot() {
        return merged(PodWindow::tpot);
    }

    public BucketCounts e2e() {
        return merged(PodWindow::e2e);
    }

    private BucketCounts merged(Function<PodWindow, BucketCounts> which) {
        BucketCounts total = BucketCounts.EMPTY;
        for (PodWindow p : pods) {
            total = total.plus(which.apply(p));
        }
        return total;
    }

    /** A quantile of a merged latency histogram in milliseconds. */
    public static OptionalDouble millis(BucketCounts seconds, double q) {
        OptionalDouble v = seconds.quantile(q);
        return v.isPresent() ? OptionalDouble.of(v.getAsDouble() * 1000) : OptionalDouble.empty();
    }

    /** Requests waiting, summed over pods. */
    public OptionalDouble waiting() {
        return sum(p -> p.gauges().waiting());
    }

    /** Requests running, summed over pods. */
    public OptionalDouble running() {
        return sum(p -> p.gauges().running());
    }

    /** KV-cache usage 0–1, the pods' mean. */
    public OptionalDouble kvCacheUsage() {
        return pods.stream().map(p -> p.gauges().kvCacheUsage()).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).average();
    }

    private OptionalDouble sum(Function<PodWindow, OptionalDouble> gauge) {
        double total = 0;
        boolean any = false;
        for (PodWindow p : pods) {
            OptionalDouble v = gauge.apply(p);
            if (v.isPresent()) {
                total += v.getAsDouble();
                any = true;
            }
        }
        return any ? OptionalDouble.of(total) : OptionalDouble.empty();
    }

    /**
     * NTPOT in ms estimated from the server's counters: the e2e seconds of the requests that finished in the
     * window over the tokens generated in it. Per-request NTPOT needs each request's own length, which no
     * server metric carries, so this is the token-weighted mean, not the p50 a profile stores; it sits below
     * the p50 when short requests (whose TTFT weighs more per token) are common.
     */
    public OptionalDouble ntpotMillis() {
        double tokens = outputTokensPerSecond() * seconds;
        BucketCounts e2e = e2e();
        return tokens > 0 && !e2e.isEmpty() ? OptionalDouble.of(e2e.sum() / tokens * 1000) : OptionalDouble.empty();
    }

    /**
     * The window as one replica's point, comparable with a profile's curve (which describes one replica):
     * throughputs and gauges divided by the pods, latencies as p50s of the merged histograms.
     */
    public PerformancePoint perReplica() {
        int n = Math.max(1, replicas());
        return new PerformancePoint(requestsPerSecond() / n, outputTokensPerSecond() / n, inputTokensPerSecond() / n,
                ntpotMillis().orElse(0), millis(ttft(), 0.5).orElse(0), millis(tpot(), 0.5).orElse(0),
                waiting().orElse(0) / n, running().orElse(0) / n, kvCacheUsage().orElse(0));
    }
}
