package dev.kiq.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiq.KiqException;
import dev.kiq.catalog.Catalog;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileRepository;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Narrowing the shipped profiles the way gcloud's list verbs do. */
class ProfileSelectionTest {

    private static ProfileSelection selection;
    private static List<Profile> shipped;

    @BeforeAll
    static void load() {
        shipped = ProfileRepository.shipped().profiles();
        selection = new ProfileSelection(shipped, Catalog.bundled());
    }

    @Test
    void everySeedModelHasProfiles() {
        assertThat(selection.models()).contains("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "google/gemma-2-27b-it",
                "google/gemma-2-2b-it", "meta-llama/Llama-3.2-1B-Instruct", "meta-llama/Llama-3.3-70B-Instruct",
                "meta-llama/Meta-Llama-3-8B", "mistralai/Mixtral-8x22B-Instruct-v0.1", "mistralai/Mixtral-8x7B-Instruct-v0.1");
    }

    @Test
    void shortModelNameGetsDidYouMean() {
        assertThatThrownBy(() -> selection.model("gemma-2-27b")).isInstanceOf(KiqException.class)
                .hasMessageStartingWith("Unknown model \"gemma-2-27b\"; did you mean \"google/gemma-2-27b-it\"? Valid: ");
    }

    @Test
    void modelIdsMatchWithoutRegardToCase() {
        assertThat(selection.model("GOOGLE/GEMMA-2-27B-IT")).isEqualTo("google/gemma-2-27b-it");
    }

    @Test
    void versionsAreOrderedAsTheCatalogOrdersThemAndTheLastIsTheDefault() {
        List<String> versions = selection.versions("google/gemma-2-27b-it", Optional.of("vllm"));
        assertThat(versions).startsWith("v0.7.2");
        String latest = selection.latestVersion("google/gemma-2-27b-it", "vllm");
        assertThat(versions).last().isEqualTo(latest);
        assertThat(selection.select(Optional.of("google/gemma-2-27b-it"), Optional.empty(), Optional.empty(), Optional.empty()))
                .isNotEmpty().allMatch(p -> p.modelServerInfo().modelServerVersion().equals(latest));
    }

    @Test
    void versionWithoutTheLeadingVIsAccepted() {
        assertThat(selection.version("google/gemma-2-27b-it", Optional.of("vllm"), "0.7.2")).isEqualTo("v0.7.2");
    }

    @Test
    void allVersionsSelectsEveryProfileOfTheModel() {
        List<Profile> all = selection.select(Optional.of("google/gemma-2-27b-it"), Optional.of("vllm"),
                Optional.of(ProfileSelection.ALL_VERSIONS), Optional.empty());
        assertThat(all).hasSize((int) shipped.stream().filter(p -> p.modelServerInfo().model().equals("google/gemma-2-27b-it")).count());
    }

    @Test
    void unknownServerListsTheServersOfThatModel() {
        assertThatThrownBy(() -> selection.modelServer("google/gemma-2-27b-it", "vlm"))
                .hasMessage("Unknown model server \"vlm\" for google/gemma-2-27b-it; did you mean \"vllm\"? Valid: vllm.");
    }

    @Test
    void catalogAcceleratorWithoutProfileSaysSoAndListsTheValidOnes() {
        assertThatThrownBy(() -> selection.select(Optional.of("google/gemma-2-27b-it"), Optional.of("vllm"),
                Optional.of("v0.7.2"), Optional.of("tpu-v6e-slice")))
                .hasMessageStartingWith("No profile for google/gemma-2-27b-it on vllm v0.7.2 uses accelerator type"
                        + " \"tpu-v6e-slice\"; add one with --profiles-dir, or choose another. Valid: ");
    }

    @Test
    void misspelledAcceleratorGetsDidYouMean() {
        assertThatThrownBy(() -> selection.select(Optional.of("google/gemma-2-27b-it"), Optional.of("vllm"),
                Optional.of("v0.7.2"), Optional.of("nvidia-l4x")))
                .hasMessageContaining("did you mean \"nvidia-l4\"?");
    }
}
