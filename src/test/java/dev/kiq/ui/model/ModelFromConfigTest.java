package dev.kiq.ui.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.ui.Fx;
import dev.kiq.ui.KiqApp;
import dev.kiq.ui.Wizard;
import dev.kiq.ui.service.CoreAdapters;
import dev.kiq.ui.service.ModelEntry;
import java.nio.file.Path;
import java.util.Optional;
import dev.kiq.ui.task.TaskExecutor;
import dev.kiq.ui.task.UiTaskExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/** A Hugging Face config.json the catalog does not have, modeled in the background by the real performance model. */
class ModelFromConfigTest {

    @BeforeAll
    static void toolkit() {
        Fx.start();
    }

    private final TaskExecutor executor = new UiTaskExecutor();

    @AfterEach
    void stop() {
        executor.shutdown();
    }

    @Test
    void aModeledModelBehavesLikeACatalogOne() throws Exception {
        Wizard wizard = new Wizard(CoreAdapters.create(executor, Optional.empty(), Optional.empty()));
        ModelStepViewModel vm = wizard.model();
        Path config = Path.of("src/test/resources/hf-configs/Mistral-7B-v0.1/config.json");
        Fx.run(() -> {
            vm.modelingAccelerators().setAll("nvidia-l4", "nvidia-h100-80gb");
            vm.modelIdProperty().set("mistralai/Mistral-7B-v0.1");
            vm.model(config);
        });
        assertThat(vm.modelingProperty().get()).isTrue();
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !vm.modelingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.modelingStatusProperty().get()).startsWith("Modeled ").contains("on 2 accelerators");
        ModelEntry entry = vm.selectedProperty().get();
        assertThat(entry.origin()).isEqualTo(ModelEntry.Origin.MODELED);
        assertThat(vm.visibleModels()).contains(entry);
        assertThat(vm.modelingProgressProperty().get()).isEqualTo(1.0);
        // the next steps work on it as on a catalog model
        assertThat(wizard.server().servers()).containsExactly("vllm");
        assertThat(wizard.state().profiles()).hasSize(2)
                .allMatch(p -> p.provenance().kind() == dev.kiq.profile.Provenance.Kind.modeled);
        Fx.run(() -> {
            wizard.viewModel().goTo(3);
            wizard.accelerator().select("nvidia-h100-80gb");
        });
        assertThat(wizard.state().analysis().orElseThrow().operatingPoint()).isPresent();
    }

    @Test
    void modelingCanBeCancelled() throws Exception {
        Wizard wizard = new Wizard(CoreAdapters.create(executor, Optional.empty(), Optional.empty()));
        ModelStepViewModel vm = wizard.model();
        Fx.run(() -> {
            vm.modelingAccelerators().setAll("nvidia-l4", "nvidia-a100-80gb", "nvidia-h100-80gb", "nvidia-h200-141gb");
            vm.modelIdProperty().set("mistralai/Mistral-7B-v0.1");
            vm.model(Path.of("src/test/resources/hf-configs/Mistral-7B-v0.1/config.json"));
            vm.cancelModeling();
        });
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !vm.modelingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.modelingStatusProperty().get()).isEqualTo("Modeling cancelled.");
        assertThat(vm.visibleModels()).noneMatch(m -> m.origin() == ModelEntry.Origin.MODELED);
    }
}
