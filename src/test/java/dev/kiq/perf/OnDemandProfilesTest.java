package dev.kiq.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiq.KiqException;
import dev.kiq.catalog.Catalog;
import dev.kiq.profile.ModelServerInfo;
import dev.kiq.profile.Profile;
import dev.kiq.profile.Provenance;
import dev.kiq.profile.WorkloadShape;
import dev.kiq.recommend.CurveFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which profile answers for a workload (GKE's rule: mean lengths within 20%, measured before modeled), and the
 * on-demand profile modeled once, cached by what it depends on and read back the second time. A short sweep (12
 * requests per rate) keeps the one simulation fast.
 */
class OnDemandProfilesTest {

    private static final Catalog CATALOG = Catalog.bundled();
    private static final int REQUESTS = 12;

    private static WorkloadChoice summarization() {
        return WorkloadChoice.of(UseCases.bundled(), Optional.of("summarization"), OptionalInt.empty(), OptionalInt.empty());
    }

    private static Profile withShape(Profile p, Provenance.Kind kind, Optional<WorkloadShape> shape) {
        Provenance prov = new Provenance(kind, "t", "1", "2026-11-26", "w").withShape(shape);
        return new Profile(p.modelServerInfo(), p.acceleratorType(), p.tpuTopology(), p.instanceType(), p.resourcesUsed(),
                p.performanceStats(), prov, p.serverConfig(), p.knee());
    }

    @Test
    void aProfileWithinTwentyPercentAnswersAndAMeasuredOneBeforeAModeledOne() {
        WorkloadChoice chat = WorkloadChoice.defaultChoice();
        double in = chat.shape().meanInputTokens();
        double out = chat.shape().meanOutputTokens();
        Profile modeled = withShape(CurveFixtures.deepseekOnA100(), Provenance.Kind.modeled,
                Optional.of(new WorkloadShape("custom", in * 1.2, out * 0.8)));
        Profile measured = withShape(CurveFixtures.deepseekOnA100(), Provenance.Kind.measured,
                Optional.of(new WorkloadShape("custom", in, out)));
        Profile tooLong = withShape(CurveFixtures.deepseekOnA100(), Provenance.Kind.measured,
                Optional.of(new WorkloadShape("custom", in * 1.3, out)));
        assertThat(OnDemandProfiles.existing(List.of(modeled, measured), chat)).containsSame(measured);
        assertThat(OnDemandProfiles.existing(List.of(measured, modeled), chat)).containsSame(measured);
        assertThat(OnDemandProfiles.existing(List.of(modeled), chat)).containsSame(modeled);
        assertThat(OnDemandProfiles.existing(List.of(tooLong), chat)).isEmpty();
        assertThat(OnDemandProfiles.existing(List.of(), chat)).isEmpty();
    }

    @Test
    void aMatchingProfileIsUsedWithoutModeling(@TempDir Path cache) {
        List<String> progress = new ArrayList<>();
        OnDemandProfiles.Answer a = new OnDemandProfiles(CATALOG, cache, 42, REQUESTS)
                .answer(List.of(CurveFixtures.deepseekOnA100()), WorkloadChoice.defaultChoice(), progress::add);
        assertThat(a.profiles()).containsExactly(CurveFixtures.deepseekOnA100());
        assertThat(a.modeled()).isZero();
        assertThat(a.cached()).isZero();
        assertThat(progress).isEmpty();
    }

    @Test
    void anUncoveredWorkloadIsModeledOnceThenReadFromTheCache(@TempDir Path cache) throws Exception {
        OnDemandProfiles profiles = new OnDemandProfiles(CATALOG, cache, 42, REQUESTS);
        WorkloadChoice summarization = summarization();
        // two profiles of one configuration, and one of a model the catalog does not know (cannot be modeled)
        Profile unknown = new Profile(new ModelServerInfo("nobody/NoModel-1B", "vllm", "v0.7.2"), "nvidia-tesla-a100",
                Optional.empty(), "a2-highgpu-1g", CurveFixtures.deepseekOnA100().resourcesUsed(),
                CurveFixtures.deepseekOnA100().performanceStats(), CurveFixtures.deepseekOnA100().provenance(),
                CurveFixtures.deepseekOnA100().serverConfig(), Optional.empty());
        List<Profile> candidates = List.of(CurveFixtures.deepseekOnA100(), unknown, CurveFixtures.deepseekOnA100());
        var model = CATALOG.model("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B");
        var a100 = CATALOG.accelerator("nvidia-tesla-a100");
        var vllm = CATALOG.modelServer("vllm");
        var v072 = CATALOG.modelServerVersion("vllm", "v0.7.2");
        assertThat(profiles.isCached(model, a100, 1, vllm, v072, summarization)).isFalse();

        List<String> progress = new ArrayList<>();
        OnDemandProfiles.Answer first = profiles.answer(candidates, summarization, progress::add);
        assertThat(first.modeled()).isEqualTo(1);
        assertThat(first.cached()).isZero();
        assertThat(first.profiles()).hasSize(1);
        assertThat(progress).containsExactly("Modeling " + CurveFixtures.deepseekOnA100().key() + " for " + summarization.label());
        Profile made = first.profiles().get(0);
        assertThat(made.provenance().kind()).isEqualTo(Provenance.Kind.modeled);
        assertThat(made.provenance().workloadShape()).isEqualTo(summarization.shape());
        assertThat(made.key()).isEqualTo(CurveFixtures.deepseekOnA100().key());

        List<Path> files;
        try (Stream<Path> walk = Files.walk(cache)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).singleElement().satisfies(f -> {
            assertThat(cache.relativize(f).toString().replace('\\', '/'))
                    .matches("vllm-v0\\.7\\.2/deepseek-ai/DeepSeek-R1-Distill-Qwen-7B/nvidia-tesla-a100-x1-summarization-[0-9a-f]{16}\\.json");
        });
        assertThat(profiles.isCached(model, a100, 1, vllm, v072, summarization)).isTrue();

        progress.clear();
        OnDemandProfiles.Answer second = profiles.answer(candidates, summarization, progress::add);
        assertThat(second.modeled()).isZero();
        assertThat(second.cached()).isEqualTo(1);
        assertThat(progress).isEmpty();
        // the cache holds the profile as written (4 decimals)
        assertThat(dev.kiq.profile.ProfileWriter.toYaml(second.profiles().get(0))).isEqualTo(dev.kiq.profile.ProfileWriter.toYaml(made));
        assertThat(profiles.modeled(model, a100, 1, vllm, v072, summarization)).isEqualTo(second.profiles().get(0));

        // another seed or another workload is another file
        assertThat(new OnDemandProfiles(CATALOG, cache, 43, REQUESTS).isCached(model, a100, 1, vllm, v072, summarization)).isFalse();
        assertThat(profiles.isCached(model, a100, 1, vllm, v072, WorkloadChoice.of(UseCases.bundled(),
                Optional.of("summarization"), OptionalInt.of(2000), OptionalInt.of(300)))).isFalse();
        assertThat(profiles.isCached(model, a100, 2, vllm, v072, summarization)).isFalse();
    }

    @Test
    void aChoiceNeedsBothLengthsOrNeitherAndEachAtLeastOne() {
        UseCases useCases = UseCases.bundled();
        assertThatThrownBy(() -> WorkloadChoice.of(useCases, Optional.empty(), OptionalInt.of(100), OptionalInt.empty()))
                .isInstanceOf(KiqException.class).hasMessageContaining("only the input length was given");
        assertThatThrownBy(() -> WorkloadChoice.of(useCases, Optional.empty(), OptionalInt.empty(), OptionalInt.of(100)))
                .isInstanceOf(KiqException.class).hasMessageContaining("only the output length was given");
        assertThatThrownBy(() -> WorkloadChoice.of(useCases, Optional.empty(), OptionalInt.of(0), OptionalInt.of(100)))
                .isInstanceOf(KiqException.class).hasMessageStartingWith("A length of 0 tokens is not valid");
        assertThatThrownBy(() -> WorkloadChoice.of(useCases, Optional.empty(), OptionalInt.of(10), OptionalInt.of(-1)))
                .isInstanceOf(KiqException.class).hasMessageStartingWith("A length of -1 tokens is not valid");
        WorkloadChoice one = WorkloadChoice.of(useCases, Optional.empty(), OptionalInt.of(1), OptionalInt.of(1));
        assertThat(one.shape().meanInputTokens()).isEqualTo(1);
        assertThat(one.isDefault()).isFalse();
        assertThat(WorkloadChoice.defaultChoice().isDefault()).isTrue();
        WorkloadChoice moved = WorkloadChoice.of(useCases, Optional.of("summarization"), OptionalInt.of(2000), OptionalInt.of(300));
        assertThat(moved.label()).endsWith(" (mean 2000 input / 300 output tokens)");
        assertThat(moved.shape()).isEqualTo(new WorkloadShape("summarization", 2000, 300));
        assertThat(moved.workload().name()).isEqualTo("summarization, mean 2000 in / 300 out");
    }

    @Test
    void aWorkloadLongerThanTheContextIsCutOrRefused() {
        WorkloadChoice moved = WorkloadChoice.of(UseCases.bundled(), Optional.of("summarization"), OptionalInt.of(2000),
                OptionalInt.of(300));
        // means 2000 + 300 = 2300 > 2048: no cut can serve it
        assertThatThrownBy(() -> moved.servedWithin(2048, "m/x")).isInstanceOf(KiqException.class)
                .hasMessage("The workload's mean lengths (2000 input + 300 output tokens) exceed m/x's context of 2048 tokens;"
                        + " valid: lengths whose sum is at most 2048.");
        Workload w = moved.workload();
        // a context holding the longest request serves the workload as it is
        assertThat(moved.servedWithin(w.longestRequest(), "m/x")).isSameAs(w);
        // a smaller one cuts outputs to at most half of it and prompts to the rest
        int context = 2400;
        assertThat(w.longestRequest()).isGreaterThan(context);
        Workload cut = moved.servedWithin(context, "m/x");
        assertThat(cut.name()).endsWith(", cut to a 2400-token context");
        assertThat(cut.output().max()).isLessThanOrEqualTo(1200);
        assertThat(cut.longestRequest()).isLessThanOrEqualTo(context);
    }

    @Test
    void aConfigurationThatCannotHoldTheWorkloadIsLeftOutWithItsReasonAndTheOthersAnswer(@TempDir Path cache) {
        // Llama-3.3-70B in 16-bit weights on 4x 40 GB leaves room for a 2048-token context (the catalog's rule), and
        // summarization means 2588 + 291 tokens: that configuration cannot serve it; DeepSeek 7B on one A100 can
        Profile fixture = CurveFixtures.deepseekOnA100();
        Profile llama = new Profile(new ModelServerInfo("meta-llama/Llama-3.3-70B-Instruct", "vllm", "v0.7.2"),
                "nvidia-tesla-a100", Optional.empty(), "a2-highgpu-4g", new dev.kiq.profile.ResourcesUsed(4),
                fixture.performanceStats(), fixture.provenance(), fixture.serverConfig(), Optional.empty());
        OnDemandProfiles.Answer a = new OnDemandProfiles(CATALOG, cache, 42, REQUESTS)
                .answer(List.of(llama, fixture), summarization(), line -> { });
        assertThat(a.profiles()).extracting(Profile::key).containsExactly(fixture.key());
        // the 2048 tokens are the accelerators' (their memory's) and the reason says so: the model's own context is
        // 131072 (catalog maxContext); "exceed ...'s context of 2048 tokens" alone read as the model's
        assertThat(a.leftOut()).singleElement().satisfies(out -> {
            assertThat(out.key()).isEqualTo(llama.key());
            assertThat(out.why()).hasMessage("The workload's mean lengths (2588 input + 291 output tokens) exceed"
                    + " meta-llama/Llama-3.3-70B-Instruct's context of 2048 tokens on 4x nvidia-tesla-a100, the longest whose"
                    + " KV cache its memory holds (the model's own context is 131072 tokens); valid: lengths whose sum is at"
                    + " most 2048.");
        });
        assertThat(a.modeled()).isEqualTo(1);
    }
}
