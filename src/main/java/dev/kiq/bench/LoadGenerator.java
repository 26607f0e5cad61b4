package dev.kiq.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one offered rate: Poisson arrivals (exponential gaps) on a dedicated sender thread that parks
 * until each arrival, the requests streamed by {@link OpenAiStreamClient}, the server's metrics scraped
 * meanwhile. Open loop, as real traffic: a slow server does not slow the arrivals, unless
 * {@code maxConcurrency} caps the requests in flight (then arrivals wait for a free slot, as in vLLM's
 * {@code benchmark_serving}).
 */
public final class LoadGenerator {

    private final OpenAiStreamClient client;
    private final RequestSource source;
    private final Optional<MetricsScraper> scraper;
    private final BenchListener listener;
    private final java.util.function.Consumer<RequestRecord> tap;

    public LoadGenerator(OpenAiStreamClient client, RequestSource source, Optional<MetricsScraper> scraper,
                         BenchListener listener) {
        this(client, source, scraper, listener, r -> { });
    }

    /** @param tap sees every request record as it completes (on the client's event loop) */
    public LoadGenerator(OpenAiStreamClient client, RequestSource source, Optional<MetricsScraper> scraper,
                         BenchListener listener, java.util.function.Consumer<RequestRecord> tap) {
        this.client = client;
        this.source = source;
        this.scraper = scraper;
        this.listener = listener;
        this.tap = tap;
    }

    /**
     * Runs {@code rate} (requests/s in target time) until the plan's duration or request count is sent and
     * every request has finished, or until {@code cancelled} turns true.
     */
    public RateResult run(double rate, BenchPlan plan, long seed, BooleanSupplier cancelled) {
        return drive(rate, plan, plan.requests().orElse(Integer.MAX_VALUE), seed, cancelled, plan.maxConcurrency()).result();
    }

    /**
     * Closed loop, as {@code kiq simulate --concurrency} models it: {@code clients} requests in flight, each
     * finished one replaced by the next at once, until the plan's request count is sent and done. The
     * result's rate is the one the clients achieved (completed requests per second), as the model reports.
     */
    public RateResult closedLoop(int clients, BenchPlan plan, long seed, BooleanSupplier cancelled) {
        RateResult r = drive(Double.POSITIVE_INFINITY, plan, plan.requests().orElse(Integer.MAX_VALUE), seed, cancelled,
                clients).result();
        return r.atRate(r.completedRate());
    }

    /** A probe's measurement: the burst's capacity estimate and its full rate result. */
    public record Probe(java.util.OptionalDouble capacityQps, RateResult result) {
    }

    /**
     * Sends {@code requests} requests, {@code maxInFlight} at a time (0: all at once), and measures the server's
     * capacity the way the performance model does: throughput with the batch kept full, over the mean output length.
     */
    public Probe probe(int requests, BenchPlan plan, long seed, BooleanSupplier cancelled, int maxInFlight) {
        Driven d = drive(Double.POSITIVE_INFINITY, plan, requests, seed, cancelled, maxInFlight);
        return new Probe(d.recorder().burstCapacity(), d.result());
    }

    private record Driven(RateRecorder recorder, RateResult result) {
    }

    /** @param maxInFlight most requests open at once; 0 = unlimited */
    private Driven drive(double rate, BenchPlan plan, int maxRequests, long seed, BooleanSupplier cancelled,
                         int maxInFlight) {
        boolean burst = Double.isInfinite(rate);
        double scale = plan.timeScale();
        double wallRate = rate * scale;
        double wallSeconds = burst ? Double.POSITIVE_INFINITY
                : plan.duration().map(d -> d.toNanos() / 1e9 / scale).orElse(Double.POSITIVE_INFINITY);
        RateRecorder recorder = new RateRecorder(plan.targets(), scale);
        SplittableRandom random = new SplittableRandom(seed);
        Semaphore slots = maxInFlight > 0 ? new Semaphore(maxInFlight) : null;
        AtomicInteger inFlight = new AtomicInteger();
        List<Runnable> unanswered = new ArrayList<>();
        Optional<MetricsScraper.Session> scrape = scraper.map(MetricsScraper::start);
        boolean interrupted = false;

        source.restart();
        long start = System.nanoTime();
        long lastProgress = start;
        double at = 0;
        int sent = 0;
        while (true) {
            java.util.OptionalDouble fixed = burst ? java.util.OptionalDouble.empty() : source.arrivalSeconds(sent, rate);
            at = burst ? 0 : fixed.isPresent() ? fixed.getAsDouble() / scale : at - Math.log(1 - random.nextDouble()) / wallRate;
            if (at > wallSeconds || sent >= maxRequests) {
                break;
            }
            long due = start + (long) (at * 1e9);
            while (true) {
                long now = System.nanoTime();
                if (cancelled.getAsBoolean()) {
                    interrupted = true;
                    break;
                }
                if (now - lastProgress > 500_000_000L) {
                    lastProgress = now;
                    progress(rate, plan, recorder, inFlight.get(), start, now, wallSeconds, maxRequests, scale);
                }
                long wait = due - now;
                if (wait <= 0) {
                    break;
                }
                LockSupport.parkNanos(Math.min(wait, 100_000_000L));
            }
            if (interrupted) {
                break;
            }
            if (slots != null) {
                try {
                    while (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        if (cancelled.getAsBoolean()) {
                            interrupted = true;
                            break;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    interrupted = true;
                }
                if (interrupted) {
                    break;
                }
            }
            BenchRequest request = source.next(random);
            int open = inFlight.incrementAndGet();
            long sendAt = System.nanoTime();
            recorder.sent(sendAt, sendAt - due, open);
            AtomicBoolean answered = new AtomicBoolean();
            Runnable abandon = () -> {
                if (answered.compareAndSet(false, true)) {
                    finish(recorder, inFlight, slots, new RequestRecord(sendAt, 0, System.nanoTime(), request.promptTokens(), 0,
                            new long[0], Optional.of(Fault.TIMEOUT), "no answer from the client within the request timeout", ""));
                }
            };
            unanswered.add(abandon);
            client.send(request, record -> {
                if (answered.compareAndSet(false, true)) {
                    tap.accept(record);
                    finish(recorder, inFlight, slots, record);
                }
            });
            sent++;
        }
        // drain: every request sent finishes (or times out in the client); should the client never call
        // back, the requests still open after a request timeout without any progress count as timeouts
        long stallLimit = plan.requestTimeout().toNanos() + 5_000_000_000L;
        long lastChange = System.nanoTime();
        int lastOpen = inFlight.get();
        while (!interrupted && inFlight.get() > 0) {
            if (cancelled.getAsBoolean()) {
                interrupted = true;
                break;
            }
            long now = System.nanoTime();
            int open = inFlight.get();
            if (open != lastOpen) {
                lastOpen = open;
                lastChange = now;
            } else if (now - lastChange > stallLimit) {
                unanswered.forEach(Runnable::run);
                break;
            }
            if (now - lastProgress > 500_000_000L) {
                lastProgress = now;
                progress(rate, plan, recorder, inFlight.get(), start, now, wallSeconds, maxRequests, scale);
            }
            LockSupport.parkNanos(20_000_000L);
        }
        ServerMetrics server = scrape.map(MetricsScraper.Session::stop).orElse(ServerMetrics.none());
        return new Driven(recorder, recorder.result(rate, server, interrupted));
    }

    private static void finish(RateRecorder recorder, AtomicInteger inFlight, Semaphore slots, RequestRecord record) {
        recorder.add(record);
        inFlight.decrementAndGet();
        if (slots != null) {
            slots.release();
        }
    }

    private void progress(double rate, BenchPlan plan, RateRecorder recorder, int inFlight, long start, long now,
                          double wallSeconds, int maxRequests, double scale) {
        double[] live = recorder.live(now);
        listener.progress(new BenchListener.Progress(rate, (now - start) / 1e9 * scale,
                Double.isInfinite(wallSeconds) ? 0 : wallSeconds * scale, recorder.sent(),
                maxRequests == Integer.MAX_VALUE ? 0 : maxRequests, recorder.finished(), recorder.failed(), inFlight,
                live[0], live[1], live[2]));
    }
}
