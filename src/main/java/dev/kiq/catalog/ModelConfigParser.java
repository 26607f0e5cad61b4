package dev.kiq.catalog;

import dev.kiq.KiqException;
import dev.kiq.files.InputLimits;
import dev.kiq.files.YamlLimits;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a Hugging Face {@code config.json} into a {@link ModelArchitecture}, counting the
 * parameters from the dimensions.
 *
 * <p>Covered: decoder-only transformers with grouped-query attention and a gated MLP (three
 * matrices: gate, up, down), dense ({@code llama}, {@code mistral}, {@code qwen2},
 * {@code qwen3}, {@code gemma}, {@code gemma2}, {@code gemma3_text}, {@code phi3}, and other
 * types with the same fields) or mixture-of-experts in every layer ({@code mixtral},
 * {@code qwen3_moe}). Multimodal configs are read through their {@code text_config}. Refused with
 * a reason: multi-head latent attention ({@code deepseek_v2}, {@code deepseek_v3}), MoE with
 * shared experts or dense layers in between ({@code qwen2_moe}), and weight-only quantization
 * other than FP8.
 *
 * <p>Parameter count per layer = attention (q, o: H·n_h·d; k, v: H·n_kv·d; plus biases where
 * the config has them) + MLP (3·H·I per expert, plus an H·E router) + RMSNorm weights (2·H,
 * 4·H for Gemma 2/3, plus q/k norms of d each for Qwen 3 and Gemma 3); then the embedding V·H,
 * an untied LM head V·H and the final norm H.
 */
public final class ModelConfigParser {

    private static final ObjectMapper JSON = JsonMapper.builder(YamlLimits.jsonFactory()).build();

    private static final Set<String> UNSUPPORTED_MLA = Set.of("deepseek_v2", "deepseek_v3", "kimi_k2");
    private static final Set<String> GEMMA = Set.of("gemma", "gemma2", "gemma3", "gemma3_text");

    private ModelConfigParser() {
    }

    /**
     * Reads a {@code config.json} file. The model id is the config's {@code _name_or_path} when it
     * looks like a Hub id, else the {@code models--org--name} folder of a Hugging Face cache path, else the name
     * of the folder holding the file.
     */
    public static ModelArchitecture parse(Path configJson) {
        String content = read(configJson);
        Path folder = configJson.toAbsolutePath().normalize().getParent();
        String fallbackId = ModelIds.fromCachePath(configJson).orElse(folder == null || folder.getFileName() == null
                ? configJson.getFileName().toString() : folder.getFileName().toString());
        return parse(content, Optional.empty(), fallbackId, configJson.toString());
    }

    /** Reads a {@code config.json} file as the model {@code id} (an {@code org/name} the user gave). */
    public static ModelArchitecture parse(Path configJson, String id) {
        return parse(read(configJson), Optional.of(id), id, configJson.toString());
    }

    /**
     * The Hugging Face id a {@code config.json} file names ({@link ModelIds#suggest}), or empty; a file that is not
     * JSON names none (reading it for the model says why).
     */
    public static Optional<String> suggestedId(Path configJson) {
        Optional<String> nameOrPath;
        try {
            JsonNode root = JSON.readTree(read(configJson));
            nameOrPath = root != null && root.isObject() ? text(root, "_name_or_path") : Optional.empty();
        } catch (JacksonException | KiqException e) {
            nameOrPath = Optional.empty();
        }
        return ModelIds.suggest(configJson, nameOrPath);
    }

    private static String read(Path configJson) {
        if (!Files.exists(configJson)) {
            throw new KiqException("Model config " + configJson + " does not exist; give the path of a Hugging Face config.json.");
        }
        return new String(InputLimits.DATA.read(configJson, "Model config"), StandardCharsets.UTF_8);
    }

    /**
     * Reads {@code config.json} text.
     *
     * @param id         the model id to use; empty to take {@code _name_or_path} or {@code fallbackId}
     * @param source     file name used in messages
     */
    public static ModelArchitecture parse(String json, Optional<String> id, String fallbackId, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new KiqException("Model config " + source + " is not valid JSON (line " + line + "): "
                    + YamlLimits.describe(e.getOriginalMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new KiqException("Model config " + source + " is not a JSON object; give a Hugging Face config.json.");
        }
        String modelId = id.orElseGet(() -> text(root, "_name_or_path").filter(ModelIds::isValid).orElse(fallbackId));
        return new Reader(root, source).read(modelId);
    }

    /** Reads one config; {@code text} is the node holding the language model's fields. */
    private static final class Reader {
        private final JsonNode root;
        private final JsonNode text;
        private final String source;

        Reader(JsonNode root, String source) {
            this.root = root;
            this.source = source;
            // multimodal configs (gemma3, llava, mllama...) keep the language model under text_config
            this.text = !root.has("hidden_size") && root.path("text_config").isObject() ? root.get("text_config") : root;
        }

        ModelArchitecture read(String id) {
            String modelType = text(text, "model_type").or(() -> text(root, "model_type"))
                    .orElseThrow(() -> missing("model_type", "the architecture family, e.g. llama, qwen2, mixtral"));
            if (UNSUPPORTED_MLA.contains(modelType)) {
                throw new KiqException("Model config " + source + " is model_type " + modelType
                        + ", which uses multi-head latent attention; kiq models grouped-query attention only"
                        + " (llama, mistral, qwen2, qwen3, gemma2, mixtral, qwen3_moe and alike).");
            }
            if (modelType.equals("qwen2_moe")) {
                throw new KiqException("Model config " + source + " is model_type qwen2_moe, whose shared expert kiq cannot"
                        + " describe yet; supported MoE types: mixtral, qwen3_moe.");
            }

            int hidden = integer("hidden_size", "the model width");
            int layers = integer("num_hidden_layers", "the number of transformer layers");
            int heads = integer("num_attention_heads", "the number of attention heads");
            int kvHeads = optionalInteger("num_key_value_heads").orElse(heads);
            if (kvHeads < 1 || kvHeads > heads || heads % kvHeads != 0) {
                throw new KiqException("Model config " + source + " has num_key_value_heads = " + kvHeads
                        + " with num_attention_heads = " + heads + "; valid: a divisor of num_attention_heads from 1 to "
                        + heads + ".");
            }
            int headDim = optionalInteger("head_dim").orElseGet(() -> {
                if (hidden % heads != 0) {
                    throw missing("head_dim", "the attention head size (hidden_size is not a multiple of num_attention_heads)");
                }
                return hidden / heads;
            });
            atLeastOne("head_dim", headDim, "the attention head size");
            int vocab = integer("vocab_size", "the vocabulary size");
            int maxContext = integer("max_position_embeddings", "the longest context the model was trained for");

            int experts = optionalInteger("num_local_experts").or(() -> optionalInteger("num_experts")).orElse(1);
            atLeastOne("num_local_experts", experts, "the number of experts");
            int perToken = 1;
            int intermediate;
            if (experts > 1) {
                perToken = integer("num_experts_per_tok", "how many experts each token is routed to");
                if (perToken > experts) {
                    throw new KiqException("Model config " + source + " routes each token to " + perToken + " experts of "
                            + experts + "; valid: num_experts_per_tok from 1 to " + experts + ".");
                }
                if (optionalInteger("decoder_sparse_step").orElse(1) != 1 || !text.path("mlp_only_layers").isEmpty()
                        || optionalInteger("shared_expert_intermediate_size").orElse(0) > 0) {
                    throw new KiqException("Model config " + source + " mixes dense and expert layers or has a shared expert,"
                            + " which kiq cannot describe yet; supported: MoE in every layer (decoder_sparse_step 1,"
                            + " mlp_only_layers empty), as in mixtral and qwen3_moe.");
                }
                intermediate = optionalInteger("moe_intermediate_size")
                        .orElseGet(() -> integer("intermediate_size", "the MLP width of one expert"));
            } else {
                intermediate = integer("intermediate_size", "the MLP width");
            }

            boolean gemma = GEMMA.contains(modelType);
            boolean tied = bool("tie_word_embeddings").orElse(gemma);
            Optional<Integer> window = slidingWindow(modelType);
            int windowLayers = window.isEmpty() ? 0 : slidingWindowLayers(modelType, layers);
            if (windowLayers == 0) {
                window = Optional.empty();
            }

            long perLayer = attentionParameters(modelType, hidden, heads, kvHeads, headDim)
                    + mlpParameters(hidden, intermediate, experts)
                    + normParameters(modelType, hidden, headDim);
            long parameters = layers * perLayer + (long) vocab * hidden * (tied ? 1 : 2) + hidden;
            if (parameters <= 0 || parameters > 100_000_000_000_000L) {
                throw new KiqException("Model config " + source + " describes " + parameters + " parameters; its sizes"
                        + " (hidden_size, num_hidden_layers, vocab_size, intermediate_size) are out of any real model's range.");
            }

            return new ModelArchitecture(id, modelType, parameters, layers, hidden, heads, kvHeads, headDim, intermediate,
                    vocab, experts, perToken, maxContext, dtype(modelType), tied, window, windowLayers);
        }

        private long attentionParameters(String modelType, int hidden, int heads, int kvHeads, int headDim) {
            long q = (long) heads * headDim;
            long kv = (long) kvHeads * headDim;
            long weights = hidden * q + 2L * hidden * kv + q * hidden;
            long biases = 0;
            if (modelType.equals("qwen2")) {
                biases = q + 2 * kv;   // Qwen2 has q/k/v biases and no o bias
            } else if (bool("attention_bias").orElse(false)) {
                biases = q + 2 * kv + hidden;
            }
            return weights + biases;
        }

        private long mlpParameters(int hidden, int intermediate, int experts) {
            long perExpert = 3L * hidden * intermediate;
            if (bool("mlp_bias").orElse(false)) {
                perExpert += 2L * intermediate + hidden;
            }
            long router = experts > 1 ? (long) hidden * experts : 0;
            return experts * perExpert + router;
        }

        private long normParameters(String modelType, int hidden, int headDim) {
            boolean fourNorms = modelType.equals("gemma2") || modelType.startsWith("gemma3");
            boolean qkNorm = modelType.startsWith("qwen3") || modelType.startsWith("gemma3");
            return (fourNorms ? 4L : 2L) * hidden + (qkNorm ? 2L * headDim : 0);
        }

        private Optional<Integer> slidingWindow(String modelType) {
            if (modelType.startsWith("qwen") && !bool("use_sliding_window").orElse(false)) {
                return Optional.empty();   // Qwen configs carry a window that is off unless use_sliding_window
            }
            return optionalInteger("sliding_window");
        }

        /** Layers that attend within the window: from layer_types when given, else by family. */
        private int slidingWindowLayers(String modelType, int layers) {
            JsonNode types = text.path("layer_types");
            if (types.isArray() && !types.isEmpty()) {
                int sliding = 0;
                for (JsonNode type : types) {
                    sliding += type.asString("").equals("sliding_attention") ? 1 : 0;
                }
                return sliding;
            }
            if (modelType.equals("gemma2")) {
                return (layers + 1) / 2;   // local, global, local, ... starting with layer 0
            }
            if (modelType.startsWith("gemma3")) {
                int pattern = optionalInteger("sliding_window_pattern").orElse(6);
                return layers - layers / pattern;   // every pattern-th layer is global
            }
            if (modelType.startsWith("qwen")) {
                return layers - Math.min(layers, optionalInteger("max_window_layers").orElse(layers));
            }
            return layers;   // mistral-style: the window applies to every layer
        }

        /** The dtype vLLM's "auto" serves: float32 checkpoints run in 16 bits; FP8 checkpoints in FP8. */
        private String dtype(String modelType) {
            JsonNode quantization = root.path("quantization_config");
            if (quantization.isObject()) {
                String method = quantization.path("quant_method").asString("");
                if (method.equals("fp8")) {
                    return "fp8";
                }
                throw new KiqException("Model config " + source + " is quantized with " + (method.isEmpty() ? "an unknown method" : method)
                        + "; kiq models unquantized (bfloat16, float16) and FP8 weights only.");
            }
            String dtype = text(text, "torch_dtype").or(() -> text(text, "dtype"))
                    .or(() -> text(root, "torch_dtype")).or(() -> text(root, "dtype")).orElse("bfloat16");
            if (dtype.equals("float32")) {
                return GEMMA.contains(modelType) ? "bfloat16" : "float16";
            }
            return dtype;
        }

        // ---- fields -----------------------------------------------------------------------------

        private void atLeastOne(String field, int value, String meaning) {
            if (value < 1) {
                throw new KiqException("Model config " + source + " has " + field + " = " + value + "; valid: "
                        + meaning + ", a whole number of at least 1.");
            }
        }

        /** A required size: present and at least 1 (a model with zero layers or heads has nothing to compute). */
        private int integer(String field, String meaning) {
            int value = optionalInteger(field).orElseThrow(() -> missing(field, meaning));
            atLeastOne(field, value, meaning);
            return value;
        }

        private Optional<Integer> optionalInteger(String field) {
            JsonNode value = text.get(field);
            if (value == null || value.isNull()) {
                return Optional.empty();
            }
            if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 0) {
                throw new KiqException("Model config " + source + " has " + field + " = " + value
                        + "; valid: a whole number of at least 0.");
            }
            return Optional.of(value.asInt());
        }

        private Optional<Boolean> bool(String field) {
            JsonNode value = text.get(field);
            return value == null || !value.isBoolean() ? Optional.empty() : Optional.of(value.asBoolean());
        }

        private KiqException missing(String field, String meaning) {
            return new KiqException("Model config " + source + " has no \"" + field + "\" (" + meaning
                    + "); kiq needs it to model the model.");
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isString() ? Optional.empty() : Optional.of(value.asString());
    }
}
