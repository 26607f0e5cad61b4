package dev.kiq.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.kiq.bench.BenchPlan;
import dev.kiq.bench.EmulatorBench;
import dev.kiq.bench.GoodputTargets;
import dev.kiq.bench.emulator.EmulatedReplica;
import dev.kiq.catalog.Catalog;
import dev.kiq.perf.ContinuousBatchingEngine;
import dev.kiq.perf.EfficiencyFactors;
import dev.kiq.perf.EfficiencyFactors.Family;
import dev.kiq.perf.FactorTable;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Closing the loop end to end, as a user does it: {@code kiq emulator} of DeepSeek-R1-Distill-Qwen-7B on one H100
 * (vLLM 0.7.2) with every Hopper factor 20% slower ({@link ClosingTheLoopCalibrationTest#slower}) serves on a free
 * port; {@code kiq bench run --sweep} measures it over HTTP (the model's count of requests at every rate, nothing
 * given by hand); {@code kiq calibrate --from} fits the Hopper factors to the measured profile with the shipped ones as
 * the prior; the recovered factors must predict the emulator's knee (the model's knee with the slower factors, what
 * {@code kiq simulate} prints with them) within 5% in throughput and NTPOT. Unlike {@link
 * ClosingTheLoopCalibrationTest} (the same engine in simulated time) every request goes through the emulator's HTTP
 * server and bench's client, with their windows, probe and clocks.
 *
 * <p>Opt-in ({@code ./mvnw -Dit.test=ClosingTheLoopIT -Dkiq.closedLoop=true verify -DskipTests=false}): the emulator runs
 * the modeled hardware {@value #TIME_SCALE} times faster than real time, which needs about one core to itself at a full
 * batch; on a loaded machine it falls behind its clock and measures a slower replica than it emulates, which says
 * nothing about kiq. A sweep streams 19 x 2000 requests of about 193 tokens; see the README for its cost.
 */
class ClosingTheLoopIT {

    static final double TIME_SCALE = Double.parseDouble(System.getProperty("kiq.closedLoop.timeScale", "5"));

    @Test
    @EnabledIfSystemProperty(named = "kiq.closedLoop", matches = "true")
    void factorsCalibratedFromABenchSweepOfTheSlowerEmulatorPredictItsKneeWithinFivePercent() {
        Catalog catalog = Catalog.bundled();
        EmulatedReplica replica = EmulatorBench.replica(catalog);
        FactorTable shipped = FactorTable.shipped();
        EfficiencyFactors slower = ClosingTheLoopCalibrationTest.slower(shipped.factors(Family.HOPPER));
        PerformancePoint emulatorKnee = EmulatorBench.modeledKnee(replica, FactorTable.of(Map.of(Family.HOPPER, slower)));

        BenchPlan plan = new BenchPlan(List.of(), true, Optional.empty(), OptionalInt.empty(), 0, GoodputTargets.NONE,
                TIME_SCALE, 1, Duration.ofSeconds(600), Duration.ofSeconds(1));
        var setup = replica.setup();
        Profile measured = EmulatorBench.measure(catalog, replica,
                new ContinuousBatchingEngine(setup.schedulerSettings(), setup.iterationCost(slower)), plan);

        UserCalibration.Result r = UserCalibration.calibrate(Family.HOPPER,
                UserCalibration.cases(measured, "sweep.yaml", catalog), shipped);
        PerformancePoint recovered = EmulatorBench.modeledKnee(replica, shipped.with(Family.HOPPER, r.after(), r.measurements()));
        PerformancePoint benchKnee = measured.knee().orElseThrow();
        System.out.printf("emulator knee %.0f tok/s %.2f ms; bench's %.0f tok/s %.2f ms; recovered %.0f tok/s %.2f ms"
                        + " (%+.1f%% / %+.1f%%); error of the measurements %.1f%% before, %.1f%% after%n",
                emulatorKnee.outputTokensPerSecond(), emulatorKnee.ntpotMilliseconds(), benchKnee.outputTokensPerSecond(),
                benchKnee.ntpotMilliseconds(), recovered.outputTokensPerSecond(), recovered.ntpotMilliseconds(),
                100 * (recovered.outputTokensPerSecond() / emulatorKnee.outputTokensPerSecond() - 1),
                100 * (recovered.ntpotMilliseconds() / emulatorKnee.ntpotMilliseconds() - 1),
                100 * r.errorBefore(), 100 * r.errorAfter());
        assertThat(recovered.outputTokensPerSecond()).isCloseTo(emulatorKnee.outputTokensPerSecond(), withinPercentage(5));
        assertThat(recovered.ntpotMilliseconds()).isCloseTo(emulatorKnee.ntpotMilliseconds(), withinPercentage(5));
    }
}
