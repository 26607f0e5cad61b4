package dev.kiq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.profile.MeasuredFixture;
import dev.kiq.profile.ProfileWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 §5: a measured profile ({@code kiq bench run}/{@code bench import}) outranks the shipped modeled one of the
 * same combination in every CLI place that picks a profile ({@link MeasuredFixture}: the dearer of the two, measured at
 * lengths within 20% of the chatbot's).
 */
class MeasuredBeatsModeledCliTest {

    private static final String H100 = MeasuredFixture.H100;

    @TempDir
    Path root;
    String dir;

    @BeforeEach
    void measuredProfile() {
        System.setProperty("kiq.home", root.resolve("home").toString());
        Path profiles = root.resolve("profiles");
        ProfileWriter.write(MeasuredFixture.measured(), profiles.resolve("bench-h100.yaml"));
        dir = profiles.toString();
    }
    @Test
    void profilesListShowsTheMeasuredProfileInsteadOfTheModeledOne() {
        var run = CliFixtures.run("profiles", "list", "--model", CliFixtures.MODEL, "--profiles-dir", dir);
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> h100 = run.out().lines().filter(l -> l.contains("1x " + H100)).toList();
        assertThat(h100).singleElement().asString().contains("measured");
    }

    @Test
    void acceleratorsListShowsTheMeasuredProfileInsteadOfTheModeledOne() {
        var run = CliFixtures.run("accelerators", "list", "--model", CliFixtures.MODEL, "--profiles-dir", dir);
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> h100 = run.out().lines().filter(l -> l.startsWith(H100)).toList();
        assertThat(h100).singleElement().asString().contains("measured");
    }

    @Test
    void manifestsAreWrittenFromTheMeasuredProfile() {
        var run = CliFixtures.run("manifests", "create", "--model", CliFixtures.MODEL, "--model-server", "vllm",
                "--accelerator-type", H100, "--target-ntpot-milliseconds", "25", "--output", "comments", "--profiles-dir", dir);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("from the measured profile of").doesNotContain("modeled profile");
    }

    @Test
    void aUseCaseAskedForStillFindsTheMeasuredChatProfile() {
        var run = CliFixtures.run("manifests", "create", "--model", CliFixtures.MODEL, "--model-server", "vllm",
                "--accelerator-type", H100, "--use-case", "chatbot", "--output", "comments", "--profiles-dir", dir);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("from the measured profile of");
    }
}
