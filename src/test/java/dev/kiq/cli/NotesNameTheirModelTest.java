package dev.kiq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.profile.Basis;
import dev.kiq.profile.ExpectedError;
import dev.kiq.profile.ModelServerInfo;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileWriter;
import dev.kiq.profile.Provenance;
import dev.kiq.recommend.CurveFixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * profiles list without --model lists every model, but its notes named a row by its accelerators alone: the CLI walk
 * from the packaged jar (clismoke, 2026-12-03) printed "NOTE: 1x nvidia-tesla-a100: Ranked above 4x tpu-v5-lite-podslice
 * ($0.119 ...)" and the same words with $0.130, one of DeepSeek-R1-Distill-Qwen-7B, one of Meta-Llama-3-8B, and a TTFT
 * note listing "1x nvidia-l4 (vllm v0.19.1) 3.1 s" and "1x nvidia-l4 (vllm v0.19.1) 4.0 s". Which row a note is about
 * must be readable from the note: with several models it names the model, and it always names the server version.
 */
class NotesNameTheirModelTest {

    private static final String LLAMA = "meta-llama/Meta-Llama-3-8B";

    /** The fixture's curve as {@code model} on {@code accelerator}, its throughput times {@code speed}, its TTFT times {@code ttft}. */
    private static Profile as(Profile p, String model, String accelerator, String instance, Provenance provenance, double speed,
                              double ttft) {
        List<PerformancePoint> points = p.performanceStats().stream().map(q -> new PerformancePoint(q.queriesPerSecond() * speed,
                q.outputTokensPerSecond() * speed, q.inputTokensPerSecond() * speed, q.ntpotMilliseconds(),
                q.ttftMilliseconds() * ttft, q.itlMilliseconds(), q.queueSize(), q.batchSize(), q.kvCacheUsage())).toList();
        return new Profile(new ModelServerInfo(model, "vllm", "v0.7.2"), accelerator, p.tpuTopology(), instance,
                p.resourcesUsed(), points, provenance, p.serverConfig(), Optional.of(points.get(CurveFixtures.KNEE_INDEX)));
    }

    @Test
    void everyNoteOfAListOfSeveralModelsNamesTheModelItIsAbout(@TempDir Path root) {
        System.setProperty("kiq.home", root.resolve("home").toString());
        Path dir = root.resolve("profiles");
        Profile a100 = CurveFixtures.deepseekOnA100();
        Provenance modeled = new Provenance(Provenance.Kind.modeled, "kiq-perf-model", Provenance.userCalibrated("2", 16),
                "2026-12-02", "sharegpt", Basis.calibrated, new ExpectedError(OptionalDouble.of(0.5), OptionalDouble.of(0.1),
                OptionalDouble.empty(), OptionalDouble.empty()));
        Provenance measured = new Provenance(Provenance.Kind.measured, "kiq-bench", "1", "2026-12-02", "sharegpt");
        // per model: the curve modeled (±50%, with the user's factors) on the A100 40GB and the same curve measured on the
        // dearer A100 80GB; the costs tie within ±50% (A100 80GB's hourly price is within 1.5 times the 40GB's), so the
        // measured row is ranked first with a note, in the same words for both models. Llama's curves run 10 times faster,
        // so that no shipped row of Llama falls between the two (its L4 at v0.7.2 did), and its modeled TTFT is 20 times
        // the fixture's: 180 ms x 20 = 3.6 s at the knee, for the TTFT note.
        for (String model : List.of(CliFixtures.MODEL, LLAMA)) {
            String name = model.substring(model.indexOf('/') + 1);
            double speed = model.equals(LLAMA) ? 10 : 1;
            ProfileWriter.write(as(a100, model, "nvidia-tesla-a100", "a2-highgpu-1g", modeled, speed, model.equals(LLAMA) ? 20 : 1),
                    dir.resolve(name + "-a100.yaml"));
            ProfileWriter.write(as(a100, model, "nvidia-a100-80gb", "a2-ultragpu-1g", measured, speed, 1),
                    dir.resolve(name + "-a100-80.yaml"));
        }

        CliFixtures.Run run = CliFixtures.run("profiles", "list", "--model-server-version", "v0.7.2", "--profiles-dir",
                dir.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        for (String model : List.of(CliFixtures.MODEL, LLAMA)) {
            assertThat(run.err()).contains("NOTE: " + model + " on 1x nvidia-a100-80gb (vllm v0.7.2): Ranked above 1x nvidia-tesla-a100");
            assertThat(run.err()).contains("NOTE: " + model + " on 1x nvidia-tesla-a100 (vllm v0.7.2): modeled with your factors");
        }
        assertThat(run.err()).contains(LLAMA + " on 1x nvidia-tesla-a100 (vllm v0.7.2) 3.6 s");
        // no note names a row by its accelerators alone
        assertThat(run.err().lines().filter(l -> l.startsWith("NOTE:")).toList()).isNotEmpty()
                .noneMatch(l -> l.matches("NOTE: \\d+x [a-z0-9-]+:.*"));
    }
}
