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
 * After {@code kiq calibrate --from}, the rows of {@code profiles list} and {@code accelerators list} modeled with the
 * user's factors looked like any other: "±14%" in the Accuracy column and nothing else (audit from target/kiq.jar, 1x L4
 * calibrated with 16 user measurements); only the yaml's toolVersion, the manifests and the wizard said it. Each table
 * now comes with the core's note on stderr for those rows, and for no other.
 */
class UserCalibrationNoteTest {

    @Test
    void aRowModeledWithYourFactorsSaysSoAndWhoseItsErrorIs(@TempDir Path root) {
        System.setProperty("kiq.home", root.resolve("home").toString());
        Path dir = root.resolve("profiles");
        Profile a100 = CurveFixtures.deepseekOnA100();
        ProfileWriter.write(new Profile(a100.modelServerInfo(), a100.acceleratorType(), a100.tpuTopology(), a100.instanceType(),
                a100.resourcesUsed(), a100.performanceStats(), new Provenance(Provenance.Kind.modeled, "kiq-perf-model",
                Provenance.userCalibrated("2", 16), "2026-12-02", "sharegpt", Basis.calibrated, new ExpectedError(
                OptionalDouble.of(0.13), OptionalDouble.of(0.07), OptionalDouble.empty(), OptionalDouble.empty())),
                a100.serverConfig(), a100.knee()), dir.resolve("a100.yaml"));
        String note = "NOTE: 1x nvidia-tesla-a100 (vllm v0.7.2): modeled with your factors, calibrated with 16 user measurements (kiq calibrate"
                + " --reset returns to the shipped factors). These errors are the published calibration's, before your measurements.";

        for (String verb : new String[] {"profiles", "accelerators"}) {
            CliFixtures.Run run = CliFixtures.run(verb, "list", "--model", CliFixtures.MODEL, "--model-server-version", "v0.7.2",
                    "--profiles-dir", dir.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("nvidia-tesla-a100").contains("nvidia-h100-80gb");
            assertThat(run.err()).as(verb).contains(note);
            // the shipped rows were modeled with the shipped factors: no note of theirs
            assertThat(run.err()).as(verb).doesNotContain("NOTE: 1x nvidia-h100-80gb (vllm v0.7.2): modeled with your factors");
        }
    }
}
