package dev.kiq.monitor;

import dev.kiq.bench.MetricsScraper;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** One server's {@code /metrics}, e.g. {@code kiq emulator} or a port-forward the user opened. */
public final class EndpointSource implements MetricsSource {

    private final MetricsScraper scraper;
    private final String name;

    public EndpointSource(URI metricsUrl) {
        this.scraper = new MetricsScraper(metricsUrl, Duration.ofSeconds(5));
        this.name = metricsUrl.getHost() + ":" + metricsUrl.getPort();
    }

    @Override
    public List<PodPage> scrape() {
        long sent = System.nanoTime();
        MetricsScraper.Fetch f = scraper.fetch();
        // the page describes some moment between sending the request and receiving it: take the middle
        long at = sent + (System.nanoTime() - sent) / 2;
        return List.of(f.page().map(p -> PodPage.of(name, at, p)).orElseGet(() -> PodPage.failed(name, at, f.failure())));
    }
}
