package dev.kiq.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.catalog.PricingModel;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Issue 11 defect 13: latency-sensitive serving gets a TTFT target; a multi-second TTFT is never silent. */
class TtftGuidanceTest {

    private final Profile base = CurveFixtures.deepseekOnA100();

    /** Three points on a straight NTPOT line (no bend: the knee is the highest-throughput third point) whose TTFT climbs 300, 1200, {@code kneeTtft} ms. */
    private Profile curve(String accelerator, double kneeTtft) {
        List<PerformancePoint> points = List.of(
                new PerformancePoint(1, 1000, 800, 20, 300, 18, 0, 8, 0.2),
                new PerformancePoint(2, 2000, 1600, 30, 1200, 27, 0, 16, 0.4),
                new PerformancePoint(3, 3000, 2400, 40, kneeTtft, 36, 1, 24, 0.6));
        return new Profile(base.modelServerInfo(), accelerator, Optional.empty(), "machine", base.resourcesUsed(), points,
                base.provenance(), base.serverConfig(), Optional.empty());
    }

    private static ProfileOption option(Profile p, Targets targets) {
        return new ProfileOption(p, Recommender.standard().recommend(p, targets, Optional.empty()), PricingModel.ON_DEMAND,
                Optional.empty());
    }

    @Test
    void latencySensitiveUseCasesGetMlperfInteractiveBounds() {
        assertThat(TtftGuidance.latencySensitiveTarget("chatbot")).isEqualTo(450);
        assertThat(TtftGuidance.latencySensitiveTarget("summarization")).isEqualTo(500);
        assertThat(TtftGuidance.latencySensitiveTarget("rag")).isEqualTo(4500);
        // a use case kiq does not know gets the chat bound
        assertThat(TtftGuidance.latencySensitiveTarget("my-own")).isEqualTo(450);
        assertThat(TtftGuidance.targetBasis("chatbot")).contains("450 ms");
    }

    @Test
    void aKneeAtTwoSecondsOrMoreIsSaidAndOneJustBelowIsNot() {
        assertThat(TtftGuidance.warning(option(curve("nvidia-l4", 1999.9), Targets.none()))).isEmpty();
        String w = TtftGuidance.warning(option(curve("nvidia-l4", 5400), Targets.none())).orElseThrow();
        assertThat(w).startsWith("TTFT 5.4 s on 1x nvidia-l4 (").contains("users wait seconds");
        assertThat(TtftGuidance.warning(option(curve("nvidia-l4", 2000), Targets.none()))).isPresent();
    }

    @Test
    void theDefaultTargetMovesTheOperatingPointBelowTheWarning() {
        Profile slow = curve("nvidia-l4", 5400);
        ProfileOption bounded = option(slow, Targets.none().withTtft(OptionalDouble.of(TtftGuidance.latencySensitiveTarget("chatbot"))));
        // 450 ms lies between the first point (300 ms) and the second (1200 ms): t = (450 - 300) / 900 = 1/6
        PerformancePoint op = bounded.operatingPoint().orElseThrow().point();
        assertThat(op.ttftMilliseconds()).isEqualTo(450, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(op.outputTokensPerSecond()).isEqualTo(1000 + 1000.0 / 6, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(TtftGuidance.warning(bounded)).isEmpty();
    }

    @Test
    void theNoteNamesEverySlowOptionAndTheTargetThatRulesThemOut() {
        List<ProfileOption> shown = List.of(option(curve("nvidia-h100-80gb", 900), Targets.none()),
                option(curve("nvidia-l4", 5400), Targets.none()), option(curve("nvidia-tesla-a100", 3000), Targets.none()));
        String note = TtftGuidance.note(shown, "chatbot").orElseThrow();
        assertThat(note).startsWith("2 recommendations make users wait seconds")
                .contains("1x nvidia-l4 (").contains(") 5.4 s").contains("1x nvidia-tesla-a100 (").contains(") 3.0 s")
                .doesNotContain("h100").contains("450 ms");
        assertThat(TtftGuidance.note(shown.subList(0, 1), "chatbot")).isEmpty();
    }
}
