package dev.kiq.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiq.KiqException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The config.json rules no shipped model exercises, on a tiny model worked by hand: width 8, 2 heads of 4 (one KV head),
 * 2 layers, MLP width 16, vocabulary 10. Per layer: attention q·hidden + 2·kv·hidden + q·hidden = 64 + 64 + 64 = 192
 * (q = 8, kv = 4), gated MLP 3·8·16 = 384, two norms 2·8 = 16; embeddings 10·8 (twice when untied) and the final norm 8.
 */
class ModelConfigRulesTest {

    private static ModelArchitecture parse(String modelType, String extra) {
        String json = "{\"model_type\": \"" + modelType + "\", \"hidden_size\": 8, \"num_hidden_layers\": 2,"
                + " \"num_attention_heads\": 2, \"num_key_value_heads\": 1, \"intermediate_size\": 16, \"vocab_size\": 10,"
                + " \"max_position_embeddings\": 4096" + (extra.isEmpty() ? "" : ", " + extra) + "}";
        return ModelConfigParser.parse(json, Optional.of("test/tiny"), "tiny", "tiny/config.json");
    }

    @Test
    void parameterCountsFollowTheLayersBiasesAndNorms() {
        // untied llama: 2 × (192 + 384 + 16) + 2 × 80 + 8
        assertThat(parse("llama", "").parameterCount()).isEqualTo(1352);
        // attention_bias adds q + 2 kv + hidden (8 + 8 + 8), mlp_bias 2 × 16 + 8 per layer: 2 × (216 + 424 + 16) + 168
        assertThat(parse("llama", "\"attention_bias\": true, \"mlp_bias\": true").parameterCount()).isEqualTo(1480);
        // qwen2 has q/k/v biases and no o bias: + 8 + 4 + 4 per layer
        assertThat(parse("qwen2", "").parameterCount()).isEqualTo(1384);
        // qwen3 normalises q and k: + 2 × head_dim per layer
        assertThat(parse("qwen3", "").parameterCount()).isEqualTo(1368);
        // gemma2: four norms per layer and tied embeddings by default: 2 × (192 + 384 + 32) + 80 + 8
        assertThat(parse("gemma2", "").parameterCount()).isEqualTo(1304);
        assertThat(parse("llama", "\"tie_word_embeddings\": true").parameterCount()).isEqualTo(1352 - 80);
    }

    @Test
    void servedDtypeFollowsVllmsAuto() {
        assertThat(parse("llama", "").dtype()).as("no dtype given").isEqualTo("bfloat16");
        assertThat(parse("llama", "\"torch_dtype\": \"float16\"").dtype()).isEqualTo("float16");
        assertThat(parse("llama", "\"dtype\": \"float16\"").dtype()).as("newer configs say dtype").isEqualTo("float16");
        // a float32 checkpoint is served in 16 bits: float16, or bfloat16 for Gemma
        assertThat(parse("llama", "\"torch_dtype\": \"float32\"").dtype()).isEqualTo("float16");
        assertThat(parse("gemma2", "\"torch_dtype\": \"float32\"").dtype()).isEqualTo("bfloat16");
        // an FP8 checkpoint is served in FP8, whatever its torch_dtype says
        assertThat(parse("llama", "\"torch_dtype\": \"bfloat16\", \"quantization_config\": {\"quant_method\": \"fp8\"}")
                .dtype()).isEqualTo("fp8");
    }

    @Test
    void otherQuantizationsAreRefusedWithWhatIsModeled() {
        assertThatThrownBy(() -> parse("llama", "\"quantization_config\": {\"quant_method\": \"awq\"}"))
                .isInstanceOf(KiqException.class)
                .hasMessage("Model config tiny/config.json is quantized with awq; kiq models unquantized (bfloat16, float16)"
                        + " and FP8 weights only.");
        assertThatThrownBy(() -> parse("llama", "\"quantization_config\": {}"))
                .hasMessageContaining("is quantized with an unknown method;");
    }

    @Test
    void slidingWindowLayersComeFromLayerTypesOrTheFamily() {
        // layer_types names each layer: one of two slides
        ModelArchitecture typed = parse("llama", "\"sliding_window\": 512, \"layer_types\": [\"full_attention\","
                + " \"sliding_attention\"]");
        assertThat(typed.slidingWindow()).contains(512);
        assertThat(typed.slidingWindowLayers()).isEqualTo(1);
        // no layer slides: no window at all
        ModelArchitecture full = parse("llama", "\"sliding_window\": 512, \"layer_types\": [\"full_attention\","
                + " \"full_attention\"]");
        assertThat(full.slidingWindow()).isEmpty();
        assertThat(full.slidingWindowLayers()).isZero();
        // gemma3: every sliding_window_pattern-th layer is global (2 layers, pattern 2: 2 - 2 / 2 = 1 slides; the default
        // pattern 6: 2 - 0 = 2)
        assertThat(parse("gemma3_text", "\"sliding_window\": 512, \"sliding_window_pattern\": 2").slidingWindowLayers())
                .isEqualTo(1);
        assertThat(parse("gemma3_text", "\"sliding_window\": 512").slidingWindowLayers()).isEqualTo(2);
        // qwen with the window on: the layers from max_window_layers up slide (2 - 1 = 1); max_window_layers of at least
        // the layer count leaves none
        assertThat(parse("qwen2", "\"sliding_window\": 512, \"use_sliding_window\": true, \"max_window_layers\": 1")
                .slidingWindowLayers()).isEqualTo(1);
        ModelArchitecture none = parse("qwen2", "\"sliding_window\": 512, \"use_sliding_window\": true,"
                + " \"max_window_layers\": 28");
        assertThat(none.slidingWindow()).isEmpty();
        assertThat(none.slidingWindowLayers()).isZero();
    }

    @Test
    void sizesMustBeAtLeastOne() {
        assertThatThrownBy(() -> parse("llama", "\"head_dim\": 0"))
                .hasMessage("Model config tiny/config.json has head_dim = 0; valid: the attention head size, a whole number of"
                        + " at least 1.");
        assertThatThrownBy(() -> parse("llama", "\"num_local_experts\": 0"))
                .hasMessageContaining("has num_local_experts = 0; valid: the number of experts, a whole number of at least 1.");
        // a size of 0 is a whole number (the JSON reads) but not a size
        assertThatThrownBy(() -> ModelConfigParser.parse("{\"model_type\": \"llama\", \"hidden_size\": 0}",
                Optional.of("t"), "t", "t/config.json")).hasMessageContaining("has hidden_size = 0; valid: the model width");
        // head_dim 1 is valid
        assertThat(parse("llama", "\"head_dim\": 1").headDim()).isEqualTo(1);
    }
}
