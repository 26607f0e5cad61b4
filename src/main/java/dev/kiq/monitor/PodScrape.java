package dev.kiq.monitor;

import dev.kiq.bench.PrometheusText;
import dev.kiq.catalog.MetricNames;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What one scrape of one pod's {@code /metrics} says, under the metric names of the deployed server
 * version: the token counters, the latency histograms and the queue, batch and KV-cache gauges.
 *
 * @param atNanos  when it was taken ({@link System#nanoTime()})
 * @param missing  names of the version's metrics the page lacks (e.g. a server older or newer than the catalog says)
 */
public record PodScrape(
        String pod,
        long atNanos,
        OptionalDouble generationTokens,
        OptionalDouble promptTokens,
        BucketCounts ttft,
        BucketCounts tpot,
        BucketCounts e2e,
        Gauges gauges,
        List<String> missing) {

    public PodScrape {
        missing = List.copyOf(missing);
    }

    public static PodScrape of(String pod, long atNanos, PrometheusText page, MetricNames names) {
        List<String> missing = new ArrayList<>();
        OptionalDouble generation = counter(page, names.generationTokens(), missing);
        OptionalDouble prompt = counter(page, names.promptTokens(), missing);
        BucketCounts ttft = histogram(page, names.ttftSeconds(), missing);
        BucketCounts tpot = histogram(page, names.itlSeconds(), missing);
        BucketCounts e2e = histogram(page, names.e2eSeconds(), missing);
        OptionalDouble waiting = gauge(page, names.queueSize(), missing, false);
        OptionalDouble running = gauge(page, names.batchSize(), missing, false);
        OptionalDouble kv = gauge(page, names.kvCacheUsage(), missing, true);
        return new PodScrape(pod, atNanos, generation, prompt, ttft, tpot, e2e, new Gauges(waiting, running, kv), missing);
    }

    private static OptionalDouble counter(PrometheusText page, String name, List<String> missing) {
        // the catalog names counters as exposed (with _total); some exporters and older names lack the suffix
        String bare = name.endsWith("_total") ? name.substring(0, name.length() - 6) : name;
        String found = page.has(name) ? name : page.has(bare + "_total") ? bare + "_total" : page.has(bare) ? bare : null;
        if (found == null) {
            missing.add(name);
            return OptionalDouble.empty();
        }
        return page.sum(found);
    }

    private static BucketCounts histogram(PrometheusText page, String name, List<String> missing) {
        BucketCounts h = BucketCounts.of(page, name);
        if (!page.has(name + "_bucket")) {
            missing.add(name);
        }
        return h;
    }

    private static OptionalDouble gauge(PrometheusText page, String name, List<String> missing, boolean mean) {
        if (!page.has(name)) {
            missing.add(name);
            return OptionalDouble.empty();
        }
        return mean ? page.mean(name) : page.sum(name);
    }
}
