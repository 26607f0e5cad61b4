package dev.kiq.profile;

import dev.kiq.KiqException;
import dev.kiq.catalog.TreeReader;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The performance model's cross-validated accuracy per accelerator family, read from
 * {@value #RESOURCE} (format documented at the top of that file): what basis a modeled profile of an
 * accelerator has and what error to expect of it.
 */
public final class ModelAccuracy {

    /** Classpath resource (and path under the project root) of the shipped accuracy file. */
    public static final String RESOURCE = "profiles/calibration/accuracy.yaml";

    /**
     * One family's cross-validation result.
     *
     * @param key          e.g. {@code ampere}
     * @param accelerators catalog ids the family's factors apply to
     * @param measured     those with published measurements in the corpus
     * @param points       corpus points of the family
     * @param sources      independent sources among them
     * @param error        median absolute cross-validated error per metric
     */
    public record Family(String key, List<String> accelerators, List<String> measured, int points, int sources,
                         ExpectedError error) {
        public Family {
            accelerators = List.copyOf(accelerators);
            measured = List.copyOf(measured);
        }
    }

    /** The basis and expected error of a modeled profile. */
    public record Uncertainty(Basis basis, ExpectedError expectedError) {
        public static final Uncertainty UNCALIBRATED = new Uncertainty(Basis.uncalibrated, ExpectedError.NONE);
    }

    private static final class Bundled {
        static final ModelAccuracy ACCURACY = readBundled();
    }

    private final Map<String, Family> families;

    private ModelAccuracy(Map<String, Family> families) {
        this.families = Map.copyOf(families);
    }

    /** The shipped accuracy, read once. */
    public static ModelAccuracy bundled() {
        return Bundled.ACCURACY;
    }

    /** An accuracy file on disk (e.g. the project's, for the calibration procedure). */
    public static ModelAccuracy read(Path file) {
        try {
            return read(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new KiqException("Accuracy file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static ModelAccuracy readBundled() {
        // the JSON copy the build writes of the file (TreeReader.jsonCopy), when there is one: SnakeYAML stays unloaded
        try (InputStream json = ModelAccuracy.class.getResourceAsStream("/" + TreeReader.jsonCopy(RESOURCE))) {
            if (json != null) {
                return read(json.readAllBytes(), "shipped:" + RESOURCE, TreeReader.JSON);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (InputStream in = ModelAccuracy.class.getResourceAsStream("/" + RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("kiq is built without " + RESOURCE);
            }
            return read(in.readAllBytes(), "shipped:" + RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads an accuracy document.
     *
     * @throws ProfileFormatException naming the file, line and field of the first problem
     */
    public static ModelAccuracy read(byte[] content, String source) {
        return read(content, source, TreeReader.yaml());
    }

    /** As {@link #read(byte[], String)} for a document in {@code format} (YAML, or JSON such as the build's copy). */
    static ModelAccuracy read(byte[] content, String source, TokenStreamFactory format) {
        JsonNode root;
        try {
            root = TreeReader.read(format, content);
        } catch (JacksonException e) {
            throw new ProfileFormatException(source, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), Optional.empty(),
                    "not valid YAML: " + dev.kiq.files.YamlLimits.describe(e.getOriginalMessage()), e);
        }
        JsonNode list = root.path("families");
        if (!list.isObject()) {
            throw problem(content, source, List.of(), "valid: a mapping 'families' from family key to its cross-validation result");
        }
        Map<String, Family> families = new LinkedHashMap<>();
        for (String key : list.propertyNames()) {
            JsonNode entry = list.get(key);
            List<Object> at = List.of("families", key);
            List<String> accelerators = ids(content, source, entry, at, "accelerators", true);
            List<String> measured = entry.has("measured") ? ids(content, source, entry, at, "measured", false) : accelerators;
            for (String id : measured) {
                if (!accelerators.contains(id)) {
                    throw problem(content, source, append(at, "measured"), "\"" + id
                            + "\" is not in the family's accelerators; valid: some of " + accelerators);
                }
            }
            int points = count(content, source, entry, at, "points");
            int sources = count(content, source, entry, at, "sources");
            JsonNode errors = entry.path("medianAbsoluteError");
            if (!errors.isObject()) {
                throw problem(content, source, at, "medianAbsoluteError is missing; valid: fractions per metric "
                        + ExpectedError.METRICS);
            }
            OptionalDouble[] values = new OptionalDouble[ExpectedError.METRICS.size()];
            for (String name : errors.propertyNames()) {
                if (!ExpectedError.METRICS.contains(name)) {
                    throw problem(content, source, append(append(at, "medianAbsoluteError"), name),
                            "unknown metric; valid: " + ExpectedError.METRICS);
                }
            }
            for (int i = 0; i < values.length; i++) {
                JsonNode value = errors.get(ExpectedError.METRICS.get(i));
                if (value == null || value.isNull()) {
                    values[i] = OptionalDouble.empty();
                } else if (!value.isNumber() || value.asDouble() < 0 || !Double.isFinite(value.asDouble())) {
                    throw problem(content, source, append(append(at, "medianAbsoluteError"), ExpectedError.METRICS.get(i)),
                            value.asString() + " is not allowed; valid: a fraction of at least 0 (0.12 for 12%)");
                } else {
                    values[i] = OptionalDouble.of(value.asDouble());
                }
            }
            families.put(key, new Family(key, accelerators, measured, points, sources,
                    new ExpectedError(values[0], values[1], values[2], values[3])));
        }
        return new ModelAccuracy(families);
    }

    public List<Family> families() {
        return List.copyOf(families.values());
    }

    /** The family whose factors apply to this accelerator, if any has cross-validated data. */
    public Optional<Family> familyOf(String acceleratorId) {
        return families.values().stream().filter(f -> f.accelerators().contains(acceleratorId)).findFirst();
    }

    /** The basis and expected error of a modeled profile of this accelerator. */
    public Uncertainty uncertainty(String acceleratorId) {
        return familyOf(acceleratorId)
                .map(f -> new Uncertainty(f.measured().contains(acceleratorId) ? Basis.calibrated : Basis.extrapolated, f.error()))
                .orElse(Uncertainty.UNCALIBRATED);
    }

    // ---- reading helpers ----------------------------------------------------------------------

    private static List<String> ids(byte[] content, String source, JsonNode entry, List<Object> at, String field, boolean nonEmpty) {
        JsonNode list = entry.path(field);
        if (!list.isArray() || (nonEmpty && list.isEmpty())) {
            throw problem(content, source, at, field + " is missing or not a list; valid: a list of catalog accelerator ids");
        }
        List<String> ids = new ArrayList<>();
        list.forEach(id -> ids.add(id.asString()));
        return ids;
    }

    private static int count(byte[] content, String source, JsonNode entry, List<Object> at, String field) {
        JsonNode value = entry.get(field);
        if (value == null || !value.isIntegralNumber() || value.asInt() < 0) {
            throw problem(content, source, value == null ? at : append(at, field),
                    field + (value == null ? " is missing" : " is not allowed") + "; valid: a whole number of at least 0");
        }
        return value.asInt();
    }

    private static List<Object> append(List<Object> path, Object segment) {
        List<Object> longer = new ArrayList<>(path);
        longer.add(segment);
        return longer;
    }

    private static ProfileFormatException problem(byte[] content, String source, List<Object> path, String message) {
        return new ProfileFormatException(source, ProfileReader.lineOf(content, ProfileFormat.YAML, ProfileValidator.pointer(path)),
                path.isEmpty() ? Optional.empty() : Optional.of(ProfileValidator.field(path)), message);
    }
}
