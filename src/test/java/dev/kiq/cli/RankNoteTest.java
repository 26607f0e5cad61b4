package dev.kiq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.profile.Basis;
import dev.kiq.profile.ExpectedError;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileWriter;
import dev.kiq.profile.Provenance;
import dev.kiq.recommend.CurveFixtures;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * profiles list's table puts a better-founded row above a cheaper one whose cost it ties with (Ranking), but only the yaml
 * said why: the table read as a wrong order (seen: DeepSeek-7B on v0.19.1, 1x nvidia-tesla-a100 at 0.151 above 4x
 * tpu-v5-lite-podslice at 0.110). The table now comes with the core's note on stderr.
 */
class RankNoteTest {

    @Test
    void aRowMovedAboveACheaperOneSaysWhy(@TempDir Path root) {
        System.setProperty("kiq.home", root.resolve("home").toString());
        Path dir = root.resolve("profiles");
        Profile a100 = CurveFixtures.deepseekOnA100();
        // modeled on the cheaper machine with a throughput error of ±50%; the same curve measured on the dearer A100 80GB
        // (a2-ultragpu-1g): its cost is within 1.5 times the cheaper one's, so the two tie and the measured one goes first
        ProfileWriter.write(new Profile(a100.modelServerInfo(), a100.acceleratorType(), a100.tpuTopology(), a100.instanceType(),
                a100.resourcesUsed(), a100.performanceStats(), new Provenance(Provenance.Kind.modeled, "kiq-perf-model", "t",
                "2026-12-02", "sharegpt", Basis.calibrated, new ExpectedError(OptionalDouble.of(0.5), OptionalDouble.of(0.1),
                OptionalDouble.empty(), OptionalDouble.empty())), a100.serverConfig(), a100.knee()), dir.resolve("a100.yaml"));
        ProfileWriter.write(new Profile(a100.modelServerInfo(), "nvidia-a100-80gb", a100.tpuTopology(), "a2-ultragpu-1g",
                a100.resourcesUsed(), a100.performanceStats(), new Provenance(Provenance.Kind.measured, "kiq-bench", "1",
                "2026-12-02", "sharegpt"), a100.serverConfig(), a100.knee()), dir.resolve("a100-80.yaml"));
        CliFixtures.Run run = CliFixtures.run("profiles", "list", "--model", CliFixtures.MODEL, "--model-server-version",
                "v0.7.2", "--profiles-dir", dir.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().indexOf("1x nvidia-a100-80gb")).isLessThan(run.out().indexOf("1x nvidia-tesla-a100"));
        assertThat(run.err()).contains("NOTE: 1x nvidia-a100-80gb (vllm v0.7.2): Ranked above 1x nvidia-tesla-a100 ($0.236 ±50%, validated)");
    }
}
