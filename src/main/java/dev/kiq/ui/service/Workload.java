package dev.kiq.ui.service;

import dev.kiq.catalog.PricingModel;
import dev.kiq.perf.UseCase;
import dev.kiq.perf.UseCases;
import dev.kiq.perf.WorkloadChoice;
import dev.kiq.recommend.Targets;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What the user told the wizard about the traffic and what it must meet (SPEC §8 step 3).
 *
 * @param useCase          a use-case id of {@code kiq use-cases list}, e.g. {@code summarization}
 * @param inputTokens      mean prompt length, tokens (the use case's own mean unless the user changed it)
 * @param outputTokens     mean output length, tokens
 * @param latencySensitive latency-sensitive (HPA on batch size) rather than throughput-sensitive (HPA on queue size)
 * @param targetNtpotMs    p50 NTPOT target, ms
 * @param targetTtftMs     p50 TTFT target, ms
 * @param targetItlMs      p50 ITL target, ms
 * @param expectedQps      the request rate the deployment must serve, for the initial replica count
 */
public record Workload(
        String useCase,
        int inputTokens,
        int outputTokens,
        boolean latencySensitive,
        Optional<Double> targetNtpotMs,
        Optional<Double> targetTtftMs,
        Optional<Double> targetItlMs,
        PricingModel pricingModel,
        Optional<Double> expectedQps) {

    /** The default use case (chatbot, ShareGPT) at its mean lengths, no targets, on-demand prices. */
    public static Workload defaults() {
        UseCase chat = UseCases.bundled().defaultUseCase();
        return new Workload(chat.id(), chat.input().mean(), chat.output().mean(), false, Optional.empty(),
                Optional.empty(), Optional.empty(), PricingModel.ON_DEMAND, Optional.empty());
    }

    /**
     * The lengths as the core resolves them: the use case itself when both lengths are its own means
     * (so the default use case is answered by the shipped profiles at once), else its shape moved to them.
     *
     * @throws dev.kiq.KiqException for an unknown use case or a length below 1
     */
    public WorkloadChoice choice() {
        UseCase u = UseCases.bundled().find(useCase);
        boolean own = inputTokens == u.input().mean() && outputTokens == u.output().mean();
        return WorkloadChoice.of(UseCases.bundled(), Optional.of(useCase),
                own ? OptionalInt.empty() : OptionalInt.of(inputTokens),
                own ? OptionalInt.empty() : OptionalInt.of(outputTokens));
    }

    /** The same targets, sensitivity and prices for other lengths. */
    public Workload withLengths(String newUseCase, int newInput, int newOutput) {
        return new Workload(newUseCase, newInput, newOutput, latencySensitive, targetNtpotMs, targetTtftMs,
                targetItlMs, pricingModel, expectedQps);
    }

    public Optional<Double> target(LatencyMetric metric) {
        return switch (metric) {
            case NTPOT -> targetNtpotMs;
            case TTFT -> targetTtftMs;
            case ITL -> targetItlMs;
        };
    }

    public Workload withTarget(LatencyMetric metric, Optional<Double> value) {
        return new Workload(useCase, inputTokens, outputTokens, latencySensitive,
                metric == LatencyMetric.NTPOT ? value : targetNtpotMs,
                metric == LatencyMetric.TTFT ? value : targetTtftMs,
                metric == LatencyMetric.ITL ? value : targetItlMs,
                pricingModel, expectedQps);
    }

    /** The latency targets as the core's recommender takes them. */
    public Targets targets() {
        return Targets.none().withNtpot(optional(targetNtpotMs)).withTtft(optional(targetTtftMs))
                .withItl(optional(targetItlMs));
    }

    public OptionalDouble expectedQpsValue() {
        return optional(expectedQps);
    }

    private static OptionalDouble optional(Optional<Double> v) {
        return v.map(OptionalDouble::of).orElse(OptionalDouble.empty());
    }

    public boolean hasTarget() {
        return targetNtpotMs.isPresent() || targetTtftMs.isPresent() || targetItlMs.isPresent();
    }
}
