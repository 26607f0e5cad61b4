package dev.kiq.recommend;

import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.PricingModel;
import dev.kiq.profile.Basis;
import dev.kiq.profile.ExpectedError;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.profile.Provenance;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

class RankingTest {

    /**
     * The fixture's curve with every token rate multiplied by {@code speed}: the knee stays at the same
     * point (the knee rule compares throughput ratios), so the cost per token at the knee is the fixture's
     * divided by {@code speed}, whatever the price model.
     */
    private static Profile faster(double speed, Provenance provenance, int count) {
        Profile base = CurveFixtures.deepseekOnA100();
        List<PerformancePoint> points = base.performanceStats().stream().map(p -> new PerformancePoint(p.queriesPerSecond(),
                p.outputTokensPerSecond() * speed, p.inputTokensPerSecond() * speed, p.ntpotMilliseconds(), p.ttftMilliseconds(),
                p.itlMilliseconds(), p.queueSize(), p.batchSize(), p.kvCacheUsage())).toList();
        // the count only makes the profiles tell apart; every copy is priced as the same one-GPU machine
        return new Profile(base.modelServerInfo(), base.acceleratorType(), base.tpuTopology(), base.instanceType(),
                new dev.kiq.profile.ResourcesUsed(1), points, provenance, base.serverConfig(),
                base.knee().map(k -> points.get(CurveFixtures.KNEE_INDEX)));
    }

    private static Provenance modeled(Basis basis, double throughputError) {
        return new Provenance(Provenance.Kind.modeled, "kiq-perf-model", "test", "2026-12-01", "sharegpt-shaped", basis,
                new ExpectedError(OptionalDouble.of(throughputError), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty()));
    }

    private static final Provenance UNCALIBRATED = new Provenance(Provenance.Kind.modeled, "kiq-perf-model", "test",
            "2026-12-01", "sharegpt-shaped");
    private static final Provenance MEASURED = new Provenance(Provenance.Kind.measured, "kiq-bench", "test",
            "2026-12-01", "sharegpt");

    private static List<ProfileOption> evaluate(Profile... profiles) {
        return ProfileOption.evaluate(List.of(profiles), Catalog.bundled(), CurveFixtures.recommender(), Targets.none(),
                PricingModel.ON_DEMAND, CostModel.DEFAULT_OUTPUT_TO_INPUT_COST_RATIO);
    }

    @Test
    void aCalibratedOptionWithinItsErrorOfACheaperUncalibratedOneComesFirstAndSaysWhy() {
        // uncalibrated is 5% faster: its cost is 1/1.05 = 0.952 of the calibrated one's, inside the
        // calibrated ±10% band (0.952 >= 1 - 0.10), so the two tie and the calibrated one leads
        Profile calibrated = faster(1.0, modeled(Basis.calibrated, 0.10), 1);
        Profile uncalibrated = faster(1.05, UNCALIBRATED, 1);
        List<Ranking.Ranked> ranked = Ranking.order(evaluate(uncalibrated, calibrated));
        assertThat(ranked.get(0).option().profile()).isSameAs(calibrated);
        assertThat(ranked.get(0).note()).hasValueSatisfying(note -> assertThat(note)
                .contains("agree within the expected errors").contains("validated").contains("uncalibrated"));
        assertThat(ranked.get(1).note()).isEmpty();
    }

    @Test
    void aClearlyCheaperOptionStaysFirstWhateverItsBasis() {
        // 25% faster: cost 0.8 of the other's, below its band 1 - 0.10 = 0.9: no tie
        Profile calibrated = faster(1.0, modeled(Basis.calibrated, 0.10), 1);
        Profile uncalibrated = faster(1.25, UNCALIBRATED, 1);
        List<Ranking.Ranked> ranked = Ranking.order(evaluate(calibrated, uncalibrated));
        assertThat(ranked.get(0).option().profile()).isSameAs(uncalibrated);
        assertThat(ranked).allSatisfy(r -> assertThat(r.note()).isEmpty());
    }

    @Test
    void optionsOfTheSameBasisThatTieKeepTheirCostOrder() {
        // both calibrated ±10%, one 5% faster: cost 1/1.05 = 0.952 of the other's, 0.952 x 1.10 = 1.048 >= 1 x 0.90, a
        // tie; neither is better founded, so the cheaper stays first and no note claims a tie-break
        Profile dearer = faster(1.0, modeled(Basis.calibrated, 0.10), 1);
        Profile cheaper = faster(1.05, modeled(Basis.calibrated, 0.10), 1);
        List<ProfileOption> options = evaluate(dearer, cheaper);
        assertThat(Ranking.ties(options.get(1), options.get(0))).isTrue();
        List<Ranking.Ranked> ranked = Ranking.order(options);
        assertThat(ranked.stream().map(r -> r.option().profile()).toList()).containsExactly(cheaper, dearer);
        assertThat(ranked).allSatisfy(r -> assertThat(r.note()).isEmpty());
    }

    @Test
    void aMeasuredOptionLeadsACheaperCalibratedOneItTiesWith() {
        // costs (relative to the measured one): calibrated 1/1.02 = 0.980, uncalibrated 1/0.9 = 1.111.
        // measured vs calibrated: 0.980 x 1.10 = 1.078 >= 1.0, a tie, so measured leads;
        // uncalibrated vs calibrated: 1.078 < 1.111, no tie, so it stays last
        Profile measured = faster(1.0, MEASURED, 1);
        Profile calibrated = faster(1.02, modeled(Basis.calibrated, 0.10), 1);
        Profile uncalibrated = faster(0.9, UNCALIBRATED, 1);
        List<Ranking.Ranked> ranked = Ranking.order(evaluate(uncalibrated, measured, calibrated));
        assertThat(ranked.stream().map(r -> r.option().profile()).toList()).containsExactly(measured, calibrated, uncalibrated);
        assertThat(ranked.get(0).note()).hasValueSatisfying(note -> assertThat(note).contains("measured, the other's validated"));
    }

    /**
     * Seen in the Xvfb walk (Llama-3.3-70B, 1024x700): the note said "Ranked above 8x nvidia-h200-141gb ($2.77 ±3%,
     * extrapolated)" while the table showed that row's cost as 2.768 and its accuracy as ±22% (the curve's error, the
     * larger of throughput ±3% and NTPOT ±22%). The note quotes each cost as the tables print it, with the error the
     * tie-break used (the throughput error, not the curve's), its own included.
     */
    @Test
    void theNoteQuotesBothCostsWithTheErrorsTheTieUsed() {
        // extrapolated: throughput ±3%, NTPOT ±22% (curve ±22%); calibrated: throughput ±11%, NTPOT ±5% (curve ±11%).
        // costs 1.00 (extrapolated) and 1.08 (calibrated): 1.00 x 1.03 = 1.03 >= 1.08 x 0.89 = 0.961, a tie
        Provenance extrapolated = new Provenance(Provenance.Kind.modeled, "kiq-perf-model", "test", "2026-12-01",
                "sharegpt-shaped", Basis.extrapolated, new ExpectedError(OptionalDouble.of(0.03), OptionalDouble.of(0.22),
                        OptionalDouble.empty(), OptionalDouble.empty()));
        Provenance calibrated = new Provenance(Provenance.Kind.modeled, "kiq-perf-model", "test", "2026-12-01",
                "sharegpt-shaped", Basis.calibrated, new ExpectedError(OptionalDouble.of(0.11), OptionalDouble.of(0.05),
                        OptionalDouble.empty(), OptionalDouble.empty()));
        Profile x = faster(1.0, extrapolated, 1);
        Profile c = faster(1 / 1.08, calibrated, 1);
        List<ProfileOption> options = evaluate(x, c);
        assertThat(Ranking.costError(options.get(0))).hasValue(0.03);
        assertThat(Ranking.costError(options.get(1))).hasValue(0.11);
        assertThat(Ranking.costError(evaluate(faster(1.0, MEASURED, 1)).get(0))).isEmpty();
        assertThat(Ranking.costError(evaluate(faster(1.0, UNCALIBRATED, 1)).get(0))).isEmpty();
        List<Ranking.Ranked> ranked = Ranking.order(options);
        assertThat(ranked.get(0).option().profile()).isSameAs(c);
        String note = ranked.get(0).note().orElseThrow();
        // an extrapolated profile's errors are its family's, at least: its cost's error says "or more", as its
        // throughput's does (the table's cost cell showed a bare ±3%)
        assertThat(Ranking.costErrorText(options.get(0))).contains("±3% or more");
        assertThat(Ranking.costErrorText(options.get(1))).contains("±11%");
        assertThat(note).matches("Ranked above 1x \\S+ \\(\\$\\d+\\.\\d{3} ±3% or more, extrapolated\\): the costs per million output "
                + "tokens agree within the expected errors \\(this option's \\$\\d+\\.\\d{3} ±11%\\), .*")
                .doesNotContain("±22%");
        // the quoted figures are the options' costs to the tables' three decimals
        assertThat(note).contains(Ranking.costWithError(options.get(0))).contains(Ranking.costWithError(options.get(1)));
        assertThat(Ranking.costWithError(options.get(0))).isEqualTo(String.format(java.util.Locale.ROOT, "$%.3f ±3%% or more",
                options.get(0).costPerMillionOutputTokens().orElseThrow()));
    }

    /**
     * Under a latency target the costs compared are at the points where the target binds, and the latency's error moves
     * those points: the tie uses the cost's whole error, not the throughput's alone. Calibrated C (throughput ±10%,
     * NTPOT ±10%) and uncalibrated U, 1.2 times as fast (cost 1/1.2 = 0.833 of C's), both on the fixture's curve. At the
     * knee C's cost error is ±10%: 0.833 < 0.9, no tie, U first. Under NTPOT 40 ms the target binds at t = 7/15 between
     * 10 and 15 req/s (2405 tok/s for C); with NTPOT 10% higher at 36.36 ms, t = 0.2242, 2168.6 × 0.9 = 1951.8 tok/s
     * (0.812); 10% lower at 44.44 ms, t = 0.7630, 2693.9 × 1.1 = 2963.3 tok/s (1.232): C's cost error is ±23%, 0.833 >=
     * 0.768, a tie, and C goes first.
     */
    @Test
    void underALatencyTargetTheTieUsesTheLatencysErrorToo() {
        Provenance both = new Provenance(Provenance.Kind.modeled, "kiq-perf-model", "test", "2026-12-01", "sharegpt-shaped",
                Basis.calibrated, new ExpectedError(OptionalDouble.of(0.10), OptionalDouble.of(0.10), OptionalDouble.empty(),
                        OptionalDouble.empty()));
        Profile c = faster(1.0, both, 1);
        Profile u = faster(1.2, UNCALIBRATED, 1);
        List<ProfileOption> atKnee = evaluate(u, c);
        assertThat(Ranking.costError(atKnee.get(1)).getAsDouble()).isCloseTo(0.10, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Ranking.sort(atKnee).stream().map(ProfileOption::profile).toList()).containsExactly(u, c);
        List<ProfileOption> targeted = ProfileOption.evaluate(List.of(u, c), Catalog.bundled(), CurveFixtures.recommender(),
                Targets.ntpot(40), PricingModel.ON_DEMAND, CostModel.DEFAULT_OUTPUT_TO_INPUT_COST_RATIO);
        assertThat(Ranking.costError(targeted.get(1)).getAsDouble()).isCloseTo(0.2321, org.assertj.core.data.Offset.offset(0.0005));
        assertThat(Ranking.costErrorText(targeted.get(1))).contains("±23%");
        List<Ranking.Ranked> ranked = Ranking.order(targeted);
        assertThat(ranked.get(0).option().profile()).isSameAs(c);
        assertThat(ranked.get(0).note()).hasValueSatisfying(n -> assertThat(n).contains("±23%")
                .endsWith(" Where a latency target sets the operating point, the cost's error holds that latency's error"
                        + " too: it moves the point along the curve."));
    }

    @Test
    void withoutAnyKnownErrorNothingTies() {
        Profile a = faster(1.0, UNCALIBRATED, 1);
        Profile measured = faster(0.99, MEASURED, 1);
        List<Profile> order = Ranking.sort(evaluate(measured, a)).stream().map(ProfileOption::profile).toList();
        assertThat(order).containsExactly(a, measured);
    }

    @Test
    void aMeasuredOptionClimbsPastTwoCheaperOnesItTiesWithAndNamesBoth() {
        // costs relative to the extrapolated X: X 1.00 (±10%), calibrated Y 1.02 (±10%), measured M 1.05 (±0).
        // Y vs X: 1.00 x 1.10 = 1.10 >= 1.02 x 0.90 = 0.918, a tie, calibrated beats extrapolated: Y, X, M.
        // M vs X: 1.10 >= 1.05, a tie: Y, M, X; M vs Y: 1.02 x 1.10 = 1.122 >= 1.05, a tie: M, Y, X.
        Profile x = faster(1 / 1.00, modeled(Basis.extrapolated, 0.10), 1);
        Profile y = faster(1 / 1.02, modeled(Basis.calibrated, 0.10), 1);
        Profile m = faster(1 / 1.05, MEASURED, 1);
        List<Ranking.Ranked> ranked = Ranking.order(evaluate(x, y, m));
        assertThat(ranked.stream().map(r -> r.option().profile()).toList()).containsExactly(m, y, x);
        String type = x.acceleratorType();
        assertThat(ranked.get(0).note()).hasValueSatisfying(note -> assertThat(note)
                .startsWith("Ranked above 1x " + type + " ($")
                .contains(" ±10% or more, extrapolated) and 1x " + type + " ($")
                .contains(" ±10%, validated): the costs per million output tokens agree within the expected errors")
                .endsWith("this option's numbers are measured, the others' less founded."));
        assertThat(ranked.get(1).note()).hasValueSatisfying(note -> assertThat(note)
                .endsWith("this option's numbers are validated, the other's extrapolated."));
        assertThat(ranked.get(2).note()).isEmpty();
    }

    @Test
    void costsWhoseErrorBandsJustTouchTie() {
        // the same replica priced 1 and 2 per hour: costs c and exactly 2c (the price scales the cost by a power of
        // two). Uncalibrated at c (no error), calibrated at 2c with ±50%: c x (1 + 0) >= 2c x (1 - 0.5) = c, the bands
        // touch: a tie, and the calibrated option leads
        Profile uncalibrated = faster(1.0, UNCALIBRATED, 1);
        Profile calibrated = faster(1.0, modeled(Basis.calibrated, 0.5), 1);
        List<ProfileOption> options = evaluate(uncalibrated, calibrated).stream().map(o -> new ProfileOption(o.profile(),
                o.recommendation(), o.pricingModel(),
                Optional.of(CostModel.of(o.profile() == uncalibrated ? 1.0 : 2.0)))).toList();
        assertThat(options.get(1).costPerMillionOutputTokens().orElseThrow())
                .isEqualTo(2 * options.get(0).costPerMillionOutputTokens().orElseThrow());
        assertThat(Ranking.sort(options).stream().map(ProfileOption::profile).toList()).containsExactly(calibrated, uncalibrated);
    }

    @Test
    void anOptionWithoutAPriceTiesWithNothing() {
        // a measured option kiq cannot price stays after a priced uncalibrated one, whatever its basis
        Profile measured = faster(1.0, MEASURED, 1);
        Profile uncalibrated = faster(1.0, modeled(Basis.uncalibrated, 0.5), 1);
        List<ProfileOption> options = evaluate(measured, uncalibrated).stream().map(o -> o.profile() == measured
                ? new ProfileOption(o.profile(), o.recommendation(), o.pricingModel(), Optional.empty()) : o).toList();
        List<Ranking.Ranked> ranked = Ranking.order(options);
        assertThat(ranked.stream().map(r -> r.option().profile()).toList()).containsExactly(uncalibrated, measured);
        assertThat(ranked).allSatisfy(r -> assertThat(r.note()).isEmpty());
    }
}
