package dev.kiq.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A published measurement placed on a latency-throughput chart: its output throughput, the latency
 * the chart shows, and what to say when the pointer rests on it.
 *
 * @param outputTokensPerSecond the point's printed output throughput
 * @param latencyMs             the printed latency of the chart's metric
 * @param statistic             which statistic the latency is (the chart's curve is p50)
 * @param point                 the corpus point
 */
public record ChartMarker(double outputTokensPerSecond, double latencyMs, Figure.Statistic statistic, PublishedPoint point) {

    /** Statistics a marker may show, closest to the chart's p50 first. */
    private static final List<Figure.Statistic> PREFERENCE = List.of(Figure.Statistic.MEDIAN, Figure.Statistic.UNSTATED,
            Figure.Statistic.MEAN);

    /**
     * The published points of one combination that have both an output throughput and a latency
     * of the chart's metric (NTPOT, ITL or TTFT), as markers.
     */
    public static List<ChartMarker> of(PublishedCorpus corpus, String model, String accelerator, int count, String latency) {
        Figure.Metric metric = switch (latency.toUpperCase(Locale.ROOT)) {
            case "NTPOT" -> Figure.Metric.NTPOT;
            case "ITL" -> Figure.Metric.ITL;
            case "TTFT" -> Figure.Metric.TTFT;
            default -> throw new IllegalArgumentException("unknown latency " + latency + "; valid: NTPOT, ITL, TTFT");
        };
        List<ChartMarker> markers = new ArrayList<>();
        for (PublishedPoint p : corpus.pointsFor(model, accelerator, count)) {
            Optional<Double> throughput = p.figure(Figure.Metric.OUTPUT_THROUGHPUT, Figure.Statistic.RATE);
            for (Figure.Statistic statistic : PREFERENCE) {
                Optional<Double> value = p.figure(metric, statistic);
                if (throughput.isPresent() && value.isPresent()) {
                    markers.add(new ChartMarker(throughput.get(), value.get(), statistic, p));
                    break;
                }
            }
        }
        return markers;
    }

    /** The hover text: the figures, the run and the source. */
    public String description() {
        PublishedPoint p = point;
        String stat = switch (statistic) {
            case MEDIAN -> "p50";
            case MEAN -> "mean";
            case UNSTATED -> "statistic not stated";
            default -> statistic.key();
        };
        Arrival a = p.workload().arrival();
        String load = switch (a.kind()) {
            case POISSON -> a.rate().getAsDouble() + " requests/s (Poisson)";
            case CONCURRENCY -> a.concurrency().getAsInt() + " concurrent requests";
            case BURST -> p.workload().prompts().getAsInt() + " requests at once";
            case KNEE -> "knee of a rate sweep";
        };
        return String.format(Locale.ROOT, "Published: %.0f output tok/s, %.1f ms (%s)%n%s, vLLM %s (%s), %s%n%s%nSource: %s — %s%n%s",
                outputTokensPerSecond, latencyMs, stat, p.workload().dataset(), p.server().version(), p.server().engine(), load,
                p.reading() == PublishedPoint.Reading.PRINTED ? "printed in the source" : "read off a figure",
                p.source().publisher(), p.source().title(), p.source().location());
    }
}
