package dev.kiq.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiq.KiqException;
import dev.kiq.deploy.KiqLabels;
import dev.kiq.manifest.ManifestGenerator;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentListBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.internal.WebSocketMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A release watched through fabric8's mock API server: pod metrics arrive through a real port-forward (the
 * WebSocket upgrade of {@code pods/portforward} and its channel framing), a refused port-forward names the
 * RBAC verb and resource, a pod that is not ready says what it waits for, and the HPA is read.
 */
public class ClusterSourceTest {

    public static final String NS = "llm";
    public static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/" + NS + "/deployments?labelSelector="
            + "app.kubernetes.io%2Fmanaged-by%3Dkiq";
    public static final String PODS = "/api/v1/namespaces/" + NS + "/pods?labelSelector=app%3Dvllm-deepseek";
    static final String METRICS = MetricMathTest.page(1200, 300, 2, 6, 8, 1, 1, 7, 0.35);

    KubernetesMockServer server;
    KubernetesClient client;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(false);
        server.init();
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    public static Deployment deployment(String name, String release) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .addToLabels(KiqLabels.MANAGED_BY, KiqLabels.MANAGED_BY_VALUE).addToLabels(KiqLabels.RELEASE, release)
                .addToAnnotations(ManifestGenerator.PROFILE_ANNOTATION,
                        "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B vllm v0.7.2 on 1x nvidia-tesla-a100 (modeled, kiq-model 0.1, 2026-11-26)")
                .endMetadata()
                .withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("app", "vllm-deepseek").endSelector()
                .withNewTemplate().withNewSpec().addNewContainer().withName("inference-server").addNewPort().withContainerPort(8000)
                .endPort().endContainer().endSpec().endTemplate().endSpec().build();
    }

    public static Pod pod(String name, boolean ready) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).addToLabels("app", "vllm-deepseek")
                .endMetadata().withNewStatus().withPhase(ready ? "Running" : "Pending")
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .addNewContainerStatus().withName("inference-server").withRestartCount(0).withNewState()
                .withNewWaiting().withReason(ready ? null : "ContainerCreating").endWaiting().endState().endContainerStatus()
                .endStatus();
        if (ready) {
            b.editStatus().editFirstContainerStatus().withNewState().withNewRunning().endRunning().endState()
                    .endContainerStatus().endStatus();
        }
        return b.build();
    }

    /** The port-forward stream: each channel first names its port (2 bytes, little endian), then data on channel 0. */
    public static Object[] portPreface() {
        return new Object[] {new WebSocketMessage(new byte[] {0, 0x40, 0x1f}), new WebSocketMessage(new byte[] {1, 0x40, 0x1f})};
    }

    public static WebSocketMessage httpResponse(String body) {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: " + payload.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[1 + head.length + payload.length];
        System.arraycopy(head, 0, frame, 1, head.length);
        System.arraycopy(payload, 0, frame, 1 + head.length, payload.length);
        return new WebSocketMessage(frame);
    }

    @Test
    void readyPodsAreScrapedThroughPortForwardsAndTheOthersExplained() throws Exception {
        server.expect().get().withPath(DEPLOYMENTS)
                .andReturn(200, new DeploymentListBuilder().addToItems(deployment("vllm-deepseek", "deepseek")).build()).always();
        server.expect().get().withPath(PODS)
                .andReturn(200, new PodListBuilder().addToItems(pod("pod-a", true), pod("pod-b", false), pod("pod-c", true)).build())
                .always();
        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/pod-a/portforward?ports=8000")
                .andUpgradeToWebSocket().open(portPreface()).waitFor(50).andEmit(httpResponse(METRICS)).done().always();
        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/pod-c/portforward?ports=8000")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden").withMessage(
                        "pods \"pod-c\" is forbidden: User \"dev\" cannot create resource \"pods/portforward\" in API group \"\""
                                + " in the namespace \"llm\"").build()).always();
        server.expect().get().withPath("/apis/autoscaling/v2/namespaces/" + NS + "/horizontalpodautoscalers")
                .andReturn(200, new HorizontalPodAutoscalerListBuilder().addToItems(new HorizontalPodAutoscalerBuilder()
                        .withNewMetadata().withName("vllm-deepseek").endMetadata()
                        .withNewSpec().withNewScaleTargetRef().withKind("Deployment").withName("vllm-deepseek").endScaleTargetRef()
                        .withMinReplicas(1).withMaxReplicas(3).addNewMetric().withType("Pods").withNewPods().withNewMetric()
                        .withName("prometheus.googleapis.com|vllm:num_requests_waiting|gauge").endMetric().withNewTarget()
                        .withType("AverageValue").withAverageValue(new Quantity("1680m")).endTarget().endPods().endMetric().endSpec()
                        .withNewStatus().withCurrentReplicas(3).withDesiredReplicas(4).addNewCurrentMetric().withType("Pods")
                        .withNewPods().withNewMetric().withName("prometheus.googleapis.com|vllm:num_requests_waiting|gauge").endMetric()
                        .withNewCurrent().withAverageValue(new Quantity("2500m")).endCurrent().endPods().endCurrentMetric()
                        .addNewCondition().withType("ScalingLimited").withStatus("True").withReason("TooManyReplicas")
                        .withMessage("the desired replica count is more than the maximum replica count").endCondition()
                        .endStatus().build()).build()).always();

        ClusterRelease release = ClusterRelease.find(client, "test", NS, Optional.empty(), dev.kiq.deploy.TestWording.INSTANCE);
        assertThat(release.name()).isEqualTo("deepseek");
        assertThat(release.served()).contains(new ClusterRelease.Served("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "vllm",
                "v0.7.2", "nvidia-tesla-a100", 1));
        try (ClusterSource source = new ClusterSource(release)) {
            List<PodPage> pages = source.scrape();
            // fabric8's mock server sometimes ends the emitted port-forward stream with a close frame longer than
            // WebSocket allows (the client reports "control frame with payload length > 125 octets"); about one run
            // in three here. That is the mock's framing, not the scrape: a second scrape asks again.
            for (int attempt = 0; attempt < 3 && pages.get(0).fault().contains("control frame");
                    attempt++) {
                pages = source.scrape();
            }
            assertThat(pages).extracting(PodPage::pod).containsExactly("pod-a", "pod-c");
            PodPage a = pages.get(0);
            assertThat(a.fault()).isEmpty();
            assertThat(a.page().orElseThrow().sum("vllm:generation_tokens_total")).hasValue(1200);
            assertThat(pages.get(1).page()).isEmpty();
            assertThat(pages.get(1).fault()).contains("Port-forward to pod pod-c was refused")
                    .contains("not allowed to create pods/portforward");
            assertThat(source.notes()).isEmpty();
            HpaStatus hpa = source.hpa().orElseThrow();
            assertThat(hpa.currentReplicas()).isEqualTo(3);
            assertThat(hpa.desiredReplicas()).isEqualTo(4);
            assertThat(hpa.threshold()).hasValue(1.68);
            assertThat(hpa.current()).hasValue(2.5);
            assertThat(hpa.conditions()).containsExactly(
                    "ScalingLimited True (TooManyReplicas): the desired replica count is more than the maximum replica count");
        }
    }

    @Test
    void noReadyPodSaysWhatTheRolloutWaitsFor() {
        server.expect().get().withPath(DEPLOYMENTS)
                .andReturn(200, new DeploymentListBuilder().addToItems(deployment("vllm-deepseek", "deepseek")).build()).always();
        server.expect().get().withPath(PODS).andReturn(200, new PodListBuilder().addToItems(pod("pod-b", false)).build()).always();
        try (ClusterSource source = new ClusterSource(ClusterRelease.find(client, "test", NS, Optional.of("deepseek"), dev.kiq.deploy.TestWording.INSTANCE))) {
            assertThat(source.scrape()).isEmpty();
            assertThat(source.notes()).containsExactly("no ready pods yet: pod-b waits: ContainerCreating");
        }
    }

    @Test
    void anUnknownReleaseListsTheReleasesThereAre() {
        server.expect().get().withPath(DEPLOYMENTS).andReturn(200, new DeploymentListBuilder()
                .addToItems(deployment("vllm-deepseek", "deepseek"), deployment("vllm-gemma", "gemma")).build()).always();
        assertThatThrownBy(() -> ClusterRelease.find(client, "test", NS, Optional.of("llama"), dev.kiq.deploy.TestWording.INSTANCE))
                .isInstanceOf(KiqException.class)
                .hasMessage("Release llama does not exist in namespace llm; releases in namespace llm: deepseek, gemma.");
        assertThatThrownBy(() -> ClusterRelease.find(client, "test", NS, Optional.empty(), dev.kiq.deploy.TestWording.INSTANCE))
                .hasMessage("Several releases are deployed; choose one with --release (releases in namespace llm: deepseek, gemma).");
    }
}
