package dev.kiq.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Runs a plan's rates one after another, or sweeps: doubles the offered rate until output throughput
 * stops growing (less than {@value #SATURATION_GAIN}× for twice the rate) or latency explodes, then
 * fills in rates between the last unsaturated rate and the saturated one, and one beyond, so the knee
 * is bracketed by measured points. Completed rates are kept whatever happens after them.
 */
public final class Benchmark {

    /** Doubling the rate below saturation nearly doubles throughput; less than this much gain means saturated. */
    static final double SATURATION_GAIN = 1.15;
    /** p50 NTPOT this many times the lightest rate's means the server is queueing hard. */
    static final double LATENCY_BLOWUP = 4;

    private final LoadGenerator generator;
    private final BenchListener listener;

    public Benchmark(LoadGenerator generator, BenchListener listener) {
        this.generator = generator;
        this.listener = listener;
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
        return plan.sweep() ? sweep(plan, cancelled) : fixed(plan, cancelled);
    }

    private Outcome fixed(BenchPlan plan, BooleanSupplier cancelled) {
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
        }
        return new Outcome(done, Optional.empty(), "");
    }

    private Outcome sweep(BenchPlan plan, BooleanSupplier cancelled) {
        List<RateResult> done = new ArrayList<>();
        double rate = plan.rates().isEmpty() ? 1.0 : plan.rates().get(0);
        RateResult previous = null;
        RateResult saturated = null;
        String reason = "";
        int index = 0;
        while (done.size() < BenchPlan.MAX_SWEEP_RATES - 4) {
            index++;
            listener.rateStarted(rate, index, 0);
            RateResult r = generator.run(rate, plan, plan.seed() + index, cancelled);
            listener.rateFinished(r);
            if (r.interrupted()) {
                return new Outcome(done, Optional.of(r), "interrupted");
            }
            done.add(r);
            if (r.succeeded() == 0) {
                return new Outcome(done, Optional.empty(), "no request succeeded at " + fmt(rate) + " req/s; sweep stopped");
            }
            if (previous != null && isSaturated(done.get(0), previous, r)) {
                saturated = r;
                break;
            }
            previous = r;
            rate *= 2;
        }
        if (saturated == null) {
            return new Outcome(done, Optional.empty(), "saturation not reached within " + done.size() + " rates");
        }
        // bracket the knee: three rates between the last unsaturated one and the saturated one, one beyond
        List<Double> fill = new ArrayList<>();
        double lo = previous.offeredRate();
        double hi = saturated.offeredRate();
        for (int k = 1; k <= 3; k++) {
            fill.add(lo * Math.pow(hi / lo, k / 4.0));
        }
        fill.add(hi * 1.5);
        int planned = done.size() + fill.size();
        for (double extra : fill) {
            index++;
            if (cancelled.getAsBoolean()) {
                return new Outcome(done, Optional.empty(), "interrupted");
            }
            listener.rateStarted(extra, index, planned);
            RateResult r = generator.run(extra, plan, plan.seed() + index, cancelled);
            listener.rateFinished(r);
            if (r.interrupted()) {
                return new Outcome(done, Optional.of(r), "interrupted");
            }
            done.add(r);
        }
        return new Outcome(done, Optional.empty(), reason);
    }

    static boolean isSaturated(RateResult lightest, RateResult previous, RateResult current) {
        double gain = current.outputTokensPerSecond() / Math.max(1e-9, previous.outputTokensPerSecond());
        double rateGain = current.offeredRate() / previous.offeredRate();
        boolean throughputStalled = gain < 1 + (SATURATION_GAIN - 1) * (rateGain - 1);
        boolean latencyExploded = current.ntpot().p50() > LATENCY_BLOWUP * lightest.ntpot().p50();
        boolean failing = current.failed() > current.sent() / 2;
        return throughputStalled || latencyExploded || failing;
    }

    static String fmt(double rate) {
        return rate == Math.rint(rate) ? String.valueOf((long) rate) : String.format("%.3g", rate);
    }
}
