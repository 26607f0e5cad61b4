package dev.kiq.ui.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.catalog.Catalog;
import dev.kiq.profile.ModelServerInfo;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.profile.Provenance;
import dev.kiq.profile.ResourcesUsed;
import dev.kiq.profile.ServerConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The wizard's answers are the core's: same knee, same operating point, same order as the CLI. */
class RecommendationsTest {

    private final Recommendations recommendations = Recommendations.standard(Catalog.bundled());

    private static Profile twoPoints(PerformancePoint... points) {
        return new Profile(new ModelServerInfo("google/gemma-2-2b-it", "vllm", "v0.7.2"), "nvidia-l4", Optional.empty(),
                "g2-standard-8", new ResourcesUsed(1), List.of(points),
                new Provenance(Provenance.Kind.modeled, "test", "0", "2026-01-01", "sharegpt-shaped"),
                new ServerConfig(4096, 256, 8192, 0.9), Optional.of(points[points.length - 1]));
    }

    @Test
    void theWizardsKneeIsTheCoresEvenWhereTheCoreFindsNone() {
        var fast = new PerformancePoint(1, 500, 400, 20, 60, 18, 0, 8, 0.3);
        var overloaded = new PerformancePoint(2, 450, 360, 80, 900, 70, 6, 16, 0.9);
        // two rates are too few for a knee (the knee rule needs three): no knee, whatever the file stores; the usable curve
        // ends at the highest throughput, not at the file's stored knee nor at the last point (the overloaded one)
        Analysis a = recommendations.analyse(twoPoints(fast, overloaded), Workload.defaults());
        assertThat(a.knee()).isEmpty();
        assertThat(a.end().point()).isEqualTo(fast);
        assertThat(a.end().noKnee()).isPresent();
        assertThat(a.operatingPoint()).contains(fast);
    }

    @Test
    void aTargetTheCurveCannotMeetNamesTheCoresReason() {
        var fast = new PerformancePoint(1, 500, 400, 20, 60, 18, 0, 8, 0.3);
        var overloaded = new PerformancePoint(2, 450, 360, 80, 900, 70, 6, 16, 0.9);
        Analysis a = recommendations.analyse(twoPoints(fast, overloaded),
                Workload.defaults().withTarget(LatencyMetric.NTPOT, Optional.of(10.0)));
        assertThat(a.feasible()).isFalse();
        assertThat(a.problem().orElseThrow()).contains("below the minimum 20.0 ms");
        assertThat(a.operatingPoint()).isEmpty();
        assertThat(a.replicas()).isEqualTo(1);
    }
}
