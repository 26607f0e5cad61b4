package dev.kiq.catalog;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TreeWriterTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Every kind of node, nested, with text a YAML writer must quote and numbers of every width. */
    private static ObjectNode tree() {
        ObjectNode root = NODES.objectNode();
        root.put("text", "plain");
        root.put("numberLike", "0.10");
        root.put("colon", "a: b");
        root.put("int", 3);
        root.put("long", 123456789012L);
        root.put("bigInteger", new BigInteger("123456789012345678901234567890"));
        root.put("decimal", new BigDecimal("0.0917"));
        root.put("smallDecimal", new BigDecimal("1E-7"));
        root.put("double", 2.5);
        root.put("yes", true);
        root.putNull("nothing");
        root.putArray("list").add(1).add("two").add(NODES.objectNode().put("x", 3)).add(NODES.arrayNode());
        root.putObject("nested").putObject("empty");
        return root;
    }

    @Test
    void writesWhatAnObjectMapperWritesWithTheSameFactory() {
        YAMLFactory yaml = YAMLFactory.builder()
                .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
                .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .build();
        assertThat(TreeWriter.write(yaml, tree())).isEqualTo(YAMLMapper.builder(yaml).build().writeValueAsString(tree()));
        assertThat(TreeWriter.write(TreeReader.JSON, tree()))
                .isEqualTo(JsonMapper.builder(TreeReader.JSON).build().writeValueAsString(tree()));
    }

    @Test
    void aJsonTreeReadsBackAsItWasWritten() {
        ObjectNode root = NODES.objectNode();
        root.put("a", 1).put("b", "x").put("c", 0.5).put("d", false).putNull("e");
        root.putArray("f").add(2).add(NODES.objectNode().put("g", 123456789012L));
        String text = TreeWriter.write(TreeReader.JSON, root);
        assertThat(text).isEqualTo("{\"a\":1,\"b\":\"x\",\"c\":0.5,\"d\":false,\"e\":null,\"f\":[2,{\"g\":123456789012}]}");
        assertThat(TreeReader.read(TreeReader.JSON, text.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(root);
    }

    @Test
    void aNodeWithNoTextFormIsRefused() {
        ObjectNode root = NODES.objectNode();
        root.set("binary", NODES.binaryNode(new byte[] {1, 2}));
        assertThatThrownBy(() -> TreeWriter.write(TreeReader.JSON, root)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BINARY");
    }
}
