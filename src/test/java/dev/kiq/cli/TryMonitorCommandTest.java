package dev.kiq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.bench.emulator.EmulatedReplica;
import dev.kiq.bench.emulator.EmulatorServer;
import dev.kiq.bench.emulator.PerfBatchEngine;
import dev.kiq.catalog.Catalog;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kiq try} and {@code kiq monitor --endpoint} in-process against a running emulator. */
class TryMonitorCommandTest {

    static EmulatorServer server;
    static String url;

    @BeforeAll
    static void start() {
        EmulatedReplica replica = EmulatedReplica.resolve(Catalog.bundled(), CliFixtures.MODEL, "nvidia-tesla-a100",
                OptionalInt.of(1), Optional.of("v0.7.2"));
        server = new EmulatorServer(new EmulatorServer.Config(CliFixtures.MODEL, "v0.7.2", replica.version().metrics(),
                replica.setup().maxModelLen(), 4, "127.0.0.1", 0, () -> 16), new PerfBatchEngine(replica.setup().newEngine()));
        url = "http://127.0.0.1:" + server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void tryStreamsAReplyAndPrintsItsTimings() {
        CliFixtures.Run r = CliFixtures.run("try", "--endpoint", url, "--prompt", "Hello", "--max-tokens", "8", "--chat");
        assertThat(r.err()).doesNotContain("ERROR");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).containsPattern("\n-- TTFT [0-9.]+ ms, [1-8] tokens in [0-9.]+ s, [0-9.]+ tokens/s \\(" + CliFixtures.MODEL + "\\)");
    }

    @Test
    void tryNamesTheModelsAnEndpointServes() {
        CliFixtures.Run r = CliFixtures.run("try", "--endpoint", url, "--prompt", "Hello", "--model", "gpt-4");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("ERROR: The endpoint does not serve model gpt-4; it serves " + CliFixtures.MODEL + "."
                + System.lineSeparator());
    }

    @Test
    void anEndpointExcludesAReleaseAndAnUnreachableOneIsOneLine() {
        assertThat(CliFixtures.run("monitor", "--endpoint", url, "--release", "x").err())
                .startsWith("ERROR: --endpoint watches a server directly");
        CliFixtures.Run r = CliFixtures.run("try", "--endpoint", "http://127.0.0.1:1", "--prompt", "x");
        assertThat(r.exitCode()).isEqualTo(2);
        // plain words, as the wizard's Try-it pane shows them: no Java class names, no brackets inside brackets
        assertThat(r.err()).isEqualTo("ERROR: Cannot list the models of http://127.0.0.1:1: connection refused (endpoint down)."
                + " Is an OpenAI-compatible server running there?" + System.lineSeparator());
    }

    @Test
    void aPrometheusUrlThatIsNoneIsBadInputBeforeAnyClusterIsAsked() {
        CliFixtures.Run r = CliFixtures.run("monitor", "-n", "llm", "--prometheus-url", "prometheus:9090");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("ERROR: --prometheus-url \"prometheus:9090\" is not a Prometheus address; give its base URL")
                .doesNotContain("\tat ");
        assertThat(CliFixtures.run("monitor", "--endpoint", url, "--prometheus-url", "http://127.0.0.1:9090").err())
                .startsWith("ERROR: --endpoint watches a server directly; it excludes --release, --namespace, --context and"
                        + " --prometheus-url.");
    }

    @Test
    void monitorReadsTheEndpointAndPlacesItOnTheShippedProfile(@TempDir Path home) {
        System.setProperty("kiq.home", home.toString());
        CliFixtures.Run r = CliFixtures.run("monitor", "--endpoint", url, "--window", "2s", "--interval", "1s", "--refreshes", "1",
                "--accelerator-type", "nvidia-tesla-a100", "--time-scale", "4");
        assertThat(r.err()).doesNotContain("ERROR");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith(CliFixtures.MODEL + " on vllm v0.7.2, profile 1x nvidia-tesla-a100 (vllm v0.7.2) (modeled), window 2s");
        assertThat(r.out()).contains("1 pod over ").contains("output tok/s").contains("TTFT p50").contains("queue 0.00 | batch 0.00");
        assertThat(r.out()).contains("No tokens were generated in the window");
    }

    @Test
    void theRefreshBenchmarkReadsTenPodsAndNeedsAnEndpoint() {
        CliFixtures.Run r = CliFixtures.run("monitor", "--benchmark", "--window", "10s", "--interval", "1s", "--refreshes", "2");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("ERROR: --benchmark reads an --endpoint's /metrics as each pod's");
        CliFixtures.Run b = CliFixtures.run("monitor", "--endpoint", url, "--benchmark", "--window", "10s", "--interval", "1s",
                "--refreshes", "2");
        assertThat(b.exitCode()).isZero();
        // every one of the 10 pods formed a window (the warm-up gave each two scrapes)
        assertThat(b.out()).startsWith("monitor refresh: 10 pods (").contains(", 10 pods with a window), window 10s")
                .contains("CPU of this process per refresh: median ");
    }
}
