package dev.kiq.perf;

import dev.kiq.KiqException;
import dev.kiq.catalog.ClosestId;
import dev.kiq.catalog.TreeReader;
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

    private final Map<String, UseCase> byId;

    private UseCases(Map<String, UseCase> byId) {
        this.byId = byId;
    }

    /** The bundled use cases; read once. */
    public static UseCases bundled() {
        return Holder.BUNDLED;
    }

    public List<UseCase> all() {
        return List.copyOf(byId.values());
    }

    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }

    /** The default use case (chatbot). */
    public UseCase defaultUseCase() {
        return byId.values().stream().filter(UseCase::isDefault).findFirst().orElseThrow();
    }

    /** The use case with this id, or a user error that suggests the closest id and lists them all. */
    public UseCase find(String id) {
        UseCase u = byId.get(id);
        if (u == null) {
            throw ClosestId.unknown("use case", id, byId.keySet());
        }
        return u;
    }

    static UseCases parse(JsonNode root) {
        Map<String, UseCase> byId = new LinkedHashMap<>();
        for (JsonNode entry : root.path("useCases")) {
            String id = entry.get("id").asString();
            boolean isDefault = entry.path("default").asBoolean(false);
            TokenLengthDistribution in = side(entry.get("input"), byId, true);
            TokenLengthDistribution out = side(entry.get("output"), byId, false);
            UseCase.LengthTable inTable = table(entry.get("input"), in);
            UseCase.LengthTable outTable = table(entry.get("output"), out);
            // the default keeps the name every shipped profile was modeled with
            Workload workload = isDefault ? Workload.shareGpt() : new Workload(id, in, out);
            byId.put(id, new UseCase(id, entry.get("name").asString(), isDefault, entry.get("basis").asString(),
                    entry.get("source").asString().strip(), inTable, outTable, workload));
        }
        if (byId.values().stream().filter(UseCase::isDefault).count() != 1) {
            throw new IllegalStateException(RESOURCE + " must mark exactly one use case as the default");
        }
        return new UseCases(byId);
    }

    private static TokenLengthDistribution side(JsonNode side, Map<String, UseCase> earlier, boolean input) {
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
            UseCase base = earlier.get(side.get("shape").asString());
            if (base == null) {
                throw new IllegalStateException(RESOURCE + ": shape " + side.get("shape").asString() + " is not an earlier use case");
            }
            TokenLengthDistribution d = input ? base.workload().input() : base.workload().output();
            return d.scaledToMean(side.get("mean").asInt(), side.get("cap").asInt());
        }
        JsonNode t = side.get("table");
        return TokenLengthDistribution.fitMean(t.get("min").asInt(), t.get("median").asInt(), t.get("mean").asDouble(),
                t.get("p90").asInt(), t.get("p99").asInt(), t.get("max").asInt());
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
