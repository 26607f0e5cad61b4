package dev.kiq.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.kiq.KiqException;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class AutoscalingTest {

    private final Recommender recommender = CurveFixtures.recommender();

    private OperatingPoint at(Targets targets) {
        return ((Recommendation.Achievable) recommender.recommend(CurveFixtures.deepseekOnA100(), targets, Optional.empty()))
                .operatingPoint();
    }

    @Test
    void throughputServingScalesOnQueueSizeBelowItsValueAtTheKnee() {
        var hpa = Autoscaling.hpa(at(Targets.none()), CurveFixtures.vllmV072Metrics(), Optional.empty(), 1);
        assertThat(hpa.metric()).isEqualTo(HpaMetric.QUEUE_SIZE);
        assertThat(hpa.metricName()).isEqualTo("vllm:num_requests_waiting");
        assertThat(hpa.valueAtOperatingPoint()).isEqualTo(2.1);
        assertThat(hpa.threshold()).isCloseTo(2.1 * 0.8, within(1e-12));
        assertThat(hpa.rationale()).contains("20% lower");
    }

    @Test
    void latencyBoundOperatingPointScalesOnBatchSize() {
        var hpa = Autoscaling.hpa(at(Targets.ntpot(40)), CurveFixtures.vllmV072Metrics(), Optional.empty(), 1);
        assertThat(hpa.metric()).isEqualTo(HpaMetric.BATCH_SIZE);
        assertThat(hpa.metricName()).isEqualTo("vllm:num_requests_running");
        // batch 38 at 10 QPS, 70 at 15 QPS, interpolated at 7/15
        assertThat(hpa.threshold()).isCloseTo((38 + 32 * 7.0 / 15) * 0.8, within(1e-9));
        assertThat(hpa.rationale()).contains("the NTPOT target");
    }

    @Test
    void theRationaleRoundsItsFiguresToWhatTheyMeanAndTheReasonStandsAlone() {
        var hpa = Autoscaling.hpa(at(Targets.ntpot(40)), CurveFixtures.vllmV072Metrics(), Optional.empty(), 1);
        // 38 + 32 x 7/15 = 52.933 running requests at the operating point; x 0.8 = 42.347
        assertThat(hpa.thresholdText()).isEqualTo("42.3");
        assertThat(hpa.rationale()).contains("is 52.9 per pod").contains("(42.3)").doesNotContain("42.347");
        assertThat(hpa.reason()).startsWith("Batch size, because").endsWith("before a queue forms.");
        assertThat(hpa.rationale()).startsWith(hpa.reason());
    }

    @Test
    void figuresKeepThreeSignificantDigitsAndNoFalseDecimalsAboveAHundred() {
        assertThat(Format.figure(289.0104)).isEqualTo("289");
        assertThat(Format.figure(361.263)).isEqualTo("361");
        assertThat(Format.figure(1234.5)).isEqualTo("1235");
        assertThat(Format.figure(99.96)).isEqualTo("100");
        assertThat(Format.figure(42.3467)).isEqualTo("42.3");
        assertThat(Format.figure(1.68)).isEqualTo("1.68");
        assertThat(Format.figure(0.5604)).isEqualTo("0.56");
        assertThat(Format.figure(0.04)).isEqualTo("0.04");
        assertThat(Format.figure(0)).isEqualTo("0");
    }

    @Test
    void kvCacheMetricNameComesFromTheServerVersion() {
        var hpa = Autoscaling.hpa(at(Targets.none()), CurveFixtures.vllmV072Metrics(), Optional.of(HpaMetric.KV_CACHE), 1);
        assertThat(hpa.metricName()).isEqualTo("vllm:gpu_cache_usage_perc");
        assertThat(hpa.threshold()).isCloseTo(0.68, within(1e-12));
    }

    @Test
    void emptyQueueAtTheOperatingPointIsNoSignal() {
        assertThatThrownBy(() -> Autoscaling.hpa(at(Targets.ntpot(30)), CurveFixtures.vllmV072Metrics(),
                Optional.of(HpaMetric.QUEUE_SIZE), 1))
                .isInstanceOf(KiqException.class).hasMessageContaining("too small to autoscale on");
    }

    @Test
    void initialReplicasCoverTheExpectedQps() {
        OperatingPoint knee = at(Targets.none());
        assertThat(Autoscaling.initialReplicas(OptionalDouble.of(40), knee)).isEqualTo(3);
        assertThat(Autoscaling.initialReplicas(OptionalDouble.of(17.2), knee)).isEqualTo(1);
        assertThat(Autoscaling.initialReplicas(OptionalDouble.of(0.5), knee)).isEqualTo(1);
        assertThat(Autoscaling.initialReplicas(OptionalDouble.empty(), knee)).isEqualTo(1);
        assertThat(Autoscaling.hpa(knee, CurveFixtures.vllmV072Metrics(), Optional.empty(), 3).maxReplicas()).isEqualTo(6);
    }

    @Test
    void nonPositiveExpectedQpsIsRejected() {
        assertThatThrownBy(() -> Autoscaling.initialReplicas(OptionalDouble.of(0), at(Targets.none())))
                .isInstanceOf(KiqException.class).hasMessage("expected QPS must be a positive number, got 0.");
    }
}
