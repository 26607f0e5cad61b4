package dev.kiq.ui.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.ui.FakeServices;
import dev.kiq.ui.Fx;
import dev.kiq.ui.Wizard;
import dev.kiq.ui.service.DeployProgress;
import dev.kiq.ui.service.Services;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeployStepViewModelTest {

    @BeforeAll
    static void toolkit() {
        Fx.start();
    }

    private final Services services = FakeServices.create();
    private final FakeServices.Deployer deployer = (FakeServices.Deployer) services.deployer();
    private final Wizard wizard = new Wizard(services);
    private final DeployStepViewModel vm = wizard.deploy();

    private void ready() {
        Fx.run(() -> {
            wizard.model().select(FakeServices.MODEL);
            wizard.accelerator().select("nvidia-h100-80gb");
            wizard.manifests().entered();
            vm.entered();
        });
    }

    @Test
    void cancellingTheRolloutWatchSaysTheObjectsStayAppliedNotThatTheDeployFailed() throws Exception {
        var tasks = new dev.kiq.ui.task.UiTaskExecutor();
        try {
            Services live = FakeServices.create(java.util.List.of(), tasks);
            var fake = (FakeServices.Deployer) live.deployer();
            fake.watchUntilCancelled = true;
            Wizard w = new Wizard(live);
            Fx.run(() -> {
                w.model().select(FakeServices.MODEL);
                w.accelerator().select("nvidia-h100-80gb");
                w.manifests().entered();
                w.deploy().entered();
            });
            org.testfx.util.WaitForAsyncUtils.waitFor(30, java.util.concurrent.TimeUnit.SECONDS,
                    () -> w.deploy().canDeployProperty().get());
            Fx.run(() -> w.deploy().deploy());
            org.testfx.util.WaitForAsyncUtils.waitFor(30, java.util.concurrent.TimeUnit.SECONDS,
                    () -> w.deploy().progress().stream().anyMatch(p -> p.text().startsWith("Applied")));
            Fx.run(() -> w.deploy().cancel());
            org.testfx.util.WaitForAsyncUtils.waitFor(30, java.util.concurrent.TimeUnit.SECONDS,
                    () -> !w.deploy().runningProperty().get());
            assertThat(w.deploy().outcomeProperty().get()).isEqualTo("Applied; stopped watching the rollout.");
            assertThat(w.deploy().errorProperty().get()).isEmpty();
        } finally {
            tasks.shutdown();
        }
    }

    @Test
    void theContextComesFromTheKubeconfigAndItsNamespaceIsOfferedNotImposed() {
        ready();
        assertThat(vm.contexts()).containsExactly("kind-kiq", "gke-prod");
        assertThat(vm.contextProperty().get()).isEqualTo("kind-kiq");
        assertThat(vm.canDeployProperty().get()).isTrue();
        // one namespace: the manifests' (default) stays until the user takes the context's
        assertThat(vm.namespaceProperty().get()).isEqualTo("default");
        assertThat(vm.contextNamespaceProperty().get()).isEqualTo("team-a");
        Fx.run(vm::useContextNamespace);
        assertThat(wizard.manifests().namespaceProperty().get()).isEqualTo("team-a");
    }

    @Test
    void theDeployPageAndTheManifestsShareOneNamespace() {
        ready();
        Fx.run(() -> vm.namespaceProperty().set("llm"));
        assertThat(wizard.manifests().namespaceProperty().get()).isEqualTo("llm");
        Fx.run(() -> wizard.manifests().namespaceProperty().set("team-b"));
        assertThat(vm.namespaceProperty().get()).isEqualTo("team-b");
        Fx.run(vm::deploy);
        assertThat(deployer.requests.get(0).namespace()).isEqualTo("team-b");
    }

    @Test
    void withoutAKubeconfigThePageSaysSoAndDeployIsOff() {
        deployer.noKubeconfig = true;
        ready();
        assertThat(vm.noClusterProperty().get()).startsWith("No kubeconfig found");
        assertThat(vm.canDeployProperty().get()).isFalse();
    }

    @Test
    void deployShowsProgressAndTheTokenGoesOnlyIntoTheRequest() {
        ready();
        Fx.run(() -> {
            vm.hfTokenProperty().set("hf_secret123");
            vm.deploy();
        });
        assertThat(vm.progress()).extracting(DeployProgress::text).containsExactly("Connecting to kind-kiq",
                "Applied Deployment/vllm");
        assertThat(vm.outcomeProperty().get()).isEqualTo("Deploy finished.");
        var request = deployer.requests.get(0);
        assertThat(request.hfToken()).contains("hf_secret123");
        assertThat(request.toString()).doesNotContain("hf_secret123");
        assertThat(request.manifests()).isEqualTo(wizard.state().manifestsProperty().get()).doesNotContain("hf_secret");
        assertThat(request.dryRun()).isFalse();
        assertThat(request.namespace()).isEqualTo("default");
    }

    @Test
    void dryRunAsksForADryRun() {
        ready();
        Fx.run(vm::dryRun);
        assertThat(deployer.requests.get(0).dryRun()).isTrue();
        assertThat(deployer.requests.get(0).hfToken()).isEmpty();
        assertThat(vm.progress()).last().extracting(DeployProgress::text).asString().startsWith("Dry run accepted");
    }

    @Test
    void aFailureIsShownInPlainWords() {
        deployer.failWith = "The API server at https://127.0.0.1:1 is unreachable: check the cluster is running.";
        ready();
        Fx.run(vm::deploy);
        assertThat(vm.errorProperty().get()).isEqualTo(deployer.failWith);
        assertThat(vm.outcomeProperty().get()).isEqualTo("Deploy failed.");
        assertThat(vm.runningProperty().get()).isFalse();
    }

    @Test
    void undeployAsksFirstListingExactlyWhatGoesAndDeletesOnlyWhenConfirmed() {
        ready();
        Fx.run(vm::undeploy);
        UndeployConfirmation question = vm.confirmationProperty().get();
        assertThat(question.question()).isEqualTo("Delete release vllm from namespace default?");
        assertThat(question.objects()).containsExactly("deployment.apps/vllm", "service/vllm-service");
        assertThat(question.stays()).isEqualTo("secret/hf-secret stays: release other still uses it."
                + " The namespace and everything else in it stay.");
        assertThat(question.deleteLabel()).isEqualTo("Delete 2 objects");
        assertThat(deployer.undeployed).isEmpty();
        assertThat(vm.canUndeployProperty().get()).isFalse(); // one question at a time

        Fx.run(vm::confirmUndeploy);

        assertThat(deployer.undeployed).hasSize(1);
        assertThat(vm.progress()).extracting(DeployProgress::text).containsExactly("deployment.apps/vllm deleted",
                "service/vllm-service deleted");
        assertThat(vm.confirmationProperty().get()).isNull();
    }

    @Test
    void decliningUndeployDeletesNothing() {
        ready();
        Fx.run(vm::undeploy);
        Fx.run(vm::declineUndeploy);
        assertThat(deployer.undeployed).isEmpty();
        assertThat(vm.outcomeProperty().get()).isEqualTo("Undeploy cancelled; nothing was deleted.");
        assertThat(vm.canUndeployProperty().get()).isTrue();
    }
}
