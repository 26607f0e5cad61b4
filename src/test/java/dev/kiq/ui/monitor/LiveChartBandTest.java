package dev.kiq.ui.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileRepository;
import dev.kiq.recommend.Targets;
import dev.kiq.ui.Fx;
import dev.kiq.ui.task.UiTaskExecutor;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Monitor's curve carries its expected-error band, as the performance chart's does: it was drawn bare, its error in
 * the caption only, so a live point off the curve by less than that error read as a miss. The band is the region the
 * rectangles x·(1 ± e_x) by y·(1 ± e_y) of the curve's points sweep, so it reaches exactly from the lowest throughput
 * less its error to the highest plus its error, and from the lowest NTPOT less its error to the highest plus its error.
 */
class LiveChartBandTest {

    static final String MODEL = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";

    @BeforeAll
    static void start() {
        Fx.start();
    }

    private static Profile shipped(String accelerator) {
        return ProfileRepository.shipped().forModel(MODEL, "vllm", "v0.7.2").stream()
                .filter(p -> p.acceleratorType().equals(accelerator)).findFirst().orElseThrow();
    }

    private static List<double[]> bandOf(Profile p) {
        LivePaneViewModel vm = new LivePaneViewModel(new UiTaskExecutor(), Targets::none);
        return Fx.call(() -> {
            vm.profileProperty().set(p);
            return new LiveChart(vm).bandSlices();
        });
    }

    @Test
    void theCurveOfAProfileWithBothErrorsHasTheBandOfThoseErrors() {
        Profile a100 = shipped("nvidia-tesla-a100");
        double ex = a100.provenance().expectedError().throughput().orElseThrow();
        double ey = a100.provenance().expectedError().ntpot().orElseThrow();
        List<PerformancePoint> curve = a100.performanceStats();
        double minX = curve.stream().mapToDouble(PerformancePoint::outputTokensPerSecond).min().orElseThrow();
        double maxX = curve.stream().mapToDouble(PerformancePoint::outputTokensPerSecond).max().orElseThrow();
        double minY = curve.stream().mapToDouble(PerformancePoint::ntpotMilliseconds).min().orElseThrow();
        double maxY = curve.stream().mapToDouble(PerformancePoint::ntpotMilliseconds).max().orElseThrow();

        List<double[]> band = bandOf(a100);

        assertThat(band).isNotEmpty();
        assertThat(band.stream().mapToDouble(s -> s[0]).min().orElseThrow()).isCloseTo(minX * (1 - ex), within(minX));
        assertThat(band.stream().mapToDouble(s -> s[0]).max().orElseThrow()).isCloseTo(maxX * (1 + ex), within(maxX));
        assertThat(band.stream().mapToDouble(s -> s[1]).min().orElseThrow()).isCloseTo(minY * (1 - ey), within(minY));
        assertThat(band.stream().mapToDouble(s -> s[2]).max().orElseThrow()).isCloseTo(maxY * (1 + ey), within(maxY));
    }

    /** The TPU family has no NTPOT error (accuracy.yaml): no band, as on the performance chart's NTPOT view. */
    @Test
    void aCurveWhoseNtpotErrorIsNotKnownHasNoBand() {
        Profile tpu = ProfileRepository.shipped().profiles().stream()
                .filter(p -> p.acceleratorType().startsWith("tpu-") && p.provenance().expectedError().ntpot().isEmpty()
                        && p.provenance().expectedError().throughput().isPresent())
                .findFirst().orElseThrow();
        assertThat(bandOf(tpu)).isEmpty();
    }

    private static org.assertj.core.data.Offset<Double> within(double scale) {
        return org.assertj.core.data.Offset.offset(scale * 1e-9);
    }
}
