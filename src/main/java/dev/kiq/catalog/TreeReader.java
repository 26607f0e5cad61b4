package dev.kiq.catalog;

import dev.kiq.files.YamlLimits;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads a YAML or JSON document into a Jackson {@link JsonNode} tree straight from the token
 * stream. It does what {@code ObjectMapper.readTree} does for these plain data files, without
 * building an {@code ObjectMapper}: that costs about 190 ms of CPU in a fresh JVM, more than
 * reading the whole catalog, and every CLI command starts by reading the catalog and profiles.
 * Both factories carry {@link YamlLimits}: a duplicate key, a second document or nesting deeper than
 * {@value YamlLimits#MAX_NESTING} is an error.
 */
public final class TreeReader {

    /** Shared, thread-safe JSON factory (a factory is cheap to use once built). */
    public static final JsonFactory JSON = YamlLimits.jsonFactory();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TreeReader() {
    }

    /**
     * The shared, thread-safe YAML factory, built on first use: building it loads SnakeYAML, which a command that
     * reads only the build's JSON copies and index never needs.
     */
    public static YAMLFactory yaml() {
        return Yaml.FACTORY;
    }

    private static final class Yaml {
        static final YAMLFactory FACTORY = YamlLimits.yamlFactory().build();
    }

    /**
     * The document's tree; a {@link tools.jackson.databind.node.MissingNode} for an empty document.
     *
     * @throws tools.jackson.core.JacksonException for malformed input, with its location
     */
    public static JsonNode read(TokenStreamFactory format, byte[] content) {
        try (JsonParser parser = format.createParser(ObjectReadContext.empty(), content)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return tools.jackson.databind.node.MissingNode.getInstance();
            }
            JsonNode root = value(parser, first);
            if (parser.nextToken() != null) {
                // a second YAML document (after ---) or trailing JSON would otherwise be ignored silently
                throw new StreamReadException(parser, "more than one document; valid: one document per file",
                        parser.currentTokenLocation());
            }
            return root;
        }
    }

    /**
     * The JSON copy the build writes beside a bundled YAML data file ({@code /profiles/catalog/models.yaml} ->
     * {@code /profiles/catalog/models.json}, {@link #writeJsonCopies}). In a fresh JVM JSON reads several times faster
     * than YAML and leaves SnakeYAML unloaded, so a command that only needs the catalog starts sooner.
     */
    public static String jsonCopy(String yamlName) {
        return yamlName.replaceFirst("\\.ya?ml$", ".json");
    }

    /**
     * A bundled YAML data file's tree, read from its JSON copy when the build wrote one (else from the YAML itself).
     *
     * @return empty when neither is on the class path
     */
    public static java.util.Optional<JsonNode> readBundled(Class<?> anchor, String yamlResource) {
        try (java.io.InputStream json = anchor.getResourceAsStream(jsonCopy(yamlResource))) {
            if (json != null) {
                return java.util.Optional.of(read(JSON, json.readAllBytes()));
            }
            try (java.io.InputStream yaml = anchor.getResourceAsStream(yamlResource)) {
                return yaml == null ? java.util.Optional.empty() : java.util.Optional.of(read(yaml(), yaml.readAllBytes()));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Writes the JSON copy of every {@code .yaml} file of {@code folder} beside it (the build runs it on its copy of
     * {@code profiles/catalog}, so the copies never go stale; a file that does not read stops it).
     */
    public static void writeJsonCopies(java.nio.file.Path folder) throws java.io.IOException {
        tools.jackson.databind.ObjectMapper mapper = tools.jackson.databind.json.JsonMapper.builder().build();
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(folder)) {
            for (java.nio.file.Path yaml : files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                JsonNode tree = read(yaml(), java.nio.file.Files.readAllBytes(yaml));
                java.nio.file.Files.write(yaml.resolveSibling(jsonCopy(yaml.getFileName().toString())), mapper.writeValueAsBytes(tree));
            }
        }
    }

    /** A parser over the content, for callers that walk tokens (e.g. to find a line). */
    public static JsonParser parser(TokenStreamFactory format, byte[] content) {
        return format.createParser(ObjectReadContext.empty(), content);
    }

    private static JsonNode value(JsonParser parser, JsonToken token) {
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String name = parser.currentName();
                    object.set(name, value(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    array.add(value(parser, t));
                }
                return array;
            }
            case VALUE_STRING -> {
                return NODES.stringNode(parser.getString());
            }
            case VALUE_NUMBER_INT -> {
                return switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(parser.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return NODES.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return NODES.booleanNode(false);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> {
                // YAML tags, embedded objects: keep their text
                return NODES.stringNode(parser.getText());
            }
        }
    }
}
