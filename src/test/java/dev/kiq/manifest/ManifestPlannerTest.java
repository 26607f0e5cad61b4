package dev.kiq.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiq.KiqException;
import dev.kiq.catalog.Catalog;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ResourcesUsed;
import dev.kiq.recommend.CurveFixtures;
import dev.kiq.recommend.ProfileSelection;
import dev.kiq.recommend.Targets;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * From the user's choices to one profile and its serving plan: the newest version when none is given, the
 * cheapest tokens among counts of one accelerator (then the fewest accelerators), and every refusal named.
 * The profiles are the hand-made DeepSeek curve on A100 (knee 3357 tok/s at 72 ms, lowest NTPOT 20 ms) and
 * copies of it; prices are the bundled catalog's a2-highgpu-1g (3.6734 $/h) and a2-highgpu-2g (7.3468 $/h,
 * exactly twice).
 */
class ManifestPlannerTest {

    private static final String MODEL = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";
    private static final Instant AT = Instant.parse("2026-11-26T18:00:00Z");
    private static final Catalog CATALOG = Catalog.bundled();

    private static ManifestPlanner planner(List<Profile> profiles) {
        return new ManifestPlanner(CATALOG, new ProfileSelection(profiles, CATALOG), CurveFixtures.recommender());
    }

    private static ManifestPlanner.Choice choice(Optional<String> version, Targets targets, String namespace,
            OptionalDouble expectedQps) {
        return new ManifestPlanner.Choice(MODEL, "vllm", version, "nvidia-tesla-a100", targets, Optional.empty(),
                expectedQps, namespace, Platform.GKE, Optional.empty());
    }

    private static ManifestPlanner.Choice choice(Targets targets) {
        return choice(Optional.empty(), targets, "default", OptionalDouble.empty());
    }

    /** The fixture curve on {@code count} A100s, every token rate multiplied by {@code speedup}. */
    private static Profile onA100s(int count, String machine, double speedup) {
        Profile p = CurveFixtures.deepseekOnA100();
        List<PerformancePoint> points = p.performanceStats().stream().map(x -> new PerformancePoint(
                x.queriesPerSecond() * speedup, x.outputTokensPerSecond() * speedup, x.inputTokensPerSecond() * speedup,
                x.ntpotMilliseconds(), x.ttftMilliseconds(), x.itlMilliseconds(), x.queueSize(), x.batchSize(),
                x.kvCacheUsage())).toList();
        return new Profile(p.modelServerInfo(), p.acceleratorType(), p.tpuTopology(), machine, new ResourcesUsed(count),
                points, p.provenance(), p.serverConfig(), Optional.of(points.get(CurveFixtures.KNEE_INDEX)));
    }

    @Test
    void withoutAVersionTheNewestVersionWithAProfileIsUsed() {
        Profile old = CurveFixtures.deepseekOnA100();
        Profile newer = ManifestFixtures.withVersion(old, "v0.11.0");
        // the catalog lists v0.7.2 before v0.11.0; as strings "v0.7.2" sorts after "v0.11.0", so order matters
        for (List<Profile> profiles : List.of(List.of(old, newer), List.of(newer, old))) {
            ManifestPlanner.Plan plan = planner(profiles).plan(choice(Targets.none()));
            assertThat(plan.profile().modelServerInfo().modelServerVersion()).isEqualTo("v0.11.0");
            assertThat(plan.serverVersion().version()).isEqualTo("v0.11.0");
        }
        ManifestPlanner.Plan pinned = planner(List.of(old, newer))
                .plan(choice(Optional.of("v0.7.2"), Targets.none(), "default", OptionalDouble.empty()));
        assertThat(pinned.profile().modelServerInfo().modelServerVersion()).isEqualTo("v0.7.2");
        assertThat(pinned.serverVersion().images()).containsValue("vllm/vllm-openai:v0.7.2");
    }

    @Test
    void withoutATargetThePlanRunsAtTheKneeWithOneReplicaAndNoHpa() {
        ManifestPlanner.Plan plan = planner(List.of(CurveFixtures.deepseekOnA100())).plan(choice(Targets.none()));
        assertThat(plan.serving().operatingPoint().point().outputTokensPerSecond()).isEqualTo(3357);
        assertThat(plan.serving().replicas()).isEqualTo(1);
        assertThat(plan.serving().hpa()).isEmpty();
        assertThat(plan.accelerator().id()).isEqualTo("nvidia-tesla-a100");
    }

    @Test
    void expectedQpsSetsTheReplicasFromOneReplicasQpsAtTheOperatingPoint() {
        // at the knee one replica serves 17.2 QPS: 40 QPS need ceil(40 / 17.2) = 3 replicas
        ManifestPlanner.Plan plan = planner(List.of(CurveFixtures.deepseekOnA100()))
                .plan(choice(Optional.empty(), Targets.none(), "default", OptionalDouble.of(40)));
        assertThat(plan.serving().replicas()).isEqualTo(3);
    }

    /**
     * The comments give the replica count with the range the throughput error allows, as the wizard does: at the knee
     * 17.2 QPS per replica, 40 QPS need 3; at ±30% a replica serves 22.36 or 12.04 QPS: 2 or 4 (by hand, as in
     * ReplicaRangeTest). They gave "3 replicas need 3" alone.
     */
    @Test
    void theCommentsGiveTheReplicasWithTheirRange() {
        Profile p = CurveFixtures.deepseekOnA100();
        Profile calibrated = new Profile(p.modelServerInfo(), p.acceleratorType(), p.tpuTopology(), p.instanceType(),
                p.resourcesUsed(), p.performanceStats(), new dev.kiq.profile.Provenance(dev.kiq.profile.Provenance.Kind.modeled,
                        "kiq-perf-model", "t", "2026-12-02", "sharegpt", dev.kiq.profile.Basis.calibrated,
                        new dev.kiq.profile.ExpectedError(OptionalDouble.of(0.3), OptionalDouble.of(0.1), OptionalDouble.empty(),
                                OptionalDouble.empty())), p.serverConfig(), p.knee());
        String text = planner(List.of(calibrated)).create(choice(Optional.empty(), Targets.none(), "default",
                OptionalDouble.of(40)), AT, "kiq test").text(OutputMode.ALL);
        assertThat(text.replaceAll("\n# +", " ")).contains("Replicas for the expected load: 3 replicas (2–4 within the"
                + " expected error of the throughput at the operating point, ±30%).");
        String bare = planner(List.of(p)).create(choice(Optional.empty(), Targets.none(), "default", OptionalDouble.of(40)), AT,
                "kiq test").text(OutputMode.ALL);
        assertThat(bare).doesNotContain("Replicas for the expected load");
    }

    @Test
    void amongCountsOfOneAcceleratorTheCheapestTokensWin() {
        Profile one = onA100s(1, "a2-highgpu-1g", 1);
        // twice the price for three times the tokens: cheaper per token
        Profile twoFast = onA100s(2, "a2-highgpu-2g", 3);
        assertThat(planner(List.of(one, twoFast)).plan(choice(Targets.none())).profile().acceleratorCount()).isEqualTo(2);
        // twice the price for 1.5 times the tokens: dearer per token
        Profile twoSlow = onA100s(2, "a2-highgpu-2g", 1.5);
        assertThat(planner(List.of(twoSlow, one)).plan(choice(Targets.none())).profile().acceleratorCount()).isEqualTo(1);
    }

    @Test
    void atTheSameCostPerTokenTheFewestAcceleratorsWin() {
        // twice the price for exactly twice the tokens: the same cost per token, so the smaller replica
        Profile one = onA100s(1, "a2-highgpu-1g", 1);
        Profile two = onA100s(2, "a2-highgpu-2g", 2);
        for (List<Profile> profiles : List.of(List.of(one, two), List.of(two, one))) {
            assertThat(planner(profiles).plan(choice(Targets.none())).profile().acceleratorCount()).isEqualTo(1);
        }
    }

    @Test
    void aTargetBelowEveryProfilesReachNamesTheLowestReachable() {
        // the fixture's lowest NTPOT before the knee is 20 ms
        assertThatThrownBy(() -> planner(List.of(CurveFixtures.deepseekOnA100())).plan(choice(Targets.ntpot(10))))
                .isInstanceOf(KiqException.class)
                .hasMessageContaining("target NTPOT 10 ms")
                .hasMessageContaining("20.0 ms");
    }

    @Test
    void namespacesMustBeDnsLabels() {
        ManifestPlanner planner = planner(List.of(CurveFixtures.deepseekOnA100()));
        for (String ok : List.of("a", "default", "llm-serving", "0a", "a".repeat(63))) {
            assertThat(planner.plan(choice(Optional.empty(), Targets.none(), ok, OptionalDouble.empty()))).as(ok).isNotNull();
        }
        for (String bad : List.of("", "Default", "-a", "a-", "a_b", "a.b", "a".repeat(64))) {
            assertThatThrownBy(() -> planner.plan(choice(Optional.empty(), Targets.none(), bad, OptionalDouble.empty())))
                    .as(bad).isInstanceOf(KiqException.class)
                    .hasMessageContaining("namespace \"" + bad + "\" is not a valid Kubernetes namespace name");
        }
    }

    @Test
    void aVersionTheCatalogDoesNotKnowIsRefusedByName() {
        Profile unknown = ManifestFixtures.withVersion(CurveFixtures.deepseekOnA100(), "v9.9.9");
        assertThatThrownBy(() -> planner(List.of(unknown)).plan(choice(Targets.none())))
                .isInstanceOf(KiqException.class)
                .hasMessageContaining("the catalog has no vllm v9.9.9");
    }

    @Test
    void createWritesTheChosenProfilesManifestsInTheChosenNamespace() {
        Manifests m = planner(List.of(CurveFixtures.deepseekOnA100()))
                .create(choice(Optional.empty(), Targets.ntpot(40), "llm-serving", OptionalDouble.empty()), AT, "kiq test");
        assertThat(m.objects()).extracting(HasMetadata::getKind)
                .containsExactly("Deployment", "Service", "PodMonitoring", "HorizontalPodAutoscaler");
        assertThat(m.objects()).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("llm-serving"));
        Deployment d = (Deployment) m.objects().get(0);
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("vllm/vllm-openai:v0.7.2");
        assertThat(m.text(OutputMode.COMMENTS)).contains("--namespace=llm-serving");

        Manifests withDashboard = planner(List.of(CurveFixtures.deepseekOnA100()))
                .create(choice(Targets.none()), Optional.of(Dashboards.Kind.GRAFANA), AT, "kiq test");
        assertThat(withDashboard.objects()).extracting(HasMetadata::getKind)
                .containsExactly("Deployment", "Service", "PodMonitoring", "ConfigMap");
    }
}
