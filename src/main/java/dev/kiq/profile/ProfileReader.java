package dev.kiq.profile;

import dev.kiq.KiqException;
import dev.kiq.files.InputLimits;
import dev.kiq.files.YamlLimits;
import dev.kiq.catalog.TreeReader;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonPointer;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a profile from YAML or JSON and checks it with {@link ProfileValidator}. Anything wrong
 * with the file is one {@link ProfileFormatException} naming the file, line, field and what is
 * valid.
 */
public final class ProfileReader {

    private ProfileReader() {
    }

    /** Reads a {@code .yaml}, {@code .yml} or {@code .json} profile file. */
    public static Profile read(Path file) {
        ProfileFormat format = ProfileFormat.of(file).orElseThrow(() -> new KiqException(
                "Profile file " + file + " has an unknown extension; valid: .yaml, .yml or .json."));
        return read(InputLimits.DATA.read(file, "Profile file"), file.toString(), format);
    }

    /**
     * Reads one profile document.
     *
     * @param source the file or resource name used in messages
     */
    public static Profile read(byte[] content, String source, ProfileFormat format) {
        return toProfile(validTree(content, source, format));
    }

    /** The document's tree once {@link ProfileValidator} accepts it; {@link #toProfile} maps it. */
    static JsonNode validTree(byte[] content, String source, ProfileFormat format) {
        Optional<String> tooLarge = InputLimits.DATA.problem(content, "the file");
        if (tooLarge.isPresent()) {
            // checked before parsing: SnakeYAML takes minutes over one very long line
            throw new ProfileFormatException(source, 0, Optional.empty(), tooLarge.get());
        }
        JsonNode document;
        try {
            document = TreeReader.read(factory(format), content);
        } catch (JacksonException e) {
            throw new ProfileFormatException(source, line(e.getLocation()), Optional.empty(),
                    "not valid " + format + ": " + YamlLimits.describe(e.getOriginalMessage()) + cutShort(content), e);
        }
        Optional<ProfileValidator.Violation> violation = ProfileValidator.check(document);
        if (violation.isPresent()) {
            ProfileValidator.Violation v = violation.get();
            throw new ProfileFormatException(source, lineOf(content, format, v.pointer()),
                    v.field().isEmpty() ? Optional.empty() : Optional.of(v.field()),
                    v.problem() + (v.problem().startsWith(FieldWalk.MISSING) ? cutShort(content) : ""));
        }
        return document;
    }

    /**
     * A file kiq or a benchmark wrote ends with a line break; a missing field or a syntax error in one that does not
     * most likely comes from a copy or download that stopped, which the field or the parser's words alone do not tell.
     */
    private static String cutShort(byte[] content) {
        return content.length > 0 && content[content.length - 1] != '\n'
                ? "; the file ends in the middle of a line: is it cut short?" : "";
    }

    public static Profile read(String content, String source, ProfileFormat format) {
        return read(content.getBytes(java.nio.charset.StandardCharsets.UTF_8), source, format);
    }

    /**
     * The line where the value at {@code pointer} starts (its key for a mapping entry); 0 if the
     * document does not contain it. Re-reads the file as a token stream, so it is only paid for
     * bad files.
     */
    public static int lineOf(byte[] content, ProfileFormat format, JsonPointer pointer) {
        try (JsonParser parser = TreeReader.parser(factory(format), content)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (parser.streamReadContext().pathAsPointer().equals(pointer)) {
                    return line(parser.currentTokenLocation());
                }
            }
        } catch (JacksonException e) {
            return 0;
        }
        return 0;
    }

    /**
     * A field of a profile file that reads well but that the caller cannot use (a model or accelerator the catalog
     * does not know, a setup vLLM would not start): one message naming the file, the field's line and the field.
     * The line comes from re-reading the file; without a readable file of a known format it is left out.
     *
     * @param path the field as its segments, e.g. {@code ["resourcesUsed", "acceleratorCount"]}
     */
    public static ProfileFormatException fieldProblem(String file, List<Object> path, String problem) {
        int line = 0;
        try {
            Path p = Path.of(file);
            Optional<ProfileFormat> format = ProfileFormat.of(p);
            if (format.isPresent() && java.nio.file.Files.isRegularFile(p)) {
                line = lineOf(java.nio.file.Files.readAllBytes(p), format.get(), ProfileValidator.pointer(path));
            }
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            line = 0; // the message still names the file and the field
        }
        return new ProfileFormatException(file, line, Optional.of(ProfileValidator.field(path)), problem);
    }

    private static TokenStreamFactory factory(ProfileFormat format) {
        return format == ProfileFormat.YAML ? TreeReader.yaml() : TreeReader.JSON;
    }

    private static int line(TokenStreamLocation location) {
        return location == null ? 0 : Math.max(0, location.getLineNr());
    }

    // ---- mapping (the tree is valid here) -----------------------------------------------------

    /** The profile of a tree {@link #validTree} accepted. */
    static Profile toProfile(JsonNode root) {
        JsonNode info = root.get("modelServerInfo");
        JsonNode provenance = root.get("provenance");
        JsonNode config = root.get("serverConfig");
        JsonNode stats = root.get("performanceStats");
        List<PerformancePoint> points = new ArrayList<>(stats.size());
        for (JsonNode point : stats) {
            points.add(toPoint(point));
        }
        return new Profile(
                new ModelServerInfo(info.get("model").asString(), info.get("modelServer").asString(),
                        info.get("modelServerVersion").asString()),
                root.get("acceleratorType").asString(),
                optionalText(root, "tpuTopology"),
                root.get("instanceType").asString(),
                new ResourcesUsed(root.get("resourcesUsed").get("acceleratorCount").asInt()),
                points,
                toProvenance(provenance),
                new ServerConfig(config.get("maxModelLen").asInt(), config.get("maxNumSeqs").asInt(),
                        config.get("maxNumBatchedTokens").asInt(), config.get("gpuMemoryUtilization").asDouble()),
                root.has("knee") && !root.get("knee").isNull() ? Optional.of(toPoint(root.get("knee"))) : Optional.empty());
    }

    private static Provenance toProvenance(JsonNode provenance) {
        Provenance.Kind kind = Provenance.Kind.valueOf(provenance.get("kind").asString());
        Basis basis = optionalText(provenance, "basis").map(Basis::valueOf).orElse(Basis.defaultFor(kind));
        JsonNode errors = provenance.get("expectedError");
        ExpectedError expected = errors == null || errors.isNull() ? ExpectedError.NONE
                : new ExpectedError(fraction(errors, "throughput"), fraction(errors, "ntpot"), fraction(errors, "tpot"),
                        fraction(errors, "ttft"));
        return new Provenance(kind, provenance.get("tool").asString(), provenance.get("toolVersion").asString(),
                provenance.get("date").asString(), provenance.get("workload").asString(), basis, expected,
                workloadShape(provenance.get("workloadShape")));
    }

    private static java.util.OptionalDouble fraction(JsonNode errors, String metric) {
        JsonNode value = errors.get(metric);
        return value == null || value.isNull() ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(value.asDouble());
    }

    private static Optional<WorkloadShape> workloadShape(JsonNode shape) {
        if (shape == null || shape.isNull()) {
            return Optional.empty();
        }
        return Optional.of(new WorkloadShape(shape.get("useCase").asString(),
                shape.get("meanInputTokens").asDouble(), shape.get("meanOutputTokens").asDouble()));
    }

    private static PerformancePoint toPoint(JsonNode p) {
        return new PerformancePoint(
                p.get("queriesPerSecond").asDouble(),
                p.get("outputTokensPerSecond").asDouble(),
                p.get("inputTokensPerSecond").asDouble(),
                p.get("ntpotMilliseconds").asDouble(),
                p.get("ttftMilliseconds").asDouble(),
                p.get("itlMilliseconds").asDouble(),
                p.get("queueSize").asDouble(),
                p.get("batchSize").asDouble(),
                p.get("kvCacheUsage").asDouble());
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asString());
    }
}
