package dev.kiq.bench;

import dev.kiq.perf.RateSweep;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs a plan's rates one after another, or sweeps to saturation by itself the way the performance
 * model does, so a measured curve and a modeled one are comparable point by point: a probe first sends the
 * model's count of requests with the server's queue kept full and measures the server's capacity (output tokens/s
 * with the batch kept full, over the mean output length), then the rates are the model's fractions of that capacity
 * ({@link RateSweep#LOAD_FRACTIONS}: light load, dense around saturation, then past it). Completed rates
 * are kept whatever happens after them.
 */
public final class Benchmark {

    private final LoadGenerator generator;
    private final BenchListener listener;
    private final int probeRequests;
    private final int probeInFlight;

    /**
     * @param modelRequests the requests the performance model runs at each rate of this server, its capacity probe
     *                      included ({@link dev.kiq.perf.PerformanceModel#requestsPerRate}): the probe sends at least
     *                      as many, so that the queue keeps the batch full as long as the model's burst does
     * @param maxNumSeqs    the server's batch size: the probe keeps twice as many requests in flight, a full batch
     *                      running and a full batch waiting (see {@link #sweep})
     */
    public Benchmark(LoadGenerator generator, BenchListener listener, int modelRequests, int maxNumSeqs) {
        this.generator = generator;
        this.listener = listener;
        this.probeRequests = modelRequests;
        this.probeInFlight = 2 * maxNumSeqs;
    }

    /**
     * @param completed  rates that ran to the end, by offered rate
     * @param cut        the rate the user interrupted, if any (not part of a profile)
     * @param stopReason why a sweep or run ended early, empty when it ran as planned
     */
    public record Outcome(List<RateResult> completed, Optional<RateResult> cut, String stopReason) {
        public Outcome {
            completed = completed.stream().sorted(Comparator.comparingDouble(RateResult::offeredRate)).toList();
        }

        public boolean interrupted() {
            return cut.isPresent();
        }
    }

    public Outcome run(BenchPlan plan, BooleanSupplier cancelled) {
        return run(plan, cancelled, r -> { });
    }

    /** @param completed hears each rate as soon as it completes (not the probe, not an interrupted rate) */
    public Outcome run(BenchPlan plan, BooleanSupplier cancelled, Consumer<RateResult> completed) {
        return plan.sweep() ? sweep(plan, cancelled, completed) : fixed(plan, cancelled, completed);
    }

    private Outcome fixed(BenchPlan plan, BooleanSupplier cancelled, Consumer<RateResult> completed) {
        List<RateResult> done = new ArrayList<>();
        int i = 0;
        for (double rate : plan.rates()) {
            i++;
            if (cancelled.getAsBoolean()) {
                return new Outcome(done, Optional.empty(), "interrupted");
            }
            listener.rateStarted(rate, i, plan.rates().size());
            RateResult r = generator.run(rate, plan, plan.seed() + i, cancelled);
            listener.rateFinished(r);
            if (r.interrupted()) {
                return new Outcome(done, Optional.of(r), "interrupted");
            }
            done.add(r);
            completed.accept(r);
        }
        int level = 0;
        for (int clients : plan.concurrencies()) {
            level++;
            if (cancelled.getAsBoolean()) {
                return new Outcome(done, Optional.empty(), "interrupted");
            }
            listener.concurrencyStarted(clients, level, plan.concurrencies().size());
            RateResult r = generator.closedLoop(clients, plan, plan.seed() + i + level, cancelled);
            listener.rateFinished(r);
            if (r.interrupted()) {
                return new Outcome(done, Optional.of(r), "interrupted");
            }
            done.add(r);
            completed.accept(r);
        }
        return new Outcome(done, Optional.empty(), "");
    }

    private Outcome sweep(BenchPlan plan, BooleanSupplier cancelled, Consumer<RateResult> completed) {
        // The model's burst hands the server every request at once; over HTTP that is a connection each (Vert.x scans
        // its pool for every request) for requests the server only queues. It runs max_num_seqs of them, in the order
        // they came: with as many again waiting, the batch stays as full, in the same order, as under the burst. Against
        // kiq emulator (DeepSeek-R1-Distill-Qwen-7B, 1x H100, v0.7.2, 20% slower factors; the model's capacity 31.2
        // req/s) the probe read 29.1 req/s at --time-scale 2 with 2000 sent at once, and 29.6 cold / 31.0 warm with 512 in
        // flight (load 3); what it reads at higher time scales falls with the host's load (at 5: 26.8-29.5, at 20:
        // 11-20 req/s), whichever way it sends: an emulator behind its clock is a slower replica.
        int probeRequests = Math.max(this.probeRequests, plan.requests().orElse(0));
        int inFlight = plan.maxConcurrency() > 0 ? plan.maxConcurrency() : probeInFlight;
        listener.probeStarted(probeRequests);
        LoadGenerator.Probe probe = generator.probe(probeRequests, plan, plan.seed(), cancelled, inFlight);
        listener.rateFinished(probe.result());
        if (probe.result().interrupted()) {
            return new Outcome(List.of(), Optional.empty(), "interrupted");
        }
        if (probe.capacityQps().isEmpty()) {
            return new Outcome(List.of(), Optional.empty(), "the capacity probe (" + probeRequests
                    + " requests) got no successful request; sweep stopped");
        }
        double capacity = probe.capacityQps().getAsDouble();
        listener.capacityFound(capacity);
        List<RateResult> done = new ArrayList<>();
        double[] fractions = RateSweep.LOAD_FRACTIONS;
        for (int i = 0; i < fractions.length; i++) {
            double rate = round3(capacity * fractions[i]);
            if (cancelled.getAsBoolean()) {
                return new Outcome(done, Optional.empty(), "interrupted");
            }
            listener.rateStarted(rate, i + 1, fractions.length);
            RateResult r = generator.run(rate, plan, plan.seed() + i + 1, cancelled);
            listener.rateFinished(r);
            if (r.interrupted()) {
                return new Outcome(done, Optional.of(r), "interrupted");
            }
            done.add(r);
            completed.accept(r);
            if (r.succeeded() == 0) {
                return new Outcome(done, Optional.empty(), "no request succeeded at " + fmt(rate) + " req/s; sweep stopped");
            }
        }
        return new Outcome(done, Optional.empty(), "");
    }

    static double round3(double v) {
        return new BigDecimal(v).round(new MathContext(3)).doubleValue();
    }

    static String fmt(double rate) {
        return rate == Math.rint(rate) ? String.valueOf((long) rate) : String.format("%.3g", rate);
    }
}
