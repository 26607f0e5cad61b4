package dev.kiq.deploy;

import static dev.kiq.deploy.TestManifests.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeployerTest {

    static final String DEPLOYMENT_PATH = "/apis/apps/v1/namespaces/llm/deployments/vllm-gemma-2-2b-it";
    static final String SERVICE_PATH = "/api/v1/namespaces/llm/services/vllm-service";
    static final String PODMONITORING_PATH = "/apis/monitoring.googleapis.com/v1/namespaces/llm/podmonitorings/vllm-podmonitoring";
    static final String HPA_PATH = "/apis/autoscaling/v2/namespaces/llm/horizontalpodautoscalers/vllm-hpa";
    static final String SECRET_PATH = "/api/v1/namespaces/llm/secrets/hf-secret";
    static final String TOKEN = "hf_testTokenThatMustNeverLeak0123456789";

    FakeApiServer api;
    List<DeployEvent> events = new ArrayList<>();

    @BeforeEach
    void cluster() {
        api = new FakeApiServer();
        api.serve(TestManifests.all(), NS);
        api.serve(SECRET_PATH);
        api.serve("/api/v1/namespaces/fresh");
        api.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        installPodMonitoringCrd();
        api.server.expect().get().withPath("/apis/custom.metrics.k8s.io")
                .andReturn(200, new APIGroupBuilder().withName("custom.metrics.k8s.io").build()).always();
        api.client.nodes().resource(new NodeBuilder().withNewMetadata().withName("gke-l4-node")
                .addToLabels("cloud.google.com/gke-accelerator", "nvidia-l4").endMetadata().build()).create();
    }

    void installPodMonitoringCrd() {
        api.server.expect().get().withPath("/apis/monitoring.googleapis.com/v1").andReturn(200,
                new APIResourceListBuilder().withGroupVersion("monitoring.googleapis.com/v1")
                        .addToResources(new APIResourceBuilder().withName("podmonitorings").withKind("PodMonitoring")
                                .withNamespaced(true).withVerbs("get", "list", "patch", "delete").build())
                        .build()).always();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    DeployReport deploy(DeployRequest request) {
        return new Deployer(api.client, "test-context", TestWording.INSTANCE, Duration.ofMillis(10), Duration.ZERO)
                .deploy(request, events::add, new CancelToken());
    }

    @Test
    void everyObjectIsDryRunThenServerSideAppliedWithTheKiqFieldManagerAtItsKindsPath() {
        DeployReport report = deploy(DeployRequest.of(TestManifests.all()));

        assertThat(report.succeeded()).isTrue();
        assertThat(report.with(ApplyOutcome.CREATED)).hasSize(4);
        List<String> paths = List.of(DEPLOYMENT_PATH, SERVICE_PATH, PODMONITORING_PATH, HPA_PATH);
        assertThat(api.applies).hasSize(8);
        for (FakeApiServer.Apply a : api.applies) {
            assertThat(a.method()).isEqualTo("PATCH");
            assertThat(a.contentType()).startsWith(FakeApiServer.APPLY_CONTENT_TYPE);
            assertThat(a.path()).contains("fieldManager=kiq");
            assertThat(a.body()).contains("\"app.kubernetes.io/managed-by\":\"kiq\"")
                    .contains("\"kiq.dev/release\":\"vllm-gemma-2-2b-it\"");
        }
        // all four dry runs come before the first real apply, in manifest order
        assertThat(api.applies.subList(0, 4)).allMatch(FakeApiServer.Apply::dryRun);
        assertThat(api.applies.subList(0, 4)).extracting(a -> a.path().substring(0, a.path().indexOf('?')))
                .containsExactlyElementsOf(paths);
        assertThat(api.realApplies()).extracting(a -> a.path().substring(0, a.path().indexOf('?')))
                .containsExactlyElementsOf(paths);
        assertThat(events.get(0)).isInstanceOf(DeployEvent.Connected.class);
        assertThat(events).filteredOn(e -> e instanceof DeployEvent.ObjectApplied).hasSize(4);
        assertThat(events.get(events.size() - 1)).isInstanceOf(DeployEvent.Finished.class);
    }

    @Test
    void applyingTheSameManifestsTwiceChangesNothingAndSaysSo() {
        deploy(DeployRequest.of(TestManifests.all()));
        String rvBefore = resourceVersion(DEPLOYMENT_PATH);
        events.clear();

        DeployReport second = deploy(DeployRequest.of(TestManifests.all()));

        assertThat(second.nothingChanged()).isTrue();
        assertThat(second.with(ApplyOutcome.UNCHANGED)).hasSize(4);
        assertThat(second.summary()).startsWith("Nothing changed: all 4 objects already match");
        assertThat(resourceVersion(DEPLOYMENT_PATH)).isEqualTo(rvBefore);
        assertThat(events).filteredOn(e -> e instanceof DeployEvent.DryRunChecked)
                .allMatch(e -> ((DeployEvent.DryRunChecked) e).outcome() == ApplyOutcome.UNCHANGED);
    }

    @Test
    void aChangedImageConfiguresOnlyTheDeployment() {
        deploy(DeployRequest.of(TestManifests.all()));
        List<HasMetadata> changed = new ArrayList<>(TestManifests.all());
        changed.set(0, TestManifests.deployment("vllm/vllm-openai:v0.8.0"));

        DeployReport report = deploy(DeployRequest.of(changed));

        assertThat(report.with(ApplyOutcome.CONFIGURED)).extracting(ObjectRef::name).containsExactly("vllm-gemma-2-2b-it");
        assertThat(report.with(ApplyOutcome.UNCHANGED)).hasSize(3);
        // kiq applied it before, so it takes its fields back even if another manager changed them
        assertThat(api.realApplies().get(api.realApplies().size() - 4).forced()).isTrue();
    }

    /*
     * A Service another tool made (no kiq label) is applied without force=true, so a field its manager owns is a
     * conflict the user sees, not a silent takeover; only a request to take over conflicts forces it. Objects kiq
     * applied before, and new ones, are forced (aChangedImageConfiguresOnlyTheDeployment).
     */
    @Test
    void anObjectAnotherToolMadeIsTakenOverOnlyWhenAsked() {
        api.put(SERVICE_PATH, new io.fabric8.kubernetes.api.model.ServiceBuilder(TestManifests.service()).editMetadata()
                .addToLabels(KiqLabels.MANAGED_BY, "helm").withResourceVersion("3").endMetadata().build());

        deploy(DeployRequest.of(TestManifests.all()));
        List<FakeApiServer.Apply> service = api.realApplies().stream().filter(a -> a.path().startsWith(SERVICE_PATH)).toList();
        assertThat(service).singleElement().extracting(FakeApiServer.Apply::forced).isEqualTo(false);
        assertThat(api.realApplies().stream().filter(a -> a.path().startsWith(DEPLOYMENT_PATH)))
                .singleElement().extracting(FakeApiServer.Apply::forced).isEqualTo(true);

        api.put(SERVICE_PATH, new io.fabric8.kubernetes.api.model.ServiceBuilder(TestManifests.service()).editMetadata()
                .addToLabels(KiqLabels.MANAGED_BY, "helm").withResourceVersion("4").endMetadata().build());
        int before = api.realApplies().size();
        deploy(DeployRequest.of(TestManifests.all()).forcingConflicts(true));
        assertThat(api.realApplies().subList(before, api.realApplies().size()).stream()
                .filter(a -> a.path().startsWith(SERVICE_PATH))).singleElement()
                .extracting(FakeApiServer.Apply::forced).isEqualTo(true);
    }

    @Test
    void theTokenGoesIntoHfSecretUnderItsKeyAndIsSharedByAllReleases() {
        try (HfToken token = HfToken.of(TOKEN.toCharArray())) {
            DeployReport report = deploy(DeployRequest.of(TestManifests.all()).withToken(token));
            assertThat(report.objects().get(0).object().toString()).isEqualTo("secret/hf-secret");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) api.stored(SECRET_PATH).get("data");
        assertThat(new String(Base64.getDecoder().decode((String) data.get("hf_api_token")))).isEqualTo(TOKEN);
        @SuppressWarnings("unchecked")
        Map<String, Object> labels = (Map<String, Object>) ((Map<String, Object>) api.stored(SECRET_PATH).get("metadata")).get("labels");
        assertThat(labels).containsEntry("app.kubernetes.io/managed-by", "kiq").doesNotContainKey("kiq.dev/release");
        assertThat(events).noneMatch(e -> e.describe().contains(TOKEN));
    }

    @Test
    void dryRunSendsOnlyDryRunRequestsAndTellsWhatWouldHappen() {
        DeployReport report = deploy(DeployRequest.of(TestManifests.all()).asDryRun(true));

        assertThat(api.applies).hasSize(4).allMatch(FakeApiServer.Apply::dryRun);
        assertThat(api.stored(DEPLOYMENT_PATH)).isNull();
        assertThat(report.dryRun()).isTrue();
        assertThat(events).filteredOn(e -> e instanceof DeployEvent.DryRunChecked).extracting(DeployEvent::describe)
                .contains("Dry run: deployment.apps/vllm-gemma-2-2b-it would be created");
        assertThat(report.summary()).contains("nothing was changed on the cluster");
    }

    @Test
    void missingPodMonitoringCrdIsAWarningWithTheFixAndTheRestStillApplies() {
        api.server.clearExpectations();
        api.serve(TestManifests.all(), NS);
        api.server.expect().get().withPath("/apis/custom.metrics.k8s.io")
                .andReturn(200, new APIGroupBuilder().withName("custom.metrics.k8s.io").build()).always();
        // discovery of monitoring.googleapis.com/v1 now answers 404

        DeployReport report = deploy(DeployRequest.of(TestManifests.all()));

        assertThat(report.succeeded()).isTrue();
        assertThat(report.with(ApplyOutcome.SKIPPED)).extracting(ObjectRef::kind).containsExactly("PodMonitoring");
        assertThat(report.with(ApplyOutcome.CREATED)).hasSize(3);
        assertThat(report.warnings()).anySatisfy(w -> {
            assertThat(w.message()).contains("PodMonitoring");
            assertThat(w.remedy()).contains("--enable-managed-prometheus");
        });
        assertThat(api.applies).noneMatch(a -> a.path().contains("podmonitorings"));
    }

    @Test
    void missingCustomMetricsApiWarnsThatTheHpaCannotScaleButAppliesIt() {
        api.server.clearExpectations();
        api.serve(TestManifests.all(), NS);
        installPodMonitoringCrd();
        api.server.expect().get().withPath("/apis/custom.metrics.k8s.io").andReturn(404, "").always();

        DeployReport report = deploy(DeployRequest.of(TestManifests.all()));

        assertThat(report.with(ApplyOutcome.CREATED)).extracting(ObjectRef::kind).contains("HorizontalPodAutoscaler");
        assertThat(report.warnings()).anySatisfy(w -> {
            assertThat(w.message()).contains("custom.metrics.k8s.io").contains("will not scale");
            assertThat(w.remedy()).contains("Custom Metrics Stackdriver Adapter").contains("prometheus-adapter");
        });
    }

    @Test
    void noNodeWithTheAcceleratorIsAWarningNamingTheNodePoolCommand() {
        api.client.nodes().withName("gke-l4-node").delete();

        DeployReport report = deploy(DeployRequest.of(TestManifests.all()));

        assertThat(report.succeeded()).isTrue();
        assertThat(report.warnings()).anySatisfy(w -> {
            assertThat(w.message()).contains("cloud.google.com/gke-accelerator=nvidia-l4");
            assertThat(w.remedy()).contains("node-pools create").contains("type=nvidia-l4");
        });
    }

    @Test
    void missingHfSecretWithoutATokenIsAWarning() {
        DeployReport report = deploy(DeployRequest.of(TestManifests.all()));
        assertThat(report.warnings()).anySatisfy(w -> assertThat(w.remedy()).isEqualTo("<giveHfToken> to create it."));
    }

    /* A model server that reads no token (an open model's manifests): no warning about a Secret it does not need. */
    @Test
    void aDeploymentThatReadsNoTokenGetsNoHfSecretWarning() {
        List<HasMetadata> objects = new ArrayList<>(TestManifests.all());
        Deployment open = TestManifests.deployment("vllm/vllm-openai:v0.7.2");
        open.getSpec().getTemplate().getSpec().getContainers().get(0).setEnv(List.of());
        objects.set(0, open);

        DeployReport report = deploy(DeployRequest.of(objects));

        assertThat(report.warnings()).noneSatisfy(w -> assertThat(w.message()).contains("hf-secret"));
    }

    @Test
    void forbiddenDryRunNamesTheVerbAndResourceAndAppliesNothing() {
        api.fail("PATCH", DEPLOYMENT_PATH, 403, "Forbidden", "deployments.apps \"vllm-gemma-2-2b-it\" is forbidden: "
                + "User \"dev@example.com\" cannot patch resource \"deployments\" in API group \"apps\" in the namespace \"llm\"");

        DeployReport report = deploy(DeployRequest.of(TestManifests.all()));

        Problem p = report.failure().orElseThrow();
        assertThat(p.kind()).isEqualTo(ProblemKind.FORBIDDEN);
        assertThat(p.message()).contains("not allowed to patch deployments.apps \"vllm-gemma-2-2b-it\" in namespace llm");
        assertThat(p.remedy()).contains("kubectl auth can-i patch deployments.apps -n llm");
        assertThat(report.applied()).isEmpty();
        assertThat(api.realApplies()).isEmpty();
    }

    @Test
    void serverErrorInTheMiddleReportsWhatWasAndWasNotApplied() {
        api.fail("PATCH", SERVICE_PATH + "?fieldManager=kiq&force=true", 500, "InternalError", "etcd leader changed");

        DeployReport report = deploy(DeployRequest.of(TestManifests.all()));

        assertThat(report.failure().orElseThrow().kind()).isEqualTo(ProblemKind.SERVER_ERROR);
        assertThat(report.applied()).extracting(ObjectRef::name).containsExactly("vllm-gemma-2-2b-it");
        assertThat(report.with(ApplyOutcome.FAILED)).extracting(ObjectRef::name).containsExactly("vllm-service");
        assertThat(report.with(ApplyOutcome.NOT_APPLIED)).extracting(ObjectRef::name)
                .containsExactly("vllm-podmonitoring", "vllm-hpa");
        assertThat(report.summary()).contains("Applied: deployment.apps/vllm-gemma-2-2b-it")
                .contains("Not applied: service/vllm-service, podmonitoring.monitoring.googleapis.com/vllm-podmonitoring, "
                        + "horizontalpodautoscaler.autoscaling/vllm-hpa");
        assertThat(events).filteredOn(e -> e instanceof DeployEvent.Failed).hasSize(1);
    }

    @Test
    void conflictWithAnotherFieldManagerSuggestsForceConflicts() {
        api.fail("PATCH", SERVICE_PATH + "?fieldManager=kiq&dryRun=All", 409, "Conflict",
                "Apply failed with 1 conflict: conflict with \"kubectl-edit\": .spec.type");

        DeployReport report = deploy(DeployRequest.of(TestManifests.all()));

        Problem p = report.failure().orElseThrow();
        assertThat(p.kind()).isEqualTo(ProblemKind.CONFLICT);
        assertThat(p.message()).contains("kubectl-edit");
        assertThat(p.remedy()).endsWith("controller manages it). <takeOverFields>");
        assertThat(report.applied()).isEmpty();
    }

    @Test
    void quotaExceededIsReportedAsQuota() {
        api.fail("PATCH", SERVICE_PATH, 403, "Forbidden",
                "services \"vllm-service\" is forbidden: exceeded quota: compute, requested: services=1, used: services=5, limited: services=5");

        DeployReport report = deploy(DeployRequest.of(TestManifests.all()));

        assertThat(report.failure().orElseThrow().kind()).isEqualTo(ProblemKind.QUOTA_EXCEEDED);
        assertThat(report.failure().get().remedy()).contains("kubectl describe resourcequota -n llm");
    }

    @Test
    void expiredCredentialsAreReportedWithHowToRefreshThem() {
        api.fail("GET", "/api/v1/namespaces/llm", 401, "Unauthorized", "Unauthorized");

        DeployReport report = deploy(DeployRequest.of(TestManifests.all()));

        Problem p = report.failure().orElseThrow();
        assertThat(p.kind()).isEqualTo(ProblemKind.UNAUTHORIZED);
        assertThat(p.message()).contains("test-context");
        assertThat(p.remedy()).contains("get-credentials").contains("gke-gcloud-auth-plugin");
    }

    @Test
    void aStalledApiServerIsATimeoutAndNothingIsLeftUnreported() {
        KubernetesClientHolder slow = new KubernetesClientHolder(api.newClient(300));
        api.stall("PATCH", HPA_PATH + "?fieldManager=kiq&force=true", 1_500);

        DeployReport report = new Deployer(slow.client, "test-context", TestWording.INSTANCE, Duration.ofMillis(10), Duration.ZERO)
                .deploy(DeployRequest.of(TestManifests.all()), events::add, new CancelToken());

        assertThat(report.failure().orElseThrow().kind()).isEqualTo(ProblemKind.TIMEOUT);
        assertThat(report.applied()).hasSize(3);
        assertThat(report.with(ApplyOutcome.FAILED)).extracting(ObjectRef::name).containsExactly("vllm-hpa");
        slow.client.close();
    }

    @Test
    void anUnreachableApiServerSaysSoAndHowToCheck() {
        FakeApiServer gone = new FakeApiServer();
        var client = gone.newClient(1_000);
        gone.server.destroy();

        DeployReport report = new Deployer(client, "gke_proj_zone_cluster", TestWording.INSTANCE).deploy(
                DeployRequest.of(TestManifests.all()), events::add, new CancelToken());

        Problem p = report.failure().orElseThrow();
        assertThat(p.kind()).isEqualTo(ProblemKind.UNREACHABLE);
        assertThat(p.message()).contains("Cannot reach the API server");
        assertThat(p.remedy()).contains("kubectl --context gke_proj_zone_cluster cluster-info");
        client.close();
    }

    @Test
    void aMissingNamespaceNeedsCreateNamespace() {
        var svc = new io.fabric8.kubernetes.api.model.ServiceBuilder(TestManifests.service()).editMetadata()
                .withNamespace(null).endMetadata().build();
        DeployReport report = deploy(DeployRequest.of(List.of(svc)).inNamespace("fresh"));
        assertThat(report.failure().orElseThrow().kind()).isEqualTo(ProblemKind.NOT_FOUND);
        assertThat(report.failure().get().remedy()).isEqualTo("<createOrChooseNamespace>");
        assertThat(api.applies).isEmpty();
    }

    @Test
    void createNamespaceAppliesTheNamespaceFirst() {
        api.serve(List.of(TestManifests.service()), "fresh");
        var svc = new io.fabric8.kubernetes.api.model.ServiceBuilder(TestManifests.service()).editMetadata()
                .withNamespace(null).endMetadata().build();

        DeployReport report = deploy(DeployRequest.of(List.of(svc)).inNamespace("fresh").creatingNamespace(true));

        assertThat(report.succeeded()).isTrue();
        assertThat(report.objects()).extracting(o -> o.object().toString() + " " + o.outcome())
                .containsExactly("namespace/fresh CREATED", "service/vllm-service CREATED");
        assertThat(api.applies.get(0).path()).startsWith("/api/v1/namespaces/fresh?fieldManager=kiq");
    }

    @Test
    void aCancelledDeployAppliesNothingAndSaysSo() {
        CancelToken cancel = new CancelToken();
        cancel.cancel();
        DeployReport report = new Deployer(api.client, "test-context", TestWording.INSTANCE).deploy(DeployRequest.of(TestManifests.all()),
                events::add, cancel);
        assertThat(report.failure().orElseThrow().kind()).isEqualTo(ProblemKind.CANCELLED);
        assertThat(api.realApplies()).isEmpty();
    }

    @Test
    void theAsyncHandleDeliversTheReport() throws Exception {
        Deployer.Handle handle = new Deployer(api.client, "test-context", TestWording.INSTANCE).start(DeployRequest.of(TestManifests.all()),
                events::add, Runnable::run);
        assertThat(handle.result().get().succeeded()).isTrue();
    }

    @Test
    void namespaceInTheManifestsMustMatchTheNamespaceFlag() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> deploy(DeployRequest.of(TestManifests.all()).inNamespace("prod")))
                .isInstanceOf(dev.kiq.KiqException.class)
                .hasMessage("<namespaceMismatch llm prod>");
    }

    @Test
    void waitFollowsTheRolloutAfterTheApplyUntilReady() {
        // the cluster already runs an older revision whose status the controller keeps
        api.put(DEPLOYMENT_PATH, new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(
                TestManifests.deployment("vllm/vllm-openai:v0.6.0")).editMetadata().withGeneration(1L)
                .withResourceVersion("7").endMetadata()
                .withNewStatus().withObservedGeneration(9L).withReplicas(1).withUpdatedReplicas(1).withReadyReplicas(1)
                .endStatus().build());
        api.client.pods().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
                .withName("vllm-gemma-2-2b-it-5c6d-q2x9z").withNamespace(NS).addToLabels("app", "vllm-gemma-2-2b-it")
                .endMetadata().withNewSpec().withNodeName("gke-l4-node").endSpec()
                .withNewStatus().withPhase("Running")
                .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build()).create();

        DeployReport report = deploy(DeployRequest.of(TestManifests.all()).waiting(Duration.ofSeconds(10)));

        assertThat(report.succeeded()).isTrue();
        assertThat(report.rolledOut()).isTrue();
        assertThat(report.objects().get(0).outcome()).isEqualTo(ApplyOutcome.CONFIGURED);
        List<String> kinds = events.stream().map(e -> e.getClass().getSimpleName()).toList();
        assertThat(kinds.indexOf("PodScheduled")).isGreaterThan(kinds.lastIndexOf("ObjectApplied"));
        assertThat(kinds).containsSubsequence("PodScheduled", "PodReady", "RolloutComplete", "Finished");
        assertThat(events).filteredOn(e -> e instanceof DeployEvent.RolloutComplete).singleElement()
                .extracting(e -> e.tone()).isEqualTo(DeployEvent.Tone.DONE);
    }

    @Test
    void aUiCancelFlagStopsTheDeployBetweenObjects() {
        boolean[] stop = {false};
        DeployReport report = new Deployer(api.client, "test-context", TestWording.INSTANCE).deploy(DeployRequest.of(TestManifests.all()),
                e -> {
                    if (e instanceof DeployEvent.ObjectApplied) {
                        stop[0] = true;
                    }
                }, CancelToken.polling(() -> stop[0]));
        assertThat(report.failure().orElseThrow().kind()).isEqualTo(ProblemKind.CANCELLED);
        assertThat(report.applied()).hasSize(1);
        assertThat(report.with(ApplyOutcome.NOT_APPLIED)).hasSize(3);
    }

    @Test
    void regeneratedManifestsThatDifferOnlyInTheirGeneratedAtStampAreUnchanged() {
        deploy(DeployRequest.of(List.of(stamped("2026-11-26T18:00:00Z"))));
        events.clear();

        DeployReport again = deploy(DeployRequest.of(List.of(stamped("2026-11-26T19:30:00Z"))));

        assertThat(again.nothingChanged()).as(again.summary()).isTrue();
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = (Map<String, Object>) api.stored(DEPLOYMENT_PATH).get("metadata");
        assertThat(meta.get("annotations").toString()).contains("2026-11-26T18:00:00Z");
    }

    static HasMetadata stamped(String when) {
        var d = TestManifests.deployment("vllm/vllm-openai:v0.7.2");
        d.getMetadata().setAnnotations(Map.of(dev.kiq.manifest.ManifestGenerator.GENERATED_AT_ANNOTATION, when));
        return d;
    }

    private String resourceVersion(String path) {
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = (Map<String, Object>) api.stored(path).get("metadata");
        return (String) meta.get("resourceVersion");
    }

    record KubernetesClientHolder(io.fabric8.kubernetes.client.KubernetesClient client) {
    }
}
