package dev.kiq.catalog;

import dev.kiq.KiqException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One mapping of a catalog file, read with the catalog's conventions: a value may be written
 * plainly or as {@code {value: X, verified: false, note: ...}}; a missing required field is a
 * {@link KiqException} naming the file, the entry and the field.
 */
record CatalogNode(JsonNode node, String file, String where) {

    CatalogNode child(String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isObject()) {
            throw invalid(field, "a mapping");
        }
        return new CatalogNode(value, file, where + "." + field);
    }

    List<CatalogNode> list(String field, String idField) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw invalid(field, "a list");
        }
        List<CatalogNode> items = new ArrayList<>();
        for (JsonNode item : value) {
            JsonNode id = item.get(idField);
            String label = id != null && id.isString() ? id.asString() : field + "[" + items.size() + "]";
            items.add(new CatalogNode(item, file, label));
        }
        return items;
    }

    /** Fields of a mapping in file order. */
    List<Map.Entry<String, CatalogNode>> entries() {
        List<Map.Entry<String, CatalogNode>> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            entries.add(Map.entry(entry.getKey(), new CatalogNode(entry.getValue(), file, where + "." + entry.getKey())));
        }
        return entries;
    }

    boolean has(String field) {
        return value(field).isPresent();
    }

    /** The field's value unwrapped from {@code {value: ...}}; empty when absent or null. */
    Optional<JsonNode> value(String field) {
        JsonNode raw = node.get(field);
        if (raw != null && raw.isObject() && raw.has("value")) {
            raw = raw.get("value");
        }
        return raw == null || raw.isNull() ? Optional.empty() : Optional.of(raw);
    }

    /** False when the field is written {@code {value: X, verified: false}}. */
    boolean verified(String field) {
        JsonNode raw = node.get(field);
        return raw == null || !raw.isObject() || raw.path("verified").asBoolean(true);
    }

    String string(String field) {
        return optionalString(field).orElseThrow(() -> invalid(field, "a string"));
    }

    Optional<String> optionalString(String field) {
        return value(field).map(v -> {
            if (!v.isValueNode()) {
                throw invalid(field, "a string");
            }
            return v.asString();
        });
    }

    double number(String field) {
        return optionalNumber(field).orElseThrow(() -> invalid(field, "a number"));
    }

    Optional<Double> optionalNumber(String field) {
        return value(field).map(v -> {
            if (!v.isNumber()) {
                throw invalid(field, "a number");
            }
            return v.asDouble();
        });
    }

    int integer(String field) {
        return optionalInteger(field).orElseThrow(() -> invalid(field, "an integer"));
    }

    Optional<Integer> optionalInteger(String field) {
        return value(field).map(v -> {
            if (!v.canConvertToInt() || !v.isIntegralNumber()) {
                throw invalid(field, "an integer");
            }
            return v.asInt();
        });
    }

    long longInteger(String field) {
        return value(field).filter(JsonNode::isIntegralNumber).map(JsonNode::asLong)
                .orElseThrow(() -> invalid(field, "an integer"));
    }

    boolean bool(String field) {
        return value(field).filter(JsonNode::isBoolean).map(JsonNode::asBoolean)
                .orElseThrow(() -> invalid(field, "true or false"));
    }

    List<String> strings(String field) {
        JsonNode value = value(field).orElseThrow(() -> invalid(field, "a list of strings"));
        List<String> strings = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(v -> strings.add(v.asString()));
        } else {
            strings.add(value.asString());
        }
        return strings;
    }

    KiqException invalid(String field, String expected) {
        return new KiqException("Catalog file " + file + ": " + where + " needs field \"" + field + "\" as " + expected + ".");
    }
}
