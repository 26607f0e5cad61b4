package dev.kiq.monitor;

import dev.kiq.KiqException;
import dev.kiq.catalog.MetricNames;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.recommend.Autoscaling;
import dev.kiq.recommend.CurveEnd;
import dev.kiq.recommend.HpaMetric;
import dev.kiq.recommend.HpaRecommendation;
import dev.kiq.recommend.Recommender;
import dev.kiq.recommend.ServingPlan;
import dev.kiq.recommend.Targets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A live window placed on the profile's curve: below the knee, at it or past it (for a curve without a knee, the
 * highest rate measured, which is not known to be the server's maximum: {@link CurveEnd}), and what to change
 * (replicas, the HPA's threshold or maximum, another accelerator) with the numbers. The knee, the
 * operating point, the replica count and the HPA threshold are the recommender's ({@link Recommender},
 * {@link ServingPlan}, {@link Autoscaling}); this class only compares the live figures with them.
 *
 * @param loadFraction one replica's live output throughput over the knee's (or the highest rate measured's)
 * @param knee         the end of the usable curve: its knee, or its highest rate measured when it has none ({@link #end})
 * @param live         the window as one replica's point
 * @param plan         what the recommender plans for the live request rate, when the targets can be met
 */
public record Assessment(Position position, double loadFraction, PerformancePoint live, PerformancePoint knee,
                         CurveEnd end, Optional<ServingPlan> plan, String summary, List<String> advice) {

    /**
     * Within this fraction of the knee's throughput a replica counts as at the knee: the modeled profiles'
     * stated accuracy is about that, so a closer call would claim more than the curve knows.
     */
    public static final double TOLERANCE = 0.10;
    /**
     * Past the knee throughput stops growing and requests queue: TTFT at least this many times the knee's
     * (with throughput near the knee's) says so even when throughput alone cannot.
     */
    public static final double QUEUEING_TTFT_FACTOR = 2.0;

    public Assessment {
        advice = List.copyOf(advice);
    }

    public static Assessment of(Profile profile, Recommender recommender, Targets targets, MetricNames names,
                                LiveWindow window, Optional<HpaStatus> hpa) {
        CurveEnd end = recommender.end(profile);
        PerformancePoint knee = end.point();
        // "the knee" only where the curve has one: a curve without one ends at its highest rate measured
        String theEnd = end.knee().isPresent() ? "the knee" : "the highest rate measured";
        PerformancePoint live = window.perReplica();
        int replicas = window.replicas();
        if (replicas == 0 || live.outputTokensPerSecond() <= 0) {
            return new Assessment(Position.NO_TRAFFIC, 0, live, knee, end, Optional.empty(),
                    "No tokens were generated in the window, so there is no point to place on the curve yet.", List.of());
        }
        double fraction = live.outputTokensPerSecond() / knee.outputTokensPerSecond();
        boolean queueing = fraction >= 1 - TOLERANCE && knee.ttftMilliseconds() > 0
                && live.ttftMilliseconds() > QUEUEING_TTFT_FACTOR * knee.ttftMilliseconds();
        Position position = fraction > 1 + TOLERANCE || queueing ? Position.PAST_KNEE
                : fraction >= 1 - TOLERANCE ? Position.AT_KNEE : Position.BELOW_KNEE;

        Optional<ServingPlan> plan;
        String unachievable = "";
        try {
            plan = Optional.of(ServingPlan.of(recommender, profile, targets, Optional.empty(), names,
                    hpa.flatMap(h -> metricOf(h, names)), OptionalDouble.of(window.requestsPerSecond())));
        } catch (KiqException e) {
            plan = Optional.empty();
            unachievable = e.getMessage();
        }
        String summary = String.format(Locale.ROOT,
                "Each of %d replica%s makes %s output tok/s, %s%% of %s's %s tok/s (%s req/s per replica, TTFT p50 %s ms"
                        + " against %s ms at %s): %s.%s",
                replicas, replicas == 1 ? "" : "s", num(live.outputTokensPerSecond()), num(fraction * 100), theEnd,
                num(knee.outputTokensPerSecond()), num(live.queriesPerSecond()), num(live.ttftMilliseconds()),
                num(knee.ttftMilliseconds()), theEnd, position.words(end),
                end.noKnee().map(why -> " The profile has " + why + ": its highest rate measured is not known to be the"
                        + " server's maximum.").orElse(""));
        List<String> advice = new ArrayList<>();
        if (plan.isEmpty()) {
            advice.add("This accelerator cannot meet the targets: " + unachievable
                    + " Choose a different accelerator or relax the target.");
        } else {
            advise(position, plan.get(), window, names, hpa, queueing, theEnd, advice);
        }
        return new Assessment(position, fraction, live, knee, end, plan, summary, advice);
    }

    private static void advise(Position position, ServingPlan plan, LiveWindow window, MetricNames names,
                               Optional<HpaStatus> hpa, boolean queueing, String theEnd, List<String> advice) {
        int replicas = window.replicas();
        int needed = plan.replicas();
        PerformancePoint op = plan.operatingPoint().point();
        String perReplica = String.format(Locale.ROOT, "%s req/s and %s output tok/s each at the operating point (%s)",
                num(op.queriesPerSecond()), num(op.outputTokensPerSecond()), plan.operatingPoint().limitedBy().description());
        switch (position) {
            case PAST_KNEE -> {
                if (needed > replicas) {
                    advice.add(String.format(Locale.ROOT, "Add replicas: %d replicas carry the %s req/s you receive (%s);"
                            + " you run %d.", needed, num(window.requestsPerSecond()), perReplica, replicas));
                } else if (queueing) {
                    advice.add(String.format(Locale.ROOT, "Requests queue (TTFT p50 %s ms) although the request rate fits"
                            + " %d replica%s at %s: the requests are longer than the profile's workload. Add a replica"
                            + " or measure a profile of this traffic (--record).", num(window.perReplica().ttftMilliseconds()),
                            needed, needed == 1 ? "" : "s", perReplica));
                } else {
                    advice.add(String.format(Locale.ROOT, "Each replica makes more tokens than at %s, at %s req/s:"
                            + " the requests are longer than the profile's workload%s. Measure a profile of this traffic"
                            + " (--record) before resizing.", theEnd, num(window.perReplica().queriesPerSecond()),
                            plan.recommendation().end().knee().isPresent() ? ""
                                    : ", or the server does more than the highest rate the profile measured"));
                }
                hpa.ifPresent(h -> adviseHpa(h, plan, names, Math.max(needed, replicas + 1), theEnd, advice));
                if (hpa.isEmpty()) {
                    advice.add("No HPA watches this release: add one (kiq manifests create with a latency target writes it)"
                            + " so replicas follow the load.");
                }
            }
            case AT_KNEE -> {
                advice.add(String.format(Locale.ROOT, "Each replica gives about %s; keep %d replica%s"
                        + " for this load (%s). More traffic needs more replicas.", theEnd.equals("the knee")
                                ? "its maximum throughput" : "the throughput of the highest rate measured, not known to be"
                                        + " its maximum", replicas, replicas == 1 ? "" : "s", perReplica));
                hpa.ifPresent(h -> adviseHpa(h, plan, names, needed, theEnd, advice));
            }
            case BELOW_KNEE -> {
                if (needed < replicas) {
                    advice.add(String.format(Locale.ROOT, "%d replica%s would carry the %s req/s you receive (%s); you run %d."
                                    + " Remove %d, or lower the HPA's minReplicas so it can scale down.",
                            needed, needed == 1 ? "" : "s", num(window.requestsPerSecond()), perReplica, replicas,
                            replicas - needed));
                } else {
                    advice.add(String.format(Locale.ROOT, "Headroom: each replica runs at %s%% of %s's throughput;"
                            + " nothing to change.", num(window.perReplica().outputTokensPerSecond()
                                    / Math.max(1e-9, plan.recommendation().end().point().outputTokensPerSecond()) * 100), theEnd));
                }
                hpa.ifPresent(h -> adviseHpa(h, plan, names, needed, theEnd, advice));
            }
            case NO_TRAFFIC -> {
            }
        }
    }

    private static void adviseHpa(HpaStatus h, ServingPlan plan, MetricNames names, int needed, String theEnd,
                                  List<String> advice) {
        if (h.maxReplicas() < needed) {
            advice.add(String.format(Locale.ROOT, "Raise the HPA %s's maxReplicas from %d to %d: it cannot add the replicas"
                    + " this load needs.", h.name(), h.maxReplicas(), needed));
        }
        Optional<HpaRecommendation> recommended = plan.hpa().or(() -> metricOf(h, names).map(m -> {
            try {
                return Autoscaling.hpa(plan.operatingPoint(), names, Optional.of(m), plan.replicas());
            } catch (KiqException e) {
                return null;
            }
        }));
        if (recommended.isPresent() && h.threshold().isPresent()
                && h.threshold().getAsDouble() > recommended.get().threshold() * (1 + TOLERANCE)) {
            advice.add(String.format(Locale.ROOT, "Lower the HPA %s's target of %s from %s to %s per pod (its value at the"
                            + " operating point, %s, less the %d%% scale-up buffer): it now scales only past %s.",
                    h.name(), recommended.get().metric().label(), num(h.threshold().getAsDouble()),
                    num(recommended.get().threshold()), num(recommended.get().valueAtOperatingPoint()),
                    Math.round(recommended.get().buffer() * 100), theEnd));
        }
        if (h.desiredReplicas() > h.currentReplicas()) {
            advice.add(String.format(Locale.ROOT, "The HPA already asks for %d replicas (%d now); the new pods are not"
                    + " ready yet.", h.desiredReplicas(), h.currentReplicas()));
        }
    }

    /** The HPA metric an HPA scales on, matched by its Prometheus name. */
    static Optional<HpaMetric> metricOf(HpaStatus h, MetricNames names) {
        return Arrays.stream(HpaMetric.values())
                .filter(m -> h.metric().contains(m.metricName(names).replace(':', '_')) || h.metric().contains(m.metricName(names)))
                .findFirst();
    }

    public static String num(double v) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        double a = Math.abs(v);
        return a >= 100 ? String.format(Locale.ROOT, "%.0f", v) : a >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }
}
