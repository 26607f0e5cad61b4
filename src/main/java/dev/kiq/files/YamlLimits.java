package dev.kiq.files;

import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLFactoryBuilder;

/**
 * The parser settings every YAML (and JSON) document kiq reads goes through: SnakeYAML's load limits (code points,
 * aliases, no recursive keys), Jackson's nesting and length limits, and duplicate keys rejected (a second
 * {@code maxNumSeqs:} silently winning is how a hand-edited profile lies). Size and line length are checked before,
 * by {@link InputLimits}.
 */
public final class YamlLimits {

    /** Deeper than any profile, setting, manifest or kubeconfig (a Deployment nests about 12 levels). */
    public static final int MAX_NESTING = 64;
    public static final int MAX_ALIASES = 50;

    private YamlLimits() {
    }

    /** A YAML factory builder with the limits set; add write features as needed. */
    public static YAMLFactoryBuilder yamlFactory() {
        LoadSettings load = LoadSettings.builder()
                .setCodePointLimit((int) Math.min(Integer.MAX_VALUE, InputLimits.KUBECONFIG.maxBytes()))
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .build();
        return YAMLFactory.builder()
                .loadSettings(load)
                .streamReadConstraints(constraints())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    /** A JSON factory with the same nesting limit and duplicate-key check. */
    public static JsonFactory jsonFactory() {
        return JsonFactory.builder()
                .streamReadConstraints(constraints())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    private static StreamReadConstraints constraints() {
        return StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build();
    }

    /**
     * Jackson's words for a document that ends inside an object or array, once {@link #withoutJacksonLocation} took its
     * location off: {@code Unexpected end-of-input: expected close marker for Object}.
     */
    private static final java.util.regex.Pattern CUT_SHORT =
            java.util.regex.Pattern.compile("Unexpected end-of-input: expected close marker for (Object|Array).*");

    /**
     * Jackson's location inside a message, which names a hidden source and the parser's settings ({@code (start marker
     * at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); byte offset: #UNKNOWN])}, seen in
     * kiq calibrate --from of a JSON file cut short): the messages name the file and line themselves.
     */
    private static final java.util.regex.Pattern JACKSON_LOCATION =
            java.util.regex.Pattern.compile("\\s*\\(start marker at \\[Source: [^\\]]*\\]\\)|\\s*at \\[Source: [^\\]]*\\]");

    static String withoutJacksonLocation(String message) {
        return JACKSON_LOCATION.matcher(message).replaceAll("");
    }

    /**
     * A Jackson or SnakeYAML message in one line: a duplicate key in plain words; for a YAML syntax error, what was
     * being parsed and what the parser expected there (SnakeYAML's context, then its problem after the snippet,
     * e.g. {@code while parsing a block mapping: expected <block end>, but found '<block mapping start>'}); the first line otherwise.
     */
    public static String describe(String message) {
        java.util.List<String> lines = message == null ? java.util.List.of() : message.lines().toList();
        String first = lines.isEmpty() ? "unreadable" : withoutJacksonLocation(lines.get(0));
        java.util.regex.Matcher cut = CUT_SHORT.matcher(first);
        if (cut.matches()) {
            return "it ends before " + ("Object".equals(cut.group(1)) ? "an object ({ ... })" : "a list ([ ... ])")
                    + " is closed: is the file cut short?";
        }
        if (first.startsWith("Duplicate Object property") || first.startsWith("Duplicate field")) {
            return first.replaceFirst("^Duplicate (Object property|field)", "duplicate key") + "; each key may appear once";
        }
        if (!first.startsWith("while ")) {
            return first;
        }
        // the lines after the context: " in reader, line L, column C:", the snippet and its caret (indented), then the problem
        return lines.stream().skip(1).filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))).findFirst()
                .map(problem -> first + ": " + problem.strip()).orElse(first);
    }
}
