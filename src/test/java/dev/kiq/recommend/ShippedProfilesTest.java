package dev.kiq.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.PricingModel;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileRepository;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The recommendation engine on the profiles kiq ships (profiles/ in the repository, modeled by dev.kiq.perf). */
class ShippedProfilesTest {

    private static List<Profile> shipped;
    private static Catalog catalog;
    private final Recommender recommender = Recommender.standard();

    @BeforeAll
    static void load() {
        shipped = ProfileRepository.shipped().profiles();
        catalog = Catalog.bundled();
    }

    private static Profile profile(String model, String version, String accelerator) {
        return shipped.stream().filter(p -> p.modelServerInfo().model().equals(model)
                        && p.modelServerInfo().modelServerVersion().equals(version) && p.acceleratorType().equals(accelerator))
                .findFirst().orElseThrow();
    }

    @Test
    void everyShippedProfileHasAnOperatingPointAtItsKneeWithoutTargets() {
        assertThat(shipped).hasSizeGreaterThan(50);
        for (Profile p : shipped) {
            var r = recommender.recommend(p, Targets.none(), Optional.empty());
            assertThat(r).as(p.key().toString()).isInstanceOf(Recommendation.Achievable.class);
            var op = ((Recommendation.Achievable) r).operatingPoint();
            assertThat(op.atKnee()).isTrue();
            // the knee the engine finds is the one the performance model stored in the file
            p.knee().ifPresent(k -> assertThat(op.point()).as(p.key().toString()).isEqualTo(k));
        }
    }

    @Test
    void deepseekKneesOnV072AreWithinFivePercentOfThePublishedMeasurements() {
        // SPEC §3: 3357 tok/s at NTPOT 72 ms on 1x A100-40GB, 6934 tok/s at 30 ms on 1x H100-80GB
        PerformancePoint a100 = recommender.knee(profile("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "v0.7.2", "nvidia-tesla-a100")).orElseThrow();
        PerformancePoint h100 = recommender.knee(profile("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "v0.7.2", "nvidia-h100-80gb")).orElseThrow();
        assertThat(a100.outputTokensPerSecond()).isCloseTo(3357, within(3357 * 0.05));
        assertThat(a100.ntpotMilliseconds()).isCloseTo(72, within(72 * 0.05));
        assertThat(h100.outputTokensPerSecond()).isCloseTo(6934, within(6934 * 0.05));
        assertThat(h100.ntpotMilliseconds()).isCloseTo(30, within(30 * 0.05));
    }

    @Test
    void targetBelowTheShippedCurveGivesNoRecommendationWithItsRange() {
        Profile l4 = profile("google/gemma-2-27b-it", "v0.7.2", "nvidia-l4");
        PerformancePoint knee = recommender.knee(l4).orElseThrow();
        double min = l4.performanceStats().stream().filter(p -> p.outputTokensPerSecond() <= knee.outputTokensPerSecond())
                .mapToDouble(PerformancePoint::ntpotMilliseconds).min().orElseThrow();
        var r = recommender.recommend(l4, Targets.ntpot(min * 0.5), Optional.empty());
        assertThat(((Recommendation.Unachievable) r).reason())
                .contains(String.format(java.util.Locale.ROOT, "minimum %.1f ms", min))
                .contains(String.format(java.util.Locale.ROOT, "between %.1f and %.1f ms", min, knee.ntpotMilliseconds()));
    }

    @Test
    void seedExampleTargetOnGemmaL4IsMetExactlyByInterpolation() {
        // the seed's example: gemma-2-27b-it, vllm v0.7.2, nvidia-l4, --target-ntpot-milliseconds=200
        Profile l4 = profile("google/gemma-2-27b-it", "v0.7.2", "nvidia-l4");
        var r = (Recommendation.Achievable) recommender.recommend(l4, Targets.ntpot(200), Optional.empty());
        PerformancePoint op = r.operatingPoint().point();
        if (r.operatingPoint().atKnee()) {
            assertThat(op.ntpotMilliseconds()).isLessThanOrEqualTo(200);
        } else {
            assertThat(op.ntpotMilliseconds()).isCloseTo(200, within(1e-6));
            PerformancePoint knee = r.knee().orElseThrow();
            assertThat(op.outputTokensPerSecond()).isLessThan(knee.outputTokensPerSecond());
            // the operating point lies between two measured points that bracket 200 ms
            assertThat(l4.performanceStats()).anyMatch(p -> p.ntpotMilliseconds() < 200
                    && p.outputTokensPerSecond() <= op.outputTokensPerSecond());
            assertThat(l4.performanceStats()).anyMatch(p -> p.ntpotMilliseconds() > 200
                    && p.outputTokensPerSecond() >= op.outputTokensPerSecond());
        }
    }

    @Test
    void everyShippedGpuProfileHasAnOnDemandCostFollowingTheFormula() {
        for (Profile p : shipped) {
            var accelerator = catalog.findAccelerator(p.acceleratorType()).orElseThrow();
            Optional<CostModel> cost = Pricing.costModel(accelerator, p, PricingModel.ON_DEMAND, 4);
            if (accelerator.family() == dev.kiq.catalog.Accelerator.Family.GPU) {
                assertThat(cost).as(p.key().toString()).isPresent();
            }
            cost.ifPresent(c -> {
                PerformancePoint k = recommender.knee(p).orElseThrow();
                double expected = c.hourlyPrice() / 3600 / (k.inputTokensPerSecond() / 4 + k.outputTokensPerSecond()) * 1e6;
                assertThat(c.costPerMillionOutputTokens(k)).isCloseTo(expected, within(1e-12));
            });
        }
    }

    @Test
    void hpaThresholdOnShippedProfilesSitsBelowTheValueAtTheOperatingPoint() {
        for (Profile p : shipped) {
            var version = catalog.findModelServer(p.modelServerInfo().modelServer())
                    .flatMap(s -> s.version(p.modelServerInfo().modelServerVersion())).orElseThrow();
            PerformancePoint knee = recommender.knee(p).orElseThrow();
            double mid = (p.performanceStats().get(0).ntpotMilliseconds() + knee.ntpotMilliseconds()) / 2;
            var plan = ServingPlan.of(recommender, p, Targets.ntpot(mid), Optional.empty(), version.metrics(),
                    Optional.empty(), java.util.OptionalDouble.of(50));
            HpaRecommendation hpa = plan.hpa().orElseThrow();
            assertThat(hpa.threshold()).as(p.key().toString()).isCloseTo(hpa.valueAtOperatingPoint() * 0.8, within(1e-9));
            assertThat(hpa.metricName()).startsWith("vllm:");
            assertThat(plan.replicas()).isEqualTo((int) Math.ceil(50 / plan.operatingPoint().point().queriesPerSecond() - 1e-9));
        }
    }
}
