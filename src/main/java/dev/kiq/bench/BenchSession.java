package dev.kiq.bench;

import dev.kiq.Version;
import dev.kiq.catalog.Catalog;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One {@code bench run}, start to profile: checks the endpoint, runs the plan's rates (or sweep) while
 * scraping the server's metrics, and turns every completed rate into a {@code measured} profile. An
 * interruption keeps the rates completed so far.
 */
public final class BenchSession {

    /**
     * @param modelServerVersion empty: the version the server reports ({@code /version}), else the catalog's latest
     * @param metricsUrl         empty: do not scrape
     * @param maxConnections     most streams open at once
     */
    public record Request(URI endpoint, String model, OpenAiStreamClient.Api api, BenchPlan plan, Optional<URI> metricsUrl,
                          RequestSource source, String modelServer, Optional<String> modelServerVersion,
                          String acceleratorType, int acceleratorCount, int maxConnections) {
    }

    /**
     * @param profile empty when no rate completed
     * @param notes   what was assumed or could not be checked
     */
    public record Result(Benchmark.Outcome outcome, Optional<Profile> profile, List<String> notes) {
    }

    private BenchSession() {
    }

    public static Result run(Request request, Catalog catalog, BenchListener listener, BooleanSupplier cancelled) {
        int connections = request.plan().maxConcurrency() > 0 ? request.plan().maxConcurrency() : request.maxConnections();
        try (OpenAiStreamClient client = new OpenAiStreamClient(request.endpoint(), request.model(), request.api(),
                connections, request.plan().requestTimeout())) {
            Preflight preflight = Preflight.check(client, request.model());
            List<String> notes = new ArrayList<>(preflight.warnings());
            String version = request.modelServerVersion().or(preflight::serverVersion)
                    .orElseGet(() -> {
                        String latest = catalog.modelServer(request.modelServer()).latest().version();
                        notes.add("the server reports no version; labelled " + request.modelServer() + " " + latest
                                + " (pass --model-server-version)");
                        return latest;
                    });
            MeasuredProfile.Target target = MeasuredProfile.target(catalog, request.model(), request.modelServer(), version,
                    request.acceleratorType(), request.acceleratorCount(), preflight.maxModelLen());
            notes.addAll(target.notes());
            Optional<MetricsScraper> scraper = request.metricsUrl()
                    .map(u -> new MetricsScraper(u, request.plan().scrapeInterval()));
            LoadGenerator generator = new LoadGenerator(client, request.source(), scraper, listener);
            Benchmark.Outcome outcome = new Benchmark(generator, listener).run(request.plan(), cancelled);
            if (!outcome.stopReason().isEmpty() && !outcome.interrupted()) {
                notes.add(outcome.stopReason());
            }
            List<PerformancePoint> points = outcome.completed().stream().map(MeasuredProfile::point).toList();
            Optional<Profile> profile = points.isEmpty() ? Optional.empty()
                    : Optional.of(MeasuredProfile.build(target, points, "kiq-bench", Version.current(),
                            LocalDate.now(ZoneOffset.UTC).toString(), request.source().description()));
            return new Result(outcome, profile, notes);
        }
    }
}
