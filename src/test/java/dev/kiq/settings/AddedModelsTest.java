package dev.kiq.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiq.KiqException;
import dev.kiq.profile.ModelServerInfo;
import dev.kiq.profile.Profile;
import dev.kiq.profile.Provenance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddedModelsTest {

    @TempDir
    Path tmp;

    /** A modeled profile of {@code model} on {@code accelerator} (format-valid, not performance data). */
    static Profile modeled(String model, String accelerator) {
        Profile p = UserProfilesTest.profile(accelerator);
        return new Profile(new ModelServerInfo(model, "vllm", "v0.7.2"), p.acceleratorType(), p.tpuTopology(),
                p.instanceType(), p.resourcesUsed(), p.performanceStats(),
                new Provenance(Provenance.Kind.modeled, "kiq-perf-model", "0.1.0", "2026-12-01", "sharegpt"),
                p.serverConfig(), p.knee());
    }

    @Test
    void addedModelsAreKeptBetweenRunsAndCanBeForgotten() {
        AddedModels store = new AddedModels(tmp.resolve("models"), SettingsStoreTest.CLOCK);
        store.save("acme/wiz-7b", List.of(modeled("acme/wiz-7b", "nvidia-l4"), modeled("acme/wiz-7b", "nvidia-h100-80gb")));
        store.save("mistralai/Mistral-7B-v0.1", List.of(modeled("mistralai/Mistral-7B-v0.1", "nvidia-l4")));

        assertThat(tmp.resolve("models/acme--wiz-7b/nvidia-l4.yaml")).isRegularFile();
        AddedModels.Loaded next = new AddedModels(tmp.resolve("models"), SettingsStoreTest.CLOCK).load();
        assertThat(next.models().keySet()).containsExactlyInAnyOrder("acme/wiz-7b", "mistralai/Mistral-7B-v0.1");
        assertThat(next.models().get("acme/wiz-7b")).extracting(Profile::acceleratorType)
                .containsExactlyInAnyOrder("nvidia-l4", "nvidia-h100-80gb");
        assertThat(next.models().get("acme/wiz-7b")).allMatch(p -> p.provenance().kind() == Provenance.Kind.modeled);
        assertThat(next.setAside()).isEmpty();

        // modeled again on fewer accelerators: what it was modeled on before goes
        store.save("acme/wiz-7b", List.of(modeled("acme/wiz-7b", "nvidia-l4")));
        assertThat(store.load().models().get("acme/wiz-7b")).hasSize(1);

        store.remove("acme/wiz-7b");
        assertThat(tmp.resolve("models/acme--wiz-7b")).doesNotExist();
        assertThat(store.load().models().keySet()).containsExactly("mistralai/Mistral-7B-v0.1");
    }

    @Test
    void theConfigJsonIsKeptWithTheModelAndGoesWithIt() throws Exception {
        AddedModels store = new AddedModels(tmp.resolve("models"), SettingsStoreTest.CLOCK);
        Path mine = Files.writeString(tmp.resolve("config.json"), "{\"model_type\": \"mistral\"}");
        store.save("acme/wiz-7b", List.of(modeled("acme/wiz-7b", "nvidia-l4")));
        assertThat(store.config("acme/wiz-7b")).isEmpty();
        store.keepConfig("acme/wiz-7b", mine);
        Files.delete(mine);

        AddedModels next = new AddedModels(tmp.resolve("models"), SettingsStoreTest.CLOCK);
        assertThat(next.config("acme/wiz-7b")).hasValueSatisfying(kept -> assertThat(kept)
                .isEqualTo(tmp.resolve("models/acme--wiz-7b/config.json")).hasContent("{\"model_type\": \"mistral\"}"));
        // the copy is no profile: loading reads only the profiles, and nothing is set aside
        assertThat(next.load().models().get("acme/wiz-7b")).hasSize(1);
        assertThat(next.load().setAside()).isEmpty();
        // modeled again: the config stays; removed: it goes with the folder
        next.save("acme/wiz-7b", List.of(modeled("acme/wiz-7b", "nvidia-h100-80gb")));
        assertThat(next.config("acme/wiz-7b")).isPresent();
        next.remove("acme/wiz-7b");
        assertThat(tmp.resolve("models/acme--wiz-7b")).doesNotExist();
    }

    @Test
    void aDamagedFileIsSetAsideAndNamedOnce() throws Exception {
        AddedModels store = new AddedModels(tmp.resolve("models"), SettingsStoreTest.CLOCK);
        store.save("acme/wiz-7b", List.of(modeled("acme/wiz-7b", "nvidia-l4")));
        Path damaged = tmp.resolve("models/acme--wiz-7b/nvidia-h100-80gb.yaml");
        Files.writeString(damaged, "model_server_info: [not, a, profile\n");

        AddedModels.Loaded first = store.load();

        assertThat(first.models().get("acme/wiz-7b")).hasSize(1);
        assertThat(first.warnings()).singleElement().asString().startsWith("Could not read " + damaged);
        assertThat(damaged).doesNotExist();
        assertThat(store.load().warnings()).isEmpty();
    }

    @Test
    void onlyAHuggingFaceIdNamesAFolder() {
        AddedModels store = new AddedModels(tmp.resolve("models"), SettingsStoreTest.CLOCK);
        assertThatThrownBy(() -> store.save("../../etc", List.of())).isInstanceOf(KiqException.class);
        assertThat(new AddedModels(tmp.resolve("none"), SettingsStoreTest.CLOCK).load().models()).isEmpty();
    }
}
