package dev.kiq.ui.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.bench.emulator.EmulatedReplica;
import dev.kiq.bench.emulator.EmulatorServer;
import dev.kiq.bench.emulator.PerfBatchEngine;
import dev.kiq.catalog.Catalog;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileRepository;
import dev.kiq.recommend.Targets;
import dev.kiq.ui.Fx;
import dev.kiq.ui.task.UiTaskExecutor;
import java.net.ServerSocket;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What the Monitor pane says when it has no figures or only some: a reading that failed is named with when it is
 * tried again (not "waiting for a second reading"), and a server of another vLLM version than the wizard's profile
 * shows what it measures under that version's metric names, saying why.
 */
@Timeout(180)
class LiveMonitorMessagesTest {

    static final String MODEL = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";
    UiTaskExecutor tasks;

    @BeforeEach
    void start() {
        Fx.start();
        tasks = new UiTaskExecutor();
    }

    @AfterEach
    void stop() {
        tasks.shutdown();
    }

    static Profile a100v072() {
        return ProfileRepository.shipped().forModel(MODEL, "vllm", "v0.7.2").stream()
                .filter(p -> p.acceleratorType().equals("nvidia-tesla-a100")).findFirst().orElseThrow();
    }

    /** The curve the live point is compared with says what it rests on and its error, as the wizard's summary does. */
    @Test
    void theCurveSaysWhatItRestsOnAndItsError() {
        LivePaneViewModel vm = new LivePaneViewModel(tasks, Targets::none);
        Profile a100 = a100v072();
        Fx.run(() -> vm.profileProperty().set(a100));
        assertThat(a100.accuracySummary()).startsWith("validated, ±");
        assertThat(vm.curveProperty().get()).isEqualTo("Compared with the curve of " + MODEL + " on 1x nvidia-tesla-a100"
                + " (vllm v0.7.2), the wizard's choice (" + a100.accuracySummary() + "); a server running something else"
                + " is not comparable with it.");
    }

    @Test
    void aFailedReadingSaysWhatFailedAndThatItIsTriedAgain() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        LivePaneViewModel vm = new LivePaneViewModel(tasks, Targets::none);
        int closed = port;
        Fx.run(() -> {
            vm.profileProperty().set(a100v072());
            vm.endpointProperty().set("http://127.0.0.1:" + closed);
            vm.windowSecondsProperty().set("4");
            vm.startMonitor();
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !vm.figuresProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        String figures = vm.figuresProperty().get();
        assertThat(figures).startsWith("No metrics could be read this time: ").contains("127.0.0.1:" + port)
                .endsWith("They are tried again every 1 s.").doesNotContain("second reading");
        Fx.run(vm::stopMonitor);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !vm.monitoringProperty().get());
    }

    @Test
    void aServerOfAnotherVersionShowsWhatItMeasuresAndSaysWhy() throws Exception {
        EmulatedReplica replica = EmulatedReplica.resolve(Catalog.bundled(), MODEL, "nvidia-tesla-a100", OptionalInt.of(1),
                Optional.of("v0.11.0"));
        try (EmulatorServer server = new EmulatorServer(new EmulatorServer.Config(MODEL, "v0.11.0", replica.version().metrics(),
                replica.setup().maxModelLen(), 1, "127.0.0.1", 0, () -> 24), new PerfBatchEngine(replica.setup().newEngine()))) {
            String url = "http://127.0.0.1:" + server.start();
            LivePaneViewModel vm = new LivePaneViewModel(tasks, Targets::none);
            Fx.run(() -> {
                vm.profileProperty().set(a100v072());
                vm.endpointProperty().set(url);
                vm.windowSecondsProperty().set("4");
                vm.startMonitor();
            });
            // the first reading says it needs a second one, with when
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !vm.figuresProperty().get().isEmpty());
            WaitForAsyncUtils.waitForFxEvents();
            if (!vm.figuresProperty().get().startsWith("1 pod")) {
                assertThat(vm.figuresProperty().get()).isEqualTo(
                        "One reading of the metrics so far; the figures need a second one, tried again every 1 s.");
            }
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.figuresProperty().get().startsWith("1 pod"));
            WaitForAsyncUtils.waitForFxEvents();
            // an idle emulator: 0% KV cache, measured under v0.11's name (not "-")
            assertThat(vm.figuresProperty().get()).endsWith("KV cache 0.00%");
            assertThat(vm.notes()).anyMatch(n -> n.endsWith(": it runs another server version than the one watched:"
                    + " TPOT from vllm:inter_token_latency_seconds, KV-cache usage from vllm:kv_cache_usage_perc"
                    + " (that version's names)."));
            // still listed on later refreshes, not only the first
            java.util.concurrent.atomic.AtomicInteger refreshes = new java.util.concurrent.atomic.AtomicInteger();
            Fx.run(() -> vm.notes().addListener((javafx.collections.ListChangeListener<String>) c -> refreshes.incrementAndGet()));
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> refreshes.get() >= 2);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(vm.notes()).anyMatch(n -> n.contains("it runs another server version"));
            Fx.run(vm::stopMonitor);
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !vm.monitoringProperty().get());
        }
    }
}
