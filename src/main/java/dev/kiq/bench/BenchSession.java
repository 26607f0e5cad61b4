package dev.kiq.bench;

import dev.kiq.KiqException;
import dev.kiq.Version;
import dev.kiq.Plural;
import dev.kiq.catalog.Catalog;
import dev.kiq.perf.PerformanceModel;
import dev.kiq.perf.RateSweep;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One {@code bench run}, start to profile: checks the endpoint, runs the plan's rates (or sweep) while
 * scraping the server's metrics, and turns every completed rate into a {@code measured} profile, handed out
 * again after each rate so the caller can save it at once: an interruption, a later failure or kill -9 keeps the
 * rates completed so far. A rate where no request succeeded has no latency to report and is left out; when
 * no request of the whole run succeeded, the run fails with the first error.
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

    /**
     * The requests to send: never one the server refuses for its length. Cut as the model cuts the workload for a
     * server of that context, or refused (bad input) before the first request when the mean lengths alone do not fit.
     */
    static RequestSource served(Request request, Preflight preflight, List<String> notes) {
        if (preflight.maxModelLen().isEmpty()) {
            return request.source();
        }
        int context = preflight.maxModelLen().getAsInt();
        RequestSource source;
        try {
            source = request.source().within(context, request.model());
        } catch (KiqException e) {
            throw new KiqException(e.getMessage() + " " + request.endpoint() + " serves " + request.model()
                    + " with max_model_len " + context + " (GET /v1/models).", e);
        }
        if (source != request.source()) {
            notes.add("requests longer than the server's max_model_len of " + context + " tokens were cut to fit ("
                    + source.description() + ")");
        }
        return source;
    }

    public static Result run(Request request, Catalog catalog, BenchListener listener, BooleanSupplier cancelled) {
        return run(request, catalog, listener, cancelled, p -> { });
    }

    /**
     * @param save gets the profile of every rate completed so far each time a rate completes (write it
     *             atomically: a failure there stops the run)
     * @throws KiqException (a failure, exit 1) when requests were sent and not one succeeded
     */
    public static Result run(Request request, Catalog catalog, BenchListener listener, BooleanSupplier cancelled,
                             Consumer<Profile> save) {
        int connections = request.plan().maxConcurrency() > 0 ? request.plan().maxConcurrency() : request.maxConnections();
        try (OpenAiStreamClient client = new OpenAiStreamClient(request.endpoint(), request.model(), request.api(),
                connections, request.plan().requestTimeout())) {
            Preflight preflight = Preflight.check(client, request.model());
            List<String> notes = new ArrayList<>(preflight.warnings());
            RequestSource source = served(request, preflight, notes);
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
            // the count kiq simulate and calibrate --from's replay run at every rate of this server: a rate measured with
            // fewer requests has more of the server's ramp-up in its window than the model's (throughput reads low)
            int modelRequests = PerformanceModel.requestsPerRate(RateSweep.DEFAULT_REQUESTS_PER_RATE,
                    target.serverConfig().maxNumSeqs());
            BenchPlan plan = request.plan().withModelRequests(modelRequests);
            Optional<MetricsScraper> scraper = request.metricsUrl()
                    .map(u -> new MetricsScraper(u, request.plan().scrapeInterval()));
            AtomicInteger succeeded = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            AtomicReference<RequestRecord> firstFailure = new AtomicReference<>();
            LoadGenerator generator = new LoadGenerator(client, source, scraper, listener, r -> {
                if (r.succeeded()) {
                    succeeded.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, r);
                }
            });
            listener.warmUpStarted(OpenAiStreamClient.WARM_UP_REQUESTS);
            client.warmUp(OpenAiStreamClient.WARM_UP_REQUESTS);
            String date = LocalDate.now(ZoneOffset.UTC).toString();
            List<PerformancePoint> points = new ArrayList<>();
            Benchmark.Outcome outcome = new Benchmark(generator, listener, modelRequests, target.serverConfig().maxNumSeqs()).run(plan, cancelled, r -> {
                if (r.succeeded() > 0) {
                    points.add(MeasuredProfile.point(r));
                    save.accept(MeasuredProfile.build(target, points, "kiq-bench", Version.current(), date,
                            source.description(), source.shape()));
                }
            });
            if (succeeded.get() == 0 && firstFailure.get() != null) {
                RequestRecord first = firstFailure.get();
                String error = first.faultDetail().isBlank() ? first.fault().map(Fault::description).orElse("failed")
                        : first.faultDetail();
                throw KiqException.failed("Every request to " + request.endpoint() + " failed (" + failed.get() + " sent): "
                        + error + ". No profile was written.");
            }
            if (!outcome.stopReason().isEmpty() && !outcome.interrupted()) {
                notes.add(outcome.stopReason());
            }
            long fewer = outcome.completed().stream().filter(r -> r.sent() < modelRequests).count();
            if (fewer > 0) {
                notes.add(Plural.of(fewer, "rate") + " sent fewer requests than the " + modelRequests
                        + " the performance model runs at each rate of this server (" + PerformanceModel.REQUESTS_PER_BATCH_SLOT
                        + " per batch slot of max_num_seqs " + target.serverConfig().maxNumSeqs() + ", at least "
                        + RateSweep.DEFAULT_REQUESTS_PER_RATE + "): the server's ramp-up fills more of such a rate's window, so its"
                        + " throughput reads low against kiq simulate and kiq calibrate --from. Leave out --duration and --requests"
                        + " to send the model's count.");
            }
            outcome.completed().stream().filter(r -> r.succeeded() == 0).forEach(r -> notes.add("no request succeeded at "
                    + Benchmark.fmt(r.offeredRate()) + " req/s; that rate is not in the profile"));
            Optional<Profile> profile = points.isEmpty() ? Optional.empty()
                    : Optional.of(MeasuredProfile.build(target, points, "kiq-bench", Version.current(), date,
                            source.description(), source.shape()));
            return new Result(outcome, profile, notes);
        }
    }
}
