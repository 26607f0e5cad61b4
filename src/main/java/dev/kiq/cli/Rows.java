package dev.kiq.cli;

import dev.kiq.catalog.Catalog;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.profile.WorkloadShape;
import dev.kiq.recommend.IdealRegion;
import dev.kiq.recommend.OperatingPoint;
import dev.kiq.recommend.Pricing;
import dev.kiq.recommend.ProfileOption;
import dev.kiq.recommend.Recommendation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Cell and record formatting shared by the list verbs. */
final class Rows {

    private Rows() {
    }

    static String cost(Optional<Double> usd) {
        return usd.filter(Double::isFinite).map(v -> String.format(Locale.ROOT, "%.3f", v)).orElse("N/A");
    }

    static String whole(double value) {
        return String.format(Locale.ROOT, "%.0f", value);
    }

    static String decimal(double value, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", value);
    }

    /** {@link #detail} of each option, in order. */
    /** The workload a profile's figures are for, e.g. {@code summarization (2588/291)}: use case and mean lengths. */
    static String workload(Profile p) {
        WorkloadShape w = p.provenance().workloadShape();
        return String.format(Locale.ROOT, "%s (%.0f/%.0f)", w.useCase(), w.meanInputTokens(), w.meanOutputTokens());
    }

    static List<String> withWorkloadColumn(List<String> columns) {
        List<String> all = new ArrayList<>(columns);
        all.add("Workload");
        return all;
    }

    static List<String> withWorkload(List<String> row, Profile p) {
        List<String> all = new ArrayList<>(row);
        all.add(workload(p));
        return all;
    }

    static List<Map<String, Object>> details(List<ProfileOption> options, Catalog catalog, double ratio) {
        return options.stream().map(o -> detail(o, catalog, ratio)).toList();
    }

    /** {@link #detail} of each ranked option, in order, with the note of a tie-break it won as {@code rankingNote}. */
    static List<Map<String, Object>> rankedDetails(List<dev.kiq.recommend.Ranking.Ranked> ranked, Catalog catalog, double ratio) {
        return ranked.stream().map(r -> {
            Map<String, Object> m = detail(r.option(), catalog, ratio);
            r.note().ifPresent(n -> m.put("rankingNote", n));
            return m;
        }).toList();
    }

    /** Everything about one evaluated profile, for {@code --format yaml|json}. */
    static Map<String, Object> detail(ProfileOption option, Catalog catalog, double ratio) {
        Profile p = option.profile();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", p.modelServerInfo().model());
        m.put("modelServer", p.modelServerInfo().modelServer());
        m.put("modelServerVersion", p.modelServerInfo().modelServerVersion());
        m.put("acceleratorType", p.acceleratorType());
        m.put("acceleratorCount", p.acceleratorCount());
        p.tpuTopology().ifPresent(t -> m.put("tpuTopology", t));
        m.put("instanceType", p.instanceType());
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("kind", p.provenance().kind().name());
        provenance.put("tool", p.provenance().tool());
        provenance.put("toolVersion", p.provenance().toolVersion());
        provenance.put("date", p.provenance().date());
        provenance.put("workload", p.provenance().workload());
        putAccuracy(provenance, p.provenance().basis(), p.provenance().expectedError());
        // modeled with another calibration than this kiq's (the table says "other calibration"): what this kiq's says
        p.otherCalibration().ifPresent(now -> {
            Map<String, Object> current = new LinkedHashMap<>();
            putAccuracy(current, now.basis(), now.expectedError());
            provenance.put("thisKiqsCalibration", current);
        });
        WorkloadShape shape = p.provenance().workloadShape();
        Map<String, Object> workloadShape = new LinkedHashMap<>();
        workloadShape.put("useCase", shape.useCase());
        workloadShape.put("meanInputTokens", shape.meanInputTokens());
        workloadShape.put("meanOutputTokens", shape.meanOutputTokens());
        provenance.put("workloadShape", workloadShape);
        m.put("provenance", provenance);
        option.recommendation().knee().ifPresent(k -> m.put("knee", point(k)));
        option.recommendation().end().noKnee().ifPresent(why -> m.put("noKnee", why));
        m.put("achievable", option.achievable());
        option.reason().ifPresent(r -> m.put("reason", r));
        if (option.recommendation() instanceof Recommendation.Achievable a) {
            OperatingPoint op = a.operatingPoint();
            Map<String, Object> operating = new LinkedHashMap<>();
            operating.put("limitedBy", op.limitedBy().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            operating.put("interpolated", op.interpolated());
            operating.putAll(point(op.point()));
            m.put("operatingPoint", operating);
            IdealRegion region = a.idealRegion();
            m.put("idealRegion", Map.of(
                    "startOutputTokensPerSecond", region.start().outputTokensPerSecond(),
                    "endOutputTokensPerSecond", region.end().outputTokensPerSecond()));
            Map<String, Object> cost = new LinkedHashMap<>();
            cost.put("pricingModel", option.pricingModel().id());
            cost.put("outputToInputCostRatio", ratio);
            option.cost().ifPresent(c -> cost.put("hourlyPrice", c.hourlyPrice()));
            option.costPerMillionInputTokens().ifPresent(v -> cost.put("costPerMillionInputTokens", v));
            option.costPerMillionOutputTokens().ifPresent(v -> cost.put("costPerMillionOutputTokens", v));
            m.put("cost", cost);
            catalog.findAccelerator(p.acceleratorType()).ifPresent(acc -> {
                List<Map<String, Object>> all = Pricing.estimates(acc, p, op.point(), ratio).stream().map(e -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("pricingModel", e.pricingModel().id());
                    e.hourlyPrice().ifPresent(v -> row.put("hourlyPrice", v));
                    e.costPerMillionInputTokens().ifPresent(v -> row.put("costPerMillionInputTokens", v));
                    e.costPerMillionOutputTokens().ifPresent(v -> row.put("costPerMillionOutputTokens", v));
                    return row;
                }).toList();
                m.put("costsByPricingModel", all);
            });
        }
        return m;
    }

    static Map<String, Object> point(PerformancePoint p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("queriesPerSecond", p.queriesPerSecond());
        m.put("outputTokensPerSecond", p.outputTokensPerSecond());
        m.put("inputTokensPerSecond", p.inputTokensPerSecond());
        m.put("ntpotMilliseconds", p.ntpotMilliseconds());
        m.put("ttftMilliseconds", p.ttftMilliseconds());
        m.put("itlMilliseconds", p.itlMilliseconds());
        m.put("queueSize", p.queueSize());
        m.put("batchSize", p.batchSize());
        m.put("kvCacheUsage", p.kvCacheUsage());
        return m;
    }

    /** A basis and its expected errors as yaml/json fields: {@code basis}, and {@code expectedError} when any is known. */
    private static void putAccuracy(Map<String, Object> target, dev.kiq.profile.Basis basis,
                                    dev.kiq.profile.ExpectedError error) {
        target.put("basis", basis.name());
        Map<String, Object> errors = new LinkedHashMap<>();
        for (String metric : dev.kiq.profile.ExpectedError.METRICS) {
            error.of(metric).ifPresent(e -> errors.put(metric, e));
        }
        if (!errors.isEmpty()) {
            target.put("expectedError", errors);
        }
    }
}
