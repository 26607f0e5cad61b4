package dev.kiq.ui.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.ui.FakeServices;
import dev.kiq.ui.Fx;
import dev.kiq.ui.Wizard;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestsStepViewModelTest {

    @BeforeAll
    static void toolkit() {
        Fx.start();
    }

    private final Wizard wizard = new Wizard(FakeServices.create());
    private final ManifestsStepViewModel vm = wizard.manifests();

    @BeforeEach
    void choose() {
        Fx.run(() -> {
            wizard.model().select(FakeServices.MODEL);
            wizard.accelerator().select("nvidia-h100-80gb");
            vm.entered();
        });
    }

    @Test
    void manifestsAreGeneratedOnFirstVisitAndFollowTheTargetUntilEdited() {
        assertThat(vm.manifestsProperty().get()).contains("kind: HorizontalPodAutoscaler")
                .doesNotContain("target ntpot");
        Fx.run(() -> wizard.performance().setTarget(40));
        assertThat(vm.manifestsProperty().get()).contains("# target ntpot 40.0");
        assertThat(vm.editedProperty().get()).isFalse();
    }

    @Test
    void draggingTheTargetLineRegeneratesOnceWhenTheDragPauses() throws Exception {
        var tasks = new dev.kiq.ui.task.UiTaskExecutor(2, java.time.Duration.ofMillis(150));
        try {
            var services = FakeServices.create(java.util.List.of(), tasks);
            var manifests = (FakeServices.Manifests) services.manifests();
            Wizard live = new Wizard(services);
            Fx.run(() -> {
                live.model().select(FakeServices.MODEL);
                live.accelerator().select("nvidia-h100-80gb");
                live.manifests().entered();
            });
            org.testfx.util.WaitForAsyncUtils.waitFor(30, java.util.concurrent.TimeUnit.SECONDS,
                    () -> live.manifests().manifestsProperty().get().contains("HorizontalPodAutoscaler"));
            int before = manifests.requests.size();
            // a drag: one target per mouse event, 30 events in a row
            Fx.run(() -> {
                for (int i = 0; i < 30; i++) {
                    live.performance().setTarget(60 - i);
                }
            });
            org.testfx.util.WaitForAsyncUtils.waitFor(30, java.util.concurrent.TimeUnit.SECONDS,
                    () -> live.manifests().manifestsProperty().get().contains("# target ntpot 31.0"));
            assertThat(manifests.requests.size() - before).isEqualTo(1);
        } finally {
            tasks.shutdown();
        }
    }

    @Test
    void editsAreNeverSilentlyRegeneratedOver() {
        String edited = vm.manifestsProperty().get().replace("name: vllm", "name: my-llm");
        Fx.run(() -> vm.edit(edited));
        assertThat(vm.editedProperty().get()).isTrue();
        Fx.run(() -> wizard.performance().setTarget(40));
        assertThat(vm.manifestsProperty().get()).isEqualTo(edited);
        assertThat(vm.staleProperty().get()).isTrue();
        Fx.run(vm::keepEdits);
        assertThat(vm.staleProperty().get()).isFalse();
        assertThat(vm.manifestsProperty().get()).isEqualTo(edited);
        // going away and back keeps them too
        Fx.run(vm::entered);
        assertThat(vm.manifestsProperty().get()).isEqualTo(edited);
        Fx.run(vm::regenerate);
        assertThat(vm.manifestsProperty().get()).contains("# target ntpot 40.0").doesNotContain("my-llm");
        assertThat(vm.editedProperty().get()).isFalse();
    }

    @Test
    void anInvalidEditIsReportedAtItsLineAndBlocksNext() {
        Fx.run(() -> vm.edit("apiVersion: v1\nkind: Service\n:\n"));
        assertThat(vm.problemProperty().get()).hasValueSatisfying(p -> assertThat(p.line()).isEqualTo(3));
        assertThat(vm.complete().get()).isFalse();
        Fx.run(() -> vm.edit("apiVersion: v1\nkind: Service\n"));
        assertThat(vm.problemProperty().get()).isEmpty();
        assertThat(vm.complete().get()).isTrue();
    }

    @Test
    void optionsReachTheGenerator() {
        Fx.run(() -> vm.namespaceProperty().set("llm"));
        assertThat(vm.manifestsProperty().get()).contains("namespace: llm");
    }

    @Test
    void saveAsWritesTheTextAtomically(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out.yaml");
        Fx.run(() -> vm.saveAs(file));
        assertThat(Files.readString(file)).isEqualTo(vm.manifestsProperty().get());
        assertThat(vm.statusProperty().get()).isEqualTo("Saved to " + file);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void savingIntoAMissingFolderSaysSo(@TempDir Path dir) {
        Path file = dir.resolve("missing/out.yaml");
        Fx.run(() -> vm.saveAs(file));
        assertThat(vm.statusProperty().get()).startsWith("Could not save to " + file);
    }
}
