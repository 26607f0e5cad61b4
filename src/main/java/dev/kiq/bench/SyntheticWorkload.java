package dev.kiq.bench;

import dev.kiq.perf.PerformanceModel;
import dev.kiq.perf.RateSweep;
import dev.kiq.perf.RequestTrace;
import dev.kiq.perf.Workload;
import dev.kiq.perf.WorkloadChoice;
import dev.kiq.profile.WorkloadShape;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * Requests of a workload (by default ShareGPT-shaped, SPEC §3's length table; any use case or lengths
 * through {@link #of}) with synthetic prompts of exactly that many
 * estimated tokens. Each rate replays the very trace {@code kiq simulate} models (the same
 * {@value RateSweep#DEFAULT_REQUESTS_PER_RATE} requests, lengths and Poisson arrival pattern from the
 * same seed, rescaled to the rate), so a measured profile and a modeled one describe the same traffic;
 * past the trace's end, lengths are drawn from the distribution and gaps are exponential.
 */
public final class SyntheticWorkload implements RequestSource {

    private final Workload workload;
    private final RequestTrace trace;
    private final Optional<WorkloadShape> shape;
    /** The choice the workload was made from; empty for one given as it is. */
    private final Optional<WorkloadChoice> choice;
    private int index;

    public SyntheticWorkload(Workload workload, RequestTrace trace) {
        this(workload, trace, Optional.empty(), Optional.empty());
    }

    private SyntheticWorkload(Workload workload, RequestTrace trace, Optional<WorkloadShape> shape,
                              Optional<WorkloadChoice> choice) {
        this.workload = workload;
        this.trace = trace;
        this.shape = shape;
        this.choice = choice;
    }

    public static SyntheticWorkload shareGpt() {
        return of(WorkloadChoice.defaultChoice());
    }

    /**
     * The workload {@code kiq simulate --use-case/--target-input-length/--target-output-length} models for
     * the same choice: the same distributions, and the same trace from the same seed.
     */
    public static SyntheticWorkload of(WorkloadChoice choice) {
        return of(choice, choice.workload());
    }

    private static SyntheticWorkload of(WorkloadChoice choice, Workload w) {
        return new SyntheticWorkload(w, RequestTrace.generate(w, RateSweep.DEFAULT_REQUESTS_PER_RATE,
                PerformanceModel.DEFAULT_SEED), choice.isDefault() ? Optional.empty() : Optional.of(choice.shape()),
                Optional.of(choice));
    }

    /**
     * The workload {@code kiq simulate} models for the same choice on a server of {@code maxModelLen}: the
     * distributions cut to the context ({@link WorkloadChoice#servedWithin}) and the trace drawn from them with
     * the same seed.
     */
    @Override
    public RequestSource within(int maxModelLen, String model) {
        if (choice.isEmpty()) {
            return workload.longestRequest() <= maxModelLen ? this : new RequestSource() {
                @Override
                public BenchRequest next(SplittableRandom random) {
                    return SyntheticWorkload.this.next(random).within(maxModelLen);
                }

                @Override
                public String description() {
                    return SyntheticWorkload.this.description() + ", cut to a " + maxModelLen + "-token context";
                }
            };
        }
        Workload served = choice.get().servedWithin(maxModelLen, model);
        return served == workload ? this : of(choice.get(), served);
    }

    @Override
    public Optional<WorkloadShape> shape() {
        return shape;
    }

    /** Requests in the trace each rate replays. */
    public int traceSize() {
        return trace.size();
    }

    @Override
    public void restart() {
        index = 0;
    }

    @Override
    public BenchRequest next(SplittableRandom random) {
        int i = index++;
        int in;
        int out;
        if (i < trace.size()) {
            in = trace.inputTokens(i);
            out = trace.outputTokens(i);
        } else {
            Workload.RequestShape shape = workload.sample(random);
            in = shape.inputTokens();
            out = shape.outputTokens();
        }
        return new BenchRequest(TokenEstimate.syntheticText(in, random.nextLong()), in, out);
    }

    @Override
    public OptionalDouble arrivalSeconds(int i, double rate) {
        return i < trace.size() ? OptionalDouble.of(trace.arrivalSeconds(i, rate)) : OptionalDouble.empty();
    }

    @Override
    public String description() {
        return workload.name();
    }
}
