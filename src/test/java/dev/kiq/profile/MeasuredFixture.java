package dev.kiq.profile;

import java.util.List;
import java.util.Optional;

/**
 * A measured profile of a shipped combination, as {@code kiq bench run} writes one: the shipped DeepSeek-R1-Distill-
 * Qwen-7B on 1x H100 (vLLM v0.19.1) curve at 0.7x its throughput (latencies unchanged), for a chat workload measured
 * at mean 230 input / 190 output tokens (within 20% of the chatbot's 226/195, as a real benchmark's lengths are). It is
 * the dearer of the two, so a place that ranks both by cost instead of preferring the measurement shows the modeled one.
 */
public final class MeasuredFixture {

    public static final String MODEL = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";
    public static final String H100 = "nvidia-h100-80gb";
    public static final String VERSION = "v0.19.1";
    public static final double THROUGHPUT_FACTOR = 0.7;

    private MeasuredFixture() {
    }

    /** The shipped modeled profile the measurement replaces. */
    public static Profile shippedModeled() {
        return ProfileRepository.shipped().profiles().stream()
                .filter(p -> p.modelServerInfo().model().equals(MODEL) && p.acceleratorType().equals(H100)
                        && p.modelServerInfo().modelServerVersion().equals(VERSION))
                .findFirst().orElseThrow();
    }

    public static Profile measured() {
        Profile modeled = shippedModeled();
        List<PerformancePoint> slower = modeled.performanceStats().stream().map(p -> new PerformancePoint(
                p.queriesPerSecond() * THROUGHPUT_FACTOR, p.outputTokensPerSecond() * THROUGHPUT_FACTOR,
                p.inputTokensPerSecond() * THROUGHPUT_FACTOR, p.ntpotMilliseconds(), p.ttftMilliseconds(), p.itlMilliseconds(),
                p.queueSize(), p.batchSize(), p.kvCacheUsage())).toList();
        Provenance bench = new Provenance(Provenance.Kind.measured, "kiq-bench", "1", "2026-12-01", "sharegpt, Poisson arrivals")
                .withShape(Optional.of(new WorkloadShape("chatbot", 230, 190)));
        return new Profile(modeled.modelServerInfo(), H100, Optional.empty(), modeled.instanceType(), modeled.resourcesUsed(),
                slower, bench, modeled.serverConfig(), Optional.empty());
    }

    /** {@link #measured()} of its two lightest rates only, as {@code kiq bench import} of two result files makes: no knee. */
    public static Profile twoRates() {
        Profile m = measured();
        return new Profile(m.modelServerInfo(), m.acceleratorType(), m.tpuTopology(), m.instanceType(), m.resourcesUsed(),
                m.performanceStats().subList(0, 2), m.provenance(), m.serverConfig(), Optional.empty());
    }
}
