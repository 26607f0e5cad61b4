package dev.kiq.ui.service;

import dev.kiq.catalog.PricingModel;
import dev.kiq.recommend.Targets;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the user told the wizard about the traffic and what it must meet (SPEC §8 step 3).
 *
 * @param useCase          e.g. {@code chatbot (ShareGPT)}
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

    public static final String CHATBOT = "chatbot (ShareGPT)";

    /** ShareGPT medians of SPEC §3, no targets, on-demand prices. */
    public static Workload defaults() {
        return new Workload(CHATBOT, 108, 132, false, Optional.empty(), Optional.empty(), Optional.empty(),
                PricingModel.ON_DEMAND, Optional.empty());
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
