package dev.kiq.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kiq.bench.PrometheusText;
import dev.kiq.recommend.CurveFixtures;
import dev.kiq.catalog.MetricNames;
import java.util.List;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Counter rates and histogram-delta percentiles against values worked out by hand in the comments. */
public class MetricMathTest {

    static final MetricNames V072 = CurveFixtures.vllmV072Metrics();

    /** A vLLM-shaped page: the two token counters, a TTFT histogram with buckets 0.1/0.5/+Inf and the gauges. */
    public static String page(double generation, double prompt, double le01, double le05, double inf, double sum,
                       double waiting, double running, double kv) {
        return String.join("\n",
                "# TYPE vllm:generation_tokens_total counter",
                "vllm:generation_tokens_total{model_name=\"m\"} " + generation,
                "vllm:prompt_tokens_total{model_name=\"m\"} " + prompt,
                "vllm:time_to_first_token_seconds_bucket{le=\"0.1\",model_name=\"m\"} " + le01,
                "vllm:time_to_first_token_seconds_bucket{le=\"0.5\",model_name=\"m\"} " + le05,
                "vllm:time_to_first_token_seconds_bucket{le=\"+Inf\",model_name=\"m\"} " + inf,
                "vllm:time_to_first_token_seconds_count{model_name=\"m\"} " + inf,
                "vllm:time_to_first_token_seconds_sum{model_name=\"m\"} " + sum,
                "vllm:e2e_request_latency_seconds_bucket{le=\"1.0\",model_name=\"m\"} " + le01,
                "vllm:e2e_request_latency_seconds_bucket{le=\"+Inf\",model_name=\"m\"} " + inf,
                "vllm:e2e_request_latency_seconds_count{model_name=\"m\"} " + inf,
                "vllm:e2e_request_latency_seconds_sum{model_name=\"m\"} " + sum * 10,
                "vllm:time_per_output_token_seconds_bucket{le=\"+Inf\",model_name=\"m\"} 0",
                "vllm:num_requests_waiting{model_name=\"m\"} " + waiting,
                "vllm:num_requests_running{model_name=\"m\"} " + running,
                "vllm:gpu_cache_usage_perc{model_name=\"m\"} " + kv, "");
    }

    static PodScrape scrape(String pod, double seconds, String page) throws Exception {
        return PodScrape.of(pod, (long) (seconds * 1e9), PrometheusText.parse(page), V072);
    }

    @Test
    void counterIncreaseIsTheDifferenceAndAfterAResetTheNewValue() {
        assertThat(PodWindow.increase(1000, 1600)).isEqualTo(600);
        // the process restarted and counted 200 since: that is the increase
        assertThat(PodWindow.increase(1600, 200)).isEqualTo(200);
    }

    @Test
    void tokenRateOverAWindowWithAResetSumsEachStep() throws Exception {
        // generation tokens 1000 → 1600 → 200 (restart) → 700 over 15 s: 600 + 200 + 500 = 1300 → 86.67 tok/s;
        // prompt tokens 10 → 40 → 5 → 35: 30 + 5 + 30 = 65 → 4.333 tok/s
        List<PodScrape> s = List.of(
                scrape("a", 0, page(1000, 10, 0, 0, 0, 0, 0, 0, 0)),
                scrape("a", 5, page(1600, 40, 0, 0, 0, 0, 0, 0, 0)),
                scrape("a", 10, page(200, 5, 0, 0, 0, 0, 0, 0, 0)),
                scrape("a", 15, page(700, 35, 0, 0, 0, 0, 3, 7, 0.4)));
        PodWindow w = PodWindow.over(s, 1);
        assertThat(w.seconds()).isEqualTo(15.0);
        assertThat(w.outputTokensPerSecond()).isCloseTo(1300 / 15.0, within(1e-9));
        assertThat(w.inputTokensPerSecond()).isCloseTo(65 / 15.0, within(1e-9));
        assertThat(w.restarted()).isTrue();
        assertThat(w.gauges().waiting()).hasValue(3);
        assertThat(w.gauges().running()).hasValue(7);
        assertThat(w.gauges().kvCacheUsage()).hasValue(0.4);
    }

    @Test
    void timeScaleStretchesTheWindowToTheServersTime() throws Exception {
        // 1200 tokens in 2 wall seconds of an emulator running 12x faster: 24 modeled seconds → 50 tok/s
        PodWindow w = PodWindow.over(List.of(scrape("a", 0, page(0, 0, 0, 0, 0, 0, 0, 0, 0)),
                scrape("a", 2, page(1200, 0, 0, 0, 0, 0, 0, 0, 0))), 12);
        assertThat(w.outputTokensPerSecond()).isCloseTo(50, within(1e-9));
    }

    @Test
    void histogramDeltaPercentilesInterpolateInsideTheBucket() throws Exception {
        // before: ≤0.1: 10, ≤0.5: 30, all 40; after: 14, 50, 60 → the window observed 4 ≤ 0.1, 16 in (0.1, 0.5], 0 above.
        // p50: rank 10 → (10 − 4) / 16 of the way through (0.1, 0.5] → 0.1 + 0.4 × 0.375 = 0.25 s
        // p90: rank 18 → (18 − 4) / 16 = 0.875 → 0.1 + 0.35 = 0.45 s
        PodWindow w = PodWindow.over(List.of(scrape("a", 0, page(0, 0, 10, 30, 40, 8, 0, 0, 0)),
                scrape("a", 10, page(0, 0, 14, 50, 60, 12, 0, 0, 0))), 1);
        assertThat(w.ttft().count()).isEqualTo(20);
        assertThat(w.ttft().quantile(0.5).getAsDouble()).isCloseTo(0.25, within(1e-12));
        assertThat(w.ttft().quantile(0.9).getAsDouble()).isCloseTo(0.45, within(1e-12));
        assertThat(w.ttft().mean().getAsDouble()).isCloseTo(4 / 20.0, within(1e-12));
        // 20 requests finished in 10 s
        assertThat(w.requestsPerSecond()).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void aHistogramThatWentBackWasResetAndCountsFromZero() throws Exception {
        // before 10/30/40, after a restart 2/6/8: the window observed what the new process holds, 2/6/8
        BucketCounts before = BucketCounts.of(PrometheusText.parse(page(0, 0, 10, 30, 40, 8, 0, 0, 0)), V072.ttftSeconds());
        BucketCounts after = BucketCounts.of(PrometheusText.parse(page(0, 0, 2, 6, 8, 1, 0, 0, 0)), V072.ttftSeconds());
        assertThat(after.wasResetSince(before)).isTrue();
        BucketCounts delta = after.since(before);
        assertThat(delta.count()).isEqualTo(8);
        assertThat(delta.cumulative()).containsEntry(0.1, 2.0).containsEntry(0.5, 6.0);
        // p50: rank 4 → (4 − 2) / 4 through (0.1, 0.5] → 0.3 s
        assertThat(delta.quantile(0.5).getAsDouble()).isCloseTo(0.3, within(1e-12));
    }

    @Test
    void podsMergeBeforeTheQuantileAndGaugesAddUp() {
        // pod a observed 10 in (0, 0.1]; pod b 10 in (0.1, 0.5]: merged 20, p50 at rank 10 = the top of the first bucket,
        // p90 at rank 18 → (18 − 10) / 10 of (0.1, 0.5] → 0.1 + 0.32 = 0.42 s
        BucketCounts a = new BucketCounts(new TreeMap<>(java.util.Map.of(0.1, 10.0, 0.5, 10.0, Double.POSITIVE_INFINITY, 10.0)), 10, 0.5);
        BucketCounts b = new BucketCounts(new TreeMap<>(java.util.Map.of(0.1, 0.0, 0.5, 10.0, Double.POSITIVE_INFINITY, 10.0)), 10, 3);
        LiveWindow w = LiveWindow.of(List.of(
                new PodWindow("a", 10, 100, 120, 1, a, BucketCounts.EMPTY, a, new Gauges(OptionalDouble.of(2), OptionalDouble.of(5),
                        OptionalDouble.of(0.2)), false),
                new PodWindow("b", 10, 300, 360, 3, b, BucketCounts.EMPTY, b, new Gauges(OptionalDouble.of(4), OptionalDouble.empty(),
                        OptionalDouble.of(0.6)), false)));
        assertThat(w.outputTokensPerSecond()).isEqualTo(400);
        assertThat(w.requestsPerSecond()).isEqualTo(4);
        assertThat(LiveWindow.millis(w.ttft(), 0.5).getAsDouble()).isCloseTo(100, within(1e-9));
        assertThat(LiveWindow.millis(w.ttft(), 0.9).getAsDouble()).isCloseTo(420, within(1e-9));
        assertThat(w.waiting()).hasValue(6);
        assertThat(w.running()).hasValue(5);
        assertThat(w.kvCacheUsage().getAsDouble()).isCloseTo(0.4, within(1e-12));
        // per replica: 200 tok/s, 2 req/s, 3 waiting; NTPOT ≈ e2e seconds 3.5 over 4000 tokens = 0.875 ms/token
        assertThat(w.perReplica().outputTokensPerSecond()).isEqualTo(200);
        assertThat(w.perReplica().queriesPerSecond()).isEqualTo(2);
        assertThat(w.perReplica().queueSize()).isEqualTo(3);
        assertThat(w.ntpotMillis().getAsDouble()).isCloseTo(0.875, within(1e-9));
    }

    @Test
    void missingNamesOfTheVersionAreListed() throws Exception {
        // a v0.11 server renamed the KV-cache gauge: a v0.7.2 reading of it lacks gpu_cache_usage_perc
        PodScrape s = PodScrape.of("a", 0, PrometheusText.parse(page(0, 0, 0, 0, 0, 0, 0, 0, 0)
                .replace("vllm:gpu_cache_usage_perc", "vllm:kv_cache_usage_perc")), V072);
        assertThat(s.missing()).containsExactly("vllm:gpu_cache_usage_perc");
        assertThat(s.gauges().kvCacheUsage()).isEmpty();
    }
}
