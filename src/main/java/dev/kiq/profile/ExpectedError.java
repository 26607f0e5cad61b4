package dev.kiq.profile;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.stream.DoubleStream;

/**
 * The model's expected error per metric, as fractions (0.12 = 12%): the median absolute
 * leave-one-source-out cross-validated error of the profile's accelerator family
 * ({@link ModelAccuracy}). Empty where no error is known.
 */
public record ExpectedError(OptionalDouble throughput, OptionalDouble ntpot, OptionalDouble tpot, OptionalDouble ttft) {

    /** The metric names, as written in profiles and in {@code accuracy.yaml}. */
    public static final List<String> METRICS = List.of("throughput", "ntpot", "tpot", "ttft");

    public static final ExpectedError NONE = new ExpectedError(OptionalDouble.empty(), OptionalDouble.empty(),
            OptionalDouble.empty(), OptionalDouble.empty());

    public ExpectedError {
        for (OptionalDouble value : List.of(throughput, ntpot, tpot, ttft)) {
            if (value.isPresent() && (!(value.getAsDouble() >= 0) || Double.isInfinite(value.getAsDouble()))) {
                throw new IllegalArgumentException("an expected error is a fraction of at least 0: " + value.getAsDouble());
            }
        }
    }

    /** The value of a metric by its name in {@link #METRICS}. */
    public OptionalDouble of(String metric) {
        return switch (metric) {
            case "throughput" -> throughput;
            case "ntpot" -> ntpot;
            case "tpot" -> tpot;
            case "ttft" -> ttft;
            default -> throw new IllegalArgumentException("unknown metric " + metric + "; valid: " + METRICS);
        };
    }

    /**
     * The error of a latency read off the curve, by the chart's latency name: NTPOT's own, the
     * TPOT error for ITL (the cross-validation scores TPOT and ITL together), TTFT's own.
     */
    public OptionalDouble forLatency(String latency) {
        return switch (latency.toUpperCase(Locale.ROOT)) {
            case "NTPOT" -> ntpot;
            case "ITL", "TPOT" -> tpot;
            case "TTFT" -> ttft;
            default -> throw new IllegalArgumentException("unknown latency " + latency + "; valid: NTPOT, ITL, TPOT, TTFT");
        };
    }

    /**
     * The errors a chart's band of {@code latency} (its name as in {@link #forLatency}) against throughput needs: the
     * throughput error across and the latency's own error up and down ({@link ErrorBand}). Empty unless both are known:
     * a band of the latency's error alone claims the throughput is exact.
     */
    public java.util.Optional<ErrorBand.Errors> band(String latency) {
        OptionalDouble across = throughput;
        OptionalDouble upDown = forLatency(latency);
        return across.isPresent() && upDown.isPresent()
                ? java.util.Optional.of(new ErrorBand.Errors(across.getAsDouble(), upDown.getAsDouble()))
                : java.util.Optional.empty();
    }

    /**
     * Whether both give the same metrics the same errors, as far as a profile file keeps them ({@link ProfileWriter#DECIMALS}
     * decimals): an error read back from a profile file is the same as the accuracy file's it was copied from.
     */
    public boolean sameAs(ExpectedError other) {
        double half = 0.5 * Math.pow(10, -ProfileWriter.DECIMALS);
        for (String metric : METRICS) {
            OptionalDouble a = of(metric);
            OptionalDouble b = other.of(metric);
            if (a.isPresent() != b.isPresent() || (a.isPresent() && Math.abs(a.getAsDouble() - b.getAsDouble()) > half)) {
                return false;
            }
        }
        return true;
    }

    public boolean isEmpty() {
        return throughput.isEmpty() && ntpot.isEmpty() && tpot.isEmpty() && ttft.isEmpty();
    }

    /**
     * The error of the curve a user reads off a chart or table: the larger of the throughput and
     * NTPOT errors (the two axes of the latency-throughput curve), if either is known. With only one
     * of them known ({@link #curveKnown()} false) it is a lower bound: the other may be larger.
     */
    public OptionalDouble curve() {
        return DoubleStream.concat(throughput.stream(), ntpot.stream()).max();
    }

    /** Whether both errors {@link #curve()} is the larger of are known, so that it is the curve's error and not a lower bound. */
    public boolean curveKnown() {
        return throughput.isPresent() && ntpot.isPresent();
    }

    /**
     * Each metric's error, such as {@code throughput ±34%, NTPOT not known, TPOT/ITL not known, TTFT ±25%}: what a
     * single curve figure ({@link #curve()}) is the larger of, and what a chart's band for one latency shows. A
     * metric without a figure is named as not known, so that a short list never reads as the whole of it.
     */
    public String perMetric() {
        List<String> parts = new java.util.ArrayList<>();
        List<String> names = List.of("throughput", "NTPOT", "TPOT/ITL", "TTFT");
        List<OptionalDouble> values = List.of(throughput, ntpot, tpot, ttft);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            parts.add(values.get(i).stream().mapToObj(e -> name + " " + percent(e)).findFirst().orElse(name + " not known"));
        }
        return String.join(", ", parts);
    }

    /** A percentage such as {@code ±12%}, rounded to whole percent. */
    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "±%d%%", Math.round(fraction * 100));
    }
}
