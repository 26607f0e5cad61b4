package dev.kiq.corpus;

import dev.kiq.KiqException;
import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.ClosestId;
import dev.kiq.catalog.ModelArchitecture;
import dev.kiq.catalog.ModelConfigParser;
import dev.kiq.catalog.TreeReader;
import dev.kiq.perf.SchedulerSettings;
import dev.kiq.profile.FieldWalk;
import dev.kiq.profile.ProfileFormat;
import dev.kiq.profile.ProfileFormatException;
import dev.kiq.profile.ProfileReader;
import dev.kiq.profile.ProfileValidator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks one corpus file ({@code profiles/published/<source>.yaml}; the format is
 * documented in {@code profiles/published/README.md}). Anything wrong is one
 * {@link ProfileFormatException} naming the file, the line, the field and what is valid.
 */
public final class CorpusReader {

    static final List<String> TOP_FIELDS = List.of("source", "models", "points");
    static final List<String> SOURCE_FIELDS = List.of("publisher", "title", "url", "repository", "path", "commit", "date");
    static final List<String> MODEL_FIELDS = List.of("config", "configSource");
    static final List<String> POINT_FIELDS = List.of("id", "model", "accelerator", "count", "server", "workload",
            "figures", "reading", "where", "note", "hold");
    static final List<String> SERVER_FIELDS = List.of("name", "version", "engine", "args", "coldStart");
    static final List<String> WORKLOAD_FIELDS = List.of("dataset", "prompts", "inputTokens", "outputTokens", "ignoreEos", "arrival",
            "prefixCache", "chatStream");
    static final List<String> ARRIVAL_FIELDS = List.of("kind", "rate", "concurrency");
    static final List<String> LATENCY_STATISTICS = List.of("mean", "median", "p90", "p99", "unstated");

    private static final Pattern VERSION = Pattern.compile("([0-9]+)\\.([0-9]+)(\\.[0-9]+)?([.+-][0-9A-Za-z.+-]*)?");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,40}");

    private CorpusReader() {
    }

    /** A source and its points, as read from one file. */
    public record SourceFile(CorpusSource source, List<PublishedPoint> points) {
    }

    /**
     * Reads one corpus file.
     *
     * @param content the file's bytes
     * @param file    the file's name in messages; its name without {@code .yaml} is the source id
     */
    public static SourceFile read(byte[] content, String file, Catalog catalog) {
        return read(content, file, catalog, Map.of());
    }

    /**
     * Reads one corpus file whose points may also name the models of the corpus's shared
     * {@code models.yaml} (see {@link #readModels}).
     */
    public static SourceFile read(byte[] content, String file, Catalog catalog, Map<String, ModelArchitecture> sharedModels) {
        Walk walk = new Walk(content, file, catalog);
        walk.fileModels.putAll(sharedModels);
        return walk.document(tree(content, file));
    }

    /**
     * Reads a models file: a mapping {@code models:} from Hugging Face id to {@code config}
     * (config.json fields) and {@code configSource}, as in a corpus file's own {@code models}.
     */
    public static Map<String, ModelArchitecture> readModels(byte[] content, String file) {
        return new Walk(content, file, Catalog.bundled()).modelsFile(tree(content, file));
    }

    private static JsonNode tree(byte[] content, String file) {
        try {
            JsonNode document = TreeReader.read(TreeReader.yaml(), content);
            if (document == null || document.isMissingNode() || document.isNull()) {
                throw new ProfileFormatException(file, 0, Optional.empty(), "the file is empty; valid: a corpus file with the fields "
                        + String.join(", ", TOP_FIELDS));
            }
            return document;
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
            throw new ProfileFormatException(file, line, Optional.empty(),
                    "not valid YAML: " + dev.kiq.files.YamlLimits.describe(e.getOriginalMessage()).strip(), e);
        }
    }

    /** The source id of a file name: the name without its folder and {@code .yaml}. */
    static String sourceId(String file) {
        String name = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
        return name.endsWith(".yaml") ? name.substring(0, name.length() - 5) : name;
    }

    /** Walks the tree keeping the current path, so that a problem names its field and line. */
    private static final class Walk extends FieldWalk {
        private final byte[] content;
        private final String file;
        private final Catalog catalog;
        private final Map<String, ModelArchitecture> fileModels = new HashMap<>();

        Walk(byte[] content, String file, Catalog catalog) {
            super((field, at, problem) -> new ProfileFormatException(file, lineOf(content, at),
                    field.isEmpty() ? Optional.empty() : Optional.of(field), problem));
            this.content = content;
            this.file = file;
            this.catalog = catalog;
        }

        SourceFile document(JsonNode root) {
            object(root, TOP_FIELDS);
            CorpusSource source = section(root, "source", SOURCE_FIELDS, node -> source(object(node, SOURCE_FIELDS)));
            if (root.has("models") && !root.get("models").isNull()) {
                in("models", () -> models(root.get("models")));
            }
            String validPoints = "a non-empty list of points, each with " + String.join(", ", POINT_FIELDS);
            JsonNode points = required(root, "points", validPoints);
            List<PublishedPoint> read = in("points", () -> {
                if (!points.isArray() || points.isEmpty()) {
                    fail("valid: " + validPoints);
                }
                List<PublishedPoint> list = new ArrayList<>();
                Set<String> ids = new HashSet<>();
                for (int i = 0; i < points.size(); i++) {
                    int index = i;
                    PublishedPoint point = in(index, () -> point(points.get(index), source));
                    if (!ids.add(point.id())) {
                        in(index, () -> in("id", () -> fail("\"" + point.id() + "\" is used by an earlier point; valid: an id unique in the file")));
                    }
                    list.add(point);
                }
                return list;
            });
            return new SourceFile(source, read);
        }

        private CorpusSource source(JsonNode node) {
            String publisher = text(node, "publisher");
            String title = text(node, "title");
            String location;
            if (node.has("url")) {
                location = text(node, "url");
                in("url", () -> {
                    if (!location.startsWith("https://") && !location.startsWith("http://")) {
                        fail("\"" + location + "\" is not a URL; valid: an address starting with https://");
                    }
                });
            } else if (node.has("repository")) {
                String repository = text(node, "repository");
                String filePath = text(node, "path");
                String commit = text(node, "commit");
                in("commit", () -> {
                    if (!COMMIT.matcher(commit).matches()) {
                        fail("\"" + commit + "\" is not a commit; valid: 7 to 40 lower-case hex digits");
                    }
                });
                location = repository + ":" + filePath + "@" + commit;
            } else {
                fail("no location; valid: url, or repository with path and commit");
                return null;
            }
            Optional<String> date = Optional.empty();
            if (node.has("date") && !node.get("date").isNull()) {
                String written = text(node, "date");
                in("date", () -> {
                    try {
                        LocalDate.parse(written);
                    } catch (DateTimeParseException e) {
                        fail("\"" + written + "\" is not a date; valid: an ISO date such as 2024-09-05");
                    }
                });
                date = Optional.of(written);
            }
            return new CorpusSource(sourceId(file), publisher, title, location, date, file);
        }

        /** A models file: only {@code models:}. */
        Map<String, ModelArchitecture> modelsFile(JsonNode root) {
            object(root, List.of("models"));
            checkSection(root, "models", this::models);
            return Map.copyOf(fileModels);
        }

        private void models(JsonNode models) {
            if (!models.isObject()) {
                fail("valid: a mapping from Hugging Face model id to its config");
            }
            for (String id : models.propertyNames()) {
                in(id, () -> {
                    JsonNode entry = object(models.get(id), MODEL_FIELDS);
                    JsonNode config = required(entry, "config");
                    text(entry, "configSource");
                    in("config", () -> {
                        if (!config.isObject()) {
                            fail("valid: a mapping of the model's config.json fields");
                        }
                        try {
                            fileModels.put(id, ModelConfigParser.parse(config.toString(), Optional.of(id), id, file));
                        } catch (KiqException e) {
                            fail(e.getMessage());
                        }
                    });
                });
            }
        }

        private PublishedPoint point(JsonNode node, CorpusSource source) {
            int line = line();
            object(node, POINT_FIELDS);
            String id = text(node, "id");
            String modelId = text(node, "model");
            ModelArchitecture model = in("model", () -> {
                ModelArchitecture known = fileModels.get(modelId);
                if (known != null) {
                    return known;
                }
                try {
                    return catalog.model(modelId);
                } catch (KiqException e) {
                    fail("not in this file's models nor in the catalog. " + e.getMessage());
                    return null;
                }
            });
            String acceleratorWritten = text(node, "accelerator", "an accelerator of kiq's catalog, e.g. nvidia-h100-80gb");
            String accelerator = in("accelerator", () -> {
                try {
                    return catalog.accelerator(acceleratorWritten).id();
                } catch (KiqException e) {
                    fail(e.getMessage());
                    return null;
                }
            });
            int count = positiveInteger(node, "count");
            ServerRun server = section(node, "server", SERVER_FIELDS, s -> server(object(s, SERVER_FIELDS), count, model));
            PublishedWorkload workload = section(node, "workload", WORKLOAD_FIELDS, w -> workload(object(w, WORKLOAD_FIELDS)));
            if (workload.prefixCache().isPresent()
                    && !server.args().prefixCaching().orElse(server.engine() == ServerRun.Engine.V1)) {
                in("workload", () -> in("prefixCache", () -> fail("prefix caching is off in this run (" + server.engine()
                        + (server.engine() == ServerRun.Engine.V0 ? " leaves it off by default" : " with enable_prefix_caching: false")
                        + "); valid: remove prefixCache, or server.args.enable_prefix_caching: true")));
            }
            List<Figure> figures = section(node, "figures", this::figures);
            String readingWritten = text(node, "reading", names(PublishedPoint.Reading.class));
            PublishedPoint.Reading reading = in("reading", () -> enumValue(PublishedPoint.Reading.class, readingWritten, "reading"));
            String where = text(node, "where");
            Optional<String> note = node.has("note") ? Optional.of(text(node, "note")) : Optional.empty();
            boolean hold = optionalFlag(node, "hold");
            if (hold && workload.arrival().kind() != Arrival.Kind.KNEE) {
                in("hold", () -> fail("only a published knee is held by the fit (this point's arrival is "
                        + workload.arrival().kind().name().toLowerCase(Locale.ROOT)
                        + "); valid: remove hold, or arrival: {kind: knee}"));
            }
            return new PublishedPoint(source, id, line, model, accelerator, count, server, workload, figures, reading, where,
                    note, hold);
        }

        private ServerRun server(JsonNode node, int count, ModelArchitecture model) {
            String name = text(node, "name");
            in("name", () -> {
                if (!name.equals("vllm")) {
                    fail("\"" + name + "\" is not a server the corpus holds; valid: vllm");
                }
            });
            String version = text(node, "version");
            int[] majorMinor = in("version", () -> {
                var m = VERSION.matcher(version);
                if (!m.matches()) {
                    fail("\"" + version + "\" is not a release; valid: a version such as 0.6.3 (quote it, without a leading v)");
                }
                return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
            });
            String engineWritten = text(node, "engine", names(ServerRun.Engine.class));
            ServerRun.Engine engine = in("engine", () -> {
                ServerRun.Engine e = enumValue(ServerRun.Engine.class, engineWritten, "engine");
                boolean beforeV1 = majorMinor[0] == 0 && majorMinor[1] < 7;    // V1 came as an opt-in alpha in 0.7.x
                boolean afterV0 = majorMinor[0] > 0 || majorMinor[1] >= 11;    // V0 was removed in 0.11
                if (e == ServerRun.Engine.V1 && beforeV1) {
                    fail("vLLM " + version + " has no V1 engine; valid: V0 (V1 exists from 0.7 on)");
                }
                if (e == ServerRun.Engine.V0 && afterV0) {
                    fail("vLLM " + version + " has no V0 engine; valid: V1 (V0 was removed in 0.11)");
                }
                return e;
            });
            EngineArgs args = node.has("args") && !node.get("args").isNull()
                    ? in("args", () -> args(node.get("args"), count))
                    : args(EMPTY, count);
            in("args", () -> startable(args, engine, model));
            return new ServerRun(name, version, engine, args, optionalFlag(node, "coldStart"));
        }

        /**
         * Scheduler settings vLLM refuses at start-up ({@link SchedulerSettings#startupRefusal}), as far as the file sets
         * them: a run with them never happened, so the point was copied wrong. A budget below max_model_len without
         * chunked prefill is checked for V0 only: V1 switched chunked prefill on whatever the flag said (0.11's
         * EngineArgs), and a V0 server without the flag chose by its version's threshold, which the corpus does not hold.
         */
        private void startable(EngineArgs args, ServerRun.Engine engine, ModelArchitecture model) {
            if (args.maxNumBatchedTokens().isEmpty()) {
                return;
            }
            int budget = args.maxNumBatchedTokens().getAsInt();
            int maxModelLen = args.maxModelLen().orElse(model.maxContext());
            boolean chunked = engine != ServerRun.Engine.V0 || args.chunkedPrefill().orElse(true);
            SchedulerSettings.startupRefusal(budget, args.maxNumSeqs(), maxModelLen, chunked).ifPresent(refusal ->
                    in("max_num_batched_tokens", () -> fail(switch (refusal) {
                        case BUDGET_BELOW_MAX_NUM_SEQS -> budget + " is below max_num_seqs " + args.maxNumSeqs().getAsInt()
                                + ": vLLM refuses to start so (" + refusal.reason() + "); valid: at least "
                                + args.maxNumSeqs().getAsInt();
                        case BUDGET_BELOW_MAX_MODEL_LEN -> budget + " is below max_model_len " + maxModelLen
                                + (args.maxModelLen().isPresent() ? "" : " (" + model.id() + "'s context)")
                                + " with enable_chunked_prefill false: vLLM V0 refuses to start so (" + refusal.reason()
                                + "); valid: at least " + maxModelLen + ", or enable_chunked_prefill true";
                    })));
        }

        private static final JsonNode EMPTY = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();

        private EngineArgs args(JsonNode node, int count) {
            if (!node.isObject()) {
                fail("valid: a mapping of vLLM argument names (snake_case) to values");
            }
            List<String> known = new ArrayList<>(EngineArgs.TYPED.keySet());
            known.addAll(EngineArgs.OTHER);
            Map<String, Object> typed = new HashMap<>();
            Map<String, String> others = new LinkedHashMap<>();
            for (String name : node.propertyNames()) {
                JsonNode value = node.get(name);
                in(name, () -> {
                    Class<?> kind = EngineArgs.TYPED.get(name);
                    if (kind == null && !EngineArgs.OTHER.contains(name)) {
                        String suggestion = ClosestId.find(name, known).map(s -> "; did you mean " + s + "?").orElse(".");
                        fail("unknown vLLM argument" + suggestion + " Valid: " + String.join(", ", known.stream().sorted().toList()));
                    }
                    if (kind == Integer.class) {
                        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1) {
                            fail(describe(value) + " is not allowed; valid: a whole number of at least 1");
                        }
                        typed.put(name, value.asInt());
                    } else if (kind == Boolean.class) {
                        if (!value.isBoolean()) {
                            fail(describe(value) + " is not allowed; valid: true or false");
                        }
                        typed.put(name, value.asBoolean());
                    } else if (kind == Double.class) {
                        if (!value.isNumber() || value.asDouble() <= 0 || value.asDouble() > 1) {
                            fail(describe(value) + " is not allowed; valid: a fraction above 0 and at most 1");
                        }
                        typed.put(name, value.asDouble());
                    } else if (kind == String.class) {
                        if (!value.isString() || value.asString().isBlank()) {
                            fail(describe(value) + " is not a text; valid: the value as given to vLLM, e.g. fp8");
                        }
                        typed.put(name, value.asString());
                    } else {
                        if (name.equals("tensor_parallel_size") || name.equals("pipeline_parallel_size")) {
                            if (!value.isIntegralNumber() || value.asInt() < 1 || count % value.asInt() != 0) {
                                fail(describe(value) + " does not divide the accelerator count " + count
                                        + "; valid: a whole number that divides count");
                            }
                        }
                        others.put(name, value.isValueNode() ? value.asString() : value.toString());
                    }
                });
            }
            if (others.containsKey("tensor_parallel_size")) {
                int tp = Integer.parseInt(others.get("tensor_parallel_size"));
                int pp = Integer.parseInt(others.getOrDefault("pipeline_parallel_size", "1"));
                if (tp * pp != count) {
                    in("tensor_parallel_size", () -> fail(tp + " × pipeline " + pp + " is not the point's count " + count
                            + "; valid: count = tensor_parallel_size × pipeline_parallel_size"));
                }
            }
            return new EngineArgs(
                    optionalInt(typed, "max_model_len"), optionalInt(typed, "max_num_seqs"), optionalInt(typed, "max_num_batched_tokens"),
                    Optional.ofNullable((Boolean) typed.get("enable_chunked_prefill")), optionalInt(typed, "num_scheduler_steps"),
                    Optional.ofNullable((Boolean) typed.get("async_scheduling")),
                    Optional.ofNullable((String) typed.get("dtype")), Optional.ofNullable((String) typed.get("quantization")),
                    Optional.ofNullable((String) typed.get("kv_cache_dtype")),
                    typed.containsKey("gpu_memory_utilization") ? OptionalDouble.of((Double) typed.get("gpu_memory_utilization")) : OptionalDouble.empty(),
                    Optional.ofNullable((Boolean) typed.get("enable_prefix_caching")), others);
        }

        /** An optional true/false field, false when absent. */
        private boolean optionalFlag(JsonNode node, String field) {
            if (!node.has(field)) {
                return false;
            }
            JsonNode value = node.get(field);
            in(field, () -> {
                if (!value.isBoolean()) {
                    fail(describe(value) + " is not allowed; valid: true or false");
                }
            });
            return value.asBoolean();
        }

        private PublishedWorkload workload(JsonNode node) {
            String dataset = text(node, "dataset");
            OptionalInt prompts = node.has("prompts") ? OptionalInt.of(positiveInteger(node, "prompts")) : OptionalInt.empty();
            Lengths input = node.has("inputTokens") ? in("inputTokens", () -> lengths(object(node.get("inputTokens"), Lengths.FIELDS))) : Lengths.UNSTATED;
            Lengths output = node.has("outputTokens") ? in("outputTokens", () -> lengths(object(node.get("outputTokens"), Lengths.FIELDS))) : Lengths.UNSTATED;
            boolean ignoreEos = optionalFlag(node, "ignoreEos");
            Arrival arrival = section(node, "arrival", ARRIVAL_FIELDS, a -> arrival(object(a, ARRIVAL_FIELDS)));
            if (arrival.kind() == Arrival.Kind.BURST && prompts.isEmpty()) {
                throw missing("prompts", "missing; a burst (rate=inf) needs its prompt count");
            }
            Optional<PrefixCache> prefixCache = node.has("prefixCache")
                    ? Optional.of(in("prefixCache", () -> prefixCache(object(node.get("prefixCache"), PrefixCache.FIELDS))))
                    : Optional.empty();
            boolean chatStream = optionalFlag(node, "chatStream");
            return new PublishedWorkload(dataset, prompts, input, output, ignoreEos, arrival, prefixCache, chatStream);
        }

        private PrefixCache prefixCache(JsonNode node) {
            int ways = node.size() - (node.has("prefixes") ? 1 : 0);
            if (ways != 1) {
                fail("valid: exactly one of cachedPrompts (the first N prompts are cached), sharedPrefix (tokens every"
                        + " prompt shares) or hitRate (fraction of prompt tokens served from the cache)");
            }
            int prefixes = node.has("prefixes") ? positiveInteger(node, "prefixes") : 1;
            if (node.has("prefixes") && !node.has("sharedPrefix")) {
                in("prefixes", () -> fail("is only valid with sharedPrefix (how many distinct shared prefixes the prompts start with)"));
            }
            OptionalInt cached = node.has("cachedPrompts") ? OptionalInt.of(positiveInteger(node, "cachedPrompts")) : OptionalInt.empty();
            OptionalInt shared = node.has("sharedPrefix") ? OptionalInt.of(positiveInteger(node, "sharedPrefix")) : OptionalInt.empty();
            OptionalDouble rate = OptionalDouble.empty();
            if (node.has("hitRate")) {
                double r = positiveNumber(node, "hitRate");
                if (r >= 1) {
                    in("hitRate", () -> fail(r + " is not allowed; valid: a fraction above 0 and below 1"));
                }
                rate = OptionalDouble.of(r);
            }
            return new PrefixCache(cached, shared, rate, prefixes);
        }

        private Lengths lengths(JsonNode node) {
            if (node.isEmpty()) {
                fail("no length given; valid: fixed, or any of min, median, mean, p90, p99, max (tokens)");
            }
            OptionalDouble[] values = new OptionalDouble[Lengths.FIELDS.size()];
            for (int i = 0; i < values.length; i++) {
                String name = Lengths.FIELDS.get(i);
                values[i] = node.has(name) ? OptionalDouble.of(positiveNumber(node, name)) : OptionalDouble.empty();
            }
            if (values[0].isPresent() && node.size() > 1) {
                fail("fixed is given with statistics; valid: fixed alone, or statistics without fixed");
            }
            return new Lengths(values[0], values[1], values[2], values[3], values[4], values[5], values[6]);
        }

        private Arrival arrival(JsonNode node) {
            String kindWritten = text(node, "kind", names(Arrival.Kind.class));
            Arrival.Kind kind = in("kind", () -> enumValue(Arrival.Kind.class, kindWritten, "arrival kind"));
            OptionalDouble rate = node.has("rate") ? OptionalDouble.of(positiveNumber(node, "rate")) : OptionalDouble.empty();
            OptionalInt concurrency = node.has("concurrency") ? OptionalInt.of(positiveInteger(node, "concurrency")) : OptionalInt.empty();
            // required names the missing field; it passes a field that is there
            if (kind == Arrival.Kind.POISSON) {
                required(node, "rate");
            }
            if (kind == Arrival.Kind.CONCURRENCY) {
                required(node, "concurrency");
            }
            if (kind != Arrival.Kind.POISSON && rate.isPresent()) {
                in("rate", () -> fail("a rate belongs only to a poisson arrival; valid: remove it, or kind poisson"));
            }
            return new Arrival(kind, rate, concurrency);
        }

        private List<Figure> figures(JsonNode node) {
            List<String> fields = java.util.Arrays.stream(Figure.Metric.values()).map(Figure.Metric::field).toList();
            object(node, fields);
            if (node.isEmpty()) {
                fail("no figure; valid: at least one of " + String.join(", ", fields));
            }
            List<Figure> figures = new ArrayList<>();
            for (Figure.Metric metric : Figure.Metric.values()) {
                if (!node.has(metric.field())) {
                    continue;
                }
                if (metric.isThroughput()) {
                    figures.add(new Figure(metric, Figure.Statistic.RATE, positiveNumber(node, metric.field())));
                } else {
                    JsonNode stats = node.get(metric.field());
                    in(metric.field(), () -> {
                        object(stats, LATENCY_STATISTICS);
                        if (stats.isEmpty()) {
                            fail("no statistic; valid: any of " + String.join(", ", LATENCY_STATISTICS) + " (ms)");
                        }
                        for (String statistic : LATENCY_STATISTICS) {
                            if (stats.has(statistic)) {
                                figures.add(new Figure(metric, Figure.Statistic.valueOf(statistic.toUpperCase(Locale.ROOT)),
                                        positiveNumber(stats, statistic)));
                            }
                        }
                    });
                }
            }
            return figures;
        }

        // ---- field kinds ------------------------------------------------------------------------

        private <E extends Enum<E>> E enumValue(Class<E> type, String written, String what) {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(written)) {
                    return constant;
                }
            }
            fail("\"" + written + "\" is not a " + what + "; valid: " + names(type));
            return null;
        }

        /** The values of {@code type} as a corpus file writes them. */
        private static String names(Class<? extends Enum<?>> type) {
            return String.join(", ", java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> type == ServerRun.Engine.class ? c.name() : c.name().toLowerCase(Locale.ROOT)).toList());
        }

        private int line() {
            return lineOf(content, path());
        }
    }

    private static int lineOf(byte[] content, List<Object> path) {
        return ProfileReader.lineOf(content, ProfileFormat.YAML, ProfileValidator.pointer(path));
    }

    private static OptionalInt optionalInt(Map<String, Object> typed, String name) {
        return typed.containsKey(name) ? OptionalInt.of((Integer) typed.get(name)) : OptionalInt.empty();
    }
}
