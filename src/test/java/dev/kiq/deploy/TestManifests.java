package dev.kiq.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import java.util.List;
import java.util.Map;

/** Hand-made manifests shaped like kiq's generated ones (vLLM on one L4, with Service, PodMonitoring, HPA). */
final class TestManifests {

    static final String NS = "llm";

    private TestManifests() {
    }

    static Deployment deployment(String image) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("vllm-gemma-2-2b-it").withNamespace(NS)
                .addToLabels("app", "vllm-gemma-2-2b-it").endMetadata()
                .withNewSpec().withReplicas(1)
                .withNewSelector().addToMatchLabels("app", "vllm-gemma-2-2b-it").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "vllm-gemma-2-2b-it").endMetadata()
                .withNewSpec()
                .addToNodeSelector("cloud.google.com/gke-accelerator", "nvidia-l4")
                .addNewContainer().withName("inference-server").withImage(image)
                .withArgs("--model=google/gemma-2-2b-it", "--tensor-parallel-size=1")
                .addNewEnv().withName("HUGGING_FACE_HUB_TOKEN").withNewValueFrom().withNewSecretKeyRef()
                .withName("hf-secret").withKey("hf_api_token").endSecretKeyRef().endValueFrom().endEnv()
                .withNewResources().addToLimits("nvidia.com/gpu", new Quantity("1"))
                .addToRequests("nvidia.com/gpu", new Quantity("1")).endResources()
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    static Service service() {
        return new ServiceBuilder().withNewMetadata().withName("vllm-service").withNamespace(NS).endMetadata()
                .withNewSpec().withType("ClusterIP").addToSelector("app", "vllm-gemma-2-2b-it")
                .addNewPort().withPort(8000).withTargetPort(new IntOrString(8000)).endPort().endSpec().build();
    }

    static GenericKubernetesResource podMonitoring() {
        return new GenericKubernetesResourceBuilder().withApiVersion("monitoring.googleapis.com/v1")
                .withKind("PodMonitoring").withNewMetadata().withName("vllm-podmonitoring").withNamespace(NS).endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of(
                        "selector", Map.of("matchLabels", Map.of("app", "vllm-gemma-2-2b-it")),
                        "endpoints", List.of(Map.of("port", 8000, "path", "/metrics", "interval", "15s")))))
                .build();
    }

    static HorizontalPodAutoscaler hpa() {
        return new HorizontalPodAutoscalerBuilder().withNewMetadata().withName("vllm-hpa").withNamespace(NS).endMetadata()
                .withNewSpec().withMinReplicas(1).withMaxReplicas(4)
                .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName("vllm-gemma-2-2b-it")
                .endScaleTargetRef()
                .addNewMetric().withType("Pods").withNewPods().withNewMetric()
                .withName("prometheus.googleapis.com|vllm:num_requests_waiting|gauge").endMetric()
                .withNewTarget().withType("AverageValue").withAverageValue(new Quantity("10")).endTarget()
                .endPods().endMetric().endSpec().build();
    }

    static List<HasMetadata> all() {
        return List.of(deployment("vllm/vllm-openai:v0.7.2"), service(), podMonitoring(), hpa());
    }
}
