package dev.kiq.profile;

import dev.kiq.KiqException;
import dev.kiq.files.AtomicWriter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.ArrayNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes profiles as YAML or JSON, byte-for-byte deterministic: fields in a fixed order
 * (gkerecommender v1 first, then kiq's own), numbers rounded half-even to at most
 * {@value #DECIMALS} decimals from their exact binary value and printed without exponent or
 * trailing zeros, {@code \n} line ends. Reading a written file and writing it again gives the
 * same bytes. A profile that breaks a {@link ProfileValidator} rule is refused.
 */
public final class ProfileWriter {

    /** Decimals kept for every non-integer number. */
    public static final int DECIMALS = 4;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ProfileWriter() {
    }

    public static String toYaml(Profile profile) {
        return write(profile, ProfileFormat.YAML);
    }

    public static String toJson(Profile profile) {
        return write(profile, ProfileFormat.JSON);
    }

    public static String write(Profile profile, ProfileFormat format) {
        ObjectNode tree = toTree(profile);
        ProfileValidator.check(tree).ifPresent(v -> {
            throw new ProfileFormatException("profile of " + profile.key(), 0,
                    v.field().isEmpty() ? Optional.empty() : Optional.of(v.field()), v.problem());
        });
        String text = ProfileMappers.write(tree, format);
        return text.endsWith("\n") ? text : text + "\n";
    }

    /**
     * Writes atomically ({@link AtomicWriter}), creating the folder when missing; the format follows the
     * extension.
     */
    public static void write(Profile profile, Path file) {
        ProfileFormat format = ProfileFormat.of(file).orElseThrow(() -> new KiqException(
                "Cannot write profile to " + file + "; valid extensions: .yaml, .yml or .json."));
        AtomicWriter.writeCreatingFolders(file, write(profile, format));
    }

    /** The profile as an ordered tree, the shape both formats are written from. */
    public static ObjectNode toTree(Profile profile) {
        ObjectNode root = NODES.objectNode();
        ObjectNode info = root.putObject("modelServerInfo");
        info.put("model", profile.modelServerInfo().model());
        info.put("modelServer", profile.modelServerInfo().modelServer());
        info.put("modelServerVersion", profile.modelServerInfo().modelServerVersion());
        root.put("acceleratorType", profile.acceleratorType());
        profile.tpuTopology().ifPresent(t -> root.put("tpuTopology", t));
        root.put("instanceType", profile.instanceType());
        root.putObject("resourcesUsed").put("acceleratorCount", profile.resourcesUsed().acceleratorCount());
        Provenance provenance = profile.provenance();
        ObjectNode p = root.putObject("provenance");
        p.put("kind", provenance.kind().name());
        p.put("tool", provenance.tool());
        p.put("toolVersion", provenance.toolVersion());
        p.put("date", provenance.date());
        p.put("workload", provenance.workload());
        // written only when they say more than the kind does, so older files and their bytes stay as they were
        if (provenance.basis() != Basis.defaultFor(provenance.kind())) {
            p.put("basis", provenance.basis().name());
        }
        if (!provenance.expectedError().isEmpty()) {
            ObjectNode errors = p.putObject("expectedError");
            for (String metric : ExpectedError.METRICS) {
                provenance.expectedError().of(metric).ifPresent(e -> errors.set(metric, number(e)));
            }
        }
        provenance.shape().ifPresent(w -> {
            ObjectNode shape = p.putObject("workloadShape");
            shape.put("useCase", w.useCase());
            shape.set("meanInputTokens", number(w.meanInputTokens()));
            shape.set("meanOutputTokens", number(w.meanOutputTokens()));
        });
        ServerConfig config = profile.serverConfig();
        ObjectNode c = root.putObject("serverConfig");
        c.put("maxModelLen", config.maxModelLen());
        c.put("maxNumSeqs", config.maxNumSeqs());
        c.put("maxNumBatchedTokens", config.maxNumBatchedTokens());
        c.set("gpuMemoryUtilization", number(config.gpuMemoryUtilization()));
        profile.knee().ifPresent(knee -> root.set("knee", point(knee)));
        ArrayNode stats = root.putArray("performanceStats");
        profile.performanceStats().forEach(point -> stats.add(point(point)));
        return root;
    }

    private static ObjectNode point(PerformancePoint point) {
        ObjectNode node = NODES.objectNode();
        node.set("queriesPerSecond", number(point.queriesPerSecond()));
        node.set("outputTokensPerSecond", number(point.outputTokensPerSecond()));
        node.set("inputTokensPerSecond", number(point.inputTokensPerSecond()));
        node.set("ntpotMilliseconds", number(point.ntpotMilliseconds()));
        node.set("ttftMilliseconds", number(point.ttftMilliseconds()));
        node.set("itlMilliseconds", number(point.itlMilliseconds()));
        node.set("queueSize", number(point.queueSize()));
        node.set("batchSize", number(point.batchSize()));
        node.set("kvCacheUsage", number(point.kvCacheUsage()));
        return node;
    }

    /**
     * The value a profile file keeps of {@code value} ({@value #DECIMALS} decimals, half-even from its exact binary
     * value): two numbers equal here are the same number once written.
     */
    public static double asWritten(double value) {
        return Double.isFinite(value) ? number(value).doubleValue() : value;
    }

    /**
     * The number as written: rounded from its exact binary value (not from {@code Double.toString},
     * whose digits changed between JDK releases), so every JDK writes the same text.
     */
    static JsonNode number(double value) {
        if (!Double.isFinite(value)) {
            // left for the validator to report with the field name
            return NODES.stringNode(Double.toString(value));
        }
        BigDecimal rounded = new BigDecimal(value).setScale(DECIMALS, RoundingMode.HALF_EVEN).stripTrailingZeros();
        if (rounded.signum() == 0) {
            return NODES.numberNode(0);
        }
        if (rounded.scale() <= 0) {
            return NODES.numberNode(rounded.longValueExact());
        }
        return NODES.numberNode(rounded);
    }
}
