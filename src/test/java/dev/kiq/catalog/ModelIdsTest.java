package dev.kiq.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelIdsTest {

    @TempDir
    Path dir;

    @Test
    void anIdIsOrgSlashName() {
        assertThat(ModelIds.isValid("mistralai/Mistral-7B-v0.1")).isTrue();
        assertThat(ModelIds.isValid("google/gemma-2-2b-it")).isTrue();
        assertThat(ModelIds.isValid("Qwen/Qwen3-30B-A3B")).isTrue();
        assertThat(ModelIds.isValid("wiz")).isFalse();
        assertThat(ModelIds.isValid("a/b/c")).isFalse();
        assertThat(ModelIds.isValid("/name")).isFalse();
        assertThat(ModelIds.isValid("org/")).isFalse();
        assertThat(ModelIds.isValid("org/na me")).isFalse();
        assertThat(ModelIds.isValid("org/name.")).isFalse();
        assertThat(ModelIds.isValid("org--x/name")).isFalse();
        assertThat(ModelIds.isValid("org/a..b")).isFalse();
        assertThat(ModelIds.isValid("org/" + "n".repeat(96))).isTrue();
        assertThat(ModelIds.isValid("org/" + "n".repeat(97))).isFalse();
        assertThat(ModelIds.isValid(null)).isFalse();
    }

    @Test
    void theProblemIsInPlainWords() {
        assertThat(ModelIds.problem("  ")).hasValue(
                "Give the model's Hugging Face id as organisation/name, e.g. mistralai/Mistral-7B-v0.1.");
        assertThat(ModelIds.problem("9e1a4f0c2b")).hasValueSatisfying(p -> assertThat(p)
                .startsWith("\u201c9e1a4f0c2b\u201d is not a Hugging Face id"));
        assertThat(ModelIds.problem(" acme/wiz ")).isEmpty();
    }

    @Test
    void theSuggestionIsNameOrPathFirstThenTheCacheFolder() {
        Path cached = Path.of("/home/u/.cache/huggingface/hub/models--mistralai--Mistral-7B-v0.1/snapshots/"
                + "7231864981174d9bee8c7687c24c8344414eae6b/config.json");
        assertThat(ModelIds.suggest(cached, Optional.empty())).hasValue("mistralai/Mistral-7B-v0.1");
        assertThat(ModelIds.suggest(cached, Optional.of("acme/tuned"))).hasValue("acme/tuned");
        // a local path in _name_or_path is no id: the cache folder wins
        assertThat(ModelIds.suggest(cached, Optional.of("/data/ckpt/wiz"))).hasValue("mistralai/Mistral-7B-v0.1");
        assertThat(ModelIds.suggest(Path.of("/tmp/wiz/config.json"), Optional.of("/tmp/wiz"))).isEmpty();
        assertThat(ModelIds.suggest(Path.of("models--org--name-with-dashes/snapshots/abc/config.json"), Optional.empty()))
                .hasValue("org/name-with-dashes");
    }

    @Test
    void aConfigReadFromTheCacheIsNamedAfterItsRepositoryNotTheSnapshotHash() throws Exception {
        String json = Files.readString(Path.of("src/test/resources/hf-configs/Mistral-7B-v0.1/config.json"));
        Path snapshot = Files.createDirectories(dir.resolve("models--mistralai--Mistral-7B-v0.1/snapshots/26bca36bde8333b5d7f72e9ed20ccda6a618af24"));
        Path config = Files.writeString(snapshot.resolve("config.json"), json);

        assertThat(ModelConfigParser.suggestedId(config)).hasValue("mistralai/Mistral-7B-v0.1");
        assertThat(ModelConfigParser.parse(config).id()).isEqualTo("mistralai/Mistral-7B-v0.1");
        assertThat(ModelConfigParser.parse(config, "acme/mistral-tuned").id()).isEqualTo("acme/mistral-tuned");
    }

    @Test
    void aConfigNamesItselfByNameOrPath() {
        Path config = Path.of("src/test/resources/hf-configs/DeepSeek-R1-Distill-Qwen-7B/config.json");
        assertThat(ModelConfigParser.suggestedId(config)).hasValue("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B");
        assertThat(ModelConfigParser.suggestedId(Path.of("src/test/resources/hf-configs/gemma-2-2b-it/config.json"))).isEmpty();
        assertThat(ModelConfigParser.suggestedId(dir.resolve("missing.json"))).isEmpty();
    }
}
