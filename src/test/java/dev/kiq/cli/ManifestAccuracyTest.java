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
 * manifests create's comments give the figures the replica count and the HPA threshold rest on ("Expected per replica
 * at the operating point ... 6517 output tokens/s, NTPOT 30.0 ms") but said nothing of how far to trust them, where the
 * tables print "±14%" beside the same profile (CLI walk from the jar, clismoke, 1x L4 after kiq calibrate --from). Issue
 * 10: show the uncertainty wherever a number is shown. The comments now carry the profile's own accuracy sentence.
 */
class ManifestAccuracyTest {

    private static CliFixtures.Run comments(Path dir) {
        return CliFixtures.run("manifests", "create", "--model", CliFixtures.MODEL, "--model-server", "vllm",
                "--model-server-version", "v0.7.2", "--accelerator-type", "nvidia-tesla-a100", "--profiles-dir", dir.toString(),
                "--output", "comments");
    }

    /** The comments as one text, their '# ' and line breaks taken off, so that a wrapped sentence reads whole. */
    private static String text(CliFixtures.Run run) {
        return String.join(" ", run.out().lines().map(l -> l.replaceFirst("^#\\s*", "")).filter(l -> !l.isEmpty()).toList());
    }

    @Test
    void theCommentsSayTheExpectedErrorOfACalibratedProfile(@TempDir Path root) {
        System.setProperty("kiq.home", root.resolve("home").toString());
        Path dir = root.resolve("profiles");
        Profile a100 = CurveFixtures.deepseekOnA100();
        // throughput ±13%, NTPOT ±7%: the curve's error is the larger, 13%
        ProfileWriter.write(new Profile(a100.modelServerInfo(), a100.acceleratorType(), a100.tpuTopology(), a100.instanceType(),
                a100.resourcesUsed(), a100.performanceStats(), new Provenance(Provenance.Kind.modeled, "kiq-perf-model", "2",
                "2026-12-02", "sharegpt", Basis.calibrated, new ExpectedError(OptionalDouble.of(0.13), OptionalDouble.of(0.07),
                OptionalDouble.of(0.2), OptionalDouble.of(0.3))), a100.serverConfig(), a100.knee()), dir.resolve("a100.yaml"));

        CliFixtures.Run run = comments(dir);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(text(run)).contains("Expected per replica at the operating point")
                .contains("Modeled for an accelerator whose published measurements give its error. Expected error ±13%");
    }

    @Test
    void theCommentsOfAMeasuredProfileSayItIsMeasured(@TempDir Path root) {
        System.setProperty("kiq.home", root.resolve("home").toString());
        Path dir = root.resolve("profiles");
        Profile a100 = CurveFixtures.deepseekOnA100();
        ProfileWriter.write(new Profile(a100.modelServerInfo(), a100.acceleratorType(), a100.tpuTopology(), a100.instanceType(),
                a100.resourcesUsed(), a100.performanceStats(), new Provenance(Provenance.Kind.measured, "kiq-bench", "1",
                "2026-12-02", "sharegpt"), a100.serverConfig(), a100.knee()), dir.resolve("a100.yaml"));

        CliFixtures.Run run = comments(dir);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(text(run)).contains("Measured (kiq-bench, 2026-12-02).");
    }
}
