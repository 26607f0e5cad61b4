package dev.kiq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.bench.emulator.EmulatedReplica;
import dev.kiq.catalog.Catalog;
import dev.kiq.perf.RateSweep;
import dev.kiq.perf.FactorTable;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Closing the loop: {@code bench run --sweep} against the emulator of DeepSeek-R1-Distill-Qwen-7B on one
 * H100 finds the knee the performance model finds for the same combination, within 10% in throughput
 * and NTPOT. The emulator runs {@value #TIME_SCALE}x faster than real time so the sweep takes about two minutes
 * instead of twenty; each rate replays the model's own trace ({@link SyntheticWorkload}).
 *
 * <p>Opt-in ({@code ./mvnw test -Dtest=ClosingTheLoopTest -Dkiq.closedLoop=true}): it measures in real time,
 * so it needs the machine's cores to itself; on a shared, loaded machine the emulator falls behind its clock and
 * the measured curve is slower than the model, which says nothing about kiq.
 */
class ClosingTheLoopTest {

    static final double TIME_SCALE = 12;

    @Test
    @EnabledIfSystemProperty(named = "kiq.closedLoop", matches = "true")
    void sweepAgainstTheEmulatorFindsTheModeledKnee() {
        Catalog catalog = Catalog.bundled();
        EmulatedReplica replica = EmulatorBench.replica(catalog);
        // what `kiq simulate` prints for the same combination
        PerformancePoint modeled = EmulatorBench.modeledKnee(replica, FactorTable.current());

        BenchPlan plan = new BenchPlan(List.of(), true, Optional.of(Duration.ofSeconds(40)),
                OptionalInt.of(RateSweep.DEFAULT_REQUESTS_PER_RATE), 0, GoodputTargets.NONE, TIME_SCALE, 5,
                Duration.ofSeconds(600), Duration.ofSeconds(5));
        Profile measured = EmulatorBench.measure(catalog, replica, replica.setup().newEngine(), plan);
        PerformancePoint knee = measured.knee().orElseThrow();
        System.out.printf("modeled knee %.1f tok/s NTPOT %.2f ms at %.2f req/s; measured knee %.1f tok/s NTPOT %.2f ms at %.2f req/s%n",
                modeled.outputTokensPerSecond(), modeled.ntpotMilliseconds(), modeled.queriesPerSecond(),
                knee.outputTokensPerSecond(), knee.ntpotMilliseconds(), knee.queriesPerSecond());
        assertThat(measured.performanceStats()).hasSize(RateSweep.LOAD_FRACTIONS.length);
        assertThat(knee.outputTokensPerSecond()).isCloseTo(modeled.outputTokensPerSecond(),
                org.assertj.core.api.Assertions.withinPercentage(10));
        assertThat(knee.ntpotMilliseconds()).isCloseTo(modeled.ntpotMilliseconds(),
                org.assertj.core.api.Assertions.withinPercentage(10));
    }
}
