package dev.kiq.profile;

import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLFactory;
import dev.kiq.catalog.TreeWriter;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;
import tools.jackson.dataformat.yaml.util.StringQuotingChecker;

import java.util.regex.Pattern;

/**
 * How profiles are written in each format. YAML is written from the tree by the YAML generator itself
 * ({@link TreeWriter}): building a YAML {@code ObjectMapper} cost a one-profile {@code simulate} more than writing
 * its profile. JSON keeps a mapper, built on first use (a command that writes YAML never builds it): a mapper is
 * costly to create and cheap to share (it is thread-safe once configured).
 */
final class ProfileMappers {

    private static final class Yaml {
        static final YAMLFactory FACTORY = YAMLFactory.builder().stringQuotingChecker(new QuoteNumberLikeText())
                .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
                .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
                .disable(YAMLWriteFeature.SPLIT_LINES)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .build();
    }

    private static final class Json {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                // "\n" on every OS so the bytes are the same everywhere
                .defaultPrettyPrinter(new DefaultPrettyPrinter()
                        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                        .withArrayIndenter(new DefaultIndenter("  ", "\n")))
                .build();
    }

    private ProfileMappers() {
    }

    /**
     * Quotes text a YAML reader would take for a number (e.g. a version {@code 0.10}), on top of
     * Jackson's own rules, so that text written unquoted reads back as the same text.
     */
    private static final class QuoteNumberLikeText extends StringQuotingChecker.Default {
        private static final Pattern NUMBER_LIKE = Pattern.compile(
                "[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o?[0-7_]+|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

        @Override
        public boolean needToQuoteValue(String value) {
            return super.needToQuoteValue(value) || NUMBER_LIKE.matcher(value).matches();
        }
    }

    /** The tree as text of {@code format}. */
    static String write(JsonNode tree, ProfileFormat format) {
        return format == ProfileFormat.YAML ? TreeWriter.write(Yaml.FACTORY, tree) : Json.MAPPER.writeValueAsString(tree);
    }

    /** The JSON mapper (the build's profile index is written with it). */
    static ObjectMapper json() {
        return Json.MAPPER;
    }
}
