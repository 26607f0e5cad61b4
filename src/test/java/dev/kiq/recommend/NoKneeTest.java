package dev.kiq.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.profile.MeasuredFixture;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A measured profile of two rates (kiq bench import of two result files) has no knee: the knee rule needs three points. Its
 * last rate was reported as the knee (the yaml's knee, limitedBy knee, the wizard's "before the knee"), as if the
 * server saturated there.
 */
class NoKneeTest {

    static Profile twoRates() {
        return MeasuredFixture.twoRates();
    }

    @Test
    void twoRatesHaveNoKneeAndTheOperatingPointIsTheHighestRateMeasured() {
        Profile p = twoRates();
        Recommendation r = Recommender.standard().recommend(p, Targets.none(), Optional.empty());
        assertThat(r.knee()).isEmpty();
        assertThat(r.end().noKnee()).contains("no knee: 2 rates measured, and a knee needs at least 3");
        assertThat(r.end().point()).isEqualTo(p.performanceStats().get(1));
        OperatingPoint op = ((Recommendation.Achievable) r).operatingPoint();
        assertThat(op.limitedBy()).isEqualTo(OperatingPoint.Limit.HIGHEST_RATE);
        assertThat(op.atKnee()).isFalse();
        assertThat(op.atCurveEnd()).isTrue();
        assertThat(Recommender.standard().knee(p)).isEmpty();
    }

    @Test
    void theOptionSaysSoInOneSentence() {
        Profile p = twoRates();
        ProfileOption o = new ProfileOption(p, Recommender.standard().recommend(p, Targets.none(), Optional.empty()),
                dev.kiq.catalog.PricingModel.ON_DEMAND, Optional.empty());
        assertThat(o.noKneeNote()).hasValueSatisfying(n -> assertThat(n)
                .startsWith("1x nvidia-h100-80gb (vllm " + MeasuredFixture.VERSION + ") has no knee: 2 rates measured")
                .contains("highest rate measured, " + Format.number(p.performanceStats().get(1).queriesPerSecond()) + " req/s")
                .contains("not known to be its maximum"));
        // a curve with a knee has no such note
        Profile whole = MeasuredFixture.measured();
        ProfileOption withKnee = new ProfileOption(whole, Recommender.standard().recommend(whole, Targets.none(),
                Optional.empty()), dev.kiq.catalog.PricingModel.ON_DEMAND, Optional.empty());
        assertThat(withKnee.recommendation().knee()).isPresent();
        assertThat(withKnee.noKneeNote()).isEmpty();
    }

    /** At the highest rate of a curve without a knee no target bounds the point: throughput-oriented, on the queue. */
    @Test
    void theHpaAtTheHighestRateScalesOnTheQueueAndDoesNotCallItAKnee() {
        OperatingPoint op = new OperatingPoint(new PerformancePoint(16, 3098, 3592, 20.4, 70.1, 18.3, 2, 61, 0.4), false,
                OperatingPoint.Limit.HIGHEST_RATE);
        HpaRecommendation h = Autoscaling.hpa(op, dev.kiq.catalog.Catalog.bundled().modelServerVersion("vllm",
                MeasuredFixture.VERSION).metrics(), Optional.empty(), 1);
        assertThat(h.metric()).isEqualTo(HpaMetric.QUEUE_SIZE);
        assertThat(h.reason()).isEqualTo("Queue size is the default for throughput-oriented serving at the highest rate"
                + " measured (the curve has no knee).");
    }
}
