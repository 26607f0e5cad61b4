package dev.kiq.profile;

import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules a profile document must follow (gkerecommender v1 field names plus kiq's provenance,
 * server config and knee), checked on the parsed tree so that a violation can be traced back to a
 * line of the file. The first violation found is reported; it names the field and what is valid.
 */
public final class ProfileValidator {

    /** The fields of a performance point, in the order they are written. */
    public static final List<String> POINT_FIELDS = List.of(
            "queriesPerSecond", "outputTokensPerSecond", "inputTokensPerSecond",
            "ntpotMilliseconds", "ttftMilliseconds", "itlMilliseconds",
            "queueSize", "batchSize", "kvCacheUsage");

    static final List<String> TOP_FIELDS = List.of(
            "modelServerInfo", "acceleratorType", "tpuTopology", "instanceType", "resourcesUsed",
            "provenance", "serverConfig", "knee", "performanceStats");
    static final List<String> MODEL_SERVER_INFO_FIELDS = List.of("model", "modelServer", "modelServerVersion");
    static final List<String> RESOURCES_FIELDS = List.of("acceleratorCount");
    static final List<String> PROVENANCE_FIELDS = List.of("kind", "tool", "toolVersion", "date", "workload",
            "basis", "expectedError", "workloadShape");
    static final List<String> WORKLOAD_SHAPE_FIELDS = List.of("useCase", "meanInputTokens", "meanOutputTokens");
    private static final String POINTS = "a non-empty list of performance points, each with " + String.join(", ", POINT_FIELDS);
    static final List<String> SERVER_CONFIG_FIELDS = List.of("maxModelLen", "maxNumSeqs", "maxNumBatchedTokens", "gpuMemoryUtilization");

    private static final Pattern TOPOLOGY = Pattern.compile("[1-9][0-9]*(x[1-9][0-9]*){1,2}");

    /**
     * A broken rule.
     *
     * @param field   path such as {@code performanceStats[3].kvCacheUsage}, empty for the whole document
     * @param pointer the same path as a JSON pointer, to find its line in the file
     * @param problem what is wrong and what would be valid
     */
    public record Violation(String field, JsonPointer pointer, String problem) {
    }

    private ProfileValidator() {
    }

    /** The first rule the document breaks, if any. */
    public static Optional<Violation> check(JsonNode document) {
        try {
            new Walk().document(document);
            return Optional.empty();
        } catch (Found found) {
            return Optional.of(found.violation);
        }
    }

    private static final class Found extends RuntimeException {
        final Violation violation;

        Found(Violation violation) {
            super(violation.problem(), null, false, false);
            this.violation = violation;
        }
    }

    /** Walks the tree keeping the current path, for messages and pointers. */
    private static final class Walk extends FieldWalk {
        Walk() {
            super((field, at, problem) -> new Found(new Violation(field, pointer(at), problem)));
        }

        void document(JsonNode root) {
            if (root == null || root.isMissingNode() || root.isNull()) {
                fail("the file is empty; valid: a profile with the fields " + String.join(", ", TOP_FIELDS));
            }
            object(root, TOP_FIELDS);
            checkSection(root, "modelServerInfo", MODEL_SERVER_INFO_FIELDS, node -> {
                JsonNode info = object(node, MODEL_SERVER_INFO_FIELDS);
                text(info, "model", "a Hugging Face model id, e.g. deepseek-ai/DeepSeek-R1-Distill-Qwen-7B");
                text(info, "modelServer", "a model server, e.g. vllm");
                text(info, "modelServerVersion", "the server's release, e.g. v0.7.2");
            });
            text(root, "acceleratorType", "an accelerator type, e.g. nvidia-h100-80gb or tpu-v6e-slice");
            text(root, "instanceType", "a machine type, e.g. a3-highgpu-1g");
            int count = section(root, "resourcesUsed", RESOURCES_FIELDS, node -> {
                JsonNode resources = object(node, RESOURCES_FIELDS);
                return positiveInteger(resources, "acceleratorCount");
            });
            if (root.has("tpuTopology") && !root.get("tpuTopology").isNull()) {
                String topology = text(root, "tpuTopology");
                in("tpuTopology", () -> {
                    if (!TOPOLOGY.matcher(topology).matches()) {
                        fail("\"" + topology + "\" is not a TPU topology; valid: dimensions joined by x, e.g. 2x4 or 4x4x4");
                    }
                    int chips = Arrays.stream(topology.split("x")).mapToInt(Integer::parseInt).reduce(1, (a, b) -> a * b);
                    if (chips != count) {
                        fail(topology + " has " + chips + " chips but resourcesUsed.acceleratorCount is " + count
                                + "; valid: a topology whose dimensions multiply to the accelerator count");
                    }
                });
            }
            checkSection(root, "provenance", PROVENANCE_FIELDS, node -> provenance(object(node, PROVENANCE_FIELDS)));
            checkSection(root, "serverConfig", SERVER_CONFIG_FIELDS, node -> serverConfig(object(node, SERVER_CONFIG_FIELDS)));
            if (root.has("knee") && !root.get("knee").isNull()) {
                in("knee", () -> point(root.get("knee")));
            }
            JsonNode stats = required(root, "performanceStats", POINTS);
            in("performanceStats", () -> points(stats));
        }

        private void provenance(JsonNode provenance) {
            String kind = text(provenance, "kind", "measured or modeled");
            in("kind", () -> {
                try {
                    Provenance.Kind.valueOf(kind);
                } catch (IllegalArgumentException e) {
                    fail("\"" + kind + "\" is not a provenance kind; valid: measured or modeled");
                }
            });
            text(provenance, "tool");
            text(provenance, "toolVersion");
            String date = text(provenance, "date", "an ISO date such as 2026-11-26");
            in("date", () -> {
                try {
                    LocalDate.parse(date);
                } catch (DateTimeParseException e) {
                    fail("\"" + date + "\" is not a date; valid: an ISO date such as 2026-11-26");
                }
            });
            text(provenance, "workload");
            if (provenance.has("basis") && !provenance.get("basis").isNull()) {
                String basis = text(provenance, "basis");
                in("basis", () -> {
                    Basis value;
                    try {
                        value = Basis.valueOf(basis);
                    } catch (IllegalArgumentException e) {
                        fail("\"" + basis + "\" is not a basis; valid: measured, calibrated, extrapolated or uncalibrated");
                        return;
                    }
                    boolean measured = kind.equals(Provenance.Kind.measured.name());
                    if (measured != (value == Basis.measured)) {
                        fail("\"" + basis + "\" does not go with kind " + kind + "; valid: " + (measured ? "measured"
                                : "calibrated, extrapolated or uncalibrated"));
                    }
                });
            }
            if (provenance.has("expectedError") && !provenance.get("expectedError").isNull()) {
                in("expectedError", () -> {
                    JsonNode errors = object(provenance.get("expectedError"), ExpectedError.METRICS);
                    for (String metric : ExpectedError.METRICS) {
                        if (errors.has(metric)) {
                            double value = number(errors, metric);
                            in(metric, () -> {
                                if (value < 0) {
                                    fail(errors.get(metric).asString() + " is negative; valid: a fraction of at least 0 (0.12 for 12%)");
                                }
                            });
                        }
                    }
                });
            }
            if (provenance.has("workloadShape") && !provenance.get("workloadShape").isNull()) {
                in("workloadShape", () -> {
                    JsonNode shape = object(provenance.get("workloadShape"), WORKLOAD_SHAPE_FIELDS);
                    text(shape, "useCase");
                    for (String field : List.of("meanInputTokens", "meanOutputTokens")) {
                        double mean = number(shape, field);
                        in(field, () -> {
                            if (mean < 1) {
                                fail(mean + " is not allowed; valid: a mean length of at least 1 token");
                            }
                        });
                    }
                });
            }
        }

        private void serverConfig(JsonNode config) {
            positiveInteger(config, "maxModelLen");
            positiveInteger(config, "maxNumSeqs");
            positiveInteger(config, "maxNumBatchedTokens");
            double utilization = number(config, "gpuMemoryUtilization");
            in("gpuMemoryUtilization", () -> {
                if (utilization <= 0 || utilization > 1) {
                    fail(config.get("gpuMemoryUtilization").asString() + " is out of range; valid: a fraction above 0 and at most 1");
                }
            });
        }

        private void points(JsonNode stats) {
            if (!stats.isArray() || stats.isEmpty()) {
                fail("valid: " + POINTS);
            }
            double previousRate = -1;
            for (int i = 0; i < stats.size(); i++) {
                int index = i;
                double rate = in(index, () -> point(stats.get(index)));
                if (rate <= previousRate) {
                    int previousIndex = i - 1;
                    String written = stats.get(index).get("queriesPerSecond").asString();
                    String before = stats.get(previousIndex).get("queriesPerSecond").asString();
                    in(index, () -> in("queriesPerSecond", () -> fail(written + " is not above " + before
                            + " of the point before; valid: points sorted by strictly increasing queriesPerSecond")));
                }
                previousRate = rate;
            }
        }

        /** Checks one point; returns its rate. */
        private double point(JsonNode point) {
            object(point, POINT_FIELDS);
            for (String field : POINT_FIELDS) {
                double value = number(point, field);
                String written = point.get(field).asString();
                in(field, () -> {
                    if (value < 0) {
                        fail(written + " is negative; valid: a number of at least 0");
                    }
                    if (field.equals("kvCacheUsage") && value > 1) {
                        fail(written + " is out of range; valid: a number from 0 to 1 (a fraction, not a percentage)");
                    }
                });
            }
            return point.get("queriesPerSecond").asDouble();
        }
    }

    /** A path of field names and list indexes written as {@code a.b[3].c}. */
    public static String field(List<Object> path) {
        StringBuilder field = new StringBuilder();
        for (Object segment : path) {
            if (segment instanceof Integer index) {
                field.append('[').append(index).append(']');
            } else {
                if (field.length() > 0) {
                    field.append('.');
                }
                field.append(segment);
            }
        }
        return field.toString();
    }

    /** The same path as a JSON pointer, for {@link ProfileReader#lineOf}. */
    public static JsonPointer pointer(List<Object> path) {
        JsonPointer pointer = JsonPointer.empty();
        for (Object segment : path) {
            pointer = segment instanceof Integer index ? pointer.appendIndex(index) : pointer.appendProperty((String) segment);
        }
        return pointer;
    }
}
