package dev.kiq.catalog;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TreeReaderTest {

    private static JsonNode yaml(String text) {
        return TreeReader.read(TreeReader.yaml(), text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void buildsTheSameTreeAsObjectMapperReadTree() {
        String text = """
                a: 1
                big: 123456789012
                huge: 123456789012345678901234567890
                f: 0.9
                s: "0.10"
                plain: v0.7.2
                t: true
                n: null
                list: [1, two, {x: 3}]
                nested: {k: [ ]}
                """;
        assertThat(yaml(text)).isEqualTo(YAMLMapper.builder().build().readTree(text));
        assertThat(yaml(text).get("big").isLong()).isTrue();
        assertThat(yaml(text).get("s").isString()).isTrue();
    }

    @Test
    void emptyDocumentIsMissingAndADuplicateKeyIsRefused() {
        assertThat(yaml("").isMissingNode()).isTrue();
        // a second key silently winning is how a hand-edited file lies (issue 14)
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> yaml("a: 1\nb: 0\na: 2\n"))
                .isInstanceOf(tools.jackson.core.JacksonException.class).hasMessageContaining("Duplicate")
                .hasMessageContaining("line: 3");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TreeReader.read(TreeReader.JSON,
                "{\"a\": 1, \"a\": 2}".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("Duplicate");
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() {
        String deep = "[".repeat(dev.kiq.files.YamlLimits.MAX_NESTING + 1) + "]".repeat(dev.kiq.files.YamlLimits.MAX_NESTING + 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> yaml(deep))
                .isInstanceOf(tools.jackson.core.JacksonException.class).hasMessageContaining("nesting depth");
        assertThat(yaml("[".repeat(10) + "]".repeat(10)).isArray()).isTrue();
    }

    @Test
    void readsJsonToo() {
        JsonNode json = TreeReader.read(TreeReader.JSON, "{\"a\": [1.5, \"x\"]}".getBytes(StandardCharsets.UTF_8));
        assertThat(json.get("a").get(0).asDouble()).isEqualTo(1.5);
    }

    @Test
    void malformedInputKeepsItsLocation() {
        assertThatThrownBy(() -> yaml("a: 1\nb: [2\nc: 3\n"))
                .isInstanceOf(JacksonException.class)
                .satisfies(e -> assertThat(((JacksonException) e).getLocation().getLineNr()).isGreaterThanOrEqualTo(2));
    }

    @Test
    void secondDocumentIsAnErrorAtItsLine() {
        assertThatThrownBy(() -> yaml("a: 1\n---\nb: 2\n"))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("more than one document")
                .satisfies(e -> assertThat(((JacksonException) e).getLocation().getLineNr()).isBetween(2, 3));
    }
}
