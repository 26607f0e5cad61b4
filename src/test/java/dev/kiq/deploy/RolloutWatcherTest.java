package dev.kiq.deploy;

import static dev.kiq.deploy.TestManifests.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rollout watch against fabric8's mock server in CRUD mode, with pods and events as Kubernetes reports them. */
class RolloutWatcherTest {

    static final String POD = "vllm-gemma-2-2b-it-7d9f-abcde";
    static final String LOG_PATH = "/api/v1/namespaces/llm/pods/" + POD + "/log?pretty=false&container=inference-server";

    FakeApiServer api;
    List<DeployEvent> events = new ArrayList<>();

    @BeforeEach
    void cluster() {
        api = new FakeApiServer();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    Optional<Problem> watch(Deployment d, Duration timeout) {
        return watch(d, timeout, Duration.ZERO);
    }

    /** The watch, with {@code grace} for an unschedulable pod the cluster autoscaler has not answered for. */
    Optional<Problem> watch(Deployment d, Duration timeout, Duration grace) {
        RolloutWatcher w = new RolloutWatcher(api.client, NS, new ProblemClassifier("test", api.url(), TestWording.INSTANCE), TestWording.INSTANCE,
                new RolloutWatcher.Timing(Duration.ofMillis(20), grace), Optional.empty(), events::add,
                new CancelToken());
        return w.watch(List.of(d), timeout);
    }

    Deployment deployment(int ready) {
        Deployment d = new DeploymentBuilder(TestManifests.deployment("vllm/vllm-openai:v0.7.2"))
                .editMetadata().withGeneration(1L).endMetadata()
                .withNewStatus().withObservedGeneration(1L).withReplicas(1).withUpdatedReplicas(1).withReadyReplicas(ready)
                .endStatus().build();
        return api.client.resource(d).create();
    }

    void pod(PodStatus status) {
        Pod p = new PodBuilder().withNewMetadata().withName(POD).withNamespace(NS)
                .addToLabels("app", "vllm-gemma-2-2b-it").endMetadata()
                .withNewSpec().withNodeName("gke-l4-node").addNewContainer().withName("inference-server")
                .withImage("vllm/vllm-openai:v0.7.2").endContainer().endSpec()
                .withStatus(status).build();
        api.client.resource(p).create();
    }

    void podEvent(String reason, String message) {
        event("Pod", POD, reason, message);
    }

    void event(String kind, String name, String reason, String message) {
        api.client.v1().events().inNamespace(NS).resource(new EventBuilder().withNewMetadata()
                .withName(name + "." + reason + "." + Math.abs(message.hashCode())).withNamespace(NS).endMetadata()
                .withNewInvolvedObject().withKind(kind).withName(name).withNamespace(NS).endInvolvedObject()
                .withReason(reason).withMessage(message).build()).create();
    }

    /** A pending pod the scheduler could not place, with its condition's message. */
    static PodStatus unschedulable(String message) {
        return new PodStatusBuilder().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False")
                .withReason("Unschedulable").withMessage(message).endCondition().build();
    }

    static PodStatusBuilder scheduled() {
        return new PodStatusBuilder().withPhase("Pending")
                .addNewCondition().withType("PodScheduled").withStatus("True").endCondition();
    }

    @Test
    void aReadyRolloutReportsEachMilestoneInOrder() {
        Deployment d = deployment(1);
        podEvent("Pulling", "Pulling image \"vllm/vllm-openai:v0.7.2\"");
        podEvent("Pulled", "Successfully pulled image \"vllm/vllm-openai:v0.7.2\" in 41.2s");
        pod(scheduled().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addToContainerStatuses(new ContainerStatusBuilder().withName("inference-server").withReady(true)
                        .withNewState().withNewRunning().endRunning().endState().build()).build());

        Optional<Problem> problem = watch(d, Duration.ofSeconds(5));

        assertThat(problem).isEmpty();
        assertThat(events).extracting(e -> e.getClass().getSimpleName()).containsExactly("PodPhase", "PodCondition",
                "PodScheduled", "ImagePulling", "ImagePulled", "ContainerStarted", "PodReady", "RolloutComplete");
        assertThat(events.get(0).describe()).isEqualTo("Pod " + POD + " is Running");
        assertThat(events.get(1).describe()).isEqualTo("Pod " + POD + " Ready True");
        assertThat(events.get(3).describe()).isEqualTo("Pod " + POD + " pulling image vllm/vllm-openai:v0.7.2");
        assertThat(events.get(2).describe()).contains("scheduled on node gke-l4-node");
    }

    /**
     * Issue 11 defect 6: what the cluster says between "hpa created" and ready shows as it comes, each once: the
     * pod's phase, its conditions as they change, and the Kubernetes Events about it (a Warning as a warning).
     */
    @Test
    void phaseConditionsAndEventsShowAsTheyComeEachOnce() {
        Deployment d = deployment(0);
        pod(scheduled().addNewCondition().withType("ContainersReady").withStatus("False")
                .withReason("ContainersNotReady").withMessage("containers with unready status: [inference-server]")
                .endCondition().build());
        podEvent("Scheduled", "Successfully assigned llm/" + POD + " to gke-l4-node");
        api.client.v1().events().inNamespace(NS).resource(new EventBuilder().withNewMetadata().withName(POD + ".probe")
                .withNamespace(NS).endMetadata().withNewInvolvedObject().withKind("Pod").withName(POD).withNamespace(NS)
                .endInvolvedObject().withType("Warning").withReason("Unhealthy")
                .withMessage("Readiness probe failed: Get \"http://10.0.0.7:8000/health\": connection refused").build()).create();

        Optional<Problem> problem = watch(d, Duration.ofMillis(300));

        assertThat(problem).get().extracting(Problem::kind).isEqualTo(ProblemKind.TIMEOUT);
        // many polls in 300 ms, yet every line once
        assertThat(events).extracting(DeployEvent::describe).containsExactly(
                "Pod " + POD + " is Pending",
                "Pod " + POD + " ContainersReady False (ContainersNotReady): containers with unready status: [inference-server]",
                "Pod " + POD + " event Scheduled: Successfully assigned llm/" + POD + " to gke-l4-node",
                "Pod " + POD + " event Unhealthy: Readiness probe failed: Get \"http://10.0.0.7:8000/health\": connection refused",
                "Pod " + POD + " scheduled on node gke-l4-node");
        assertThat(events).extracting(DeployEvent::tone).containsExactly(DeployEvent.Tone.INFO, DeployEvent.Tone.INFO,
                DeployEvent.Tone.INFO, DeployEvent.Tone.WARNING, DeployEvent.Tone.INFO);
    }

    @Test
    void aRunningButNotReadyServerIsLoadingTheModelUntilTheTimeout() throws InterruptedException {
        Deployment d = deployment(0);
        api.server.expect().get().withPath(LOG_PATH + "&tailLines=1")
                .andReturn(200, "INFO Loading safetensors checkpoint shards:  50% Completed | 2/4\n").always();
        pod(scheduled().withPhase("Running").addToContainerStatuses(new ContainerStatusBuilder()
                .withName("inference-server").withReady(false).withNewState().withNewRunning().endRunning().endState()
                .build()).build());

        Optional<Problem> problem = watch(d, Duration.ofMillis(300));

        assertThat(events).filteredOn(e -> e instanceof DeployEvent.ModelLoading).hasSize(1).first()
                .extracting(DeployEvent::describe).asString()
                .endsWith("loading the model: INFO Loading safetensors checkpoint shards:  50% Completed | 2/4");
        assertThat(problem.orElseThrow().kind()).isEqualTo(ProblemKind.TIMEOUT);
        assertThat(problem.get().remedy()).isEqualTo("Large models can take long to download and load. <waitLonger " + NS + "> `kubectl describe pod -n " + NS + "` shows details.");
        // each poll reads the log with one GET, not first a LIST and WATCH of the pod: fabric8 8.0.0's getLog() starts a
        // readiness informer even for a 0 ms wait (kubernetes-client issue 7741), which against an expectation-mode mock
        // fails and prints fabric8's Reflector stack trace
        List<String> paths = new ArrayList<>();
        for (var r = api.server.takeRequest(0, TimeUnit.MILLISECONDS); r != null; r = api.server.takeRequest(0, TimeUnit.MILLISECONDS)) {
            paths.add(r.getPath());
        }
        assertThat(paths).anyMatch(p -> p.equals(LOG_PATH + "&tailLines=1"))
                .noneMatch(p -> p.contains("fieldSelector=metadata.name"));
    }

    @Test
    void insufficientGpuIsReportedWithWhatToDo() {
        Deployment d = deployment(0);
        pod(unschedulable("0/3 nodes are available: 3 Insufficient nvidia.com/gpu."));

        Problem p = watch(d, Duration.ofSeconds(5)).orElseThrow();

        assertThat(p.kind()).isEqualTo(ProblemKind.INSUFFICIENT_ACCELERATOR);
        assertThat(p.message()).contains("no node has a free nvidia.com/gpu").contains("3 Insufficient nvidia.com/gpu");
        assertThat(p.remedy()).contains("node pool").contains("quota");
    }

    @Test
    void insufficientTpuIsReportedToo() {
        Deployment d = deployment(0);
        pod(unschedulable("0/2 nodes are available: 2 Insufficient google.com/tpu."));
        assertThat(watch(d, Duration.ofSeconds(5)).orElseThrow().message()).contains("google.com/tpu");
    }

    @Test
    void anAutoscalerScaleUpIsWaitedForNotAFailure() {
        Deployment d = deployment(0);
        pod(unschedulable("0/3 nodes are available: 3 Insufficient nvidia.com/gpu."));
        podEvent("TriggeredScaleUp", "pod triggered scale-up: [{gpu-pool 0->1 (max: 3)}]");

        Problem p = watch(d, Duration.ofMillis(200)).orElseThrow();

        assertThat(p.kind()).isEqualTo(ProblemKind.TIMEOUT);
        assertThat(events).filteredOn(e -> e instanceof DeployEvent.PodWaiting).hasSize(1).first()
                .extracting(DeployEvent::describe).asString().contains("the cluster autoscaler is adding a node");
    }

    @Test
    void anImagePullFailureNamesTheImage() {
        Deployment d = deployment(0);
        pod(scheduled().addToContainerStatuses(new ContainerStatusBuilder().withName("inference-server")
                .withImage("vllm/vllm-openai:v9.9.9").withNewState().withNewWaiting().withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image \"vllm/vllm-openai:v9.9.9\"").endWaiting().endState().build()).build());

        Problem p = watch(d, Duration.ofSeconds(5)).orElseThrow();

        assertThat(p.kind()).isEqualTo(ProblemKind.IMAGE_PULL);
        assertThat(p.message()).contains("cannot pull image vllm/vllm-openai:v9.9.9 (ImagePullBackOff)");
        assertThat(p.remedy()).contains("image name and tag");
    }

    @Test
    void aCrashLoopShowsTheLastLogLines() {
        Deployment d = deployment(0);
        StringBuilder log = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            log.append("line ").append(i).append('\n');
        }
        log.append("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB\n");
        api.server.expect().get().withPath(LOG_PATH + "&previous=true&tailLines=20").andReturn(200, log.toString()).always();
        pod(scheduled().withPhase("Running").addToContainerStatuses(new ContainerStatusBuilder().withName("inference-server")
                .withRestartCount(4).withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                .withMessage("back-off 2m40s restarting failed container").endWaiting().endState().build()).build());

        Problem p = watch(d, Duration.ofSeconds(5)).orElseThrow();

        assertThat(p.kind()).isEqualTo(ProblemKind.CRASH_LOOP);
        assertThat(p.message()).contains("keeps crashing (CrashLoopBackOff, 4 restarts)");
        assertThat(p.details()).hasSize(20).last().asString().contains("CUDA out of memory");
        assertThat(p.remedy()).contains("needs a smaller <maxModelLength> or a larger accelerator");
        assertThat(new DeployEvent.Failed(p).describe()).contains("| torch.OutOfMemoryError");
    }

    @Test
    void aMissingHfSecretSaysHowToCreateIt() {
        Deployment d = deployment(0);
        pod(scheduled().addToContainerStatuses(new ContainerStatusBuilder().withName("inference-server")
                .withNewState().withNewWaiting().withReason("CreateContainerConfigError")
                .withMessage("secret \"hf-secret\" not found").endWaiting().endState().build()).build());

        Problem p = watch(d, Duration.ofSeconds(5)).orElseThrow();

        assertThat(p.kind()).isEqualTo(ProblemKind.MISSING_SECRET);
        assertThat(p.remedy()).isEqualTo("Create the Secret: <giveHfToken>.");
    }

    @Test
    void anExceededQuotaStopsTheWatchWithTheQuotaMessage() {
        Deployment d = deployment(0);
        event("ReplicaSet", "vllm-gemma-2-2b-it-7d9f", "FailedCreate", "Error creating: pods \"vllm-gemma-2-2b-it-7d9f-x\" "
                + "is forbidden: exceeded quota: gpu-quota, requested: requests.nvidia.com/gpu=1, used: 4, limited: 4");

        Problem p = watch(d, Duration.ofSeconds(5)).orElseThrow();

        assertThat(p.kind()).isEqualTo(ProblemKind.QUOTA_EXCEEDED);
        assertThat(p.message()).contains("exceeded quota: gpu-quota");
    }

    @Test
    void cancellingStopsTheWatchAtOnce() {
        Deployment d = deployment(0);
        CancelToken cancel = new CancelToken();
        RolloutWatcher w = new RolloutWatcher(api.client, NS, new ProblemClassifier("test", api.url(), TestWording.INSTANCE), TestWording.INSTANCE,
                new RolloutWatcher.Timing(Duration.ofSeconds(30), Duration.ZERO), Optional.empty(),
                e -> cancel.cancel(), cancel);
        pod(scheduled().build());
        long start = System.nanoTime();
        Problem p = w.watch(List.of(d), Duration.ofMinutes(5)).orElseThrow();
        assertThat(p.kind()).isEqualTo(ProblemKind.CANCELLED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    /** A deployment with one condition in its status, as the Deployment controller reports it. */
    Deployment deploymentWithCondition(String type, String status, String reason, String message) {
        Deployment d = new DeploymentBuilder(TestManifests.deployment("vllm/vllm-openai:v0.7.2"))
                .editMetadata().withGeneration(1L).endMetadata()
                .withNewStatus().withObservedGeneration(1L).withReplicas(0).withUpdatedReplicas(0).withReadyReplicas(0)
                .addNewCondition().withType(type).withStatus(status).withReason(reason).withMessage(message).endCondition()
                .endStatus().build();
        return api.client.resource(d).create();
    }

    @Test
    void anExceededQuotaIsFoundInTheDeploymentsConditionWhenNoEventIsLeft() {
        Deployment d = deploymentWithCondition("ReplicaFailure", "True", "FailedCreate", "pods \"vllm-gemma-2-2b-it-7d9f-x\""
                + " is forbidden: exceeded quota: gpu-quota, requested: requests.nvidia.com/gpu=1, used: 4, limited: 4");

        Problem p = watch(d, Duration.ofSeconds(5)).orElseThrow();

        assertThat(p.kind()).isEqualTo(ProblemKind.QUOTA_EXCEEDED);
        assertThat(p.message()).isEqualTo("Deployment vllm-gemma-2-2b-it cannot create its pods: a resource quota in"
                + " namespace llm is exceeded (pods \"vllm-gemma-2-2b-it-7d9f-x\" is forbidden: exceeded quota: gpu-quota,"
                + " requested: requests.nvidia.com/gpu=1, used: 4, limited: 4).");
        assertThat(p.remedy()).contains("`kubectl describe resourcequota -n llm`");
    }

    @Test
    void quotaEventsOfAnotherDeploymentOrOfAnotherFailureAreNotThisOnes() {
        Deployment d = deploymentWithCondition("ReplicaFailure", "True", "FailedCreate", "pods are forbidden: no PodSecurity");
        event("ReplicaSet", "other-model-5c4d", "FailedCreate", "Error creating: exceeded quota: gpu-quota");
        event("ReplicaSet", "vllm-gemma-2-2b-it-7d9f", "FailedCreate", "Error creating: pods are forbidden: no PodSecurity");
        event("Deployment", "vllm-gemma-2-2b-it-7d9f", "FailedCreate", "exceeded quota: gpu-quota");
        event("ReplicaSet", "vllm-gemma-2-2b-it-7d9f", "SuccessfulCreate", "exceeded quota: gpu-quota, then created");

        Problem p = watch(d, Duration.ofMillis(200)).orElseThrow();

        assertThat(p.kind()).isEqualTo(ProblemKind.TIMEOUT);
    }

    @Test
    void aRolloutPastItsProgressDeadlineStopsTheWatch() {
        Deployment d = deploymentWithCondition("Progressing", "False", "ProgressDeadlineExceeded",
                "ReplicaSet \"vllm-gemma-2-2b-it-7d9f\" has timed out progressing.");

        Problem p = watch(d, Duration.ofSeconds(5)).orElseThrow();

        assertThat(p.kind()).isEqualTo(ProblemKind.ROLLOUT_STUCK);
        assertThat(p.message()).isEqualTo("Deployment vllm-gemma-2-2b-it made no progress: ReplicaSet"
                + " \"vllm-gemma-2-2b-it-7d9f\" has timed out progressing.");
        assertThat(p.remedy()).contains("kubectl describe deployment vllm-gemma-2-2b-it -n llm")
                .contains("spec.progressDeadlineSeconds");
    }

    @Test
    void aRolloutStillProgressingOrStoppedForAnotherReasonIsWatchedOn() {
        Deployment progressing = deploymentWithCondition("Progressing", "True", "ProgressDeadlineExceeded", "odd but true");
        assertThat(watch(progressing, Duration.ofMillis(200)).orElseThrow().kind()).isEqualTo(ProblemKind.TIMEOUT);
        api.client.resource(progressing).delete();
        Deployment paused = deploymentWithCondition("Progressing", "False", "DeploymentPaused", "Deployment is paused");
        assertThat(watch(paused, Duration.ofMillis(200)).orElseThrow().kind()).isEqualTo(ProblemKind.TIMEOUT);
    }

    @Test
    void aPodNoNodeMatchesIsUnschedulableWithTheSchedulersReasonFromItsEvent() {
        Deployment d = deployment(0);
        pod(unschedulable(""));
        podEvent("FailedScheduling", "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.");

        Problem p = watch(d, Duration.ofSeconds(5)).orElseThrow();

        assertThat(p.kind()).isEqualTo(ProblemKind.UNSCHEDULABLE);
        assertThat(p.message()).isEqualTo("Pod " + POD + " cannot be scheduled: 0/3 nodes are available: 3 node(s) didn't"
                + " match Pod's node affinity/selector.");
        assertThat(p.remedy()).contains("`kubectl describe pod " + POD + " -n llm`");
    }

    @Test
    void anUnschedulablePodIsWaitedForDuringTheGraceUnlessTheAutoscalerSaidNo() {
        Deployment d = deployment(0);
        pod(unschedulable("0/3 nodes are available: 3 Insufficient nvidia.com/gpu."));

        Problem waited = watch(d, Duration.ofMillis(200), Duration.ofHours(1)).orElseThrow();

        assertThat(waited.kind()).isEqualTo(ProblemKind.TIMEOUT);
        assertThat(events).filteredOn(e -> e instanceof DeployEvent.PodWaiting).hasSize(1).first()
                .extracting(DeployEvent::describe).asString().contains("0/3 nodes are available: 3 Insufficient nvidia.com/gpu.")
                .doesNotContain("autoscaler");

        podEvent("NotTriggerScaleUp", "pod didn't trigger scale-up: 1 max node group size reached");
        Problem refused = watch(d, Duration.ofSeconds(5), Duration.ofHours(1)).orElseThrow();

        assertThat(refused.kind()).isEqualTo(ProblemKind.INSUFFICIENT_ACCELERATOR);
    }
}
