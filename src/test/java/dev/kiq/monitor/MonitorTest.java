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

    /** A page as vLLM 0.11 names it: the KV-cache gauge and the TPOT histogram renamed. */
    static String v011(String page) {
        return page.replace("vllm:gpu_cache_usage_perc", "vllm:kv_cache_usage_perc")
                .replace("vllm:time_per_output_token_seconds", "vllm:inter_token_latency_seconds");
    }

    @Test
    void aPodOfAnotherVersionIsReadUnderItsNamesAndWhatNoNameGivesIsSaidOnEveryRefresh() {
        Watched v072 = new Watched("m", "vllm", "v0.7.2", java.util.Optional.empty(), java.util.OptionalInt.empty(),
                MetricMathTest.V072, java.util.Optional.empty(), List.of());
        List<dev.kiq.catalog.MetricNames> others = v072.otherVersionsMetrics(dev.kiq.catalog.Catalog.bundled());
        // v0.11.0 and v0.19.1 expose the same names: one alternative, the renamed ones (vLLM docs/design/metrics.md)
        assertThat(others).hasSize(1);
        assertThat(others.get(0).kvCacheUsage()).isEqualTo("vllm:kv_cache_usage_perc");
        assertThat(others.get(0).itlSeconds()).isEqualTo("vllm:inter_token_latency_seconds");
        // pod a runs 0.11; pod b's server exposes no TPOT histogram under any name
        String noTpot = String.join("\n", MetricMathTest.page(0, 0, 0, 0, 0, 0, 1, 2, 0.25).lines()
                .filter(l -> !l.contains("time_per_output_token")).toList());
        Scripted s = new Scripted();
        s.steps.add(new java.util.TreeMap<>(Map.of("a", v011(MetricMathTest.page(0, 0, 0, 0, 0, 0, 1, 2, 0.35)), "b", noTpot)));
        s.steps.add(new java.util.TreeMap<>(Map.of("a", v011(MetricMathTest.page(500, 0, 0, 0, 0, 0, 3, 4, 0.5)), "b", noTpot)));
        Monitor m = new Monitor(s, MetricMathTest.V072, others, Duration.ofSeconds(10), 1);
        String a = "pod a: it runs another server version than the one watched: TPOT from vllm:inter_token_latency_seconds,"
                + " KV-cache usage from vllm:kv_cache_usage_perc (that version's names).";
        String b = "pod b: TPOT is not measured: its /metrics has no vllm:time_per_output_token_seconds nor any other known"
                + " version's name for it, so it shows -.";
        Monitor.Refresh r0 = m.refresh();
        assertThat(r0.notes()).containsExactly(a, b);
        assertThat(r0.lacking()).containsExactly(a, b);
        assertThat(r0.read()).isEqualTo(2);
        Monitor.Refresh r1 = m.refresh();
        // said once as a note, kept in what the figures lack
        assertThat(r1.notes()).isEmpty();
        assertThat(r1.lacking()).containsExactly(a, b);
        // a's KV cache 0.5 and b's 0.25: mean 0.375; a's TPOT histogram was read (present, empty of requests)
        assertThat(r1.window().kvCacheUsage().getAsDouble()).isCloseTo(0.375, within(1e-12));
        assertThat(r1.window().pods().get(0).gauges().waiting()).hasValue(3);
    }

    @Test
    void aTimeScaledServersRatesArePerSecondOfItsOwnTime() {
        // an emulator 4x faster than the modeled hardware, scraped at 0 and 5 s of wall time: 20 s of its own time, in which
        // 400 tokens were generated (20 tok/s), 2000 prompt tokens read (100 tok/s) and 10 requests finished (0.5 req/s)
        Scripted s = new Scripted();
        s.steps.add(Map.of("a", MetricMathTest.page(1000, 3000, 0, 0, 5, 0, 0, 0, 0)));
        s.steps.add(Map.of("a", MetricMathTest.page(1400, 5000, 0, 0, 15, 0, 0, 0, 0)));
        Monitor m = new Monitor(s, MetricMathTest.V072, Duration.ofSeconds(30), 4);
        m.refresh();
        Monitor.Refresh r = m.refresh();
        assertThat(r.window().seconds()).isCloseTo(20, within(1e-9));
        assertThat(r.window().outputTokensPerSecond()).isCloseTo(20, within(1e-9));
        assertThat(r.window().inputTokensPerSecond()).isCloseTo(100, within(1e-9));
        assertThat(r.window().requestsPerSecond()).isCloseTo(0.5, within(1e-9));
        // the window's ends stay in the wall time of the scrapes
        assertThat(r.startNanos()).isZero();
        assertThat(r.endNanos()).isEqualTo(5_000_000_000L);
    }

    @Test
    void aRefreshWhoseOnlyReadingFailedReadsNoPod() {
        Scripted s = new Scripted();
        s.steps.add(Map.of("a", tokens(0)));
        s.steps.add(Map.of("a", "FAIL http://127.0.0.1:1/metrics could not be reached (Connection refused)."));
        Monitor m = new Monitor(s, MetricMathTest.V072, Duration.ofSeconds(10), 1);
        assertThat(m.refresh().read()).isEqualTo(1);
        Monitor.Refresh failed = m.refresh();
        assertThat(failed.read()).isZero();
        assertThat(failed.window().replicas()).isZero();
        assertThat(failed.notes()).containsExactly("pod a: http://127.0.0.1:1/metrics could not be reached (Connection refused).");
    }
}
