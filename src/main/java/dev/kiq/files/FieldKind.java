package dev.kiq.files;

import java.util.Arrays;
import java.util.Collection;
import java.util.function.Function;

/**
 * What a YAML field of a Java type accepts, in the file's own words, for the message about a value of the wrong kind
 * ("replicas must be a whole number", "theme: valid: light, dark") instead of the Java type the parser names. The one
 * home of these words: settings.yaml and the manifests use them.
 */
public final class FieldKind {

    private FieldKind() {
    }

    /**
     * @param written how the file writes an enum constant (its serialized name), for an enum type
     */
    public static String of(Class<?> type, Function<Object, String> written) {
        if (type.isEnum()) {
            return String.join(", ", Arrays.stream(type.getEnumConstants()).map(written).toList());
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "a whole number";
        }
        if (type == double.class || type == float.class || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list (lines starting with \"- \")";
        }
        return "a block of fields (name: value) on the lines below it";
    }
}
