package dev.kiq.settings;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.kiq.KiqException;
import dev.kiq.files.AtomicWriter;
import dev.kiq.files.FieldKind;
import dev.kiq.files.InputLimits;
import dev.kiq.files.YamlLimits;
import dev.kiq.catalog.PricingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads and writes {@code settings.yaml}. Reading never stops the app: a file that cannot be read or parsed
 * is moved aside and the defaults are used; writing goes to a temporary file in the same folder that then
 * replaces the old one atomically, so a crash mid-write never leaves half a file.
 */
public final class SettingsStore {

    /**
     * The mapper, built on first use (lazy holder): building it costs about 190 ms of CPU in a fresh JVM, and
     * most CLI starts have no settings file to read.
     */
    private static final class Mapper {
        static final ObjectMapper YAML = YAMLMapper.builder(YamlLimits.yamlFactory().build())
                .addMixIn(PricingModel.class, PricingModelById.class)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_ABSENT))
                .build();
    }

    private final Path file;
    private final Clock clock;

    public SettingsStore(Path file) {
        this(file, Clock.systemUTC());
    }

    public SettingsStore(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    /** The settings and, when the file was damaged, what was moved aside. */
    public record Loaded(Settings settings, Optional<SetAsideFile> setAside) {
    }

    public Loaded load() {
        if (!Files.exists(file)) {
            return new Loaded(Settings.defaults(), Optional.empty());
        }
        String reason;
        try {
            if (Files.isDirectory(file)) {
                reason = "it is a folder, not a file";
            } else {
                byte[] content = InputLimits.DATA.read(file, "Settings file");
                Settings s = Mapper.YAML.readValue(content, Settings.class);
                if (s != null) {
                    return new Loaded(s, Optional.empty());
                }
                reason = "it is empty";
            }
        } catch (JacksonException e) {
            reason = describe(e);
        } catch (KiqException e) {
            // too large, a line too long for the parser, permission denied
            reason = e.getMessage();
        } catch (RuntimeException e) {
            // a malformed-input (not UTF-8) file or an I/O error: still only a damaged file, never fatal
            reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        return new Loaded(Settings.defaults(), Optional.of(DamagedFiles.setAside(file, reason, clock)));
    }

    /** Writes the settings atomically, creating the folder when needed. */
    public void save(Settings settings) {
        AtomicWriter.writeCreatingFolders(file, Mapper.YAML.writeValueAsString(settings));
    }

    static String describe(JacksonException e) {
        String msg = e instanceof MismatchedInputException m && m.getTargetType() != null && !m.getPath().isEmpty()
                // a value of the wrong kind: name the field and what is valid, not the Java type kiq reads it into
                ? "field " + field(m.getPath()) + ": " + (m instanceof InvalidFormatException f && f.getValue() != null
                        ? "\"" + f.getValue() + "\" is" : "this is") + " not valid; valid: "
                        + FieldKind.of(m.getTargetType(), c -> Mapper.YAML.valueToTree(c).asString())
                : YamlLimits.describe(Optional.ofNullable(e.getOriginalMessage()).orElse(e.getClass().getSimpleName()));
        TokenStreamLocation at = e.getLocation();
        return at != null && at.getLineNr() > 0 ? "line " + at.getLineNr() + (msg.startsWith("field ") ? ", " : ": ") + msg : msg;
    }

    private static String field(List<JacksonException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference r : path) {
            if (r.getPropertyName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(r.getPropertyName());
            } else {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** Writes pricing models by their gcloud ids ({@code on-demand}, {@code spot}, …) rather than enum names. */
    abstract static class PricingModelById {
        @JsonValue
        abstract String id();
    }
}
