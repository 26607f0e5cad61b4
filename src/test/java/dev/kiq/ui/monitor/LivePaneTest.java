package dev.kiq.ui.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.bench.emulator.EmulatedReplica;
import dev.kiq.bench.emulator.EmulatorServer;
import dev.kiq.bench.emulator.PerfBatchEngine;
import dev.kiq.catalog.Catalog;
import dev.kiq.monitor.Position;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileRepository;
import dev.kiq.recommend.Targets;
import dev.kiq.ui.Fx;
import dev.kiq.ui.task.UiTaskExecutor;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/** The Try-it and Monitor panes against a running emulator, driven by their buttons (TestFX, headless). */
class LivePaneTest {

    static final String MODEL = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";
    static EmulatorServer server;
    static String url;

    @BeforeAll
    static void start() {
        Fx.start();
        EmulatedReplica replica = EmulatedReplica.resolve(Catalog.bundled(), MODEL, "nvidia-tesla-a100", OptionalInt.of(1),
                Optional.of("v0.7.2"));
        server = new EmulatorServer(new EmulatorServer.Config(MODEL, "v0.7.2", replica.version().metrics(),
                replica.setup().maxModelLen(), 1, "127.0.0.1", 0, () -> 24), new PerfBatchEngine(replica.setup().newEngine()));
        url = "http://127.0.0.1:" + server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void tryStreamsIntoTheReplyAndMonitorPlacesTheLivePointOnTheCurveAndRecordsIt(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        Profile a100 = ProfileRepository.shipped().forModel(MODEL, "vllm", "v0.7.2").stream()
                .filter(p -> p.acceleratorType().equals("nvidia-tesla-a100")).findFirst().orElseThrow();
        UiTaskExecutor tasks = new UiTaskExecutor();
        LivePaneViewModel vm = new LivePaneViewModel(tasks, Targets::none);
        LivePaneView view = Fx.call(() -> {
            vm.profileProperty().set(a100);
            vm.endpointProperty().set(url);
            vm.windowSecondsProperty().set("4");
            vm.recordFileProperty().set(dir.resolve("live.yaml"));
            LivePaneView v = new LivePaneView(vm);
            Stage stage = new Stage();
            stage.setScene(new Scene(v, 900, 640));
            stage.show();
            return v;
        });
        Fx.run(() -> ((Button) view.lookup("#try-send")).fire());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !vm.tryingProperty().get());
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(Fx.call(() -> ((Label) view.lookup("#try-stats")).getText())).startsWith("TTFT ").contains(" tokens in ");
        assertThat(vm.replyProperty().get()).isNotEmpty();

        Fx.run(() -> {
            ((TabPane) view.lookup("#live-tabs")).getSelectionModel().select(1);
            ((javafx.scene.control.ToggleButton) view.lookup("#monitor-record")).fire();
            ((Button) view.lookup("#monitor-start")).fire();
        });
        assertThat(vm.monitoringProperty().get()).isTrue();
        // traffic for the window: a few prompts in a row
        for (int i = 0; i < 3; i++) {
            Fx.run(vm::send);
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !vm.tryingProperty().get());
        }
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !vm.trail().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.assessmentProperty().get().orElseThrow().position()).isEqualTo(Position.BELOW_KNEE);
        assertThat(Fx.call(() -> ((Label) view.lookup("#monitor-position")).getText())).contains("below the knee");
        assertThat(Fx.call(() -> ((Label) view.lookup("#monitor-figures")).getText())).contains("output tok/s");
        assertThat(Fx.call(() -> view.chart().livePointInPixels())).isPresent();
        // Record: the first full window (4 s) with traffic, saved as a measured profile of the chosen file
        java.nio.file.Path file = dir.resolve("live.yaml");
        for (int i = 0; i < 10 && !java.nio.file.Files.exists(file); i++) {
            Fx.run(vm::send);
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !vm.tryingProperty().get());
        }
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> java.nio.file.Files.exists(file));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.recordStatusProperty().get()).startsWith("Recorded ").endsWith(" to " + file);
        Profile recorded = dev.kiq.profile.ProfileReader.read(file);
        assertThat(recorded.provenance().kind()).isEqualTo(dev.kiq.profile.Provenance.Kind.measured);
        assertThat(recorded.acceleratorType()).isEqualTo("nvidia-tesla-a100");
        assertThat(recorded.performanceStats()).isNotEmpty().allMatch(p -> p.outputTokensPerSecond() > 0);
        Fx.run(() -> ((Button) view.lookup("#monitor-start")).fire());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !vm.monitoringProperty().get());
        tasks.shutdown();
    }

    @Test
    void aBadEndpointOrWindowIsAPlainMessage() {
        LivePaneViewModel vm = new LivePaneViewModel(new dev.kiq.ui.task.CurrentThreadTaskExecutor(), Targets::none);
        Fx.run(() -> {
            vm.endpointProperty().set("localhost 8000");
            vm.send();
        });
        assertThat(vm.errorProperty().get()).isEqualTo("The endpoint \"localhost 8000\" is not a web address; type one like"
                + " http://127.0.0.1:8000.");
        Fx.run(() -> {
            vm.endpointProperty().set(url);
            vm.windowSecondsProperty().set("1m");
            vm.startMonitor();
        });
        assertThat(vm.errorProperty().get()).isEqualTo("The window must be a whole number of seconds from 2 to 3600, not \"1m\".");
        assertThat(vm.monitoringProperty().get()).isFalse();
    }

    /**
     * Seen in the Xvfb walk: an endpoint that refuses the connection said "Cannot list the models of … (connection refused
     * (endpoint down)); is …", brackets inside brackets. The pane shows one plain sentence.
     */
    @Test
    void anEndpointThatIsDownIsOnePlainSentenceWithoutNestedBrackets() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        UiTaskExecutor tasks = new UiTaskExecutor();
        LivePaneViewModel vm = new LivePaneViewModel(tasks, Targets::none);
        LivePaneView view = Fx.call(() -> {
            vm.endpointProperty().set("http://127.0.0.1:" + closed);
            LivePaneView v = new LivePaneView(vm);
            Stage stage = new Stage();
            stage.setScene(new Scene(v, 900, 640));
            stage.show();
            return v;
        });
        try {
            Fx.run(() -> ((Button) view.lookup("#try-send")).fire());
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !vm.tryingProperty().get());
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(Fx.call(() -> ((Label) view.lookup("#live-error")).getText())).isEqualTo("Cannot list the models of"
                    + " http://127.0.0.1:" + closed + ": connection refused (endpoint down). Is an OpenAI-compatible server"
                    + " running there?");
        } finally {
            tasks.shutdown();
        }
    }
}
