package dev.kiq.recommend;

import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.PricingModel;
import dev.kiq.profile.Profile;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One profile judged against the user's targets and priced under one pricing model: a row of
 * {@code accelerators list}, {@code profiles list} and the wizard's accelerator table.
 *
 * @param cost empty when the catalog has no price for the profile's machine under the pricing model
 */
public record ProfileOption(Profile profile, Recommendation recommendation, PricingModel pricingModel,
        Optional<CostModel> cost) {

    /** Cheapest output tokens first; unknown costs last, then by throughput. */
    public static final Comparator<ProfileOption> CHEAPEST_FIRST = Comparator
            .comparing((ProfileOption o) -> o.costPerMillionOutputTokens().orElse(Double.POSITIVE_INFINITY))
            .thenComparing(o -> -o.operatingPoint().map(op -> op.point().outputTokensPerSecond()).orElse(0.0));

    /** Every profile evaluated; the unachievable ones are kept, with their reason. */
    public static List<ProfileOption> evaluate(List<Profile> profiles, Catalog catalog, Recommender recommender,
            Targets targets, PricingModel pricingModel, double outputToInputCostRatio) {
        return profiles.stream().map(p -> {
            Optional<CostModel> cost = catalog.findAccelerator(p.acceleratorType())
                    .flatMap(a -> Pricing.costModel(a, p, pricingModel, outputToInputCostRatio));
            return new ProfileOption(p, recommender.recommend(p, targets, cost), pricingModel, cost);
        }).toList();
    }

    public boolean achievable() {
        return recommendation instanceof Recommendation.Achievable;
    }

    public Optional<OperatingPoint> operatingPoint() {
        return recommendation instanceof Recommendation.Achievable a ? Optional.of(a.operatingPoint()) : Optional.empty();
    }

    public Optional<String> reason() {
        return recommendation instanceof Recommendation.Unachievable u ? Optional.of(u.reason()) : Optional.empty();
    }

    /**
     * When the option's figures are at the highest rate measured of a curve without a knee ({@link
     * OperatingPoint.Limit#HIGHEST_RATE}): one sentence saying so, that more may be possible, and how to find the knee.
     * A measured profile of two rates showed its last rate as the knee, in the tables, the yaml and the wizard.
     */
    public Optional<String> noKneeNote() {
        return operatingPoint().filter(op -> op.limitedBy() == OperatingPoint.Limit.HIGHEST_RATE)
                .flatMap(op -> recommendation.end().noKnee().map(why -> Recommender.describe(profile) + " has "
                        + why + ": its figures are at its highest rate measured, " + Format.number(op.point().queriesPerSecond())
                        + " req/s, which is not known to be its maximum. Measure more rates (kiq bench run --sweep) to find"
                        + " its knee."));
    }

    /**
     * The expected error to print beside one figure of the operating point, by metric name ({@link
     * dev.kiq.profile.ExpectedError#METRICS}): the profile's ({@link dev.kiq.profile.Provenance#errorOf}), except that
     * under a latency target the limiting latency is the target itself (no error: its error moves the point along the
     * curve instead), and that the throughput, and so the cost and the replicas, is off by its spread at the operating
     * point ({@link #spread()}: the throughput error, and under a latency target the latency's error as well).
     */
    public Optional<String> errorOf(String metric) {
        Optional<String> own = profile.provenance().errorOf(metric);
        if (metric.equals("throughput")) {
            return spread().map(ThroughputSpread::text).or(() -> own);
        }
        Optional<OperatingPoint> op = operatingPoint().filter(o -> !o.atCurveEnd());
        if (op.isEmpty()) {
            return own;
        }
        String pinned = switch (op.get().limitedBy()) {
            case NTPOT -> "ntpot";
            case TTFT -> "ttft";
            case ITL -> "tpot";
            default -> "";
        };
        return metric.equals(pinned) ? Optional.empty() : own;
    }

    /**
     * How far the true throughput at the operating point may be from the modeled one ({@link ThroughputSpread}), which a
     * cost per token and a replica count carry too; empty when the targets cannot be met, for a measured profile and
     * where the throughput error is not known.
     */
    public Optional<ThroughputSpread> spread() {
        return recommendation instanceof Recommendation.Achievable a ? a.spread() : Optional.empty();
    }

    /**
     * What a one-line recommendation (the wizard's side summary: throughput, NTPOT, replicas and cost at the operating
     * point) rests on and the error of those figures: the profile's basis, then the larger of the throughput's error at
     * the operating point ({@link #spread()}, which the cost and the replicas carry) and the NTPOT error (none where an
     * NTPOT target pins the NTPOT), e.g. {@code validated, ±19%} under an NTPOT target where the curve's error is ±13%.
     * At the end of the curve that is the curve's error, as {@link Profile#accuracySummary()} gives it, which is also what
     * is said without an operating point or a known throughput error. As there, "extrapolated" says the error may be
     * more; "or more" follows an error that is a lower bound because an error it needs is not known.
     */
    public String accuracySummary() {
        Optional<OperatingPoint> op = operatingPoint();
        Optional<ThroughputSpread> s = spread();
        if (op.isEmpty() || s.isEmpty()) {
            return profile.accuracySummary();
        }
        dev.kiq.profile.Provenance provenance = profile.provenance();
        boolean extrapolated = provenance.basis() == dev.kiq.profile.Basis.extrapolated;
        double e = s.get().relative();
        boolean orMore = s.get().lowerBound() && !extrapolated;
        if (op.get().limitedBy() != OperatingPoint.Limit.NTPOT) {
            java.util.OptionalDouble ntpot = provenance.expectedError().ntpot();
            e = Math.max(e, ntpot.orElse(0));
            orMore |= ntpot.isEmpty();
        }
        return provenance.basis().word() + ", " + dev.kiq.profile.ExpectedError.percent(e) + (orMore ? " or more" : "")
                + provenance.userCalibrationSuffix() + profile.otherCalibration().map(o -> ", " + dev.kiq.profile.Provenance.OTHER_CALIBRATION).orElse("");
    }

    public Optional<Double> costPerMillionOutputTokens() {
        return operatingPoint().flatMap(op -> cost.map(c -> c.costPerMillionOutputTokens(op.point())));
    }

    public Optional<Double> costPerMillionInputTokens() {
        return operatingPoint().flatMap(op -> cost.map(c -> c.costPerMillionInputTokens(op.point())));
    }
}
