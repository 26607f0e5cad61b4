package dev.kiq.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.catalog.Catalog;
import dev.kiq.profile.ProfileRepository;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Which live windows become points of the recorded profile, so that the profile written after each is valid. */
class RecordingTest {

    static final long S = 1_000_000_000L;

    /** One pod over 10 s: {@code finished} requests (e2e 2 s each) and 100 output tok/s. */
    static Monitor.Refresh window(long startSeconds, double finished) {
        TreeMap<Double, Double> e2e = new TreeMap<>();
        e2e.put(2.5, finished);
        e2e.put(Double.POSITIVE_INFINITY, finished);
        TreeMap<Double, Double> ttft = new TreeMap<>();
        ttft.put(0.1, finished);
        ttft.put(Double.POSITIVE_INFINITY, finished);
        PodWindow pod = new PodWindow("a", 10, 100, 200, finished / 10, new BucketCounts(ttft, finished, finished * 0.05),
                BucketCounts.EMPTY, new BucketCounts(e2e, finished, finished * 2),
                new Gauges(OptionalDouble.of(0), OptionalDouble.of(4), OptionalDouble.of(0.2)), false);
        return new Monitor.Refresh(LiveWindow.of(List.of(pod)), List.of(), Optional.empty(), startSeconds * S, (startSeconds + 10) * S);
    }

    @Test
    void onlyFullSeparateWindowsWithFinishedRequestsAtANewRateAreKept() {
        Watched watched = Watched.resolve(Catalog.bundled(), ProfileRepository.shipped(), "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B",
                "vllm", "v0.7.2", Optional.of("nvidia-tesla-a100"), OptionalInt.of(1));
        Recording r = new Recording(Catalog.bundled(), watched, Duration.ofSeconds(10));
        assertThat(r.offer(window(0, 0))).as("tokens but no request finished: no rate, no latency").isFalse();
        assertThat(r.offer(window(0, 20))).isTrue();
        assertThat(r.offer(window(5, 30))).as("overlaps the kept window").isFalse();
        assertThat(r.offer(window(10, 20))).as("the rate of a kept point (2 req/s)").isFalse();
        assertThat(r.offer(window(20, 30))).isTrue();
        assertThat(r.size()).isEqualTo(2);
        // 20 and 30 requests in 10 s; the built profile passes the profile validation (strictly increasing rates)
        assertThat(r.profile().orElseThrow().performanceStats()).extracting(p -> p.queriesPerSecond()).containsExactly(2.0, 3.0);
    }

    @Test
    void aWindowWhoseRateEqualsAKeptOneAsWrittenIsNotKeptSoTheSavedProfileStaysValid() {
        Watched watched = Watched.resolve(Catalog.bundled(), ProfileRepository.shipped(), "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B",
                "vllm", "v0.7.2", Optional.of("nvidia-tesla-a100"), OptionalInt.of(1));
        Recording r = new Recording(Catalog.bundled(), watched, Duration.ofSeconds(10));
        assertThat(r.offer(window(0, 20))).isTrue();
        // 2.00003 req/s differs from 2 as a double, but a profile keeps 4 decimals: both are written as 2
        assertThat(r.offer(window(10, 20.0003))).as("the rate of a kept point once written").isFalse();
        assertThat(r.offer(window(20, 20.002))).as("2.0002 req/s is a new rate once written").isTrue();
        assertThat(dev.kiq.profile.ProfileWriter.toYaml(r.profile().orElseThrow())).contains("queriesPerSecond: 2.0002");
    }
}
