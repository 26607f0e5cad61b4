package dev.kiq.bench.emulator;

import dev.kiq.catalog.MetricNames;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The emulator's {@code /metrics}: vLLM's gauges, histograms and counters under the names the catalog
 * gives for the emulated version, in Prometheus text format 0.0.4, each sample labelled
 * {@code model_name} as vLLM does. Histogram buckets are vLLM's. Times are in the modeled hardware's
 * seconds (multiplied back by the time scale).
 */
public final class EmulatorMetrics {

    static final double[] TTFT_BUCKETS = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0,
        2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0};
    static final double[] ITL_BUCKETS = {0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5,
        5.0, 7.5, 10.0, 20.0, 40.0, 80.0};
    static final double[] E2E_BUCKETS = {0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0,
        60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0};

    /** A cumulative-bucket histogram, safe to observe from any thread. */
    static final class Histogram {
        final double[] bounds;
        final AtomicLongArray counts;
        final DoubleAdder sum = new DoubleAdder();
        final AtomicLong count = new AtomicLong();

        Histogram(double[] bounds) {
            this.bounds = bounds;
            this.counts = new AtomicLongArray(bounds.length);
        }

        void observe(double v) {
            for (int i = 0; i < bounds.length; i++) {
                if (v <= bounds[i]) {
                    counts.incrementAndGet(i);
                    break;
                }
            }
            sum.add(v);
            count.incrementAndGet();
        }
    }

    private final MetricNames names;
    private final String label;
    private final boolean v0;
    final Histogram ttft = new Histogram(TTFT_BUCKETS);
    final Histogram itl = new Histogram(ITL_BUCKETS);
    final Histogram e2e = new Histogram(E2E_BUCKETS);
    final AtomicLong promptTokens = new AtomicLong();
    final AtomicLong generationTokens = new AtomicLong();
    final AtomicLong success = new AtomicLong();

    public EmulatorMetrics(MetricNames names, String servedModel) {
        this.names = names;
        this.label = "{model_name=\"" + servedModel.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        this.v0 = names.kvCacheUsage().contains("gpu_cache_usage_perc");
    }

    public String render(int waiting, int running, double kvUsage, long preemptions) {
        StringBuilder sb = new StringBuilder(8192);
        gauge(sb, names.batchSize(), "Number of requests in model execution batches.", running);
        gauge(sb, names.queueSize(), "Number of requests waiting to be processed.", waiting);
        if (v0) {
            gauge(sb, "vllm:num_requests_swapped", "Number of requests swapped to CPU.", 0);
        }
        gauge(sb, names.kvCacheUsage(), "KV-cache usage. 1 means 100 percent usage.", kvUsage);
        counter(sb, "vllm:num_preemptions", "Cumulative number of preemption from the engine.", preemptions);
        counter(sb, names.promptTokens(), "Number of prefill tokens processed.", promptTokens.get());
        counter(sb, names.generationTokens(), "Number of generation tokens processed.", generationTokens.get());
        String success = "vllm:request_success_total";
        sb.append("# HELP ").append(success).append(" Count of successfully processed requests.\n");
        sb.append("# TYPE ").append(success).append(" counter\n");
        sb.append(success).append(label, 0, label.length() - 1).append(",finished_reason=\"length\"} ")
                .append(this.success.get()).append(".0\n");
        histogram(sb, names.ttftSeconds(), "Histogram of time to first token in seconds.", ttft);
        histogram(sb, names.itlSeconds(), "Histogram of inter-token latency in seconds.", itl);
        histogram(sb, names.e2eSeconds(), "Histogram of e2e request latency in seconds.", e2e);
        return sb.toString();
    }

    private void gauge(StringBuilder sb, String name, String help, double value) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" gauge\n");
        sb.append(name).append(label).append(' ').append(num(value)).append('\n');
    }

    private void counter(StringBuilder sb, String name, String help, long value) {
        String base = name.endsWith("_total") ? name.substring(0, name.length() - 6) : name;
        sb.append("# HELP ").append(base).append("_total ").append(help).append('\n');
        sb.append("# TYPE ").append(base).append("_total counter\n");
        sb.append(base).append("_total").append(label).append(' ').append(value).append(".0\n");
    }

    private void histogram(StringBuilder sb, String name, String help, Histogram h) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" histogram\n");
        String labelStart = label.substring(0, label.length() - 1);
        long cumulative = 0;
        for (int i = 0; i < h.bounds.length; i++) {
            cumulative += h.counts.get(i);
            sb.append(name).append("_bucket").append(labelStart).append(",le=\"").append(num(h.bounds[i])).append("\"} ")
                    .append(cumulative).append(".0\n");
        }
        long count = h.count.get();
        sb.append(name).append("_bucket").append(labelStart).append(",le=\"+Inf\"} ").append(count).append(".0\n");
        sb.append(name).append("_count").append(label).append(' ').append(count).append(".0\n");
        sb.append(name).append("_sum").append(label).append(' ').append(num(h.sum.sum())).append('\n');
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return Double.toString(v);
    }
}
