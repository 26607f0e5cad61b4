package dev.kiq.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    static final String VLLM = """
            # HELP vllm:num_requests_running Number of requests currently running on GPU.
            # TYPE vllm:num_requests_running gauge
            vllm:num_requests_running{model_name="m"} 12.0
            vllm:num_requests_waiting{model_name="m"} 3.0
            vllm:gpu_cache_usage_perc{model_name="m"} 0.25
            vllm:time_to_first_token_seconds_bucket{le="0.1",model_name="m"} 10.0
            vllm:time_to_first_token_seconds_bucket{le="0.5",model_name="m"} 30.0
            vllm:time_to_first_token_seconds_bucket{le="+Inf",model_name="m"} 40.0
            vllm:time_to_first_token_seconds_count{model_name="m"} 40.0
            vllm:prompt_tokens_total{model_name="m"} 1.2e+04 1712345678000
            """;

    @Test
    void readsVllmGaugesWithEitherKvCacheName() throws Exception {
        PrometheusText page = PrometheusText.parse(VLLM);
        assertThat(page.sum("vllm:num_requests_running")).hasValue(12.0);
        assertThat(page.firstPresent(MetricsScraper.KV)).hasValue("vllm:gpu_cache_usage_perc");
        assertThat(page.mean("vllm:gpu_cache_usage_perc")).hasValue(0.25);
        assertThat(page.sum("vllm:prompt_tokens_total")).hasValue(12000.0);
    }

    @Test
    void histogramQuantileInterpolatesInsideTheBucket() throws Exception {
        TreeMap<Double, Double> after = PrometheusText.parse(VLLM).buckets("vllm:time_to_first_token_seconds");
        TreeMap<Double, Double> before = new TreeMap<>();
        // 40 observations: rank 20 falls halfway into the (0.1, 0.5] bucket, which holds ranks 11..30
        assertThat(PrometheusText.quantileBetween(before, after, 0.5).getAsDouble()).isEqualTo(0.3, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void htmlAndJsonAreNotPrometheus() {
        for (String body : List.of("<html><body>Not Found</body></html>", "{\"detail\":\"Not Found\"}")) {
            assertThatThrownBy(() -> PrometheusText.parse(body))
                    .isInstanceOf(PrometheusText.NotPrometheusException.class).hasMessageContaining("line 1");
        }
    }

    @Test
    void labelValuesWithEscapesParse() throws Exception {
        PrometheusText page = PrometheusText.parse("m{a=\"x\\\"y\",b=\"1\"} 2\n");
        assertThat(page.samples("m").get(0).labels()).containsEntry("a", "x\"y").containsEntry("b", "1");
    }
}
