package dev.kiq.catalog;

import dev.kiq.KiqException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The models, accelerators and model servers kiq knows, read from {@code profiles/catalog/*.yaml}
 * (bundled in the jar as {@code /profiles/catalog/}). Lookups by id throw a {@link KiqException}
 * that lists the valid ids and the closest match.
 */
public final class Catalog {

    /** Where the bundled catalog lives on the classpath. */
    public static final String RESOURCE_DIR = "/profiles/catalog/";
    public static final String MODELS_FILE = "models.yaml";
    public static final String ACCELERATORS_FILE = "accelerators.yaml";
    public static final String MODEL_SERVERS_FILE = "model-servers.yaml";

    private final Map<String, ModelArchitecture> models;
    private final Map<String, Accelerator> accelerators;
    private final Map<String, ModelServer> modelServers;
    /** Other names users know an id by; used only to suggest the id, never accepted silently. */
    private final Map<String, List<String>> aliases;

    private Catalog(List<ModelArchitecture> models, List<Accelerator> accelerators, List<ModelServer> modelServers,
            Map<String, List<String>> aliases) {
        this.aliases = Map.copyOf(aliases);
        this.models = index(models, ModelArchitecture::id, "model");
        this.accelerators = index(accelerators, Accelerator::id, "accelerator");
        this.modelServers = index(modelServers, ModelServer::id, "model server");
        checkReferences();
    }

    /** Cross-file rules: scheduler defaults name catalog accelerators; TPU machines carry a topology of their chip count. */
    private void checkReferences() {
        for (Accelerator accelerator : accelerators.values()) {
            for (MachineType machine : accelerator.machineTypes()) {
                boolean tpu = accelerator.family() == Accelerator.Family.TPU;
                int chips = machine.tpuTopology().map(t -> java.util.Arrays.stream(t.split("x"))
                        .mapToInt(Integer::parseInt).reduce(1, (a, b) -> a * b)).orElse(-1);
                if (tpu != machine.tpuTopology().isPresent() || tpu && chips != machine.acceleratorCount()) {
                    throw new KiqException("Catalog file " + ACCELERATORS_FILE + ": machine type " + machine.name() + " of "
                            + accelerator.id() + " needs a tpuTopology whose dimensions multiply to its acceleratorCount"
                            + " for a TPU, and none for a GPU.");
                }
            }
        }
        for (ModelServer server : modelServers.values()) {
            for (ModelServerVersion version : server.versions()) {
                for (String acceleratorId : version.schedulerDefaults().keySet()) {
                    if (!accelerators.containsKey(acceleratorId)) {
                        throw new KiqException("Catalog file " + MODEL_SERVERS_FILE + ": " + server.id() + " " + version.version()
                                + " has scheduler defaults for \"" + acceleratorId + "\", which is not an accelerator of "
                                + ACCELERATORS_FILE + "; valid: " + String.join(", ", accelerators.keySet()) + ".");
                    }
                }
            }
        }
    }

    /** The catalog shipped inside kiq; loaded once. */
    public static Catalog bundled() {
        return Bundled.CATALOG;
    }

    /** A catalog from a directory holding the three catalog files. */
    public static Catalog load(Path directory) {
        return load(file -> {
            Path path = directory.resolve(file);
            if (!Files.isRegularFile(path)) {
                throw new KiqException("Catalog file " + path + " does not exist; a catalog directory holds "
                        + MODELS_FILE + ", " + ACCELERATORS_FILE + " and " + MODEL_SERVERS_FILE + ".");
            }
            try {
                return Files.newInputStream(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static Catalog loadBundled() {
        // from the JSON copies the build writes of the catalog files (TreeReader.readBundled)
        return loadTrees(file -> TreeReader.readBundled(Catalog.class, RESOURCE_DIR + file).orElseThrow(() ->
                new IllegalStateException("kiq is built without its catalog: " + RESOURCE_DIR + file + " is missing")));
    }

    private static Catalog load(Function<String, InputStream> open) {
        return loadTrees(file -> read(open, file));
    }

    private static Catalog loadTrees(Function<String, JsonNode> tree) {
        JsonNode models = tree.apply(MODELS_FILE);
        JsonNode accelerators = tree.apply(ACCELERATORS_FILE);
        JsonNode servers = tree.apply(MODEL_SERVERS_FILE);
        Map<String, List<String>> aliases = new LinkedHashMap<>();
        for (JsonNode list : List.of(models.path("models"), accelerators.path("accelerators"), servers.path("modelServers"))) {
            for (JsonNode entry : list) {
                if (entry.path("aliases").isArray() && entry.path("id").isString()) {
                    List<String> names = new ArrayList<>();
                    entry.get("aliases").forEach(alias -> names.add(alias.asString()));
                    aliases.put(entry.get("id").asString(), names);
                }
            }
        }
        return new Catalog(
                new CatalogNode(models, MODELS_FILE, "file").list("models", "id").stream().map(Catalog::model).toList(),
                new CatalogNode(accelerators, ACCELERATORS_FILE, "file").list("accelerators", "id").stream().map(Catalog::accelerator).toList(),
                new CatalogNode(servers, MODEL_SERVERS_FILE, "file").list("modelServers", "id").stream().map(Catalog::modelServer).toList(),
                aliases);
    }

    private static JsonNode read(Function<String, InputStream> open, String file) {
        try (InputStream in = open.apply(file)) {
            return TreeReader.read(TreeReader.yaml(), in.readAllBytes());
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new KiqException("Catalog file " + file + " is not valid YAML at line " + line + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- lookups ------------------------------------------------------------------------------

    public List<ModelArchitecture> models() {
        return List.copyOf(models.values());
    }

    public List<Accelerator> accelerators() {
        return List.copyOf(accelerators.values());
    }

    public List<ModelServer> modelServers() {
        return List.copyOf(modelServers.values());
    }

    /** The model with this Hugging Face id (case-insensitive, as on the Hub). */
    public ModelArchitecture model(String id) {
        return findModel(id).orElseThrow(() -> ClosestId.unknown("model", id, models.keySet(), aliases));
    }

    public Optional<ModelArchitecture> findModel(String id) {
        return find(models, id);
    }

    /** The accelerator with this GKE label, e.g. {@code nvidia-l4}. */
    public Accelerator accelerator(String id) {
        return findAccelerator(id).orElseThrow(() -> ClosestId.unknown("accelerator", id, accelerators.keySet(), aliases));
    }

    public Optional<Accelerator> findAccelerator(String id) {
        return find(accelerators, id);
    }

    public ModelServer modelServer(String id) {
        return findModelServer(id).orElseThrow(() -> ClosestId.unknown("model server", id, modelServers.keySet(), aliases));
    }

    public Optional<ModelServer> findModelServer(String id) {
        return find(modelServers, id);
    }

    /** A version of a model server; the message for an unknown version lists the valid ones. */
    public ModelServerVersion modelServerVersion(String serverId, String version) {
        ModelServer server = modelServer(serverId);
        String wanted = version.startsWith("v") ? version : "v" + version;
        return server.version(wanted).orElseThrow(() -> ClosestId.unknown(
                server.id() + " version", version, server.versions().stream().map(ModelServerVersion::version).toList()));
    }

    private static <T> Optional<T> find(Map<String, T> byId, String id) {
        T exact = byId.get(id);
        if (exact != null || id == null) {
            return Optional.ofNullable(exact);
        }
        String lower = id.strip().toLowerCase(Locale.ROOT);
        return byId.entrySet().stream()
                .filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(lower))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    private static <T> Map<String, T> index(List<T> items, Function<T, String> id, String kind) {
        Map<String, T> byId = new LinkedHashMap<>();
        for (T item : items) {
            if (byId.put(id.apply(item), item) != null) {
                throw new KiqException("The catalog lists " + kind + " \"" + id.apply(item) + "\" twice; ids must be unique.");
            }
        }
        return Collections.unmodifiableMap(byId);
    }

    // ---- mapping ------------------------------------------------------------------------------

    private static ModelArchitecture model(CatalogNode n) {
        int layers = n.integer("numLayers");
        int slidingLayers = n.optionalInteger("slidingWindowLayers").orElse(0);
        Optional<Integer> window = n.optionalInteger("slidingWindow");
        if (slidingLayers > 0 && window.isEmpty() || slidingLayers > layers) {
            throw n.invalid("slidingWindowLayers", "a count from 0 to numLayers, with slidingWindow set when it is not 0");
        }
        return new ModelArchitecture(
                n.string("id"),
                n.string("modelType"),
                n.longInteger("parameterCount"),
                layers,
                n.integer("hiddenSize"),
                n.integer("numAttentionHeads"),
                n.integer("numKeyValueHeads"),
                n.integer("headDim"),
                n.integer("intermediateSize"),
                n.integer("vocabSize"),
                n.optionalInteger("numExperts").orElse(1),
                n.optionalInteger("expertsPerToken").orElse(1),
                n.integer("maxContext"),
                n.string("dtype"),
                n.bool("tiedEmbeddings"),
                window,
                slidingLayers);
    }

    private static Accelerator accelerator(CatalogNode n) {
        String familyName = n.string("family");
        Accelerator.Family family;
        try {
            family = Accelerator.Family.valueOf(familyName);
        } catch (IllegalArgumentException e) {
            throw n.invalid("family", "GPU or TPU");
        }
        List<MachineType> machines = n.list("machineTypes", "name").stream().map(Catalog::machineType).toList();
        String pricesSource = n.string("pricesSource") + n.optionalString("pricesAsOf").map(d -> ", as of " + d).orElse("");
        return new Accelerator(
                n.string("id"),
                n.string("product"),
                family,
                n.number("memoryGb"),
                n.number("memoryBandwidthGBps"),
                n.number("bf16Tflops"),
                n.optionalNumber("fp8Tflops"),
                n.number("interconnectGBps"),
                n.string("interconnect"),
                machines,
                pricesSource);
    }

    private static MachineType machineType(CatalogNode n) {
        CatalogNode prices = n.child("prices");
        Map<PricingModel, Double> hourly = new EnumMap<>(PricingModel.class);
        Set<PricingModel> unverified = EnumSet.noneOf(PricingModel.class);
        for (Map.Entry<String, CatalogNode> entry : prices.entries()) {
            PricingModel model = PricingModel.byId(entry.getKey()).orElseThrow(() -> prices.invalid(entry.getKey(),
                    "a price under one of the pricing models on-demand, spot, 1-year-cud, 3-years-cud"));
            hourly.put(model, prices.number(entry.getKey()));
            if (!prices.verified(entry.getKey())) {
                unverified.add(model);
            }
        }
        return new MachineType(n.string("name"), n.integer("acceleratorCount"), n.optionalString("tpuTopology"), hourly, unverified);
    }

    private static ModelServer modelServer(CatalogNode n) {
        List<ModelServerVersion> versions = new ArrayList<>(
                n.list("versions", "version").stream().map(Catalog::modelServerVersion).toList());
        // oldest first, whatever the file order
        versions.sort((a, b) -> a.releaseDate().compareTo(b.releaseDate()));
        return new ModelServer(n.string("id"), versions);
    }

    private static ModelServerVersion modelServerVersion(CatalogNode n) {
        CatalogNode imageNode = n.child("images");
        Map<Accelerator.Family, String> images = new EnumMap<>(Accelerator.Family.class);
        for (Map.Entry<String, CatalogNode> entry : imageNode.entries()) {
            try {
                images.put(Accelerator.Family.valueOf(entry.getKey()), imageNode.string(entry.getKey()));
            } catch (IllegalArgumentException e) {
                throw imageNode.invalid(entry.getKey(), "an image under GPU or TPU");
            }
        }
        CatalogNode m = n.child("metrics");
        MetricNames metrics = new MetricNames(
                m.string("queueSize"), m.string("batchSize"), m.string("kvCacheUsage"), m.string("ttftSeconds"),
                m.string("itlSeconds"), m.string("e2eSeconds"), m.string("promptTokens"), m.string("generationTokens"));
        return new ModelServerVersion(
                n.string("version"),
                images,
                metrics,
                Set.copyOf(n.strings("validArgs")),
                n.string("releaseDate"),
                schedulerDefaults(n.child("schedulerDefaults")));
    }

    private static Map<String, SchedulerDefaults> schedulerDefaults(CatalogNode n) {
        CatalogNode common = n.child("common");
        CatalogNode byAccelerator = n.child("byAccelerator");
        Map<String, SchedulerDefaults> defaults = new LinkedHashMap<>();
        for (Map.Entry<String, CatalogNode> entry : byAccelerator.entries()) {
            CatalogNode own = entry.getValue();
            defaults.put(entry.getKey(), new SchedulerDefaults(
                    own.optionalInteger("maxNumSeqs").orElseGet(() -> common.integer("maxNumSeqs")),
                    own.optionalInteger("maxNumBatchedTokens").orElseGet(() -> common.integer("maxNumBatchedTokens")),
                    own.optionalNumber("gpuMemoryUtilization").orElseGet(() -> common.number("gpuMemoryUtilization")),
                    own.optionalInteger("blockSize").orElseGet(() -> common.integer("blockSize")),
                    own.has("chunkedPrefillAboveMaxModelLen") ? own.optionalInteger("chunkedPrefillAboveMaxModelLen")
                            : common.optionalInteger("chunkedPrefillAboveMaxModelLen")));
        }
        return defaults;
    }

    /** Lazy holder: the bundled catalog is read on first use only. */
    private static final class Bundled {
        static final Catalog CATALOG = loadBundled();
    }
}
