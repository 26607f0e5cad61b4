package dev.kiq.bench;

import dev.kiq.perf.Workload;
import java.util.SplittableRandom;

/**
 * ShareGPT-shaped requests drawn from the performance model's workload (SPEC §3's length table),
 * with synthetic prompts of exactly that many estimated tokens, so a measured profile and a modeled
 * one describe the same traffic.
 */
public final class SyntheticWorkload implements RequestSource {

    private final Workload workload;

    public SyntheticWorkload(Workload workload) {
        this.workload = workload;
    }

    public static SyntheticWorkload shareGpt() {
        return new SyntheticWorkload(Workload.shareGpt());
    }

    @Override
    public BenchRequest next(SplittableRandom random) {
        Workload.RequestShape shape = workload.sample(random);
        return new BenchRequest(TokenEstimate.syntheticText(shape.inputTokens(), random.nextLong()), shape.inputTokens(),
                shape.outputTokens());
    }

    @Override
    public String description() {
        return workload.name();
    }
}
