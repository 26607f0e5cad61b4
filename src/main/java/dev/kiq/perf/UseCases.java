package dev.kiq.perf;

import dev.kiq.KiqException;
import dev.kiq.catalog.ClosestId;
import dev.kiq.catalog.TreeReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The use cases kiq knows ({@code kiq use-cases list}), read from the bundled
 * {@code profiles/catalog/use-cases.yaml}. Each side of a use case is given by quantile knots of a
 * public data file, by a statistics table ({@link TokenLengthDistribution#fitMean}), by a uniform
 * range, or by another use case's shape moved to a mean ({@code shape}, {@code mean}, {@code cap}).
 */
public final class UseCases {

    public static final String RESOURCE = "/profiles/catalog/use-cases.yaml";

    /** Each use case's entry of the file, in file order (ids, the default and their order are read at once). */
    private final Map<String, JsonNode> entries;
    private final String defaultId;
    /**
     * The use cases built so far. A use case is built when first asked for: its distributions and statistics cost
     * up to 100 000 quantile steps a side ({@link TokenLengthDistribution#mean()}), about 30 ms of a one-profile
     * {@code simulate}, which needs only the default one. Guarded by {@code this}.
     */
    private final Map<String, UseCase> built = new HashMap<>();

    private UseCases(Map<String, JsonNode> entries, String defaultId) {
        this.entries = entries;
        this.defaultId = defaultId;
    }

    /** The bundled use cases; read once. */
    public static UseCases bundled() {
        return Holder.BUNDLED;
    }

    public List<UseCase> all() {
        return entries.keySet().stream().map(this::get).toList();
    }

    public List<String> ids() {
        return List.copyOf(entries.keySet());
    }

    /** The default use case (chatbot). */
    public UseCase defaultUseCase() {
        return get(defaultId);
    }

    /** The use case with this id, or a user error that suggests the closest id and lists them all. */
    public UseCase find(String id) {
        if (!entries.containsKey(id)) {
            throw ClosestId.unknown("use case", id, entries.keySet());
        }
        return get(id);
    }

    static UseCases parse(JsonNode root) {
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        List<String> defaults = new ArrayList<>();
        for (JsonNode entry : root.path("useCases")) {
            String id = entry.get("id").asString();
            entries.put(id, entry);
            if (entry.path("default").asBoolean(false)) {
                defaults.add(id);
            }
        }
        if (defaults.size() != 1) {
            throw new IllegalStateException(RESOURCE + " must mark exactly one use case as the default");
        }
        return new UseCases(entries, defaults.get(0));
    }

    /** The use case of entry {@code id}, built at the first call. */
    private synchronized UseCase get(String id) {
        UseCase u = built.get(id);
        if (u == null) {
            u = build(id, entries.get(id));
            built.put(id, u);
        }
        return u;
    }

    private UseCase build(String id, JsonNode entry) {
        boolean isDefault = id.equals(defaultId);
        TokenLengthDistribution in = side(id, entry.get("input"), true);
        TokenLengthDistribution out = side(id, entry.get("output"), false);
        UseCase.LengthTable inTable = table(entry.get("input"), in);
        UseCase.LengthTable outTable = table(entry.get("output"), out);
        // the default keeps the name every shipped profile was modeled with
        Workload workload = isDefault ? Workload.shareGpt() : new Workload(id, in, out);
        return new UseCase(id, entry.get("name").asString(), isDefault, entry.get("basis").asString(),
                entry.get("source").asString().strip(), inTable, outTable, workload);
    }

    private TokenLengthDistribution side(String id, JsonNode side, boolean input) {
        if (side.has("knots")) {
            JsonNode knots = side.get("knots");
            double[] q = new double[knots.size()];
            double[] v = new double[knots.size()];
            for (int i = 0; i < q.length; i++) {
                q[i] = knots.get(i).get(0).asDouble();
                v[i] = knots.get(i).get(1).asDouble();
            }
            return new TokenLengthDistribution(q, v);
        }
        if (side.has("uniform")) {
            return TokenLengthDistribution.uniform(side.get("uniform").get(0).asInt(), side.get("uniform").get(1).asInt());
        }
        if (side.has("shape")) {
            String shape = side.get("shape").asString();
            if (!earlier(shape, id)) {
                throw new IllegalStateException(RESOURCE + ": shape " + shape + " is not an earlier use case");
            }
            UseCase base = get(shape);
            TokenLengthDistribution d = input ? base.workload().input() : base.workload().output();
            return d.scaledToMean(side.get("mean").asInt(), side.get("cap").asInt());
        }
        JsonNode t = side.get("table");
        return TokenLengthDistribution.fitMean(t.get("min").asInt(), t.get("median").asInt(), t.get("mean").asDouble(),
                t.get("p90").asInt(), t.get("p99").asInt(), t.get("max").asInt());
    }

    /** Whether use case {@code shape} comes before use case {@code id} in the file. */
    private boolean earlier(String shape, String id) {
        for (String each : entries.keySet()) {
            if (each.equals(id)) {
                return false;
            }
            if (each.equals(shape)) {
                return true;
            }
        }
        return false;
    }

    private static UseCase.LengthTable table(JsonNode side, TokenLengthDistribution d) {
        JsonNode t = side.get("table");
        if (t == null) {
            return UseCase.LengthTable.of(d);
        }
        return new UseCase.LengthTable(t.get("min").asInt(), t.get("median").asInt(), t.get("mean").asInt(),
                t.get("p90").asInt(), t.get("p99").asInt(), t.get("max").asInt());
    }

    private static final class Holder {
        static final UseCases BUNDLED = load();

        private static UseCases load() {
            // from the JSON copy the build writes of the file (TreeReader.readBundled)
            return parse(TreeReader.readBundled(UseCases.class, RESOURCE).orElseThrow(() ->
                    new IllegalStateException("kiq is built without its use cases: " + RESOURCE + " is missing")));
        }
    }
}
