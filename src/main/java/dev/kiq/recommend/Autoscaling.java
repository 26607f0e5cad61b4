package dev.kiq.recommend;

import dev.kiq.KiqException;
import dev.kiq.catalog.MetricNames;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/** HPA metric and threshold at an operating point, and the replica count for an expected load (SPEC §2). */
public final class Autoscaling {

    /**
     * The threshold sits this fraction below the gauge's value at the operating point. The HPA acts only
     * once the average exceeds its target by its default 10% tolerance, and a new replica of an LLM server
     * takes minutes to serve (node provisioning, image pull, model load) while load keeps rising; starting
     * 20% early covers the tolerance plus about 10% of load growth during that delay.
     */
    public static final double SCALE_UP_BUFFER = 0.20;

    /** Below this many waiting requests per pod the queue carries no usable signal (it is empty before the knee). */
    static final double MIN_QUEUE_SIGNAL = 0.5;
    /** Below this many running requests per pod a batch-size target would scale on a single request. */
    static final double MIN_BATCH_SIGNAL = 1.0;
    /** Below this KV-cache usage the gauge barely moves with load. */
    static final double MIN_KV_SIGNAL = 0.05;

    private static final int MIN_MAX_REPLICAS = 5;

    private Autoscaling() {
    }

    /**
     * @param requested the metric the user asked for; empty picks queue size at the knee (throughput)
     *                  and batch size when a latency target limits the operating point (latency-sensitive)
     */
    public static HpaRecommendation hpa(OperatingPoint operatingPoint, MetricNames names,
            Optional<HpaMetric> requested, int initialReplicas) {
        String why;
        HpaMetric metric;
        if (requested.isPresent()) {
            metric = requested.get();
            why = "You chose " + metric.label() + ".";
        } else if (operatingPoint.atCurveEnd()) {
            metric = HpaMetric.QUEUE_SIZE;
            why = "Queue size is the default for throughput-oriented serving at "
                    + (operatingPoint.atKnee() ? "the knee." : "the highest rate measured (the curve has no knee).");
            if (metric.valueAt(operatingPoint.point()) < MIN_QUEUE_SIGNAL) {
                metric = HpaMetric.BATCH_SIZE;
                why = "Batch size, not queue size: the queue is nearly empty at the operating point ("
                        + Format.figure(operatingPoint.point().queueSize()) + " requests), so it could not signal load.";
            }
        } else {
            metric = HpaMetric.BATCH_SIZE;
            why = "Batch size, because " + operatingPoint.limitedBy().description()
                    + " bounds the operating point (latency-sensitive serving): running requests grow with load well"
                    + " before a queue forms.";
        }
        double value = metric.valueAt(operatingPoint.point());
        double floor = switch (metric) {
            case QUEUE_SIZE -> MIN_QUEUE_SIGNAL;
            case BATCH_SIZE -> MIN_BATCH_SIGNAL;
            case KV_CACHE -> MIN_KV_SIGNAL;
        };
        if (value < floor) {
            throw new KiqException(String.format(Locale.ROOT,
                    "the %s at the operating point is %s, too small to autoscale on; choose another HPA metric"
                            + " (queue-size, batch-size or kv-cache).", metric.label(), Format.figure(value)));
        }
        double threshold = value * (1 - SCALE_UP_BUFFER);
        int maxReplicas = Math.max(MIN_MAX_REPLICAS, 2 * initialReplicas);
        String rationale = why + String.format(Locale.ROOT,
                " Its value at the operating point is %s per pod; the target is %d%% lower (%s) because the HPA waits"
                        + " for its 10%% tolerance to be exceeded and a new replica needs minutes to load the model,"
                        + " while load keeps rising.",
                Format.figure(value), Math.round(SCALE_UP_BUFFER * 100), Format.figure(threshold));
        return new HpaRecommendation(metric, metric.metricName(names), threshold, value, SCALE_UP_BUFFER,
                1, maxReplicas, why, rationale);
    }

    /** ceil(expected QPS / QPS of one replica at the operating point), or 1 without an expected QPS. */
    public static int initialReplicas(OptionalDouble expectedQps, OperatingPoint operatingPoint) {
        if (expectedQps.isEmpty()) {
            return 1;
        }
        double qps = expectedQps.getAsDouble();
        if (!(qps > 0 && Double.isFinite(qps))) {
            throw new KiqException("expected QPS must be a positive number, got " + Format.number(qps) + ".");
        }
        double perReplica = operatingPoint.point().queriesPerSecond();
        if (perReplica <= 0) {
            throw new KiqException("the operating point serves no requests per second, so no replica count fits "
                    + Format.number(qps) + " QPS.");
        }
        double replicas = Math.max(1, Math.ceil(qps / perReplica - 1e-9));
        if (replicas > MAX_INITIAL_REPLICAS) {
            throw new KiqException("expected QPS " + Format.number(qps) + " needs " + Format.number(replicas)
                    + " replicas at " + Format.number(perReplica) + " QPS each; kiq starts at most " + MAX_INITIAL_REPLICAS
                    + " replicas, so give an expected QPS of at most " + Format.number(MAX_INITIAL_REPLICAS * perReplica) + ".");
        }
        return (int) replicas;
    }

    /** More replicas than a large GKE cluster's GPUs; a higher count is a typo, not a plan. */
    public static final int MAX_INITIAL_REPLICAS = 1000;
}
