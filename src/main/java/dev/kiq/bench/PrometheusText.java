package dev.kiq.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * One scrape of a Prometheus text exposition (format 0.0.4): the samples, by metric name. Parsing is
 * strict enough to tell a metrics page from an HTML error page or JSON, lenient about what it does not
 * need (timestamps, HELP text, unknown TYPEs).
 */
public final class PrometheusText {

    /** One sample line: {@code name{labels} value}. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    /** Thrown when a body is not Prometheus text; the message names the line. */
    public static final class NotPrometheusException extends Exception {
        public NotPrometheusException(String message) {
            super(message);
        }
    }

    private final Map<String, List<Sample>> byName;

    private PrometheusText(Map<String, List<Sample>> byName) {
        this.byName = byName;
    }

    public static PrometheusText parse(String body) throws NotPrometheusException {
        Map<String, List<Sample>> byName = new LinkedHashMap<>();
        String[] lines = body.split("\n", -1);
        int samples = 0;
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Sample s = parseLine(line, n + 1);
            byName.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s);
            samples++;
        }
        if (samples == 0 && !body.isBlank() && !body.strip().startsWith("#")) {
            throw new NotPrometheusException("no metric samples in the response");
        }
        return new PrometheusText(byName);
    }

    private static Sample parseLine(String line, int lineNo) throws NotPrometheusException {
        int i = 0;
        while (i < line.length() && isNameChar(line.charAt(i), i == 0)) {
            i++;
        }
        if (i == 0) {
            throw new NotPrometheusException("line " + lineNo + " does not start with a metric name: " + abbreviate(line));
        }
        String name = line.substring(0, i);
        Map<String, String> labels = Map.of();
        if (i < line.length() && line.charAt(i) == '{') {
            labels = new TreeMap<>();
            i++;
            while (true) {
                while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == ',')) {
                    i++;
                }
                if (i < line.length() && line.charAt(i) == '}') {
                    i++;
                    break;
                }
                int start = i;
                while (i < line.length() && isNameChar(line.charAt(i), i == start)) {
                    i++;
                }
                if (i == start || i + 1 >= line.length() || line.charAt(i) != '=' || line.charAt(i + 1) != '"') {
                    throw new NotPrometheusException("line " + lineNo + " has a malformed label set: " + abbreviate(line));
                }
                String label = line.substring(start, i);
                i += 2;
                StringBuilder value = new StringBuilder();
                while (i < line.length() && line.charAt(i) != '"') {
                    char c = line.charAt(i);
                    if (c == '\\' && i + 1 < line.length()) {
                        char e = line.charAt(++i);
                        value.append(e == 'n' ? '\n' : e);
                    } else {
                        value.append(c);
                    }
                    i++;
                }
                if (i >= line.length()) {
                    throw new NotPrometheusException("line " + lineNo + " has an unterminated label value: " + abbreviate(line));
                }
                i++;
                labels.put(label, value.toString());
            }
            labels = Collections.unmodifiableMap(labels);
        }
        String rest = line.substring(i).strip();
        int space = rest.indexOf(' ');
        String number = space < 0 ? rest : rest.substring(0, space);
        try {
            return new Sample(name, labels, parseValue(number));
        } catch (NumberFormatException e) {
            throw new NotPrometheusException("line " + lineNo + " has no numeric value: " + abbreviate(line));
        }
    }

    private static double parseValue(String s) {
        return switch (s) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    private static boolean isNameChar(char c, boolean first) {
        return c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }

    /** How many samples the page has (every series of every metric). */
    public int size() {
        return byName.values().stream().mapToInt(List::size).sum();
    }

    public List<Sample> samples(String name) {
        return byName.getOrDefault(name, List.of());
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /** Sum over every series of a gauge or counter (e.g. requests running across engines). */
    public OptionalDouble sum(String name) {
        List<Sample> s = samples(name);
        return s.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(s.stream().mapToDouble(Sample::value).sum());
    }

    /** Mean over every series (e.g. KV-cache usage fraction across engines). */
    public OptionalDouble mean(String name) {
        return samples(name).stream().mapToDouble(Sample::value).average();
    }

    /** The first of {@code names} present, summed (servers renamed metrics across versions). */
    public Optional<String> firstPresent(List<String> names) {
        return names.stream().filter(this::has).findFirst();
    }

    /**
     * The cumulative bucket counts of histogram {@code name}, summed over series, keyed by upper bound
     * ({@code le}); empty when the histogram is absent.
     */
    public TreeMap<Double, Double> buckets(String name) {
        TreeMap<Double, Double> out = new TreeMap<>();
        for (Sample s : samples(name + "_bucket")) {
            String le = s.labels().get("le");
            if (le != null) {
                out.merge(parseValue(le), s.value(), Double::sum);
            }
        }
        return out;
    }

    /**
     * The {@code q} quantile of the observations a histogram gained between two scrapes, interpolated
     * linearly inside the bucket as Prometheus' {@code histogram_quantile} does.
     */
    public static OptionalDouble quantileBetween(TreeMap<Double, Double> before, TreeMap<Double, Double> after, double q) {
        TreeMap<Double, Double> delta = new TreeMap<>();
        after.forEach((le, count) -> delta.put(le, count - before.getOrDefault(le, 0.0)));
        if (delta.isEmpty()) {
            return OptionalDouble.empty();
        }
        double total = delta.lastEntry().getValue();
        if (total <= 0) {
            return OptionalDouble.empty();
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> e : delta.entrySet()) {
            if (e.getValue() >= rank) {
                if (e.getKey().isInfinite()) {
                    return OptionalDouble.of(lowerBound);
                }
                double inBucket = e.getValue() - lowerCount;
                double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
                return OptionalDouble.of(lowerBound + (e.getKey() - lowerBound) * fraction);
            }
            lowerBound = e.getKey();
            lowerCount = e.getValue();
        }
        return OptionalDouble.of(lowerBound);
    }
}
