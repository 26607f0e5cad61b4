package dev.kiq.corpus;

import java.util.Locale;

/**
 * One number a source printed or plotted, with the statistic it names.
 *
 * @param metric    what was measured
 * @param statistic which statistic of it ({@link Statistic#RATE} for the throughputs, which are
 *                  whole-run totals divided by the run's duration)
 * @param value     in the metric's unit (ms for latencies, per second for throughputs)
 */
public record Figure(Metric metric, Statistic statistic, double value) {

    /** The measured quantities, with the field name a corpus file uses for each. */
    public enum Metric {
        REQUEST_THROUGHPUT("requestsPerSecond", true),
        OUTPUT_THROUGHPUT("outputTokensPerSecond", true),
        TOTAL_THROUGHPUT("totalTokensPerSecond", true),
        TTFT("ttftMs", false),
        TPOT("tpotMs", false),
        ITL("itlMs", false),
        NTPOT("ntpotMs", false),
        E2E_LATENCY("e2eLatencyMs", false);

        private final String field;
        private final boolean throughput;

        Metric(String field, boolean throughput) {
            this.field = field;
            this.throughput = throughput;
        }

        /** The field name in a corpus file, e.g. {@code ttftMs}. */
        public String field() {
            return field;
        }

        /** A rate over the whole run (one number), rather than a latency with statistics. */
        public boolean isThroughput() {
            return throughput;
        }
    }

    /** The statistic a source names for a figure. */
    public enum Statistic {
        /** A throughput: the run's total divided by its duration. */
        RATE,
        MEAN,
        MEDIAN,
        P90,
        P99,
        /** The source gives the number without naming its statistic (read it as a median). */
        UNSTATED;

        /** The key in a corpus file, e.g. {@code p90}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
