package dev.kiq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.perf.FactorTable;
import dev.kiq.settings.UserFolders;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * One behaviour for a calibration of the user's own that kiq cannot read (the per-user factors.yaml that kiq calibrate
 * --from writes): every verb that reads the user's factors, or the profiles re-modeled with them, refuses with one ERROR
 * line naming the file, line and field, exit 2, and leaves the file as it was. Before, simulate and calibrate refused it
 * while profiles list, accelerators list and manifests create read the re-modeled profiles as if nothing were wrong.
 */
class DamagedCalibrationTest {

    private static final String MODEL = "meta-llama/Llama-3.2-1B-Instruct";
    private static final String DAMAGED = "# my calibration\nampere:\n  bandwidthFraction: banana\n";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    @TempDir
    Path home;
    private String previousHome;
    private Path factors;

    @BeforeEach
    void privateHomeWithADamagedCalibration() throws Exception {
        previousHome = System.getProperty(UserFolders.HOME_PROPERTY);
        System.setProperty(UserFolders.HOME_PROPERTY, home.toString());
        FactorTable.reload();
        factors = FactorTable.userFile(UserFolders.forCurrentUser());
        Files.createDirectories(factors.getParent());
        Files.writeString(factors, DAMAGED);
    }

    @AfterEach
    void restoreHome() {
        if (previousHome == null) {
            System.clearProperty(UserFolders.HOME_PROPERTY);
        } else {
            System.setProperty(UserFolders.HOME_PROPERTY, previousHome);
        }
        FactorTable.reload();
    }

    private int run(List<String> args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cl = KiqCommand.commandLine(() -> { });
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args.toArray(String[]::new));
    }

    @Test
    void everyVerbThatReadsYourFactorsRefusesNamingTheFileLineAndField() throws Exception {
        // line 3 of the file (after a comment line), field ampere.bandwidthFraction, what is valid, and how to replace it
        String expected = "ERROR: " + factors + ", line 3, field ampere.bandwidthFraction: \"banana\" is not a number; "
                + "valid: a finite number (kiq calibrate --from writes this file; kiq calibrate --reset removes it)";
        for (List<String> args : List.of(
                List.of("profiles", "list"),
                List.of("accelerators", "list", "--model", MODEL),
                List.of("manifests", "create", "--model", MODEL, "--model-server", "vllm", "--accelerator-type", "nvidia-l4",
                        "--output-path", home.resolve("m.yaml").toString()),
                List.of("simulate", "--model", MODEL, "--accelerator-type", "nvidia-l4", "--rates", "1"))) {
            assertThat(run(args)).as("%s: %s", args, err).isEqualTo(2);
            assertThat(err.toString().lines().toList()).as("%s", args).containsExactly(expected);
            assertThat(out.toString()).as("%s", args).isEmpty();
            assertThat(Files.readString(factors)).as("the file after %s", args).isEqualTo(DAMAGED);
        }
        assertThat(home.resolve("m.yaml")).doesNotExist();
        // the way out the message names still works, and only on the user's word
        assertThat(run(List.of("calibrate", "--reset"))).isZero();
        assertThat(factors).doesNotExist();
        assertThat(run(List.of("profiles", "list"))).as(err.toString()).isZero();
    }
}
