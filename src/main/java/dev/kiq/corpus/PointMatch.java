package dev.kiq.corpus;

import dev.kiq.catalog.Accelerator;
import dev.kiq.catalog.Catalog;
import dev.kiq.perf.EngineOptions;
import dev.kiq.perf.WorkloadChoice;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ServerConfig;
import dev.kiq.profile.WorkloadShape;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Whether a published point of a profile's combination (same model, accelerator and count) measured
 * what the profile's curve models, and if not, what differs. The one home of this rule: the wizard's
 * chart draws comparable points as markers over the curve, near matches with a distinct marker whose
 * hover says what differs, and hides the rest.
 *
 * <p>The rule (profiles/published/README.md, "On the wizard's chart"):
 * <ul>
 *   <li><b>Engine generation.</b> The point's engine (V0 or V1) must be the one the curve's vLLM
 *       version runs by default ({@link EngineOptions#forVllmVersion}); versions of one generation
 *       count as the same. Within V0, vLLM before 0.6 processes outputs between GPU steps and later
 *       versions overlap them ({@link EngineOptions#syncOutputProcessing}); on a TPU, vLLM before 0.11
 *       runs the PyTorch/XLA backend and later versions tpu-inference ({@link EngineOptions#torchXlaTpu}); on a
 *       GPU, V1 before 0.11 replays decode steps as piecewise CUDA graphs and later versions as one full graph
 *       ({@link EngineOptions#fullDecodeCudaGraphs}). Any such difference makes a near match: the model times them
 *       differently.</li>
 *   <li><b>Workload.</b> The point's mean input and output lengths must each be within
 *       {@link WorkloadChoice#MATCH_TOLERANCE} (20%) of the curve's workload, the rule kiq and GKE
 *       Inference Quickstart use to let a profile answer for a workload. Within a factor of
 *       {@value #NEAR_LENGTH_FACTOR} the point is a near match; beyond it, or when the source gives no
 *       lengths the rule can use, it is hidden (another workload, not a variant of this one).
 *       A ShareGPT run without printed lengths has ShareGPT's shape ({@link WorkloadShape#CHATBOT}).</li>
 *   <li><b>Arrivals.</b> A burst (every prompt sent at once, rate=inf) is a near match: its latencies
 *       include the burst's own queue, which no point of a Poisson rate sweep has. Poisson runs, closed
 *       loops and published knees are comparable.</li>
 *   <li><b>Timing options</b> the point set away from the curve's: {@code num_scheduler_steps},
 *       {@code async_scheduling} (against the curve version's default), {@code enable_chunked_prefill}
 *       (against the curve version's default, {@link dev.kiq.catalog.SchedulerDefaults#chunkedPrefill}), {@code max_num_seqs},
 *       {@code max_num_batched_tokens}, an FP8 KV cache, quantization, prefix-cache hits, and a cold
 *       server ({@link ServerRun#coldStart}). Each
 *       makes a near match. {@code max_model_len} and {@code gpu_memory_utilization} are not compared:
 *       they change timing only through the KV-cache room and the chunked-prefill default.</li>
 * </ul>
 *
 * @param point       the published point
 * @param kind        comparable, near or hidden
 * @param differences what differs from the curve, in plain words (empty when comparable)
 */
public record PointMatch(PublishedPoint point, Kind kind, List<String> differences) {

    /** Lengths within this factor of the curve's (either way) make at best a near match; beyond, the point is hidden. */
    public static final double NEAR_LENGTH_FACTOR = 2.0;

    public PointMatch {
        differences = List.copyOf(differences);
    }

    /** How a point relates to the curve. */
    public enum Kind {
        /** Same engine generation, workload and timing options: a measurement of what the curve models. */
        COMPARABLE,
        /** Same combination, something differs (said in {@link #differences()}): shown apart. */
        NEAR,
        /** Another workload: not shown. */
        HIDDEN
    }

    /** The published points of {@code profile}'s combination with how each matches its curve, in the corpus's order. */
    public static List<PointMatch> forProfile(PublishedCorpus corpus, Profile profile) {
        return corpus.pointsFor(profile.modelServerInfo().model(), profile.acceleratorType(), profile.acceleratorCount()).stream()
                .map(p -> of(p, profile)).toList();
    }

    /** How {@code point} matches {@code profile}'s curve (the caller has matched model, accelerator and count). */
    public static PointMatch of(PublishedPoint point, Profile profile) {
        String curveVersion = profile.modelServerInfo().modelServerVersion();
        Optional<EngineOptions> curveEngine = engineOf(curveVersion);
        ServerConfig config = profile.serverConfig();
        WorkloadShape shape = profile.provenance().workloadShape();
        List<String> differs = new ArrayList<>();

        ServerRun.Engine engine = point.server().engine();
        Optional<ServerRun.Engine> curveGeneration = curveEngine.map(e -> e.engine() == EngineOptions.Engine.V0 ? ServerRun.Engine.V0 : ServerRun.Engine.V1);
        if (curveGeneration.isEmpty()) {
            differs.add("the curve's server version " + curveVersion + " names no vLLM engine generation to compare with " + engine);
        } else if (engine != curveGeneration.get()) {
            differs.add("engine " + engine + " (vLLM " + point.server().version() + "); the curve is " + curveGeneration.get()
                    + " (vLLM " + curveVersion.replaceFirst("^v", "") + ")");
        }

        Optional<EngineOptions> pointEngine = engineOf(point.server().version());
        if (curveEngine.isPresent() && pointEngine.isPresent()) {
            String versions = " (vLLM " + point.server().version() + "); the curve's vLLM " + curveVersion.replaceFirst("^v", "");
            if (engine == ServerRun.Engine.V0 && curveGeneration.get() == ServerRun.Engine.V0
                    && pointEngine.get().syncOutputProcessing() != curveEngine.get().syncOutputProcessing()) {
                differs.add((pointEngine.get().syncOutputProcessing() ? "outputs processed between GPU steps" : "outputs processed during GPU steps")
                        + versions + (curveEngine.get().syncOutputProcessing() ? " processes them between steps" : " overlaps them with the next step"));
            }
            boolean tpu = Catalog.bundled().findAccelerator(profile.acceleratorType())
                    .map(a -> a.family() == Accelerator.Family.TPU).orElse(false);
            if (tpu && pointEngine.get().torchXlaTpu() != curveEngine.get().torchXlaTpu()) {
                differs.add("TPU backend " + tpuBackend(pointEngine.get()) + versions + " runs " + tpuBackend(curveEngine.get()));
            }
            boolean pointFullGraphs = engine == ServerRun.Engine.V1 && pointEngine.get().fullDecodeCudaGraphs();
            boolean curveFullGraphs = curveGeneration.get() == ServerRun.Engine.V1 && curveEngine.get().fullDecodeCudaGraphs();
            if (!tpu && engine == ServerRun.Engine.V1 && curveGeneration.get() == ServerRun.Engine.V1
                    && pointFullGraphs != curveFullGraphs) {
                differs.add("decode steps as " + graphs(pointFullGraphs) + versions + " replays them as " + graphs(curveFullGraphs));
            }
        }

        PublishedWorkload w = point.workload();
        boolean shareGpt = w.dataset().toLowerCase(Locale.ROOT).contains("sharegpt");
        OptionalDouble in = meanLength(w.input(), shareGpt, WorkloadShape.CHATBOT.meanInputTokens());
        OptionalDouble out = meanLength(w.output(), shareGpt, WorkloadShape.CHATBOT.meanOutputTokens());
        if (in.isEmpty() || out.isEmpty()) {
            differs.add("the source gives no " + (in.isEmpty() ? "input" : "output") + " lengths to compare with the curve's workload");
            return new PointMatch(point, Kind.HIDDEN, differs);
        }
        WorkloadShape measured = new WorkloadShape("published", in.getAsDouble(), out.getAsDouble());
        if (!measured.within(shape, WorkloadChoice.MATCH_TOLERANCE)) {
            differs.add(String.format(Locale.ROOT, "workload: mean %.0f input / %.0f output tokens; the curve's is %.0f / %.0f (±%.0f%% matches)",
                    in.getAsDouble(), out.getAsDouble(), shape.meanInputTokens(), shape.meanOutputTokens(),
                    WorkloadChoice.MATCH_TOLERANCE * 100));
            if (!withinFactor(in.getAsDouble(), shape.meanInputTokens()) || !withinFactor(out.getAsDouble(), shape.meanOutputTokens())) {
                return new PointMatch(point, Kind.HIDDEN, differs);
            }
        }

        if (w.arrival().kind() == Arrival.Kind.BURST) {
            differs.add("all " + w.prompts().orElse(0) + " requests sent at once (rate=inf): its latencies include the burst's queue");
        }

        EngineArgs args = point.server().args();
        int steps = args.numSchedulerSteps().orElse(1);
        if (steps > 1) {
            differs.add("num_scheduler_steps " + steps + " (multi-step); the curve runs one step per schedule");
        }
        args.asyncScheduling().filter(a -> curveEngine.isPresent() && a != curveEngine.get().asyncScheduling())
                .ifPresent(a -> differs.add("async scheduling " + onOff(a) + "; the curve's is " + onOff(!a)));
        Optional<Boolean> curveChunked = Catalog.bundled().findModelServer(profile.modelServerInfo().modelServer()).flatMap(s -> s.version(curveVersion))
                .flatMap(v -> v.schedulerDefaults(profile.acceleratorType())).map(d -> d.chunkedPrefill(config.maxModelLen()));
        args.chunkedPrefill().filter(c -> curveChunked.isPresent() && c != curveChunked.get())
                .ifPresent(c -> differs.add("chunked prefill " + onOff(c) + "; the curve's is " + onOff(!c)));
        args.maxNumSeqs().stream().filter(n -> n != config.maxNumSeqs())
                .forEach(n -> differs.add("max_num_seqs " + n + "; the curve's is " + config.maxNumSeqs()));
        args.maxNumBatchedTokens().stream().filter(n -> n != config.maxNumBatchedTokens())
                .forEach(n -> differs.add("max_num_batched_tokens " + n + "; the curve's is " + config.maxNumBatchedTokens()));
        if (EngineOptions.isFp8KvCacheDtype(args.kvCacheDtype())) {
            differs.add("FP8 KV cache; the curve's is 16-bit");
        }
        args.quantization().ifPresent(q -> differs.add("quantization " + q + "; the curve models none"));
        w.prefixCache().ifPresent(c -> differs.add("prompts partly served from the prefix cache"));
        if (point.server().coldStart()) {
            differs.add("measured on a freshly started server (compiles during the run); the curve is a warm server");
        }

        return new PointMatch(point, differs.isEmpty() ? Kind.COMPARABLE : Kind.NEAR, differs);
    }

    /** How a V1 version replays a decode step: one full CUDA graph (0.11 on) or piecewise graphs ({@link EngineOptions#fullDecodeCudaGraphs}). */
    private static String graphs(boolean full) {
        return full ? "one full CUDA graph" : "piecewise CUDA graphs";
    }

    /** The engine a vLLM version runs by default; empty for a version string that names none (a nightly tag). */
    private static Optional<EngineOptions> engineOf(String vllmVersion) {
        try {
            return Optional.of(EngineOptions.forVllmVersion(vllmVersion));
        } catch (IllegalArgumentException notAVersion) {
            return Optional.empty();
        }
    }

    /** The mean length the point ran with: fixed, mean, else median; ShareGPT's when the source prints none. */
    static OptionalDouble meanLength(Lengths l, boolean shareGpt, double shareGptMean) {
        OptionalDouble average = l.average();
        if (average.isPresent()) {
            return average;
        }
        if (l.median().isPresent()) {
            return l.median();
        }
        return shareGpt && !l.isStated() ? OptionalDouble.of(shareGptMean) : OptionalDouble.empty();
    }

    private static boolean withinFactor(double value, double wanted) {
        return value <= wanted * NEAR_LENGTH_FACTOR && value * NEAR_LENGTH_FACTOR >= wanted;
    }

    private static String tpuBackend(EngineOptions e) {
        return e.torchXlaTpu() ? "PyTorch/XLA" : "tpu-inference";
    }

    private static String onOff(boolean on) {
        return on ? "on" : "off";
    }

    /** One line for a hover: what the point shares with the curve, or what differs. */
    public String summary() {
        return switch (kind) {
            case COMPARABLE -> "Comparable with the curve: same engine generation, workload within "
                    + Math.round(WorkloadChoice.MATCH_TOLERANCE * 100) + "%, same timing options.";
            case NEAR, HIDDEN -> "Differs from the curve: " + String.join("; ", differences) + ".";
        };
    }
}
