package dev.kiq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = KiqCommand.commandLine(() -> { });
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void printsOneProfileWithItsCurveAndKnee() {
        int code = run("simulate", "--model", "meta-llama/Llama-3.2-1B-Instruct", "--accelerator-type", "nvidia-l4",
                "--model-server-version", "v0.7.2", "--requests-per-rate", "300");
        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("model: meta-llama/Llama-3.2-1B-Instruct")
                .contains("acceleratorType: nvidia-l4")
                .contains("acceleratorCount: 1")
                .contains("kind: modeled")
                .contains("knee:")
                .contains("performanceStats:")
                .contains("ntpotMilliseconds");
    }

    @Test
    void writesJsonAtomicallyToTheOutputPath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.json");
        int code = run("simulate", "--model", "google/gemma-2-2b-it", "--accelerator-type", "nvidia-h100-80gb",
                "--format", "json", "--output-path", file.toString(), "--requests-per-rate", "300");
        assertThat(code).isZero();
        assertThat(out.toString().trim()).isEqualTo("Output saved to " + file);
        assertThat(Files.readString(file)).startsWith("{").contains("\"knee\"").contains("\"performanceStats\"");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void unknownModelListsTheValidIdsAndTheClosestMatch() {
        int code = run("simulate", "--model", "google/gemma-2-27b", "--accelerator-type", "nvidia-l4");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("ERROR: ").contains("google/gemma-2-27b-it").contains("meta-llama/Meta-Llama-3-8B")
                .doesNotContain("Exception");
    }

    @Test
    void unknownAcceleratorListsTheValidIdsAndTheClosestMatch() {
        int code = run("simulate", "--model", "google/gemma-2-2b-it", "--accelerator-type", "nvidia-h100");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("nvidia-h100-80gb").contains("tpu-v6e-slice").doesNotContain("Exception");
    }

    @Test
    void aModelThatDoesNotFitGivesRequiredVersusAvailableMemoryAndTheSmallestCount() {
        int code = run("simulate", "--model", "google/gemma-2-27b-it", "--accelerator-type", "nvidia-tesla-a100",
                "--accelerator-count", "1", "--model-server-version", "v0.7.2");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("does not fit on 1x nvidia-tesla-a100").contains("GB per accelerator")
                .contains("GB usable").contains("smallest count that fits is 2").doesNotContain("Exception");
    }

    @Test
    void anOutputFolderWithoutAllIsRefusedNotIgnored() {
        // one profile went to standard output while the folder the user named stayed empty
        Path dir = Path.of("target", "simulate-output-dir-" + System.nanoTime());
        assertThat(run("simulate", "--model", "google/gemma-2-2b-it", "--accelerator-type", "nvidia-l4",
                "--output-dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("ERROR: ").contains("--output-dir").contains("--output-path")
                .doesNotContain("Exception");
        assertThat(out.toString()).isEmpty();
        assertThat(dir).doesNotExist();
    }

    @Test
    void badFormatIsAUserError() {
        assertThat(run("simulate", "--model", "google/gemma-2-2b-it", "--accelerator-type", "nvidia-l4", "--format", "xml"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--format xml").contains("yaml or json");
    }

    @Test
    void simulatesAMixtureOfExpertsModelFromItsConfigJson() {
        int code = run("simulate", "--model-config", "src/test/resources/hf-configs/Qwen3-30B-A3B/config.json",
                "--accelerator-type", "nvidia-h100-80gb", "--requests-per-rate", "300");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("acceleratorType: nvidia-h100-80gb").contains("knee:");
    }

    @Test
    void configJsonMissingAFieldNamesIt(@TempDir Path dir) throws Exception {
        String config = Files.readString(Path.of("src/test/resources/hf-configs/Meta-Llama-3-8B/config.json"))
                .replaceAll("\"hidden_size\"\\s*:\\s*\\d+,?", "");
        Path file = dir.resolve("config.json");
        Files.writeString(file, config);
        int code = run("simulate", "--model-config", file.toString(), "--accelerator-type", "nvidia-l4");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("ERROR: ").contains("hidden_size").doesNotContain("Exception");
    }

    @Test
    void benchmarkOfANamedProfileTimesThatProfileAloneAndRepeatZeroIsTheColdRunOnly() {
        int code = run("simulate", "--benchmark", "--repeat", "0", "--model", "meta-llama/Llama-3.2-1B-Instruct",
                "--accelerator-type", "nvidia-l4", "--model-server-version", "v0.7.2");
        assertThat(code).as(err.toString()).isZero();
        String[] lines = out.toString().strip().split("\\R");
        assertThat(lines).hasSize(1);
        assertThat(lines[0]).startsWith("one profile (meta-llama/Llama-3.2-1B-Instruct on 1x nvidia-l4, v0.7.2;")
                .contains("first run in this JVM (cold)").containsPattern("\\d+ ms wall, \\d+ ms CPU")
                .doesNotContain("warm").doesNotContain("all shipped profiles");
    }

    @Test
    void benchmarkRefusesANegativeRepeatAndANamedProfileWithoutAModel() {
        assertThat(run("simulate", "--benchmark", "--repeat", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--repeat -1 is not valid").contains("0 (the first, cold run only)");
        assertThat(run("simulate", "--benchmark", "--accelerator-type", "nvidia-l4")).isEqualTo(2);
        assertThat(err.toString()).contains("--model (or --model-config PATH) is required").doesNotContain("Exception");
        assertThat(out.toString()).isEmpty();
    }
}
