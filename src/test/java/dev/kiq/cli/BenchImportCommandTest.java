package dev.kiq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileReader;
import dev.kiq.profile.Provenance;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchImportCommandTest {

    static final String DIR = "src/test/resources/bench/import/";

    @Test
    void importsOneFilePerRateIntoAMeasuredProfile(@TempDir Path dir) {
        Path out = dir.resolve("imported.yaml");
        StringWriter text = new StringWriter();
        CommandLine cl = KiqCommand.commandLine(() -> { });
        cl.setOut(new PrintWriter(text));
        int code = cl.execute("bench", "import", DIR + "inference-benchmark-vllm-8.0qps.json",
                DIR + "inference-benchmark-vllm-16.0qps.json", "--model-server-version", "v0.7.2",
                "--accelerator-type", "nvidia-h100-80gb", "--output-path", out.toString());
        assertThat(code).isZero();
        assertThat(text.toString()).contains("imported 2 rates from inference-benchmark").contains("Output saved to");
        Profile p = ProfileReader.read(out);
        assertThat(p.provenance().kind()).isEqualTo(Provenance.Kind.measured);
        assertThat(p.provenance().tool()).isEqualTo("inference-benchmark");
        assertThat(p.modelServerInfo().model()).isEqualTo("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B");
        assertThat(p.performanceStats()).extracting(x -> x.queriesPerSecond()).containsExactly(8.0, 16.0);
        assertThat(p.performanceStats().get(0).ntpotMilliseconds()).isEqualTo(17.6);
    }

    /**
     * Two rates have no knee (the knee rule needs three). The yaml of profiles list gave the 16 req/s rate as the knee and
     * "limitedBy: knee", and the table said nothing: as if the server saturated at the highest rate tried.
     */
    @Test
    void twoImportedRatesHaveNoKneeAndEveryOutputSaysSo(@TempDir Path dir) {
        Path folder = dir.resolve("mine");
        StringWriter text = new StringWriter();
        CommandLine cl = KiqCommand.commandLine(() -> { });
        cl.setOut(new PrintWriter(text));
        assertThat(cl.execute("bench", "import", DIR + "inference-benchmark-vllm-8.0qps.json",
                DIR + "inference-benchmark-vllm-16.0qps.json", "--model-server-version", "v0.7.2",
                "--accelerator-type", "nvidia-h100-80gb", "--output-path", folder.resolve("h100.yaml").toString())).isZero();
        assertThat(text.toString()).contains("no knee: 2 rates measured, and a knee needs at least 3. The highest rate is"
                + " only the highest measured").doesNotContain("knee: 16");

        StringWriter yaml = new StringWriter();
        cl = KiqCommand.commandLine(() -> { });
        cl.setOut(new PrintWriter(yaml));
        assertThat(cl.execute("profiles", "list", "--model", "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B",
                "--model-server-version", "v0.7.2", "--profiles-dir", folder.toString(), "--format", "yaml")).isZero();
        String measured = yaml.toString().substring(yaml.toString().indexOf("kind: measured"));
        measured = measured.substring(0, measured.contains("\n- ") ? measured.indexOf("\n- ") : measured.length());
        assertThat(measured).contains("noKnee: \"no knee: 2 rates measured, and a knee needs at least 3\"")
                .contains("limitedBy: highest-rate").doesNotContain("\n  knee:");

        StringWriter table = new StringWriter();
        StringWriter err = new StringWriter();
        cl = KiqCommand.commandLine(() -> { });
        cl.setOut(new PrintWriter(table));
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("profiles", "list", "--model", "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B",
                "--model-server-version", "v0.7.2", "--profiles-dir", folder.toString())).isZero();
        assertThat(err.toString()).contains("NOTE: 1x nvidia-h100-80gb (vllm v0.7.2) has no knee: 2 rates measured")
                .contains("highest rate measured, 16 req/s");
    }

    @Test
    void anUnknownAcceleratorIsOneLineWithTheValidIds(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cl = KiqCommand.commandLine(() -> { });
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("bench", "import", DIR + "vllm-8.0qps-DeepSeek-R1-Distill-Qwen-7B-20250301-130000.json",
                "--model-server-version", "v0.7.2", "--accelerator-type", "nvidia-h100", "--output-path",
                dir.resolve("x.yaml").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("ERROR: ").contains("nvidia-h100-80gb");
    }
}
