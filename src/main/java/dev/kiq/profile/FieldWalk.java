package dev.kiq.profile;

import dev.kiq.catalog.ClosestId;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Walks a parsed document keeping the path of the field being checked, and holds the rules for the
 * kinds of field kiq's documents share (a mapping with known fields, a required field, a text, a
 * number, a whole number): one home for them, used by {@link ProfileValidator} for profiles and by
 * {@code dev.kiq.corpus.CorpusReader} for corpus files. A broken rule becomes the caller's exception
 * through its {@link Problem}, so each document reports in its own terms (a file, line and field).
 */
public abstract class FieldWalk {

    /** Turns a broken rule into the exception the walk throws. */
    @FunctionalInterface
    public interface Problem {
        /**
         * @param field   the field as {@code a.b[3].c}, empty for the whole document
         * @param at      the path whose line to show (the parent, for a missing field)
         * @param problem what is wrong and what would be valid
         */
        RuntimeException raise(String field, List<Object> at, String problem);
    }

    /** How the problem of a required field that is absent or empty starts ({@link #required(JsonNode, String, String)}). */
    public static final String MISSING = "missing";

    private final List<Object> path = new ArrayList<>();
    private final Problem problem;

    protected FieldWalk(Problem problem) {
        this.problem = problem;
    }

    /** The current path as {@code a.b[3].c}. */
    protected final String field() {
        return ProfileValidator.field(path);
    }

    /** The current path (a copy). */
    protected final List<Object> path() {
        return List.copyOf(path);
    }

    /** Throws the problem at the current field. */
    protected final void fail(String problem) {
        throw this.problem.raise(field(), path(), problem);
    }

    /** Throws a problem about the child {@code name}, which is absent, at the current field's line. */
    protected final RuntimeException missing(String name, String problem) {
        String where = path.isEmpty() ? name : field() + "." + name;
        return this.problem.raise(where, path(), problem);
    }

    // ---- field kinds ------------------------------------------------------------------------

    /** A mapping whose fields are all among {@code allowed}; an unknown one is named with the closest valid one. */
    protected final JsonNode object(JsonNode node, List<String> allowed) {
        if (!node.isObject()) {
            fail("valid: a mapping with the fields " + String.join(", ", allowed));
        }
        for (String name : node.propertyNames()) {
            if (!allowed.contains(name)) {
                String suggestion = ClosestId.find(name, allowed).map(s -> " (did you mean " + s + "?)").orElse("");
                in(name, () -> fail("unknown field" + suggestion + "; valid fields here: " + String.join(", ", allowed)));
            }
        }
        return node;
    }

    /** The field {@code name} of {@code parent}; absent is a problem at the parent's line, null (written empty) at its own. */
    protected final JsonNode required(JsonNode parent, String name) {
        return required(parent, name, null);
    }

    /**
     * {@link #required(JsonNode, String)} whose message for an absent or empty field says what would be valid there
     * ({@code valid}, e.g. "a whole number of at least 1"; null says nothing more).
     */
    protected final JsonNode required(JsonNode parent, String name, String valid) {
        String message = MISSING + "; this field is required" + (valid == null ? "" : "; valid: " + valid);
        JsonNode value = parent.get(name);
        if (value == null) {
            throw missing(name, message);
        }
        if (value.isNull()) {
            throw in(name, () -> problem.raise(field(), path(), message));
        }
        return value;
    }

    /**
     * The required section {@code name} of {@code parent}, read by {@code body} with the path inside it. Its absence
     * is checked before the path enters it, so a missing section is named once, at its parent's line.
     */
    protected final <T> T section(JsonNode parent, String name, Function<JsonNode, T> body) {
        JsonNode value = required(parent, name);
        return in(name, () -> body.apply(value));
    }

    /**
     * {@link #section(JsonNode, String, Function)} of a mapping with the fields {@code fields}: a missing one names
     * them.
     */
    protected final <T> T section(JsonNode parent, String name, List<String> fields, Function<JsonNode, T> body) {
        JsonNode value = required(parent, name, "a mapping with the fields " + String.join(", ", fields));
        return in(name, () -> body.apply(value));
    }

    /** {@link #section(JsonNode, String, Function)} for a body that only checks. */
    protected final void checkSection(JsonNode parent, String name, Consumer<JsonNode> body) {
        JsonNode value = required(parent, name);
        in(name, () -> body.accept(value));
    }

    /** {@link #section(JsonNode, String, List, Function)} for a body that only checks. */
    protected final void checkSection(JsonNode parent, String name, List<String> fields, Consumer<JsonNode> body) {
        section(parent, name, fields, value -> {
            body.accept(value);
            return null;
        });
    }

    /** A non-empty text (a number is not a text: YAML would read 0.10 as 0.1). */
    protected final String text(JsonNode parent, String name) {
        return text(parent, name, "a non-empty text");
    }

    /** {@link #text(JsonNode, String)} whose absence says what would be valid ({@code valid}, e.g. "measured or modeled"). */
    protected final String text(JsonNode parent, String name, String valid) {
        JsonNode value = required(parent, name, valid);
        return in(name, () -> {
            if (!value.isString() || value.asString().isBlank()) {
                fail(describe(value) + " is not a text; valid: a non-empty text (quote it if it looks like a number)");
            }
            return value.asString();
        });
    }

    /** A finite number. */
    protected final double number(JsonNode parent, String name) {
        return number(parent, name, "a finite number");
    }

    private double number(JsonNode parent, String name, String valid) {
        JsonNode value = required(parent, name, valid);
        return in(name, () -> {
            if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
                fail(describe(value) + " is not a number; valid: a finite number");
            }
            return value.asDouble();
        });
    }

    /** A finite number above 0. */
    protected final double positiveNumber(JsonNode parent, String name) {
        double value = number(parent, name, "a number above 0");
        if (value <= 0) {
            in(name, () -> fail(describe(parent.get(name)) + " is not allowed; valid: a number above 0"));
        }
        return value;
    }

    /** A whole number of at least 1. */
    protected final int positiveInteger(JsonNode parent, String name) {
        JsonNode value = required(parent, name, "a whole number of at least 1");
        return in(name, () -> {
            if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1) {
                fail(describe(value) + " is not allowed; valid: a whole number of at least 1");
            }
            return value.asInt();
        });
    }

    /** How a value reads in a message: quoted text, the number as written, or "a mapping" / "a list". */
    protected static String describe(JsonNode value) {
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        return value.isString() ? "\"" + value.asString() + "\"" : value.asString();
    }

    // ---- path bookkeeping -------------------------------------------------------------------

    protected final void in(Object segment, Runnable body) {
        in(segment, () -> {
            body.run();
            return null;
        });
    }

    protected final <T> T in(Object segment, Supplier<T> body) {
        path.add(segment);
        try {
            return body.get();
        } finally {
            path.remove(path.size() - 1);
        }
    }
}
