package dev.kiq.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.deploy.ApplyOutcome;
import dev.kiq.deploy.DeployEvent;
import dev.kiq.deploy.ObjectRef;
import dev.kiq.deploy.PreflightFinding;
import dev.kiq.manifest.ManifestYaml;
import dev.kiq.ui.deploy.DeployStepView;
import dev.kiq.ui.service.CoreAdapters;
import dev.kiq.ui.service.DeployProgress;
import dev.kiq.ui.task.TaskExecutor;
import dev.kiq.ui.task.UiTaskExecutor;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventListBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeListBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import dev.kiq.deploy.MockReply;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.utils.ResponseProvider;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TextInputControl;
import javafx.scene.text.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Deploy page on the real deploy core against fabric8's mock API server in expectation mode (its CRUD mode
 * rejects server-side apply). Each cluster situation the core has a remedy for is staged, and the page must say
 * what to do in the wizard's words: no CLI flag, no kiq command. The rollout shows pod phase, conditions and
 * events as they come; long warnings wrap; each line's style is the core's {@link DeployEvent#tone()}; cancelling
 * the watch says what is applied and that watching stopped.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class DeployPageTest {

    static final String NS = "llm";
    static final String MODEL = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";
    static final String POD = "vllm-pod-1";

    @TempDir
    Path dir;
    private final TaskExecutor executor = new UiTaskExecutor();
    private final KubernetesSerialization json = new KubernetesSerialization();
    private KubernetesMockServer server;
    private Wizard wizard;
    private ListView<DeployProgress> list;

    // the staged cluster, read by the mock server's answers
    private volatile boolean namespaceExists = true;
    /** The Deployment exists, applied by someone else: kiq's apply without force conflicts (409). */
    private volatile boolean foreignDeployment;
    /** HTTP code of the Service's apply (and its dry run): 200, or a failure. */
    private volatile int serviceCode = 200;
    private volatile Stage0 stage = Stage0.PENDING;
    private final Set<String> applied = ConcurrentHashMap.newKeySet();
    private Deployment deployment;

    /** What the release's pod does. */
    enum Stage0 { PENDING, LOADING, CRASHING, NO_SECRET }

    @AfterEach
    void stop() throws Exception {
        executor.shutdown();
        if (server != null) {
            server.destroy();
        }
        FxToolkit.cleanupStages();
    }

    @Test
    void everyRemedyOnTheDeployPageIsInTheWizardsWordsNotCliFlags(FxRobot robot) throws Exception {
        open(robot);

        // the namespace does not exist and creating it was not asked for
        namespaceExists = false;
        press(robot, "#dry-run");
        assertThat(failure(robot)).startsWith("Namespace llm does not exist in context mock.")
                .contains("What to do: Tick \"Create the namespace if it does not exist\", or type the name of an"
                        + " existing namespace.");
        assertSpeaksNoCliFlags(robot);

        // a dry run that would create it cannot check the objects in it; no token and no hf-secret either
        Fx.run(() -> wizard.deploy().createNamespaceProperty().set(true));
        press(robot, "#dry-run");
        assertThat(text(robot, "#deploy-outcome")).isEqualTo("Dry run finished.");
        assertThat(lines()).anyMatch(l -> l.endsWith("Press Deploy to create it and apply them."))
                .anyMatch(l -> l.endsWith("Enter your Hugging Face token above and deploy again to create it."));
        assertSpeaksNoCliFlags(robot);

        // someone else owns the Deployment: a conflict on the dry run
        namespaceExists = true;
        foreignDeployment = true;
        press(robot, "#dry-run");
        assertThat(failure(robot)).startsWith("Conflict while trying to patch deployments.apps")
                .contains("Remove the other change first, then deploy again.");
        String failedLine = "Dry run: " + ObjectRef.of(deployment) + " " + ApplyOutcome.FAILED.describe(true);
        assertThat(list.getItems()).filteredOn(p -> p.text().equals(failedLine)).singleElement()
                .extracting(DeployProgress::severity)
                .isEqualTo(DeployProgress.Severity.of(new DeployEvent.DryRunChecked(ObjectRef.of(deployment),
                        ApplyOutcome.FAILED).tone()));
        assertSpeaksNoCliFlags(robot);

        // the API server fails, or rejects a manifest
        foreignDeployment = false;
        serviceCode = 500;
        press(robot, "#dry-run");
        assertThat(failure(robot)).contains("wait a moment and press the same button again");
        assertSpeaksNoCliFlags(robot);
        serviceCode = 422;
        press(robot, "#dry-run");
        assertThat(failure(robot)).contains("Fix the manifest (regenerate it in the Manifests step)");
        assertSpeaksNoCliFlags(robot);

        // applied without watching: how to see the release and remove it
        serviceCode = 200;
        Fx.run(() -> wizard.deploy().waitForRolloutProperty().set(false));
        press(robot, "#deploy");
        assertThat(text(robot, "#deploy-outcome")).isEqualTo("Deploy finished.");
        assertThat(text(robot, "#deploy-error")).isEmpty();
        assertThat(lines().get(lines().size() - 1)).contains("Applied ")
                .endsWith(": \"Try it & monitor\" shows it, Undeploy removes it.");
        assertSpeaksNoCliFlags(robot);

        // the model server crashes, or cannot start without hf-secret
        Fx.run(() -> wizard.deploy().waitForRolloutProperty().set(true));
        stage = Stage0.CRASHING;
        press(robot, "#deploy");
        assertThat(failure(robot)).contains("keeps crashing")
                .contains("needs a smaller maximum model length (max-model-len in the manifests) or a larger accelerator");
        assertSpeaksNoCliFlags(robot);
        stage = Stage0.NO_SECRET;
        press(robot, "#deploy");
        assertThat(failure(robot)).contains("cannot start container")
                .contains("Create the Secret: enter your Hugging Face token above and deploy again.");
        assertSpeaksNoCliFlags(robot);
    }

    @Test
    void theRolloutShowsAsItComesWarningsWrapAndCancelSaysWhatIsApplied(FxRobot robot) throws Exception {
        open(robot);
        stage = Stage0.PENDING;
        robot.interact(() -> robot.lookup("#deploy").queryAs(Button.class).fire());

        // pending: the scheduler cannot place the pod and the autoscaler adds a node; shown while the watch runs
        String waiting = "Pod " + POD + " waiting: the cluster autoscaler is adding a node";
        waitUntil(() -> lines().stream().anyMatch(l -> l.startsWith(waiting)));
        assertThat(wizard.deploy().runningProperty().get()).isTrue();
        assertThat(lines()).contains("Pod " + POD + " is Pending")
                .anyMatch(l -> l.startsWith("Pod " + POD + " PodScheduled False (Unschedulable)"))
                .anyMatch(l -> l.startsWith("Pod " + POD + " event TriggeredScaleUp: "))
                .anyMatch(l -> l.startsWith("Pod " + POD + " event FailedScheduling: "));
        assertThat(severityOf(waiting)).isEqualTo(DeployProgress.Severity.of(new DeployEvent.PodWaiting(POD, "x").tone()));
        assertThat(severityOf("Pod " + POD + " event FailedScheduling: ")).isEqualTo(DeployProgress.Severity.of(
                new DeployEvent.ClusterEvent(POD, "Warning", "FailedScheduling", "x").tone()));

        // the long warning (no node has the accelerator, and the fix) wraps at the list's width: nothing cut
        String noNode = lines().stream().filter(l -> l.startsWith("No node has")).findFirst().orElseThrow();
        assertThat(severityOf(noNode)).isEqualTo(DeployProgress.Severity.of(new DeployEvent.PreflightChecked(
                PreflightFinding.missing("nodes", "x", "y")).tone()));
        assertWrappedAndWhole(robot, noNode);

        // loading: scheduled, running, conditions and kubelet events as they come
        stage = Stage0.LOADING;
        waitUntil(() -> lines().contains("Pod " + POD + " is Running"));
        waitUntil(() -> lines().stream().anyMatch(l -> l.startsWith("Pod " + POD + " event Started: ")));
        assertThat(wizard.deploy().runningProperty().get()).isTrue();
        assertThat(lines()).contains("Pod " + POD + " scheduled on node gke-h100-1")
                .anyMatch(l -> l.startsWith("Pod " + POD + " ContainersReady False"))
                .contains("Pod " + POD + " container vllm started");

        // every line's style is its severity, which is the core's tone
        assertStyledBySeverity(robot);

        // cancel: what is applied, and that watching stopped; not a failure
        robot.interact(() -> robot.lookup("#cancel-deploy").queryAs(Button.class).fire());
        waitUntil(() -> !wizard.deploy().runningProperty().get());
        waitUntil(() -> lines().stream().anyMatch(l -> l.contains("Stopped watching the rollout; it goes on in the cluster.")
                && l.startsWith("Applied ")));
        assertThat(text(robot, "#deploy-outcome")).isEqualTo("Applied; stopped watching the rollout.");
        assertThat(text(robot, "#deploy-error")).isEmpty();
        String last = lines().get(lines().size() - 1);
        int objects = ManifestYaml.parse(wizard.state().manifestsProperty().get()).size();
        assertThat(last).startsWith("Applied " + objects + " of " + objects + " objects to namespace llm")
                .doesNotContain("failed");
        assertThat(list.getItems()).noneMatch(p -> p.severity() == DeployProgress.Severity.ERROR);
        assertThat(list.getItems().get(list.getItems().size() - 1).severity()).isEqualTo(DeployProgress.Severity.WARNING);
        assertThat(lines()).anyMatch(l -> l.startsWith("Stopped watching the rollout; it goes on in the cluster.")
                && l.endsWith("Press Deploy again to watch it again; applying the same manifests changes nothing."));
        assertStyledBySeverity(robot);
        assertSpeaksNoCliFlags(robot);
    }

    // ---- the page -------------------------------------------------------------------------------------------

    private void open(FxRobot robot) throws Exception {
        startCluster();
        var services = CoreAdapters.create(executor, Optional.empty(), Optional.of(MockCluster.kubeconfig(dir,
                server.url("/"))));
        FxToolkit.setupStage(stage -> {
            wizard = new Wizard(services);
            KiqApp.show(stage, wizard);
            stage.setWidth(1024);
            stage.setHeight(700);
        });
        Fx.run(() -> wizard.model().select(MODEL));
        // Next through the steps as a user would, taking the defaults and H100
        while (!"Deploy".equals(Fx.call(() -> wizard.viewModel().currentStep().title()))) {
            waitUntil(() -> wizard.viewModel().canGoNextProperty().get());
            Fx.run(() -> {
                if ("Accelerator".equals(wizard.viewModel().currentStep().title())) {
                    wizard.accelerator().select("nvidia-h100-80gb");
                }
                wizard.viewModel().next();
            });
            waitUntil(() -> !"Manifests".equals(wizard.viewModel().currentStep().title())
                    || !wizard.state().manifestsProperty().get().isBlank());
        }
        waitUntil(() -> "mock".equals(wizard.deploy().contextProperty().get()));
        Fx.run(() -> wizard.deploy().namespaceProperty().set(NS));
        waitUntil(() -> ManifestYaml.parse(wizard.state().manifestsProperty().get()).stream()
                .anyMatch(o -> NS.equals(o.getMetadata().getNamespace())));
        waitUntil(() -> wizard.deploy().canDeployProperty().get());
        List<HasMetadata> objects = ManifestYaml.parse(wizard.state().manifestsProperty().get());
        deployment = (Deployment) objects.stream().filter(o -> o instanceof Deployment).findFirst().orElseThrow();
        serve(objects);
        list = robot.lookup("#deploy-progress").queryListView();
    }

    /** Fires a button and waits until the run it starts is over. */
    private void press(FxRobot robot, String id) throws Exception {
        robot.interact(() -> robot.lookup(id).queryAs(Button.class).fire());
        waitUntil(() -> !wizard.deploy().runningProperty().get());
    }

    /** The failure as the list shows it (an error line with what to do); shown once: nothing repeats it under the list. */
    private String failure(FxRobot robot) {
        assertThat(text(robot, "#deploy-error")).isEmpty();
        return Fx.call(() -> list.getItems().stream().filter(p -> p.severity() == DeployProgress.Severity.ERROR)
                .map(DeployProgress::text).filter(t -> t.contains(" What to do: ")).reduce((a, b) -> b).orElseThrow());
    }

    private List<String> lines() {
        return Fx.call(() -> list.getItems().stream().map(DeployProgress::text).toList());
    }

    private DeployProgress.Severity severityOf(String start) {
        return Fx.call(() -> list.getItems().stream().filter(p -> p.text().startsWith(start)).findFirst().orElseThrow()
                .severity());
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> Fx.call(condition));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Every text the page shows (labels, buttons, prompts, every line of the progress list) says no CLI flag. */
    private void assertSpeaksNoCliFlags(FxRobot robot) {
        DeployStepView page = findPage(robot.lookup("#deploy-progress").queryAs(Node.class));
        assertThat(page).isNotNull();
        List<String> shown = Fx.call(() -> {
            List<String> texts = new ArrayList<>();
            collect(page, texts);
            list.getItems().forEach(i -> texts.add(i.text()));
            return texts;
        });
        assertThat(shown).isNotEmpty();
        for (String t : shown) {
            assertThat(CliWords.in(t)).as("CLI words on the Deploy page: %s", t).isEmpty();
        }
    }

    private static DeployStepView findPage(Node n) {
        for (Node at = n; at != null; at = at.getParent()) {
            if (at instanceof DeployStepView page) {
                return page;
            }
        }
        return null;
    }

    private static void collect(Node node, List<String> texts) {
        if (!node.isVisible()) {
            return;
        }
        if (node instanceof Labeled l && l.getText() != null && !l.getText().isBlank()) {
            texts.add(l.getText());
        }
        if (node instanceof TextInputControl t) {
            texts.add(t.getPromptText() == null ? "" : t.getPromptText());
            if (!(t instanceof javafx.scene.control.PasswordField)) {
                texts.add(t.getText() == null ? "" : t.getText());
            }
        }
        if (node instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> collect(c, texts));
        }
    }

    /** The line's cell shows all of it on several lines, within the list's width, with no horizontal scrolling. */
    private void assertWrappedAndWhole(FxRobot robot, String line) throws Exception {
        int index = Fx.call(() -> lines().indexOf(line));
        robot.interact(() -> list.scrollTo(index));
        WaitForAsyncUtils.waitForFxEvents();
        Fx.run(() -> {
            ListCell<?> cell = list.lookupAll(".list-cell").stream().map(n -> (ListCell<?>) n)
                    .filter(c -> c.getItem() instanceof DeployProgress p && p.text().equals(line) && c.isVisible())
                    .findFirst().orElseThrow();
            Text shown = cell.lookupAll(".deploy-line").stream().map(n -> (Text) n).findFirst().orElseThrow();
            assertThat(shown.getText()).as("the text the cell draws").endsWith(line);
            assertThat(cell.getHeight()).as("a wrapped cell is several lines high").isGreaterThan(3 * shown.getFont().getSize());
            assertThat(cell.getWidth()).isLessThanOrEqualTo(list.getWidth());
            assertThat(list.lookupAll(".scroll-bar").stream().map(n -> (ScrollBar) n)
                    .filter(b -> b.getOrientation() == Orientation.HORIZONTAL).noneMatch(Node::isVisible))
                    .as("no horizontal scrolling").isTrue();
        });
    }

    /** Each drawn line's style class is the one of its severity (the core's tone); INFO lines have none. */
    private void assertStyledBySeverity(FxRobot robot) {
        Map<DeployProgress.Severity, String> style = Map.of(DeployProgress.Severity.DONE, "kiq-ok",
                DeployProgress.Severity.WARNING, "kiq-warning", DeployProgress.Severity.ERROR, "kiq-error");
        Fx.run(() -> {
            List<ListCell<?>> cells = list.lookupAll(".list-cell").stream().map(n -> (ListCell<?>) n)
                    .filter(c -> c.getItem() != null && c.isVisible()).collect(Collectors.toList());
            assertThat(cells).isNotEmpty();
            for (ListCell<?> c : cells) {
                DeployProgress p = (DeployProgress) c.getItem();
                for (DeployProgress.Severity s : DeployProgress.Severity.values()) {
                    if (style.containsKey(s)) {
                        assertThat(c.getStyleClass().contains(style.get(s))).as("%s styled %s", p.text(), s)
                                .isEqualTo(p.severity() == s);
                    }
                }
            }
        });
    }

    // ---- the staged cluster --------------------------------------------------------------------------------

    private void startCluster() {
        server = new KubernetesMockServer(false);
        server.init();
        server.expect().get().withPath("/api/v1/namespaces/" + NS).andReply(reply(r -> namespaceExists
                ? ok(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                : status(404, "NotFound", "namespaces \"" + NS + "\" not found"))).always();
        for (String query : List.of("?fieldManager=kiq&dryRun=All&force=true", "?fieldManager=kiq&force=true")) {
            server.expect().patch().withPath("/api/v1/namespaces/" + NS + query).andReply(reply(r -> echo(r))).always();
        }
        server.expect().get().withPath("/apis/monitoring.googleapis.com/v1").andReturn(200,
                new APIResourceListBuilder().withGroupVersion("monitoring.googleapis.com/v1")
                        .addToResources(new APIResourceBuilder().withName("podmonitorings").withKind("PodMonitoring")
                                .withNamespaced(true).withVerbs("get", "list", "patch", "delete").build())
                        .build()).always();
        server.expect().get().withPath("/apis/custom.metrics.k8s.io")
                .andReturn(200, new APIGroupBuilder().withName("custom.metrics.k8s.io").build()).always();
        // no node has an H100 yet
        server.expect().get().withPath("/api/v1/nodes?labelSelector=" + selector(Map.of(
                "cloud.google.com/gke-accelerator", "nvidia-h100-80gb"))).andReturn(200, new NodeListBuilder().build()).always();
        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/events").andReply(reply(r -> ok(events()))).always();
    }

    /** Answers for the manifests' objects (and hf-secret): GET, server-side apply and its dry run. */
    private void serve(List<HasMetadata> objects) {
        List<String> paths = new ArrayList<>();
        objects.forEach(o -> paths.add(MockCluster.pathOf(o.getApiVersion(), o.getKind(), NS, o.getMetadata().getName())));
        paths.add(MockCluster.pathOf("v1", "Secret", NS, "hf-secret"));
        String deploymentPath = MockCluster.pathOf("apps/v1", "Deployment", NS, deployment.getMetadata().getName());
        for (String path : paths) {
            boolean isDeployment = path.equals(deploymentPath);
            boolean isService = path.contains("/services/");
            server.expect().get().withPath(path).andReply(reply(r -> !isDeployment ? status(404, "NotFound", "not found")
                    : foreignDeployment ? ok(liveDeployment(false))
                    : applied.contains(path) ? ok(liveDeployment(true)) : status(404, "NotFound", "not found"))).always();
            for (String query : List.of("?fieldManager=kiq", "?fieldManager=kiq&force=true",
                    "?fieldManager=kiq&dryRun=All", "?fieldManager=kiq&dryRun=All&force=true")) {
                boolean force = query.contains("force=true");
                boolean dry = query.contains("dryRun");
                server.expect().patch().withPath(path + query).andReply(reply(r -> {
                    if (isDeployment && foreignDeployment && !force) {
                        return status(409, "Conflict", "Apply failed with 1 conflict: conflict with \"kubectl-edit\""
                                + " using apps/v1: .spec.replicas");
                    }
                    if (isService && serviceCode != 200) {
                        return serviceCode == 422
                                ? status(422, "Invalid", "Service \"x\" is invalid: spec.ports[0].port: Invalid value: 0")
                                : status(serviceCode, "InternalError", "etcd unavailable");
                    }
                    if (!dry) {
                        applied.add(path);
                    }
                    return echo(r);
                })).always();
            }
        }
        Map<String, String> podLabels = deployment.getSpec().getSelector().getMatchLabels();
        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods?labelSelector=" + selector(podLabels))
                .andReply(reply(r -> ok(new PodListBuilder().addToItems(pod(podLabels)).build()))).always();
    }

    private Deployment liveDeployment(boolean kiqs) {
        Deployment d = new DeploymentBuilder(deployment).editMetadata().withResourceVersion("7").withGeneration(1L)
                .withLabels(kiqs ? Map.of("app.kubernetes.io/managed-by", "kiq", "kiq.dev/release",
                        deployment.getMetadata().getName()) : Map.of("app", "theirs"))
                .endMetadata()
                .withNewStatus().withObservedGeneration(1L).withReplicas(1).withUpdatedReplicas(1).withReadyReplicas(0)
                .endStatus().build();
        return d;
    }

    private Pod pod(Map<String, String> labels) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(POD).withNamespace(NS).withLabels(labels).endMetadata()
                .withNewSpec().endSpec();
        return switch (stage) {
            case PENDING -> b.withNewStatus().withPhase("Pending")
                    .addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                    .withMessage("0/3 nodes are available: 3 Insufficient nvidia.com/gpu.").endCondition()
                    .endStatus().build();
            case LOADING -> b.editSpec().withNodeName("gke-h100-1").endSpec().withNewStatus().withPhase("Running")
                    .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
                    .addNewCondition().withType("Initialized").withStatus("True").endCondition()
                    .addNewCondition().withType("ContainersReady").withStatus("False").withReason("ContainersNotReady")
                    .withMessage("containers with unready status: [vllm]").endCondition()
                    .addNewCondition().withType("Ready").withStatus("False").withReason("ContainersNotReady").endCondition()
                    .addNewContainerStatus().withName("vllm").withImage("vllm/vllm-openai").withReady(false)
                    .withNewState().withNewRunning().endRunning().endState().endContainerStatus()
                    .endStatus().build();
            case CRASHING -> b.editSpec().withNodeName("gke-h100-1").endSpec().withNewStatus().withPhase("Running")
                    .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
                    .addNewContainerStatus().withName("vllm").withImage("vllm/vllm-openai").withReady(false)
                    .withRestartCount(4).withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                    .withMessage("back-off 1m20s restarting failed container").endWaiting().endState()
                    .endContainerStatus().endStatus().build();
            case NO_SECRET -> b.editSpec().withNodeName("gke-h100-1").endSpec().withNewStatus().withPhase("Pending")
                    .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
                    .addNewContainerStatus().withName("vllm").withImage("vllm/vllm-openai").withReady(false)
                    .withNewState().withNewWaiting().withReason("CreateContainerConfigError")
                    .withMessage("secret \"hf-secret\" not found").endWaiting().endState()
                    .endContainerStatus().endStatus().build();
        };
    }

    private Object events() {
        List<String[]> e = new ArrayList<>();
        if (stage == Stage0.PENDING || stage == Stage0.LOADING) {
            e.add(new String[] {"e1", "Warning", "FailedScheduling", "0/3 nodes are available: 3 Insufficient nvidia.com/gpu."
                    + " preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."});
            e.add(new String[] {"e2", "Normal", "TriggeredScaleUp", "pod triggered scale-up: [{pool-h100 0->1 (max: 2)}]"});
        }
        if (stage == Stage0.LOADING) {
            e.add(new String[] {"e3", "Normal", "Scheduled", "Successfully assigned llm/" + POD + " to gke-h100-1"});
            e.add(new String[] {"e4", "Normal", "Pulling", "Pulling image \"vllm/vllm-openai\""});
            e.add(new String[] {"e5", "Normal", "Pulled", "Successfully pulled image \"vllm/vllm-openai\" in 41.2s"});
            e.add(new String[] {"e6", "Normal", "Started", "Started container vllm"});
        }
        EventListBuilder list = new EventListBuilder();
        for (String[] x : e) {
            list.addToItems(new EventBuilder().withNewMetadata().withName(POD + "." + x[0]).withNamespace(NS).endMetadata()
                    .withType(x[1]).withReason(x[2]).withMessage(x[3])
                    .withNewInvolvedObject().withKind("Pod").withName(POD).withNamespace(NS).endInvolvedObject().build());
        }
        return list.build();
    }

    static String selector(Map<String, String> labels) {
        return URLEncoder.encode(new LinkedHashMap<>(labels).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(",")), StandardCharsets.UTF_8);
    }

    private record Answer(int code, Object body) {
    }

    private static Answer ok(Object body) {
        return new Answer(200, body);
    }

    private static Answer echo(RecordedRequest r) {
        return new Answer(200, r.getBody().readUtf8());
    }

    private static Answer status(int code, String reason, String message) {
        return new Answer(code, new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason)
                .withMessage(message).build());
    }

    private ResponseProvider<Object> reply(Function<RecordedRequest, Answer> answer) {
        return new MockReply() {
            private final Map<RecordedRequest, Answer> answers = new ConcurrentHashMap<>();

            private Answer of(RecordedRequest request) {
                return answers.computeIfAbsent(request, answer);
            }

            @Override
            public int getStatusCode(RecordedRequest request) {
                return of(request).code();
            }

            @Override
            public Object getBody(RecordedRequest request) {
                Answer known = answers.remove(request);
                Object body = known != null ? known.body() : answer.apply(request).body();
                return body instanceof String s ? s : json.asJson(body);
            }
        };
    }
}
