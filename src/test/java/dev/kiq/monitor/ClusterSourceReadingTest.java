package dev.kiq.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * How {@code kiq monitor} reads the cluster's objects, without a cluster: what a pod that is not ready waits for,
 * when a pod counts as ready, and what the release's HPA reports. Every expected text is the Kubernetes status
 * below, worded as {@link ClusterSource} words it.
 */
class ClusterSourceReadingTest {

    static Pod pod(PodStatus status, boolean terminating) {
        return new PodBuilder().withNewMetadata().withName("vllm-0")
                .withDeletionTimestamp(terminating ? "2026-12-04T07:00:00Z" : null).endMetadata()
                .withStatus(status).build();
    }

    static PodStatusBuilder phase(String phase) {
        return new PodStatusBuilder().withPhase(phase);
    }

    @Test
    void aPodNotReadyYetSaysWhatItWaitsFor() {
        assertThat(ClusterSource.waitingFor(pod(phase("Running").build(), true))).isEqualTo("is terminating");
        assertThat(ClusterSource.waitingFor(pod(phase("Pending").addNewCondition().withType("PodScheduled")
                .withStatus("False").withMessage("0/3 nodes are available: 3 Insufficient nvidia.com/gpu.").endCondition()
                .build(), false))).isEqualTo("waits to be scheduled (0/3 nodes are available: 3 Insufficient nvidia.com/gpu.)");
        assertThat(ClusterSource.waitingFor(pod(phase("Pending").addNewCondition().withType("PodScheduled")
                .withStatus("False").endCondition().build(), false))).isEqualTo("waits to be scheduled");
        assertThat(ClusterSource.waitingFor(pod(phase("Pending").addNewCondition().withType("PodScheduled")
                .withStatus("True").endCondition().addToContainerStatuses(new ContainerStatusBuilder().withName("c")
                        .withNewState().withNewWaiting().withReason("ImagePullBackOff")
                        .withMessage("Back-off pulling image \"vllm/vllm-openai:v9\"").endWaiting().endState().build())
                .build(), false))).isEqualTo("waits: ImagePullBackOff (Back-off pulling image \"vllm/vllm-openai:v9\")");
        assertThat(ClusterSource.waitingFor(pod(phase("Pending").addToContainerStatuses(new ContainerStatusBuilder()
                .withName("c").withNewState().withNewWaiting().withReason("ContainerCreating").endWaiting().endState()
                .build()).build(), false))).isEqualTo("waits: ContainerCreating");
        assertThat(ClusterSource.waitingFor(pod(phase("Running").addToContainerStatuses(new ContainerStatusBuilder()
                .withName("c").withNewState().withNewRunning().endRunning().endState().build()).build(), false)))
                .isEqualTo("is running but not ready yet (the model is loading until /health answers)");
        assertThat(ClusterSource.waitingFor(pod(null, false))).isEqualTo("is pending");
        assertThat(ClusterSource.waitingFor(pod(phase("Failed").build(), false))).isEqualTo("is failed");
    }

    @Test
    void aPodIsReadyOnlyWithItsReadyConditionTrueAndNotWhileTerminating() {
        PodStatus ready = phase("Running").addNewCondition().withType("ContainersReady").withStatus("False").endCondition()
                .addNewCondition().withType("Ready").withStatus("True").endCondition().build();
        assertThat(ClusterSource.ready(pod(ready, false))).isTrue();
        assertThat(ClusterSource.ready(pod(ready, true))).isFalse();
        assertThat(ClusterSource.ready(pod(phase("Running").addNewCondition().withType("Ready").withStatus("False")
                .endCondition().build(), false))).isFalse();
        assertThat(ClusterSource.ready(pod(phase("Running").build(), false))).isFalse();
        assertThat(ClusterSource.ready(pod(null, false))).isFalse();
    }

    static HorizontalPodAutoscalerBuilder hpa() {
        return new HorizontalPodAutoscalerBuilder().withNewMetadata().withName("vllm-hpa").endMetadata()
                .withNewSpec().withMaxReplicas(5).endSpec();
    }

    @Test
    void anHpaOnAPodsMetricGivesItsTargetCurrentValueReplicasAndOnlyTheConditionsThatAreNotFine() {
        HorizontalPodAutoscaler h = hpa().editSpec().withMinReplicas(2).addNewMetric().withType("Pods").withNewPods()
                .withNewMetric().withName("vllm:num_requests_waiting").endMetric().withNewTarget().withType("AverageValue")
                .withAverageValue(new Quantity("10")).endTarget().endPods().endMetric().endSpec()
                .withNewStatus().withCurrentReplicas(3).withDesiredReplicas(4)
                .addNewCurrentMetric().withType("Pods").withNewPods().withNewMetric().withName("vllm:num_requests_waiting")
                .endMetric().withNewCurrent().withAverageValue(new Quantity("12500m")).endCurrent().endPods().endCurrentMetric()
                .addNewCondition().withType("AbleToScale").withStatus("True").withReason("ReadyForNewScale").endCondition()
                .addNewCondition().withType("ScalingActive").withStatus("True").endCondition()
                .addNewCondition().withType("ScalingLimited").withStatus("False").endCondition()
                .addNewCondition().withType("ScalingLimited").withStatus("True").withReason("TooManyReplicas")
                .withMessage("the desired replica count is more than the maximum replica count").endCondition()
                .endStatus().build();

        HpaStatus s = ClusterSource.status(h);

        assertThat(s).isEqualTo(new HpaStatus("vllm-hpa", 3, 4, 2, 5, "vllm:num_requests_waiting",
                OptionalDouble.of(12.5), OptionalDouble.of(10), java.util.List.of("ScalingLimited True (TooManyReplicas): the"
                        + " desired replica count is more than the maximum replica count")));
    }

    @Test
    void anHpaOnAnExternalMetricAndOneThatCannotReadItsMetric() {
        HorizontalPodAutoscaler external = hpa().editSpec().addNewMetric().withType("External").withNewExternal()
                .withNewMetric().withName("prometheus.googleapis.com|vllm:num_requests_waiting|gauge").endMetric()
                .withNewTarget().withType("AverageValue").withAverageValue(new Quantity("8")).endTarget().endExternal()
                .endMetric().endSpec()
                .withNewStatus().withCurrentReplicas(1).withDesiredReplicas(1)
                .addNewCurrentMetric().withType("External").withNewExternal().withNewMetric().withName("m").endMetric()
                .withNewCurrent().withAverageValue(new Quantity("3")).endCurrent().endExternal().endCurrentMetric()
                .addNewCondition().withType("ScalingActive").withStatus("False").withReason("FailedGetExternalMetric")
                .withMessage("unable to get external metric").endCondition()
                .addNewCondition().withType("AbleToScale").withStatus("False").endCondition()
                .endStatus().build();

        HpaStatus s = ClusterSource.status(external);

        assertThat(s.metric()).isEqualTo("prometheus.googleapis.com|vllm:num_requests_waiting|gauge");
        assertThat(s.threshold()).hasValue(8);
        assertThat(s.current()).hasValue(3);
        assertThat(s.minReplicas()).as("no minReplicas: Kubernetes' default").isEqualTo(1);
        assertThat(s.conditions()).containsExactly(
                "ScalingActive False (FailedGetExternalMetric): unable to get external metric", "AbleToScale False");
    }

    @Test
    void anHpaOnCpuOrWithoutStatusYetHasNoVllmTargetAndNoReplicas() {
        HorizontalPodAutoscaler cpu = hpa().editSpec().addNewMetric().withType("Resource").withNewResource().withName("cpu")
                .withNewTarget().withType("Utilization").withAverageUtilization(80).endTarget().endResource().endMetric()
                .endSpec().build();

        HpaStatus s = ClusterSource.status(cpu);

        assertThat(s).isEqualTo(new HpaStatus("vllm-hpa", 0, 0, 1, 5, "Resource", OptionalDouble.empty(),
                OptionalDouble.empty(), java.util.List.of()));
        assertThat(ClusterSource.status(hpa().build()).metric()).isEmpty();
    }
}
