package dev.kiq.catalog;

import dev.kiq.KiqException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ModelConfigParserTest {

    private static final Path CONFIGS = Path.of("src/test/resources/hf-configs");

    private static ModelArchitecture parse(String folder, String id) throws Exception {
        return ModelConfigParser.parse(Files.readString(CONFIGS.resolve(folder).resolve("config.json")), Optional.of(id), folder, folder);
    }

    @ParameterizedTest
    @CsvSource({
            "DeepSeek-R1-Distill-Qwen-7B, deepseek-ai/DeepSeek-R1-Distill-Qwen-7B",
            "gemma-2-27b-it, google/gemma-2-27b-it",
            "gemma-2-2b-it, google/gemma-2-2b-it",
            "Llama-3.2-1B-Instruct, meta-llama/Llama-3.2-1B-Instruct",
            "Llama-3.3-70B-Instruct, meta-llama/Llama-3.3-70B-Instruct",
            "Meta-Llama-3-8B, meta-llama/Meta-Llama-3-8B",
            "Mixtral-8x22B-Instruct-v0.1, mistralai/Mixtral-8x22B-Instruct-v0.1",
            "Mixtral-8x7B-Instruct-v0.1, mistralai/Mixtral-8x7B-Instruct-v0.1"})
    void seedModelConfigGivesTheCatalogArchitectureAndTheReferenceParameterCount(String folder, String id) throws Exception {
        ModelArchitecture parsed = parse(folder, id);

        assertThat(parsed).isEqualTo(Catalog.bundled().model(id));
        double referenceBillions = referenceParamsB(id);
        assertThat(parsed.parameterCount() / 1e9)
                .as("computed vs reference.yaml params_total_b (given to 2-3 significant digits)")
                .isCloseTo(referenceBillions, within(referenceBillions * 0.005));
    }

    /** reference.yaml's params_total_b, carried in the catalog file as referenceParamsB. */
    private static double referenceParamsB(String id) throws Exception {
        try (InputStream in = ModelConfigParserTest.class.getResourceAsStream("/profiles/catalog/models.yaml")) {
            JsonNode models = YAMLMapper.builder().build().readTree(in).get("models");
            for (JsonNode model : models) {
                if (model.get("id").asString().equals(id)) {
                    return model.get("referenceParamsB").asDouble();
                }
            }
        }
        throw new AssertionError("no referenceParamsB for " + id);
    }

    @Test
    void mixtralActiveParametersAreTwoOfEightExperts() throws Exception {
        ModelArchitecture mixtral = parse("Mixtral-8x22B-Instruct-v0.1", "mistralai/Mixtral-8x22B-Instruct-v0.1");
        assertThat(mixtral.numExperts()).isEqualTo(8);
        assertThat(mixtral.expertsPerToken()).isEqualTo(2);
        assertThat(mixtral.activeParameterCount() / 1e9).isCloseTo(39.2, within(0.05));
    }

    @Test
    void gemma2AlternatesSlidingAndGlobalLayersAndServesFloat32InBfloat16() throws Exception {
        ModelArchitecture gemma = parse("gemma-2-2b-it", "google/gemma-2-2b-it");
        assertThat(gemma.slidingWindow()).contains(4096);
        assertThat(gemma.slidingWindowLayers()).isEqualTo(13);
        assertThat(gemma.headDim()).as("explicit head_dim, not hidden/heads").isEqualTo(256);
        assertThat(gemma.dtype()).isEqualTo("bfloat16");
        assertThat(gemma.tiedEmbeddings()).as("Gemma ties embeddings by default").isTrue();
    }

    @Test
    void qwen2SlidingWindowIsIgnoredUnlessSwitchedOn() throws Exception {
        ModelArchitecture qwen = parse("DeepSeek-R1-Distill-Qwen-7B", "x/y");
        assertThat(qwen.slidingWindow()).isEmpty();
        assertThat(qwen.slidingWindowLayers()).isZero();
        assertThat(qwen.headDim()).as("hidden_size / num_attention_heads").isEqualTo(128);
    }

    @Test
    void mistralWindowAppliesToEveryLayer() throws Exception {
        ModelArchitecture mistral = parse("Mistral-7B-v0.1", "mistralai/Mistral-7B-v0.1");
        assertThat(mistral.slidingWindow()).contains(4096);
        assertThat(mistral.slidingWindowLayers()).isEqualTo(32);
        assertThat(mistral.parameterCount()).isEqualTo(7_241_732_096L);
    }

    @Test
    void qwen3MoeReadsItsExpertWidthAndCounts() throws Exception {
        ModelArchitecture qwen = parse("Qwen3-30B-A3B", "Qwen/Qwen3-30B-A3B");
        assertThat(qwen.numExperts()).isEqualTo(128);
        assertThat(qwen.expertsPerToken()).isEqualTo(8);
        assertThat(qwen.intermediateSize()).as("moe_intermediate_size, not the dense intermediate_size").isEqualTo(768);
        assertThat(qwen.parameterCount() / 1e9).isCloseTo(30.5, within(0.1));
        assertThat(qwen.activeParameterCount() / 1e9).isCloseTo(3.3, within(0.1));
    }

    @Test
    void idComesFromNameOrPathOrTheFolder() {
        ModelArchitecture named = ModelConfigParser.parse(CONFIGS.resolve("DeepSeek-R1-Distill-Qwen-7B/config.json"));
        assertThat(named.id()).isEqualTo("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B");
        ModelArchitecture unnamed = ModelConfigParser.parse(CONFIGS.resolve("Meta-Llama-3-8B/config.json"));
        assertThat(unnamed.id()).isEqualTo("Meta-Llama-3-8B");
    }

    @Test
    void aPathWithDotSegmentsIsNamedByTheFolderItReallyIsIn(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("Meta-Llama-3-8B"));
        Files.createDirectories(folder.resolve("sub"));
        Files.copy(CONFIGS.resolve("Meta-Llama-3-8B/config.json"), folder.resolve("config.json"));
        // the README's `--model-config ./config.json`, run in the model's folder, is <cwd>/./config.json
        assertThat(ModelConfigParser.parse(folder.resolve("./config.json")).id()).isEqualTo("Meta-Llama-3-8B");
        assertThat(ModelConfigParser.parse(folder.resolve("sub/../config.json")).id()).isEqualTo("Meta-Llama-3-8B");
    }

    @Test
    void missingFieldIsNamed(@TempDir Path dir) throws Exception {
        String config = Files.readString(CONFIGS.resolve("Meta-Llama-3-8B/config.json")).replace("\"num_hidden_layers\": 32,", "");
        Path file = dir.resolve("config.json");
        Files.writeString(file, config);
        assertThatThrownBy(() -> ModelConfigParser.parse(file))
                .isInstanceOf(KiqException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("has no \"num_hidden_layers\" (the number of transformer layers)");
    }

    @Test
    void moeWithoutRoutingFieldIsNamed() {
        String config = "{\"model_type\": \"mixtral\", \"hidden_size\": 4096, \"num_hidden_layers\": 32, \"num_attention_heads\": 32,"
                + " \"vocab_size\": 32000, \"max_position_embeddings\": 32768, \"intermediate_size\": 14336, \"num_local_experts\": 8}";
        assertThatThrownBy(() -> ModelConfigParser.parse(config, Optional.empty(), "m", "m/config.json"))
                .hasMessageContaining("has no \"num_experts_per_tok\"");
    }

    @Test
    void malformedJsonAndUnsupportedArchitecturesAreExplained() {
        assertThatThrownBy(() -> ModelConfigParser.parse("{\"hidden_size\": 1,\n oops}", Optional.empty(), "m", "c.json"))
                .hasMessageContaining("c.json is not valid JSON (line 2)");
        assertThatThrownBy(() -> ModelConfigParser.parse("{\"model_type\": \"deepseek_v3\", \"hidden_size\": 7168}", Optional.empty(), "m", "c.json"))
                .hasMessageContaining("multi-head latent attention");
        assertThatThrownBy(() -> ModelConfigParser.parse("{\"model_type\": \"llama\", \"hidden_size\": \"big\"}", Optional.empty(), "m", "c.json"))
                .hasMessageContaining("hidden_size = \"big\"");
        assertThatThrownBy(() -> ModelConfigParser.parse(Path.of("no/such/config.json")))
                .hasMessageContaining("does not exist");
    }

    @Test
    void multimodalConfigIsReadThroughItsTextConfig() {
        String config = "{\"model_type\": \"llava\", \"text_config\": {\"model_type\": \"llama\", \"hidden_size\": 4096,"
                + " \"num_hidden_layers\": 32, \"num_attention_heads\": 32, \"num_key_value_heads\": 8, \"vocab_size\": 128256,"
                + " \"max_position_embeddings\": 8192, \"intermediate_size\": 14336, \"torch_dtype\": \"bfloat16\"}}";
        ModelArchitecture text = ModelConfigParser.parse(config, Optional.of("x/llava"), "m", "c.json");
        assertThat(text.parameterCount()).isEqualTo(8_030_261_248L);
        assertThat(text.modelType()).isEqualTo("llama");
    }
}
