package dev.kiq.corpus;

import dev.kiq.profile.Profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A published measurement placed on a latency-throughput chart: its output throughput, the latency
 * the chart shows, how it matches the curve ({@link PointMatch}) and what to say when the pointer
 * rests on it.
 *
 * @param outputTokensPerSecond the point's printed output throughput
 * @param latencyMs             the printed latency of the chart's metric
 * @param statistic             which statistic the latency is (the chart's curve is p50)
 * @param match                 the corpus point and how it matches the curve (comparable or near)
 */
public record ChartMarker(double outputTokensPerSecond, double latencyMs, Figure.Statistic statistic, PointMatch match) {

    /** Statistics a marker may show, closest to the chart's p50 first. */
    private static final List<Figure.Statistic> PREFERENCE = List.of(Figure.Statistic.MEDIAN, Figure.Statistic.UNSTATED,
            Figure.Statistic.MEAN);

    /**
     * The published points of a profile's combination that {@link PointMatch} does not hide and that
     * have both an output throughput and a latency of the chart's metric (NTPOT, ITL or TTFT), as markers.
     */
    public static List<ChartMarker> of(PublishedCorpus corpus, Profile profile, String latency) {
        Figure.Metric metric = switch (latency.toUpperCase(Locale.ROOT)) {
            case "NTPOT" -> Figure.Metric.NTPOT;
            case "ITL" -> Figure.Metric.ITL;
            case "TTFT" -> Figure.Metric.TTFT;
            default -> throw new IllegalArgumentException("unknown latency " + latency + "; valid: NTPOT, ITL, TTFT");
        };
        List<ChartMarker> markers = new ArrayList<>();
        for (PointMatch match : PointMatch.forProfile(corpus, profile)) {
            if (match.kind() == PointMatch.Kind.HIDDEN) {
                continue;
            }
            PublishedPoint p = match.point();
            Optional<Double> throughput = p.figure(Figure.Metric.OUTPUT_THROUGHPUT, Figure.Statistic.RATE);
            for (Figure.Statistic statistic : PREFERENCE) {
                Optional<Double> value = p.figure(metric, statistic);
                if (throughput.isPresent() && value.isPresent()) {
                    markers.add(new ChartMarker(throughput.get(), value.get(), statistic, match));
                    break;
                }
            }
        }
        return markers;
    }

    /** The corpus point. */
    public PublishedPoint point() {
        return match.point();
    }

    /** Whether it measured what the curve models (else a near match, drawn apart). */
    public boolean comparable() {
        return match.kind() == PointMatch.Kind.COMPARABLE;
    }

    /**
     * The hover text: the figures, the run, how it matches the curve, and the source. The point's throughput and latency
     * are written by the caller's formats, so that a hover beside the chart's other figures writes its numbers the same
     * way (the wizard's published hover said "3357 output tok/s" over the operating point's "Output tok/s: 3,357").
     *
     * @param perSecond writes the output throughput, without its unit
     * @param ms        writes the latency, with its unit
     */
    public String description(java.util.function.DoubleFunction<String> perSecond, java.util.function.DoubleFunction<String> ms) {
        PublishedPoint p = point();
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
        String text = String.format(Locale.ROOT, "Published: %s output tok/s, %s (%s)%n%s, vLLM %s (%s), %s%n%s%n%s%nSource: %s — %s%n%s",
                perSecond.apply(outputTokensPerSecond), ms.apply(latencyMs), stat, p.workload().dataset(), p.server().version(), p.server().engine(), load,
                match.summary(),
                p.reading() == PublishedPoint.Reading.PRINTED ? "Printed in the source." : "Read off a figure in the source.",
                p.source().publisher(), p.source().title(), p.source().location());
        // a hover is one line per line: long source titles and lists of differences ran off a 1024-pixel window
        return text.lines().map(ChartMarker::wrap).collect(java.util.stream.Collectors.joining("\n"));
    }

    /** Hover lines are broken between words at about this many characters. */
    static final int HOVER_WIDTH = 90;

    static String wrap(String line) {
        StringBuilder out = new StringBuilder();
        int lineStart = 0;
        for (String word : pieces(line)) {
            if (out.length() > lineStart && out.length() - lineStart + 1 + word.length() > HOVER_WIDTH) {
                out.append('\n');
                lineStart = out.length();
            } else if (out.length() > lineStart) {
                out.append(' ');
            }
            out.append(word);
        }
        return out.toString();
    }

    /**
     * The words of a line, a word longer than a hover line cut after a {@code /}, {@code :} or {@code @} (a source's
     * "repository:path@commit" is one word of about 115 characters: unbroken it ran off a 1440-pixel screen, its
     * commit cut, Xvfb walk with Llama-3.3-70B on 8x TPU v6e), else at the width. Each piece is a word of its own.
     */
    private static List<String> pieces(String line) {
        List<String> words = new java.util.ArrayList<>();
        for (String word : line.split(" ")) {
            while (word.length() > HOVER_WIDTH) {
                int cut = HOVER_WIDTH;
                for (int i = HOVER_WIDTH - 1; i > 0; i--) {
                    if ("/:@".indexOf(word.charAt(i)) >= 0) {
                        cut = i + 1;
                        break;
                    }
                }
                words.add(word.substring(0, cut));
                word = word.substring(cut);
            }
            words.add(word);
        }
        return words;
    }
}
