package dev.kiq.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Plain-text summaries of measured rates, for the CLI and logs. */
public final class BenchReport {

    private BenchReport() {
    }

    public static String header() {
        return String.format(Locale.ROOT, "%9s %9s %6s %6s %10s %10s %9s %9s %9s %8s %7s %6s %5s",
                "rate/s", "achieved", "ok", "failed", "out tok/s", "in tok/s", "TTFT p50", "ITL p50", "NTPOT p50",
                "NTPOT p99", "queue", "batch", "KV");
    }

    public static String row(RateResult r) {
        return String.format(Locale.ROOT, "%9.3g %9.3g %6d %6d %10.1f %10.1f %9.1f %9.2f %9.2f %8.1f %7s %6s %5s",
                r.offeredRate(), r.achievedRate(), r.succeeded(), r.failed(), r.outputTokensPerSecond(),
                r.inputTokensPerSecond(), r.ttft().p50(), r.itl().p50(), r.ntpot().p50(), r.ntpot().p99(),
                gauge(r.server().queueSize(), "%.1f"), gauge(r.server().batchSize(), "%.1f"), gauge(r.server().kvCacheUsage(), "%.2f"));
    }

    /** One line per fault kind and per metrics-scrape problem; empty when the rate was clean. */
    public static List<String> problems(RateResult r) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<Fault, Integer> e : r.faults().entrySet()) {
            lines.add(String.format(Locale.ROOT, "  %s req/s: %d x %s, e.g. %s", fmt(r.offeredRate()), e.getValue(),
                    e.getKey().description(), r.faultExamples().getOrDefault(e.getKey(), "")));
        }
        ServerMetrics s = r.server();
        if (s.failures() > 0) {
            lines.add(String.format(Locale.ROOT, "  %s req/s: %d of %d metrics scrapes failed %s, e.g. %s", fmt(r.offeredRate()),
                    s.failures(), s.failures() + s.scrapes(), s.failedScrapes(), s.failureDetail()));
        }
        return lines;
    }

    private static String gauge(java.util.OptionalDouble v, String format) {
        return v.isPresent() ? String.format(Locale.ROOT, format, v.getAsDouble()) : "-";
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
