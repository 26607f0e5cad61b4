package dev.kiq.recommend;

import dev.kiq.catalog.MetricNames;
import dev.kiq.profile.PerformancePoint;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** The model-server gauges an HPA can scale on; names come from the catalog's entry for the server version. */
public enum HpaMetric {
    /** Requests waiting: rises once the server is saturated; the signal for throughput-oriented serving. */
    QUEUE_SIZE("queue-size", "queue size", MetricNames::queueSize, PerformancePoint::queueSize),
    /** Requests running: grows with load before saturation; the signal for latency-sensitive serving. */
    BATCH_SIZE("batch-size", "batch size", MetricNames::batchSize, PerformancePoint::batchSize),
    /** KV-cache usage 0–1: memory pressure, an alternative latency-sensitive signal. */
    KV_CACHE("kv-cache", "KV-cache usage", MetricNames::kvCacheUsage, PerformancePoint::kvCacheUsage);

    private final String id;
    private final String label;
    private final Function<MetricNames, String> name;
    private final ToDoubleFunction<PerformancePoint> value;

    HpaMetric(String id, String label, Function<MetricNames, String> name, ToDoubleFunction<PerformancePoint> value) {
        this.id = id;
        this.label = label;
        this.name = name;
        this.value = value;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    /** The Prometheus name of this gauge for one server version, e.g. {@code vllm:num_requests_waiting}. */
    public String metricName(MetricNames names) {
        return name.apply(names);
    }

    public double valueAt(PerformancePoint point) {
        return value.applyAsDouble(point);
    }

    /** What {@link Autoscaling#hpa} scales on when no metric is asked for, in words: the one description of its rule. */
    public static final String CHOSEN_WITHOUT_REQUEST = "queue size at the knee, batch size when a latency target bounds the"
            + " operating point";

    /**
     * The gauge a kind of serving asks for (SPEC §2): latency-sensitive serving scales on batch size;
     * otherwise empty, and {@link Autoscaling#hpa} chooses.
     */
    public static Optional<HpaMetric> forServing(boolean latencySensitive) {
        return latencySensitive ? Optional.of(BATCH_SIZE) : Optional.empty();
    }

    public static Optional<HpaMetric> byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }
}
