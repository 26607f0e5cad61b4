package dev.kiq.catalog;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Hugging Face model ids ({@code org/name}): where a config.json says its id is, and whether a typed id is one.
 * The wizard's "Add a model from config.json" and the CLI's config readers share these rules.
 */
public final class ModelIds {

    /**
     * {@code org/name}: each part starts with a letter or digit and holds letters, digits, '-', '_' and '.', as the
     * Hub allows (no "--" or ".." inside a part, at most 96 characters for the name).
     */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,94}[A-Za-z0-9_])?"
            + "/[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,94}[A-Za-z0-9_])?");
    /** A Hugging Face cache folder: {@code models--org--name} (the Hub's cache spells '/' as "--"). */
    private static final Pattern CACHE_FOLDER = Pattern.compile("models--([^/\\\\]+?)--([^/\\\\]+)");

    private ModelIds() {
    }

    /** Whether {@code id} is a Hugging Face id, {@code org/name}. */
    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches() && !id.contains("--") && !id.contains("..");
    }

    /**
     * What is wrong with a typed model id, in plain words, or empty when it is a valid {@code org/name}.
     */
    public static Optional<String> problem(String id) {
        String typed = id == null ? "" : id.strip();
        if (typed.isEmpty()) {
            return Optional.of("Give the model's Hugging Face id as organisation/name, e.g. mistralai/Mistral-7B-v0.1.");
        }
        if (!isValid(typed)) {
            return Optional.of("\u201c" + typed + "\u201d is not a Hugging Face id; give organisation/name with letters,"
                    + " digits, '-', '_' or '.', e.g. mistralai/Mistral-7B-v0.1.");
        }
        return Optional.empty();
    }

    /**
     * The id a config.json names: its {@code _name_or_path} when that is an {@code org/name} id, else the
     * {@code models--org--name} folder of a Hugging Face cache path ({@code …/models--org--name/snapshots/<hash>/config.json}).
     */
    public static Optional<String> suggest(Path configJson, Optional<String> nameOrPath) {
        Optional<String> named = nameOrPath.map(String::strip).filter(ModelIds::isValid);
        return named.isPresent() ? named : fromCachePath(configJson);
    }

    /** {@code org/name} from a Hugging Face cache path, when the file lies under a {@code models--org--name} folder. */
    static Optional<String> fromCachePath(Path file) {
        for (Path p = file.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            Path name = p.getFileName();
            if (name == null) {
                continue;
            }
            var m = CACHE_FOLDER.matcher(name.toString());
            if (m.matches()) {
                String id = m.group(1) + "/" + m.group(2);
                return isValid(id) ? Optional.of(id) : Optional.empty();
            }
        }
        return Optional.empty();
    }
}
