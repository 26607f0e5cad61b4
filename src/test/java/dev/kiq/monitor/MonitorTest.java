package dev.kiq.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kiq.bench.PrometheusText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Refreshes over a scripted source: windows slide, and a failing, vanishing or restarting pod gets one note. */
class MonitorTest {

    /** Pages to return, one list per refresh; a null page is a fault. */
    static final class Scripted implements MetricsSource {
        final List<Map<String, String>> steps = new ArrayList<>();
        int step;

        @Override
        public List<PodPage> scrape() {
            Map<String, String> pages = steps.get(step);
            long at = step * 5_000_000_000L;
            step++;
            List<PodPage> out = new ArrayList<>();
            pages.forEach((pod, body) -> {
                if (body.startsWith("FAIL ")) {
                    out.add(PodPage.failed(pod, at, body.substring(5)));
                } else {
                    try {
                        out.add(PodPage.of(pod, at, PrometheusText.parse(body)));
                    } catch (PrometheusText.NotPrometheusException e) {
                        throw new AssertionError(e);
                    }
                }
            });
            return out;
        }
    }

    static String tokens(double generation) {
        return MetricMathTest.page(generation, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void theWindowSlidesAndFaultsAreNotedWhileTheRestGoesOn() {
        Scripted s = new Scripted();
        s.steps.add(new java.util.TreeMap<>(Map.of("a", tokens(0), "b", tokens(0))));           // t=0
        s.steps.add(new java.util.TreeMap<>(Map.of("a", tokens(500), "b", tokens(1000))));      // t=5
        s.steps.add(new java.util.TreeMap<>(Map.of("a", tokens(1000), "b", "FAIL /metrics is not Prometheus text"))); // t=10
        s.steps.add(new java.util.TreeMap<>(Map.of("a", tokens(100))));                         // t=15: a restarted, b gone
        s.steps.add(new java.util.TreeMap<>(Map.of("a", tokens(600))));                         // t=20
        Monitor m = new Monitor(s, MetricMathTest.V072, Duration.ofSeconds(10), 1);

        assertThat(m.refresh().window().replicas()).isZero();
        Monitor.Refresh r1 = m.refresh();
        // 500 and 1000 tokens in 5 s
        assertThat(r1.window().outputTokensPerSecond()).isCloseTo(300, within(1e-9));
        Monitor.Refresh r2 = m.refresh();
        assertThat(r2.notes()).containsExactly("pod b: /metrics is not Prometheus text");
        // a alone: 1000 tokens over 10 s
        assertThat(r2.window().replicas()).isEqualTo(1);
        assertThat(r2.window().outputTokensPerSecond()).isCloseTo(100, within(1e-9));
        Monitor.Refresh r3 = m.refresh();
        assertThat(r3.notes()).anyMatch(n -> n.startsWith("pod a restarted"));
        assertThat(r3.notes()).anyMatch(n -> n.startsWith("pod b is gone"));
        // window t=5..15: 500 (5→10) + 100 after the restart = 600 over 10 s
        assertThat(r3.window().outputTokensPerSecond()).isCloseTo(60, within(1e-9));
        Monitor.Refresh r4 = m.refresh();
        // window t=10..20: 100 + 500 = 600 over 10 s
        assertThat(r4.window().seconds()).isEqualTo(10);
        assertThat(r4.window().outputTokensPerSecond()).isCloseTo(60, within(1e-9));
        assertThat(r4.notes()).isEmpty();
    }
}
