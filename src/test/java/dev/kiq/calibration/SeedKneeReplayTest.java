package dev.kiq.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kiq.catalog.Catalog;
import dev.kiq.corpus.PublishedCorpus;
import dev.kiq.perf.FactorTable;
import dev.kiq.perf.RateSweep;
import dev.kiq.profile.KneeDetector;
import dev.kiq.profile.PerformancePoint;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SPEC §3's two published knees (DeepSeek-R1-Distill-Qwen-7B on vLLM 0.7.2: 3357 tok/s at NTPOT 72 ms on one A100 40 GB,
 * 6934 at 30 ms on one H100), replayed as GKE measured them ({@link RateSweep#run(dev.kiq.perf.ServingSetup, dev.kiq.perf.IterationCost, dev.kiq.perf.RequestTrace, dev.kiq.perf.Workload, long)}: rate × 300 s requests a
 * rate, whole runs, the median of each request's NTPOT) with the shipped factors, and picked by {@link KneeDetector}:
 * within ±5% (issue 10), the margin the fit holds them to (±4%).
 */
class SeedKneeReplayTest {

    private static final List<CalibrationCase> CASES = CorpusCalibration.of(PublishedCorpus.bundled(), Catalog.bundled())
            .cases().stream().filter(c -> c.source().equals("gke-inference-quickstart") && c.isKnee()).toList();

    @ParameterizedTest(name = "{0}: {1} tok/s at {2} ms")
    @CsvSource({
            "nvidia-tesla-a100, 3357, 72",
            "nvidia-h100-80gb, 6934, 30"})
    void theShippedFactorsHoldTheSeedKneeReplayedAsGkeMeasuredIt(String accelerator, double tokensPerSecond, double ntpotMs) {
        CalibrationCase seed = CASES.stream().filter(c -> c.setup().accelerator().id().equals(accelerator)).findFirst()
                .orElseThrow();
        var factors = FactorTable.shipped().factors(seed.family());
        RateSweep.Result sweep = RateSweep.run(seed.setup(), seed.setup().iterationCost(factors), seed.trace(),
                seed.workload(), CaseBuilder.SEED);
        PerformancePoint knee = sweep.knee().orElseThrow();
        // each point is one offered rate, measured over rate x 300 s requests: the knee lies past capacity (a queue)
        assertThat(knee.queriesPerSecond()).isGreaterThan(sweep.capacityQps() * 0.9);
        assertThat(seed.predict(factors)).containsExactly(knee.outputTokensPerSecond(), knee.ntpotMilliseconds());
        assertThat(knee.outputTokensPerSecond()).isCloseTo(tokensPerSecond, within(0.05 * tokensPerSecond));
        assertThat(knee.ntpotMilliseconds()).isCloseTo(ntpotMs, within(0.05 * ntpotMs));
    }
}
