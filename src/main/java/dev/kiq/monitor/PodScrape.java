package dev.kiq.monitor;

import dev.kiq.bench.PrometheusText;
import dev.kiq.catalog.MetricNames;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;

/**
 * What one scrape of one pod's {@code /metrics} says, under the metric names of the deployed server
 * version: the token counters, the latency histograms and the queue, batch and KV-cache gauges.
 *
 * @param atNanos  when it was taken ({@link System#nanoTime()})
 * @param missing  names of the version's metrics the page lacks under every name tried (e.g. a server older or
 *                 newer than the catalog says)
 * @param lacking  the figures those names stand for, in words ("TPOT", "KV-cache usage"), in the same order
 * @param renamed  figures read under another version's name than the watched version's, in words
 *                 ("KV-cache usage from vllm:kv_cache_usage_perc"): the server runs another version
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
        List<String> missing,
        List<String> lacking,
        List<String> renamed) {

    public PodScrape {
        missing = List.copyOf(missing);
        lacking = List.copyOf(lacking);
        renamed = List.copyOf(renamed);
    }

    public static PodScrape of(String pod, long atNanos, PrometheusText page, MetricNames names) {
        return of(pod, atNanos, page, names, List.of());
    }

    /**
     * @param others the names of the server's other versions, tried in order for a figure the page lacks under
     *               {@code names} (a release whose image runs another version than its profile says)
     */
    public static PodScrape of(String pod, long atNanos, PrometheusText page, MetricNames names, List<MetricNames> others) {
        Names n = new Names(page, names, others);
        OptionalDouble generation = n.counter(MetricNames::generationTokens, "output tokens");
        OptionalDouble prompt = n.counter(MetricNames::promptTokens, "input tokens");
        BucketCounts ttft = n.histogram(MetricNames::ttftSeconds, "TTFT");
        BucketCounts tpot = n.histogram(MetricNames::itlSeconds, "TPOT");
        BucketCounts e2e = n.histogram(MetricNames::e2eSeconds, "e2e latency");
        OptionalDouble waiting = n.gauge(MetricNames::queueSize, "queue", false);
        OptionalDouble running = n.gauge(MetricNames::batchSize, "batch", false);
        OptionalDouble kv = n.gauge(MetricNames::kvCacheUsage, "KV-cache usage", true);
        return new PodScrape(pod, atNanos, generation, prompt, ttft, tpot, e2e, new Gauges(waiting, running, kv), n.missing,
                n.lacking, n.renamed);
    }

    /** Finds each figure under the watched version's name, else under the first other version's name the page has. */
    private static final class Names {
        private final PrometheusText page;
        private final MetricNames names;
        private final List<MetricNames> others;
        final List<String> missing = new ArrayList<>();
        final List<String> lacking = new ArrayList<>();
        final List<String> renamed = new ArrayList<>();

        Names(PrometheusText page, MetricNames names, List<MetricNames> others) {
            this.page = page;
            this.names = names;
            this.others = others;
        }

        private String find(Function<MetricNames, String> role, String what, Function<String, String> exposed) {
            Set<String> candidates = new LinkedHashSet<>();
            candidates.add(role.apply(names));
            others.forEach(o -> candidates.add(role.apply(o)));
            for (String name : candidates) {
                String found = exposed.apply(name);
                if (found != null) {
                    if (!name.equals(role.apply(names))) {
                        renamed.add(what + " from " + name);
                    }
                    return found;
                }
            }
            missing.add(role.apply(names));
            lacking.add(what);
            return null;
        }

        OptionalDouble counter(Function<MetricNames, String> role, String what) {
            // the catalog names counters as exposed (with _total); some exporters and older names lack the suffix
            String found = find(role, what, name -> {
                String bare = name.endsWith("_total") ? name.substring(0, name.length() - 6) : name;
                return page.has(name) ? name : page.has(bare + "_total") ? bare + "_total" : page.has(bare) ? bare : null;
            });
            return found == null ? OptionalDouble.empty() : page.sum(found);
        }

        BucketCounts histogram(Function<MetricNames, String> role, String what) {
            String found = find(role, what, name -> page.has(name + "_bucket") ? name : null);
            return found == null ? BucketCounts.EMPTY : BucketCounts.of(page, found);
        }

        OptionalDouble gauge(Function<MetricNames, String> role, String what, boolean mean) {
            String found = find(role, what, name -> page.has(name) ? name : null);
            return found == null ? OptionalDouble.empty() : mean ? page.mean(found) : page.sum(found);
        }
    }
}
