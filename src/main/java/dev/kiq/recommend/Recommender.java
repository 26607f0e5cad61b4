package dev.kiq.recommend;

import dev.kiq.KiqException;
import dev.kiq.profile.KneeDetector;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Finds the ideal region and operating point of one profile for a set of targets (SPEC §2).
 *
 * <p>The ideal region holds the points at or before the knee that meet every latency target; the
 * operating point is its highest-throughput end, interpolated linearly between the last measured
 * point that meets the targets and the first that does not. A cost target bounds the region from
 * below (cost per token falls as load rises) and is met when the operating point meets it. A
 * latency target below the lowest latency the curve reaches gives no recommendation; one at or
 * above the knee's latency gives the knee.
 */
public final class Recommender {

    /** Where a profile's curve has its knee, as an index into its performance points; empty without a knee. */
    private interface KneeFinder {
        Optional<Integer> kneeIndex(Profile profile);
    }

    private final KneeFinder kneeFinder;

    /** @param kneeIndex where a profile's curve saturates, as an index into its performance points (always a knee) */
    public Recommender(Function<Profile, Integer> kneeIndex) {
        this.kneeFinder = profile -> Optional.of(kneeIndex.apply(profile));
    }

    private Recommender(KneeFinder kneeFinder) {
        this.kneeFinder = kneeFinder;
    }

    /**
     * The recommender kiq uses: the knee of NTPOT against output throughput by {@link KneeDetector}
     * (the first point on the throughput plateau). A curve without one (fewer than three points, or no plateau reached,
     * or one from its first rate) has no knee: its usable part ends at its
     * highest-throughput point, which is said to be the highest rate measured, not a knee ({@link CurveEnd}).
     */
    public static Recommender standard() {
        return new Recommender((KneeFinder) profile -> KneeDetector.kneeIndex(profile.performanceStats(),
                PerformancePoint::ntpotMilliseconds));
    }

    private static int highestThroughput(List<PerformancePoint> points) {
        int best = 0;
        for (int i = 1; i < points.size(); i++) {
            if (points.get(i).outputTokensPerSecond() > points.get(best).outputTokensPerSecond()) {
                best = i;
            }
        }
        return best;
    }

    /** The knee of a profile's curve; empty when it has none ({@link #end}). */
    public Optional<PerformancePoint> knee(Profile profile) {
        return end(profile).knee();
    }

    /** Where the usable part of a profile's curve ends: its knee, or its highest-throughput point when it has none. */
    public CurveEnd end(Profile profile) {
        return new CurveEnd(profile.performanceStats().get(endIndexOf(profile)), noKnee(profile));
    }

    private Optional<String> noKnee(Profile profile) {
        return kneeFinder.kneeIndex(profile).isPresent() ? Optional.empty()
                : Optional.of(KneeDetector.whyNoKnee(profile.performanceStats())
                        .orElse("no knee: the curve reaches no throughput plateau"));
    }

    private int endIndexOf(Profile profile) {
        List<PerformancePoint> points = profile.performanceStats();
        if (points.isEmpty()) {
            throw new KiqException("profile " + describe(profile) + " has no performance points.");
        }
        int index = kneeFinder.kneeIndex(profile).orElseGet(() -> highestThroughput(points));
        return Math.max(0, Math.min(index, points.size() - 1));
    }

    public Recommendation recommend(Profile profile, Targets targets, Optional<CostModel> cost) {
        return recommend(profile, targets, cost, true);
    }

    private Recommendation recommend(Profile profile, Targets targets, Optional<CostModel> cost, boolean withSpread) {
        List<PerformancePoint> points = profile.performanceStats();
        int knee = endIndexOf(profile);
        CurveEnd end = new CurveEnd(points.get(knee), noKnee(profile));
        PerformancePoint kneePoint = end.point();
        List<PerformancePoint> usable = points.subList(0, knee + 1);

        List<LatencyMetric> constrained = new ArrayList<>();
        for (LatencyMetric metric : LatencyMetric.values()) {
            OptionalDouble target = metric.target.apply(targets);
            if (target.isEmpty()) {
                continue;
            }
            double min = usable.stream().mapToDouble(metric.value).min().orElseThrow();
            if (target.getAsDouble() < min) {
                double atKnee = metric.value.applyAsDouble(kneePoint);
                return new Recommendation.Unachievable(profile, end, String.format(java.util.Locale.ROOT,
                        "target %s %s ms is below the minimum %s ms that %s reaches; choose a target between %s and %s ms"
                                + " (%s ms or more gives maximum throughput).",
                        metric.label, Format.number(target.getAsDouble()), Format.oneDecimal(min), describe(profile),
                        Format.oneDecimal(min), Format.oneDecimal(atKnee), Format.oneDecimal(atKnee)));
            }
            constrained.add(metric);
        }

        int last = -1;
        List<PerformancePoint> meeting = new ArrayList<>();
        for (int i = 0; i < usable.size(); i++) {
            if (meets(usable.get(i), constrained, targets)) {
                last = i;
                meeting.add(usable.get(i));
            }
        }
        if (last < 0) {
            return new Recommendation.Unachievable(profile, end, "no point of " + describe(profile)
                    + " meets all the latency targets together (" + describeTargets(constrained, targets)
                    + "); relax one of them.");
        }
        OperatingPoint operating = operatingPoint(usable, last, constrained, targets, end);

        List<PerformancePoint> region = new ArrayList<>(meeting);
        if (targets.hasCostTarget()) {
            if (cost.isEmpty()) {
                return new Recommendation.Unachievable(profile, end, "no price is known for "
                        + profile.instanceType() + " under the chosen pricing model, so " + describe(profile)
                        + " cannot be checked against a cost target.");
            }
            Optional<String> tooCheap = costShortfall(profile, operating, targets, cost.get());
            if (tooCheap.isPresent()) {
                return new Recommendation.Unachievable(profile, end, tooCheap.get());
            }
            // the start (a measured point, the operating point, or between two of them), then the measured points above it
            PerformancePoint start = cheapEnoughStart(meeting, operating.point(), targets, cost.get());
            region = new ArrayList<>(List.of(start));
            for (PerformancePoint p : meeting) {
                if (p.outputTokensPerSecond() > start.outputTokensPerSecond()) {
                    region.add(p);
                }
            }
        }
        PerformancePoint start = region.get(0);
        if (operating.interpolated() && operating.point() != start) {
            region.add(operating.point());
        }
        return new Recommendation.Achievable(profile, end,
                new IdealRegion(start, operating.point(), region), operating, cost,
                withSpread ? spread(profile, targets, operating) : Optional.empty());
    }

    /**
     * How far the true throughput at {@code operating} may be from the modeled one ({@link ThroughputSpread}): the
     * throughput error, and under latency targets the operating points of the same curve if every constrained latency
     * were its error higher or lower. Empty for a measured profile and where the throughput error is not known.
     */
    private Optional<ThroughputSpread> spread(Profile profile, Targets targets, OperatingPoint operating) {
        dev.kiq.profile.Provenance provenance = profile.provenance();
        OptionalDouble throughputError = throughputError(profile);
        double x = operating.point().outputTokensPerSecond();
        if (throughputError.isEmpty() || !(x > 0)) {
            return Optional.empty();
        }
        double ex = throughputError.getAsDouble();
        boolean lowerBound = provenance.errorIsLowerBound();
        if (!targets.hasLatencyTarget()) {
            return Optional.of(new ThroughputSpread(Math.min(1, ex), ex, lowerBound));
        }
        Targets slow = Targets.none();
        Targets fast = Targets.none();
        for (LatencyMetric metric : LatencyMetric.values()) {
            OptionalDouble target = metric.target.apply(targets);
            if (target.isEmpty()) {
                continue;
            }
            OptionalDouble error = provenance.expectedError().forLatency(metric.label);
            lowerBound |= error.isEmpty();
            double e = error.orElse(0);
            slow = metric.with.apply(slow, OptionalDouble.of(target.getAsDouble() / (1 + e)));
            // a latency that may be 100% or more lower than modeled does not bind at all
            fast = e >= 1 ? fast : metric.with.apply(fast, OptionalDouble.of(target.getAsDouble() / (1 - e)));
        }
        double low = recommend(profile, slow, Optional.empty(), false) instanceof Recommendation.Achievable a
                ? a.operatingPoint().point().outputTokensPerSecond() * (1 - ex) / x : 0;
        double high = recommend(profile, fast, Optional.empty(), false) instanceof Recommendation.Achievable a
                ? a.operatingPoint().point().outputTokensPerSecond() * (1 + ex) / x : 1 + ex;
        return Optional.of(new ThroughputSpread(Math.max(0, Math.min(1, 1 - low)), Math.max(0, high - 1), lowerBound));
    }

    /**
     * The lowest p50 of each latency the targets constrain that the profile reaches at or before its knee
     * (a target below it cannot be met), keyed NTPOT, TTFT, ITL.
     */
    public java.util.Map<String, Double> lowestReachable(Profile profile, Targets targets) {
        List<PerformancePoint> usable = profile.performanceStats().subList(0, endIndexOf(profile) + 1);
        java.util.Map<String, Double> lowest = new java.util.LinkedHashMap<>();
        for (LatencyMetric metric : LatencyMetric.values()) {
            if (metric.target.apply(targets).isPresent()) {
                lowest.put(metric.label, usable.stream().mapToDouble(metric.value).min().orElseThrow());
            }
        }
        return lowest;
    }

    /**
     * For a latency target below every profile's reach: the lowest value any profile reaches and on which profile
     * (not one profile's range); empty when no latency target alone is out of reach.
     */
    public Optional<String> noneMeets(List<Profile> profiles, Targets targets) {
        for (LatencyMetric metric : LatencyMetric.values()) {
            OptionalDouble target = metric.target.apply(targets);
            if (target.isEmpty() || profiles.isEmpty()) {
                continue;
            }
            Profile best = null;
            double lowest = Double.POSITIVE_INFINITY;
            for (Profile p : profiles) {
                double v = lowestReachable(p, targets).get(metric.label);
                if (v < lowest) {
                    lowest = v;
                    best = p;
                }
            }
            if (target.getAsDouble() < lowest) {
                return Optional.of(String.format(java.util.Locale.ROOT,
                        "target %s %s ms is below the lowest %s any profile reaches: %s ms on %s; choose %s ms or more.",
                        metric.label, Format.number(target.getAsDouble()), metric.label, Format.oneDecimal(lowest),
                        describe(best), Format.oneDecimal(lowest)));
            }
        }
        return Optional.empty();
    }

    /**
     * {@link #describe(Profile)}, led by the model when {@code withModel}: {@code google/gemma-2-2b-it on 1x nvidia-l4
     * (vllm v0.7.2)}, for a message about a list of several models' options (profiles list without --model printed two
     * notes "1x nvidia-tesla-a100: Ranked above 4x tpu-v5-lite-podslice", one of DeepSeek-7B, one of Llama-3-8B).
     */
    public static String describe(Profile profile, boolean withModel) {
        return (withModel ? profile.modelServerInfo().model() + " on " : "") + describe(profile);
    }

    /** Whether these options are of more than one model: a message about one of them must then name its model. */
    public static boolean manyModels(java.util.Collection<ProfileOption> options) {
        return options.stream().map(o -> o.profile().modelServerInfo().model()).distinct().count() > 1;
    }

    /** A short name of a profile for messages: {@code 1x nvidia-l4 (vllm v0.7.2)}. */
    public static String describe(Profile profile) {
        return profile.acceleratorCount() + "x " + profile.acceleratorType()
                + profile.tpuTopology().map(t -> " " + t).orElse("")
                + " (" + profile.modelServerInfo().modelServer() + " " + profile.modelServerInfo().modelServerVersion() + ")";
    }

    private static OperatingPoint operatingPoint(List<PerformancePoint> usable, int last,
            List<LatencyMetric> constrained, Targets targets, CurveEnd end) {
        int knee = usable.size() - 1;
        if (last == knee) {
            return new OperatingPoint(usable.get(knee), false,
                    end.knee().isPresent() ? OperatingPoint.Limit.KNEE : OperatingPoint.Limit.HIGHEST_RATE);
        }
        PerformancePoint a = usable.get(last);
        PerformancePoint b = usable.get(last + 1);
        double t = 1.0;
        LatencyMetric limiting = constrained.get(0);
        for (LatencyMetric metric : constrained) {
            double target = metric.target.apply(targets).getAsDouble();
            double va = metric.value.applyAsDouble(a);
            double vb = metric.value.applyAsDouble(b);
            if (vb > target && vb > va) {
                double crossing = (target - va) / (vb - va);
                if (crossing < t) {
                    t = crossing;
                    limiting = metric;
                }
            }
        }
        t = Math.max(0, Math.min(1, t));
        if (t < 1e-9) {
            return new OperatingPoint(a, false, limiting.limit);
        }
        return new OperatingPoint(Curve.between(a, b, t), true, limiting.limit);
    }

    /**
     * A profile's expected throughput error, where its {@link ThroughputSpread} starts: empty for a measured profile and
     * where it is not known.
     */
    private static OptionalDouble throughputError(Profile profile) {
        dev.kiq.profile.Provenance provenance = profile.provenance();
        return provenance.basis() == dev.kiq.profile.Basis.measured ? OptionalDouble.empty() : provenance.expectedError().throughput();
    }

    private static String describeTargets(List<LatencyMetric> constrained, Targets targets) {
        return String.join(", ", constrained.stream()
                .map(m -> m.label + " " + Format.number(m.target.apply(targets).getAsDouble()) + " ms").toList());
    }

    private static boolean meets(PerformancePoint p, List<LatencyMetric> constrained, Targets targets) {
        for (LatencyMetric metric : constrained) {
            if (metric.value.applyAsDouble(p) > metric.target.apply(targets).getAsDouble()) {
                return false;
            }
        }
        return true;
    }

    private static Optional<String> costShortfall(Profile profile, OperatingPoint op, Targets targets, CostModel cost) {
        String where = op.atKnee() ? "at its knee"
                : op.atCurveEnd() ? "at its highest rate measured (it has no knee)" : "within the latency targets";
        double output = cost.costPerMillionOutputTokens(op.point());
        double input = cost.costPerMillionInputTokens(op.point());
        if (targets.costPerMillionOutputTokens().isPresent() && targets.costPerMillionOutputTokens().getAsDouble() < output) {
            return Optional.of(String.format(java.util.Locale.ROOT,
                    "target cost per million output tokens $%s is below the lowest cost $%.3f that %s reaches %s;"
                            + " choose $%.3f or more.",
                    Format.number(targets.costPerMillionOutputTokens().getAsDouble()), output, describe(profile), where, output));
        }
        if (targets.costPerMillionInputTokens().isPresent() && targets.costPerMillionInputTokens().getAsDouble() < input) {
            return Optional.of(String.format(java.util.Locale.ROOT,
                    "target cost per million input tokens $%s is below the lowest cost $%.3f that %s reaches %s;"
                            + " choose $%.3f or more.",
                    Format.number(targets.costPerMillionInputTokens().getAsDouble()), input, describe(profile), where, input));
        }
        return Optional.empty();
    }

    /** Highest cost per million output tokens the targets allow (an input-token target converts through r). */
    private static double costCeiling(Targets targets, CostModel cost) {
        double ceiling = Double.POSITIVE_INFINITY;
        if (targets.costPerMillionOutputTokens().isPresent()) {
            ceiling = targets.costPerMillionOutputTokens().getAsDouble();
        }
        if (targets.costPerMillionInputTokens().isPresent()) {
            ceiling = Math.min(ceiling, targets.costPerMillionInputTokens().getAsDouble() * cost.outputToInputCostRatio());
        }
        return ceiling;
    }

    /** Where, going up the curve, the cost first falls to the ceiling: a point of the path, or interpolated between two. */
    private static PerformancePoint cheapEnoughStart(List<PerformancePoint> meeting, PerformancePoint operating,
            Targets targets, CostModel cost) {
        double ceiling = costCeiling(targets, cost);
        List<PerformancePoint> path = new ArrayList<>(meeting);
        if (path.get(path.size() - 1).outputTokensPerSecond() < operating.outputTokensPerSecond()) {
            path.add(operating);
        }
        for (int i = 0; i < path.size(); i++) {
            double c = cost.costPerMillionOutputTokens(path.get(i));
            if (c <= ceiling) {
                // the first point, a point costing exactly the ceiling, or one after a point serving nothing: that
                // point itself, not a copy interpolated at one end of its segment (IdealRegion lists each point once)
                double previous = i == 0 ? c : cost.costPerMillionOutputTokens(path.get(i - 1));
                if (c == ceiling || Double.isInfinite(previous) || i == 0) {
                    return path.get(i);
                }
                // previous > ceiling > c: strictly between the two points
                return Curve.between(path.get(i - 1), path.get(i), (previous - ceiling) / (previous - c));
            }
        }
        return operating;
    }

    private enum LatencyMetric {
        NTPOT("NTPOT", PerformancePoint::ntpotMilliseconds, Targets::ntpotMilliseconds, Targets::withNtpot,
                OperatingPoint.Limit.NTPOT),
        TTFT("TTFT", PerformancePoint::ttftMilliseconds, Targets::ttftMilliseconds, Targets::withTtft,
                OperatingPoint.Limit.TTFT),
        ITL("ITL", PerformancePoint::itlMilliseconds, Targets::itlMilliseconds, Targets::withItl, OperatingPoint.Limit.ITL);

        final String label;
        final ToDoubleFunction<PerformancePoint> value;
        final Function<Targets, OptionalDouble> target;
        final java.util.function.BiFunction<Targets, OptionalDouble, Targets> with;
        final OperatingPoint.Limit limit;

        LatencyMetric(String label, ToDoubleFunction<PerformancePoint> value, Function<Targets, OptionalDouble> target,
                java.util.function.BiFunction<Targets, OptionalDouble, Targets> with, OperatingPoint.Limit limit) {
            this.label = label;
            this.value = value;
            this.target = target;
            this.with = with;
            this.limit = limit;
        }
    }
}
