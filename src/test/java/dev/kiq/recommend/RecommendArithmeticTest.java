package dev.kiq.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.kiq.KiqException;
import dev.kiq.catalog.MetricNames;
import dev.kiq.profile.PerformancePoint;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The arithmetic of costs, targets, replica counts and HPA thresholds, each against a value worked out by hand
 * (shown in the comments), not read back from the code.
 */
class RecommendArithmeticTest {

    private static final MetricNames NAMES = new MetricNames("waiting", "running", "kv", "ttft", "itl", "e2e",
            "prompt_total", "generation_total");

    /** qps, output tok/s, input tok/s, NTPOT, TTFT, ITL, queue, batch, KV usage. */
    private static PerformancePoint point(double qps, double out, double in, double queue, double batch, double kv) {
        return new PerformancePoint(qps, out, in, 30, 200, 25, queue, batch, kv);
    }

    @Test
    void costPerMillionTokensWeighsInputTokensByTheCostRatio() {
        // $3.60/h = $0.001/s; 1000 input tok/s at 1/4 the weight of output + 500 output tok/s = 750 weighted tok/s;
        // 0.001 / 750 * 1e6 = $1.3333 per million output tokens, a quarter of it per million input tokens
        CostModel cost = new CostModel(3.60, 4);
        PerformancePoint p = point(2, 500, 1000, 0, 10, 0.5);
        assertThat(cost.costPerMillionOutputTokens(p)).isCloseTo(4.0 / 3, within(1e-12));
        assertThat(cost.costPerMillionInputTokens(p)).isCloseTo(1.0 / 3, within(1e-12));
        // with ratio 1 every token weighs the same: 1500 tok/s -> 0.001 / 1500 * 1e6 = 0.6667
        assertThat(new CostModel(3.60, 1).costPerMillionOutputTokens(p)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(CostModel.of(3.60).outputToInputCostRatio()).isEqualTo(4.0);
    }

    @Test
    void aPointThatServesNoTokensCostsInfinitelyAndAFreeMachineNothing() {
        assertThat(CostModel.of(1).costPerMillionOutputTokens(point(0, 0, 0, 0, 0, 0))).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(CostModel.of(0).costPerMillionOutputTokens(point(1, 100, 100, 0, 1, 0.1))).isZero();
    }

    @Test
    void costModelRefusesNegativeOrUnboundedPricesAndRatios() {
        assertThatThrownBy(() -> CostModel.of(-0.01)).isInstanceOf(KiqException.class).hasMessageContaining("hourly price")
                .hasMessageContaining("-0.01");
        assertThatThrownBy(() -> CostModel.of(Double.NaN)).isInstanceOf(KiqException.class);
        assertThatThrownBy(() -> CostModel.of(Double.POSITIVE_INFINITY)).isInstanceOf(KiqException.class);
        assertThatThrownBy(() -> new CostModel(1, 0)).isInstanceOf(KiqException.class).hasMessageContaining("ratio");
        assertThatThrownBy(() -> new CostModel(1, Double.POSITIVE_INFINITY)).isInstanceOf(KiqException.class);
    }

    @Test
    void targetsMustBePositiveAndFinite() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            OptionalDouble v = OptionalDouble.of(bad);
            assertThatThrownBy(() -> Targets.none().withNtpot(v)).isInstanceOf(KiqException.class).hasMessageContaining("NTPOT");
            assertThatThrownBy(() -> Targets.none().withTtft(v)).isInstanceOf(KiqException.class).hasMessageContaining("TTFT");
            assertThatThrownBy(() -> Targets.none().withItl(v)).isInstanceOf(KiqException.class).hasMessageContaining("ITL");
            assertThatThrownBy(() -> Targets.none().withCostPerMillionInputTokens(v)).isInstanceOf(KiqException.class)
                    .hasMessageContaining("input tokens");
            assertThatThrownBy(() -> Targets.none().withCostPerMillionOutputTokens(v)).isInstanceOf(KiqException.class)
                    .hasMessageContaining("output tokens");
        }
        assertThat(Targets.ntpot(0.001).ntpotMilliseconds()).hasValue(0.001);
    }

    @Test
    void eachWithChangesOnlyItsOwnTargetAndTheKindsAreTold() {
        Targets t = Targets.none();
        assertThat(t.isEmpty()).isTrue();
        assertThat(t.hasLatencyTarget()).isFalse();
        assertThat(t.hasCostTarget()).isFalse();

        Targets ttft = t.withTtft(OptionalDouble.of(500));
        assertThat(ttft.ttftMilliseconds()).hasValue(500);
        assertThat(ttft.ntpotMilliseconds()).isEmpty();
        assertThat(ttft.itlMilliseconds()).isEmpty();
        assertThat(ttft.hasLatencyTarget()).isTrue();
        assertThat(ttft.hasCostTarget()).isFalse();
        assertThat(ttft.isEmpty()).isFalse();

        assertThat(t.withItl(OptionalDouble.of(20)).hasLatencyTarget()).isTrue();
        assertThat(t.withNtpot(OptionalDouble.of(20)).hasLatencyTarget()).isTrue();

        Targets in = t.withCostPerMillionInputTokens(OptionalDouble.of(0.5));
        assertThat(in.hasCostTarget()).isTrue();
        assertThat(in.hasLatencyTarget()).isFalse();
        assertThat(in.isEmpty()).isFalse();
        assertThat(in.costPerMillionInputTokens()).hasValue(0.5);
        assertThat(in.costPerMillionOutputTokens()).isEmpty();
        Targets out = t.withCostPerMillionOutputTokens(OptionalDouble.of(2));
        assertThat(out.hasCostTarget()).isTrue();
        assertThat(out.costPerMillionOutputTokens()).hasValue(2);

        Targets all = Targets.ntpot(40).withTtft(OptionalDouble.of(900)).withItl(OptionalDouble.of(30))
                .withCostPerMillionInputTokens(OptionalDouble.of(1)).withCostPerMillionOutputTokens(OptionalDouble.of(3));
        assertThat(all).isEqualTo(new Targets(OptionalDouble.of(40), OptionalDouble.of(900), OptionalDouble.of(30),
                OptionalDouble.of(1), OptionalDouble.of(3)));
        assertThat(all.withNtpot(OptionalDouble.empty()).ttftMilliseconds()).hasValue(900);
    }

    @Test
    void numbersArePrintedWithAtMostThreeDecimalsAndNoTrailingZeros() {
        assertThat(Format.number(1.23456)).isEqualTo("1.235");
        assertThat(Format.number(2.0)).isEqualTo("2");
        assertThat(Format.number(1500)).isEqualTo("1500");
        assertThat(Format.number(0.1)).isEqualTo("0.1");
        assertThat(Format.number(-0.01)).isEqualTo("-0.01");
        assertThat(Format.number(0.0004)).isEqualTo("0");
        assertThat(Format.number(Double.NaN)).isEqualTo("NaN");
        assertThat(Format.number(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
        assertThat(Format.oneDecimal(2.04)).isEqualTo("2.0");
        assertThat(Format.oneDecimal(12.36)).isEqualTo("12.4");
    }

    @Test
    void hpaMetricsAreFoundByTheirCliNameAndReadTheirOwnGauge() {
        assertThat(HpaMetric.byId("queue-size")).contains(HpaMetric.QUEUE_SIZE);
        assertThat(HpaMetric.byId("batch-size")).contains(HpaMetric.BATCH_SIZE);
        assertThat(HpaMetric.byId("kv-cache")).contains(HpaMetric.KV_CACHE);
        assertThat(HpaMetric.byId("queue_size")).isEmpty();
        assertThat(HpaMetric.forServing(true)).contains(HpaMetric.BATCH_SIZE);
        assertThat(HpaMetric.forServing(false)).isEmpty();
        PerformancePoint p = point(3, 100, 200, 7, 42, 0.61);
        assertThat(HpaMetric.QUEUE_SIZE.valueAt(p)).isEqualTo(7);
        assertThat(HpaMetric.BATCH_SIZE.valueAt(p)).isEqualTo(42);
        assertThat(HpaMetric.KV_CACHE.valueAt(p)).isEqualTo(0.61);
        assertThat(HpaMetric.QUEUE_SIZE.metricName(NAMES)).isEqualTo("waiting");
        assertThat(HpaMetric.BATCH_SIZE.metricName(NAMES)).isEqualTo("running");
        assertThat(HpaMetric.KV_CACHE.metricName(NAMES)).isEqualTo("kv");
        assertThat(HpaMetric.KV_CACHE.label()).isEqualTo("KV-cache usage");
        assertThat(HpaMetric.QUEUE_SIZE.id()).isEqualTo("queue-size");
    }

    @Test
    void initialReplicasRoundTheLoadUpToWholeReplicas() {
        OperatingPoint threeQps = new OperatingPoint(point(3, 300, 600, 2, 20, 0.5), false, OperatingPoint.Limit.KNEE);
        assertThat(Autoscaling.initialReplicas(OptionalDouble.empty(), threeQps)).isEqualTo(1);
        assertThat(Autoscaling.initialReplicas(OptionalDouble.of(10), threeQps)).isEqualTo(4);   // 10/3 = 3.33 -> 4
        assertThat(Autoscaling.initialReplicas(OptionalDouble.of(9), threeQps)).isEqualTo(3);    // exactly 3
        assertThat(Autoscaling.initialReplicas(OptionalDouble.of(9.3), threeQps)).isEqualTo(4);  // 3.1 -> 4
        assertThat(Autoscaling.initialReplicas(OptionalDouble.of(0.5), threeQps)).isEqualTo(1);  // never below 1
        for (double bad : new double[] {0, -2, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> Autoscaling.initialReplicas(OptionalDouble.of(bad), threeQps))
                    .isInstanceOf(KiqException.class).hasMessageContaining("expected QPS");
        }
        OperatingPoint idle = new OperatingPoint(point(0, 0, 0, 0, 0, 0), false, OperatingPoint.Limit.KNEE);
        assertThatThrownBy(() -> Autoscaling.initialReplicas(OptionalDouble.of(1), idle))
                .isInstanceOf(KiqException.class).hasMessageContaining("no requests per second");
    }

    @Test
    void theHpaTargetIsTwentyPercentBelowTheGaugeAndScalesToAtLeastFiveOrTwiceTheStart() {
        OperatingPoint knee = new OperatingPoint(point(5, 500, 1000, 8, 30, 0.7), false, OperatingPoint.Limit.KNEE);
        HpaRecommendation q = Autoscaling.hpa(knee, NAMES, Optional.empty(), 1);
        assertThat(q.metric()).isEqualTo(HpaMetric.QUEUE_SIZE);
        assertThat(q.metricName()).isEqualTo("waiting");
        assertThat(q.valueAtOperatingPoint()).isEqualTo(8);
        assertThat(q.threshold()).isCloseTo(6.4, within(1e-12));     // 8 x 0.8
        assertThat(q.minReplicas()).isEqualTo(1);
        assertThat(q.maxReplicas()).isEqualTo(5);                     // max(5, 2 x 1)
        assertThat(q.rationale()).contains("6.4").contains("8 per pod");
        assertThat(Autoscaling.hpa(knee, NAMES, Optional.empty(), 4).maxReplicas()).isEqualTo(8);   // 2 x 4
        assertThat(Autoscaling.hpa(knee, NAMES, Optional.empty(), 2).maxReplicas()).isEqualTo(5);   // max(5, 4)

        HpaRecommendation kv = Autoscaling.hpa(knee, NAMES, Optional.of(HpaMetric.KV_CACHE), 1);
        assertThat(kv.metric()).isEqualTo(HpaMetric.KV_CACHE);
        assertThat(kv.threshold()).isCloseTo(0.56, within(1e-12));   // 0.7 x 0.8
        assertThat(kv.rationale()).startsWith("You chose KV-cache usage.");
    }

    @Test
    void anEmptyQueueAtTheKneeFallsBackToBatchSizeAndTooSmallGaugesAreRefused() {
        OperatingPoint emptyQueue = new OperatingPoint(point(5, 500, 1000, 0.4, 30, 0.7), false, OperatingPoint.Limit.KNEE);
        HpaRecommendation b = Autoscaling.hpa(emptyQueue, NAMES, Optional.empty(), 1);
        assertThat(b.metric()).isEqualTo(HpaMetric.BATCH_SIZE);
        assertThat(b.threshold()).isCloseTo(24, within(1e-12));      // 30 x 0.8
        assertThat(b.rationale()).contains("queue is nearly empty").contains("0.4 requests");
        // 0.5 waiting requests is the least the queue may carry
        OperatingPoint halfQueue = new OperatingPoint(point(5, 500, 1000, 0.5, 30, 0.7), false, OperatingPoint.Limit.KNEE);
        assertThat(Autoscaling.hpa(halfQueue, NAMES, Optional.empty(), 1).metric()).isEqualTo(HpaMetric.QUEUE_SIZE);

        OperatingPoint byTarget = new OperatingPoint(point(2, 200, 400, 3, 12, 0.3), true, OperatingPoint.Limit.TTFT);
        HpaRecommendation t = Autoscaling.hpa(byTarget, NAMES, Optional.empty(), 1);
        assertThat(t.metric()).isEqualTo(HpaMetric.BATCH_SIZE);
        assertThat(t.rationale()).contains("the TTFT target");

        OperatingPoint tiny = new OperatingPoint(point(0.1, 10, 20, 0, 0.9, 0.04), true, OperatingPoint.Limit.NTPOT);
        assertThatThrownBy(() -> Autoscaling.hpa(tiny, NAMES, Optional.empty(), 1)).isInstanceOf(KiqException.class)
                .hasMessageContaining("batch size").hasMessageContaining("0.9");
        assertThatThrownBy(() -> Autoscaling.hpa(tiny, NAMES, Optional.of(HpaMetric.KV_CACHE), 1))
                .isInstanceOf(KiqException.class).hasMessageContaining("KV-cache usage");
        assertThatThrownBy(() -> Autoscaling.hpa(tiny, NAMES, Optional.of(HpaMetric.QUEUE_SIZE), 1))
                .isInstanceOf(KiqException.class).hasMessageContaining("queue size");
        // exactly at the floors is still accepted
        OperatingPoint floors = new OperatingPoint(point(0.1, 10, 20, 0.5, 1.0, 0.05), true, OperatingPoint.Limit.ITL);
        assertThat(Autoscaling.hpa(floors, NAMES, Optional.empty(), 1).threshold()).isCloseTo(0.8, within(1e-12));
        assertThat(Autoscaling.hpa(floors, NAMES, Optional.of(HpaMetric.KV_CACHE), 1).threshold()).isCloseTo(0.04, within(1e-12));
        assertThat(Autoscaling.hpa(floors, NAMES, Optional.of(HpaMetric.QUEUE_SIZE), 1).threshold()).isCloseTo(0.4, within(1e-12));
    }

    /*
     * An operating point with a throughput 25% higher (how a spread's high end is shown): 2 req/s, 200 output and 400
     * input tok/s become 2.5, 250 and 500; its latencies, queue, batch and KV-cache use, whether it was interpolated and
     * what limits it stay as they were.
     */
    @Test
    void aScaledOperatingPointScalesItsRatesAndNothingElse() {
        OperatingPoint op = new OperatingPoint(new PerformancePoint(2, 200, 400, 30, 100, 25, 1, 8, 0.5), true,
                OperatingPoint.Limit.NTPOT);
        OperatingPoint scaled = op.scaledThroughput(1.25);
        assertThat(scaled.point()).isEqualTo(new PerformancePoint(2.5, 250, 500, 30, 100, 25, 1, 8, 0.5));
        assertThat(scaled.interpolated()).isTrue();
        assertThat(scaled.limitedBy()).isEqualTo(OperatingPoint.Limit.NTPOT);
    }
}
