package dev.kiq.ui.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.ui.FakeServices;
import dev.kiq.ui.Fx;
import dev.kiq.ui.Wizard;
import dev.kiq.ui.service.ModelEntry;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ModelStepViewModelTest {

    @BeforeAll
    static void toolkit() {
        Fx.start();
    }

    private final Wizard wizard = new Wizard(FakeServices.create());
    private final ModelStepViewModel vm = wizard.model();

    @Test
    void searchFiltersCaseInsensitively() {
        assertThat(vm.visibleModels()).hasSize(2);
        vm.filterProperty().set("QWEN");
        assertThat(vm.visibleModels()).extracting(ModelEntry::id).containsExactly(FakeServices.MODEL);
        vm.filterProperty().set("");
        assertThat(vm.visibleModels()).hasSize(2);
    }

    @Test
    void modelingAConfigAddsAModeledModelAndSkipsAcceleratorsItCannotRunOn() {
        Fx.run(() -> {
            vm.modelingAccelerators().setAll("nvidia-l4", "tpu-v6e-slice");
            vm.modelIdProperty().set("local/my-model");
            vm.model(Path.of("config.json"));
        });
        assertThat(vm.modelingProperty().get()).isFalse();
        assertThat(vm.visibleModels()).contains(new ModelEntry("local/my-model", ModelEntry.Origin.MODELED));
        assertThat(vm.selectedProperty().get().id()).isEqualTo("local/my-model");
        assertThat(vm.modelingStatusProperty().get()).startsWith("Modeled local/my-model on 1 accelerator")
                .contains("tpu-v6e-slice");
        assertThat(wizard.state().profiles()).hasSize(1);
    }

    @Test
    void modelingWithNoAcceleratorSaysWhatIsMissing() {
        Fx.run(() -> {
            vm.modelIdProperty().set("local/my-model");
            vm.model(Path.of("config.json"));
        });
        assertThat(vm.modelingStatusProperty().get()).contains("at least one accelerator");
    }

    @Test
    void aBadConfigIsReportedInPlainWords() {
        Fx.run(() -> {
            vm.modelingAccelerators().setAll("nvidia-l4");
            vm.modelIdProperty().set("local/my-model");
            vm.model(Path.of("config.txt"));
        });
        assertThat(vm.modelingStatusProperty().get()).isEqualTo("config.txt is not a config.json.");
        assertThat(vm.modelingProperty().get()).isFalse();
    }

    @Test
    void anIdThatIsNotOrgSlashNameStopsModelingWithAPlainInlineError() {
        Fx.run(() -> {
            vm.modelingAccelerators().setAll("nvidia-l4");
            vm.configPathProperty().set("wiz/config.json");
            vm.modelIdProperty().set("wiz");
            vm.model();
        });
        assertThat(vm.modelIdProblemProperty().get()).isEqualTo("\u201cwiz\u201d is not a Hugging Face id; give"
                + " organisation/name with letters, digits, '-', '_' or '.', e.g. mistralai/Mistral-7B-v0.1.")
                .doesNotContain("--");
        assertThat(vm.modelingProperty().get()).isFalse();
        assertThat(vm.visibleModels()).extracting(ModelEntry::id).doesNotContain("wiz");
        Fx.run(() -> vm.modelIdProperty().set("acme/wiz-7b"));
        assertThat(vm.modelIdProblemProperty().get()).isEmpty();
    }

    @Test
    void anAddedModelCanBeRemovedAndAShippedOneCannot() {
        Fx.run(() -> {
            vm.modelingAccelerators().setAll("nvidia-l4");
            vm.modelIdProperty().set("acme/wiz-7b");
            vm.model(Path.of("config.json"));
        });
        ModelEntry added = vm.selectedProperty().get();
        assertThat(added.id()).isEqualTo("acme/wiz-7b");
        assertThat(vm.isRemovable(added)).isTrue();
        assertThat(vm.visibleModels()).filteredOn(m -> !m.equals(added)).noneMatch(vm::isRemovable);

        Fx.run(() -> vm.remove(added));

        assertThat(vm.visibleModels()).doesNotContain(added);
        assertThat(vm.selectedProperty().get()).isNull();
        assertThat(vm.modelingStatusProperty().get()).isEqualTo("Removed acme/wiz-7b.");
    }

    @Test
    void profileFilesThatDidNotLoadAreListed() {
        var services = FakeServices.create(java.util.List.of("bad.yaml line 3: field knee is not a point."));
        Wizard w = new Wizard(services);
        assertThat(w.model().profileWarnings()).containsExactly("bad.yaml line 3: field knee is not a point.");
        assertThat(vm.profileWarnings()).isEmpty();
    }
}
