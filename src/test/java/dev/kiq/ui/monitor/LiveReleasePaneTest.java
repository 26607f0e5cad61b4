package dev.kiq.ui.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.catalog.Catalog;
import dev.kiq.monitor.ClusterSourceTest;
import dev.kiq.monitor.LiveRelease;
import dev.kiq.monitor.MetricMathTest;
import dev.kiq.profile.ProfileRepository;
import dev.kiq.recommend.Targets;
import dev.kiq.ui.Fx;
import dev.kiq.ui.task.UiTaskExecutor;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.api.model.ServiceListBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentListBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerListBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Monitor pane against a deployed release, through fabric8's mock API server: the release is found in the
 * namespace and its pod's metrics come through a port-forward (WebSocket upgrade) into the Monitor pane's
 * figures. A release that does not exist, and one without a Service to try, are plain messages.
 */
@Timeout(180)
class LiveReleasePaneTest {

    KubernetesMockServer server;
    UiTaskExecutor tasks;

    @BeforeEach
    void start() {
        Fx.start();
        server = new KubernetesMockServer(false);
        server.init();
        tasks = new UiTaskExecutor();
    }

    @AfterEach
    void stop() {
        tasks.shutdown();
        server.destroy();
    }

    LivePaneViewModel viewModel(String release, Path defaultFolder) {
        return new LivePaneViewModel(tasks, Targets::none, Optional.of(() -> LiveRelease.open(server.createClient(), "test",
                ClusterSourceTest.NS, Optional.of(release), Catalog.bundled(), ProfileRepository.shipped(),
                dev.kiq.deploy.TestWording.INSTANCE)), () -> defaultFolder);
    }

    void expectRelease() {
        server.expect().get().withPath(ClusterSourceTest.DEPLOYMENTS).andReturn(200, new DeploymentListBuilder()
                .addToItems(ClusterSourceTest.deployment("vllm-deepseek", "deepseek")).build()).always();
        server.expect().get().withPath(ClusterSourceTest.PODS)
                .andReturn(200, new PodListBuilder().addToItems(ClusterSourceTest.pod("pod-a", true)).build()).always();
        server.expect().get().withPath("/apis/autoscaling/v2/namespaces/" + ClusterSourceTest.NS + "/horizontalpodautoscalers")
                .andReturn(200, new HorizontalPodAutoscalerListBuilder().build()).always();
    }

    @Test
    void monitorReadsTheDeployedReleaseThroughPortForwards(@TempDir Path dir) throws Exception {
        expectRelease();
        server.expect().get().withPath("/api/v1/namespaces/" + ClusterSourceTest.NS + "/pods/pod-a/portforward?ports=8000")
                .andUpgradeToWebSocket().open(ClusterSourceTest.portPreface()).waitFor(50)
                .andEmit(ClusterSourceTest.httpResponse(MetricMathTest.page(1200, 3000, 2, 6, 8, 1, 3, 7, 0.35))).done().always();
        LivePaneViewModel vm = viewModel("deepseek", dir);
        assertThat(vm.targetProperty().get()).isEqualTo(LivePaneViewModel.Target.RELEASE);
        LivePaneView view = Fx.call(() -> {
            vm.windowSecondsProperty().set("2");
            LivePaneView v = new LivePaneView(vm);
            Stage stage = new Stage();
            stage.setScene(new Scene(v, 900, 640));
            stage.show();
            ((TabPane) v.lookup("#live-tabs")).getSelectionModel().select(1);
            ((Button) v.lookup("#monitor-start")).fire();
            return v;
        });
        // a busy host can take tens of seconds for the mock's first port-forward
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> vm.figuresProperty().get().startsWith("1 pod over "));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.releaseInfoProperty().get()).isEqualTo("Release deepseek in namespace llm:"
                + " deepseek-ai/DeepSeek-R1-Distill-Qwen-7B on vllm v0.7.2, 1x nvidia-tesla-a100");
        assertThat(Fx.call(() -> ((Label) view.lookup("#live-release-info")).getText())).startsWith("Release deepseek in namespace llm");
        // the gauges of the pod's page: 3 waiting, 7 running, KV 35%
        assertThat(Fx.call(() -> ((Label) view.lookup("#monitor-figures")).getText())).contains("queue 3.00 · batch 7.00 · KV cache 35.0%");
        Fx.run(() -> ((Button) view.lookup("#monitor-start")).fire());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !vm.monitoringProperty().get());
    }

    @Test
    void anUnknownReleaseAndOneWithoutAServiceArePlainMessages(@TempDir Path dir) throws Exception {
        expectRelease();
        server.expect().get().withPath("/api/v1/namespaces/" + ClusterSourceTest.NS + "/services?labelSelector="
                + "app.kubernetes.io%2Fmanaged-by%3Dkiq").andReturn(200, new ServiceListBuilder().build()).always();
        LivePaneViewModel missing = viewModel("llama", dir);
        Fx.run(missing::startMonitor);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !missing.monitoringProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(missing.errorProperty().get()).isEqualTo("Release llama does not exist in namespace llm; releases in"
                + " namespace llm: deepseek.");
        LivePaneViewModel noService = viewModel("deepseek", dir);
        Fx.run(noService::send);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !noService.tryingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(noService.errorProperty().get()).isEqualTo("Release deepseek in namespace llm has no Service to send a"
                + " request to; deploy its manifests again.");
    }
}
