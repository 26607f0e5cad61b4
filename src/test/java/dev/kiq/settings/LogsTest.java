package dev.kiq.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsTest {

    /** A logger of its own stands in for the root one, so the JVM's logging is left as it was. */
    private final Logger root = Logger.getLogger("dev.kiq.settings.LogsTest.root");
    private final Logger library = Logger.getLogger("dev.kiq.settings.LogsTest.root.io.fabric8");
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    LogsTest() {
        root.setUseParentHandlers(false);
    }

    @AfterEach
    void closeHandlers() {
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
            h.close();
        }
    }

    private String console() {
        return console.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theConsoleGetsWarningsAsOneLineEachWithoutStackTrace() {
        Logs.configure(root, new PrintStream(console, true, StandardCharsets.UTF_8), Optional.empty(), Level.INFO);

        library.info("connected to https://10.0.0.1");
        library.log(Level.WARNING, "watch closed", new IllegalStateException("HTTP 410 Gone"));
        library.log(Level.SEVERE, "line one\nline two");

        assertThat(console().lines()).containsExactly(
                "WARNING: watch closed (HTTP 410 Gone)",
                "ERROR: line one line two");
    }

    @Test
    void theLogFileKeepsInfoAndStackTracesWhileTheConsoleStaysQuiet() throws IOException {
        Path file = dir.resolve("kiq-0.log");
        Optional<Path> opened = Logs.configure(root, new PrintStream(console, true, StandardCharsets.UTF_8),
                Optional.of(dir.resolve("kiq-%g.log")), Level.INFO);

        library.info("loaded 89 profiles");
        library.fine("request headers follow");
        library.log(Level.WARNING, "deploy failed", new IOException("connection refused"));

        assertThat(opened).contains(file);
        String log = Files.readString(file);
        assertThat(log).contains("INFO " + library.getName()).contains("loaded 89 profiles")
                .contains("WARNING " + library.getName()).contains("deploy failed")
                .contains("java.io.IOException: connection refused").contains("\tat dev.kiq.settings.LogsTest.")
                .doesNotContain("request headers follow");
        assertThat(console().lines()).containsExactly("WARNING: deploy failed (connection refused)");
    }

    @Test
    void secretsAreMaskedOnTheConsoleAndInTheFile() throws IOException {
        Path file = dir.resolve("kiq-0.log");
        Logs.configure(root, new PrintStream(console, true, StandardCharsets.UTF_8), Optional.of(dir.resolve("kiq-%g.log")),
                Level.INFO);

        library.warning("GET https://huggingface.co/api/models with hf_AbCdEfGhIjKlMnOpQrStUv failed");
        library.log(Level.SEVERE, "rejected", new IllegalArgumentException("Authorization: Bearer eyJhbGci.eyJzdWIi.sig-_x"));

        String both = console() + Files.readString(file);
        assertThat(both).doesNotContain("hf_AbCdEfGhIjKlMnOpQrStUv", "eyJhbGci", "sig-_x")
                .contains("hf_***", "Bearer ***");
    }

    @Test
    void redactMasksTokensPasswordsAndKubeconfigKeysButLeavesOtherText() {
        assertThat(Logs.redact("token: \"s3cr3t\", user: alice")).isEqualTo("token: \"***\", user: alice");
        assertThat(Logs.redact("password=hunter2 next")).isEqualTo("password=*** next");
        assertThat(Logs.redact("client-key-data: LS0tLS1CRUdJTg==")).isEqualTo("client-key-data: ***");
        assertThat(Logs.redact("HF_TOKEN is hf_0123456789abcdef")).isEqualTo("HF_TOKEN is hf_***");
        assertThat(Logs.redact("model meta-llama/Llama-3.1-8B-Instruct on 2 x nvidia-l4 at 3.5 QPS"))
                .isEqualTo("model meta-llama/Llama-3.1-8B-Instruct on 2 x nvidia-l4 at 3.5 QPS");
        assertThat(Logs.redact(null)).isEmpty();
    }

    @Test
    void aLogFileThatCannotBeOpenedIsSaidOnceAndTheConsoleStillWorks() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("plain-file"), "x");
        Optional<Path> opened = Logs.configure(root, new PrintStream(console, true, StandardCharsets.UTF_8),
                Optional.of(notAFolder.resolve("kiq-%g.log")), Level.INFO);
        library.warning("still shown");

        assertThat(opened).isEmpty();
        assertThat(console().lines()).hasSize(2).last().isEqualTo("WARNING: still shown");
        assertThat(console().lines().findFirst().orElseThrow()).startsWith("WARNING: kiq cannot write its log file");
    }

    @Test
    void kiqLogNamesTheLevelAndAnythingElseMeansInfo() {
        assertThat(Logs.level(Map.of())).isEqualTo(Level.INFO);
        assertThat(Logs.level(Map.of("KIQ_LOG", "debug"))).isEqualTo(Level.FINE);
        assertThat(Logs.level(Map.of("KIQ_LOG", " WARN "))).isEqualTo(Level.WARNING);
        assertThat(Logs.level(Map.of("KIQ_LOG", "error"))).isEqualTo(Level.SEVERE);
        assertThat(Logs.level(Map.of("KIQ_LOG", "off"))).isEqualTo(Level.OFF);
        assertThat(Logs.level(Map.of("KIQ_LOG", "verbose please"))).isEqualTo(Level.INFO);
    }

    @Test
    void configuringAgainLeavesTheConsoleStreamOpen() {
        PrintStream stderr = new PrintStream(console, true, StandardCharsets.UTF_8);
        Logs.configure(root, stderr, Optional.empty(), Level.INFO);
        Logs.configure(root, stderr, Optional.of(dir.resolve("kiq-%g.log")), Level.INFO);
        closeHandlers();

        stderr.println("WARNING: a line the app prints itself");
        assertThat(stderr.checkError()).isFalse();
        assertThat(console()).contains("a line the app prints itself");
    }

    @Test
    void aLevelAboveWarningQuietsTheConsoleFurther() {
        Logs.configure(root, new PrintStream(console, true, StandardCharsets.UTF_8), Optional.empty(), Level.SEVERE);
        library.warning("not shown");
        library.severe("shown");
        assertThat(console().lines()).containsExactly("ERROR: shown");
    }
    /** What a verb's libraries log from a fresh command-line JVM: {@link Logs#forCommandLine} alone, then records. */
    static final class CommandLineProbe {
        public static void main(String[] args) {
            Logs.forCommandLine();
            Logger.getLogger("io.fabric8.kubernetes.client.Probe").info("connected to https://10.0.0.1");
            Logger.getLogger("io.fabric8.kubernetes.client.Probe").log(Level.WARNING, "watch closed",
                    new IllegalStateException("HTTP 410 Gone"));
            Logger.getLogger("dev.kiq.deploy.Probe").info("applied 3 objects");
            Logger.getLogger("dev.kiq.deploy.Probe").severe("token hf_abcdefghijkl\nrejected");
        }
    }

    private static String probe(String kiqLog) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), CommandLineProbe.class.getName());
        pb.environment().remove(Logs.LEVEL_ENV);
        if (kiqLog != null) {
            pb.environment().put(Logs.LEVEL_ENV, kiqLog);
        }
        Path err = Files.createTempFile("logs-probe", ".err");
        Process p = pb.redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the probe JVM did not finish in 60 s");
        }
        assertThat(p.exitValue()).isZero();
        return Files.readString(err, StandardCharsets.UTF_8);
    }

    @Test
    void theCommandLineSetsUpLoggingWhenTheFirstRecordComes() throws Exception {
        // a JVM of its own: java.util.logging reads its configuration once per process
        assertThat(probe(null).lines()).containsExactly(
                "WARNING: watch closed (HTTP 410 Gone)",
                "ERROR: token hf_*** rejected");
        assertThat(probe("error").lines()).containsExactly("ERROR: token hf_*** rejected");
    }
}
