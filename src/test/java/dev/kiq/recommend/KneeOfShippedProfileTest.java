package dev.kiq.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.profile.KneeDetector;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class KneeOfShippedProfileTest {

    private static final Path A100 = Path.of(
            "profiles/modeled/vllm-v0.7.2/deepseek-ai/DeepSeek-R1-Distill-Qwen-7B/nvidia-tesla-a100-x1.yaml");

    @Test
    void kneeOfTheShippedDeepSeekA100ProfileIsItsStoredKneeAtTheOnsetOfSaturation() {
        Profile profile = ProfileReader.read(A100);
        List<PerformancePoint> points = profile.performanceStats();
        int k = KneeDetector.kneeIndex(points, PerformancePoint::ntpotMilliseconds).orElseThrow();
        assertThat(points.get(k)).isEqualTo(profile.knee().orElseThrow());
        PerformancePoint knee = points.get(k);
        PerformancePoint max = points.stream().max((a, b) -> Double.compare(a.outputTokensPerSecond(), b.outputTokensPerSecond())).orElseThrow();
        // throughput has (nearly) stopped rising: GKE's own notebook's printed knees sit at 85.5-97.4% of their curves'
        // highest whole-run throughput (docs §6), and whole runs past the knee still creep up a few percent ...
        assertThat(knee.outputTokensPerSecond()).isGreaterThan(0.90 * max.outputTokensPerSecond());
        // ... and latency rises sharply after it: the last point is several times slower
        assertThat(points.get(points.size() - 1).ntpotMilliseconds()).isGreaterThan(3 * knee.ntpotMilliseconds());
        // before it, requests hardly queue
        assertThat(points.get(k - 1).queueSize()).isLessThan(1);
    }
}
