package dev.kiq.calibration;

import dev.kiq.calibration.CalibrationCase.Quantity;
import dev.kiq.calibration.CalibrationCase.Stat;
import dev.kiq.calibration.CalibrationCase.Target;
import dev.kiq.catalog.Accelerator;
import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.ModelArchitecture;
import dev.kiq.catalog.ModelServer;
import dev.kiq.catalog.ModelServerVersion;
import dev.kiq.catalog.SchedulerDefaults;
import dev.kiq.corpus.Arrival;
import dev.kiq.corpus.EngineArgs;
import dev.kiq.corpus.Figure;
import dev.kiq.corpus.Lengths;
import dev.kiq.corpus.PrefixCache;
import dev.kiq.corpus.PublishedPoint;
import dev.kiq.corpus.PublishedWorkload;
import dev.kiq.corpus.ServerRun;
import dev.kiq.perf.Arrivals;
import dev.kiq.perf.EfficiencyFactors;
import dev.kiq.perf.EngineOptions;
import dev.kiq.perf.LoadRun;
import dev.kiq.perf.PerformanceModel;
import dev.kiq.perf.RateSweep;
import dev.kiq.perf.RequestTrace;
import dev.kiq.perf.ServingSetup;
import dev.kiq.perf.TokenLengthDistribution;
import dev.kiq.perf.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a published measurement into a {@link CalibrationCase}: the same replica (the version's
 * scheduler defaults from the catalog with the published non-default arguments on top), the same
 * requests (fixed lengths, the published length statistics, or ShareGPT's shape moved to the published
 * means) and the same arrivals, measured over the whole run as {@code benchmark_serving.py} does.
 *
 * <p>A point the model cannot replay (its model does not fit the accelerators, a request longer than
 * {@code max_model_len}, no figure the model predicts) is returned as a {@link Skipped} with the reason.
 */
public final class CaseBuilder {

    /** Seed of every replayed trace (the shipped profiles' seed). */
    public static final long SEED = PerformanceModel.DEFAULT_SEED;
    /** Requests replayed when the source does not give the count. */
    public static final int DEFAULT_PROMPTS = 500;
    /** At most this many requests are replayed per run (a larger published run is replayed at this size). */
    public static final int MAX_PROMPTS = 1000;
    /** Weight of a tail figure (p90, p99): one slow request moves it. */
    public static final double TAIL_WEIGHT = 0.5;
    /** ShareGPT as vLLM's benchmark samples it: prompts and outputs up to 1024 tokens. */
    static final int SHAREGPT_MAX = 1024;

    private final Catalog catalog;

    public CaseBuilder(Catalog catalog) {
        this.catalog = catalog;
    }

    /** A point the model does not replay, and why. */
    public record Skipped(String id, String reason) {
    }

    /** The case, or the reason it cannot be built. */
    public record Built(Optional<CalibrationCase> kase, Optional<Skipped> skipped) {
    }

    public Built build(PublishedPoint p) {
        try {
            return new Built(Optional.of(buildOrThrow(p)), Optional.empty());
        } catch (RuntimeException e) {
            return new Built(Optional.empty(), Optional.of(new Skipped(p.qualifiedId(), String.valueOf(e.getMessage()))));
        }
    }

    CalibrationCase buildOrThrow(PublishedPoint p) {
        Accelerator accelerator = catalog.accelerator(p.accelerator());
        ServerRun server = p.server();
        EngineArgs args = server.args();
        EngineOptions.Engine engine = server.engine() == ServerRun.Engine.V0 ? EngineOptions.Engine.V0 : EngineOptions.Engine.V1;
        EngineOptions options = engineOptions(engine, server.version(), args).withColdStart(server.coldStart());
        ModelArchitecture model = withServedDtype(p.model(), args);
        SchedulerDefaults defaults = defaultsFor(engine, accelerator);
        Workload workload = workload(p.workload());
        if (args.maxModelLen().isPresent() && workload.longestRequest() > args.maxModelLen().getAsInt()) {
            // the benchmark's sampler drops requests longer than the server accepts: cap the outputs
            int cap = args.maxModelLen().getAsInt() - workload.input().max();
            if (cap < 1) {
                throw new IllegalArgumentException("prompts of " + workload.input().max() + " tokens exceed max_model_len "
                        + args.maxModelLen().getAsInt());
            }
            workload = new Workload(workload.name(), workload.input(), workload.output().scaled(1.0, cap));
        }
        ServingSetup setup = setup(model, accelerator, p.count(), defaults, options, args, workload, server.version());
        int prompts = p.workload().prompts().orElse(DEFAULT_PROMPTS);
        Arrival arrival = p.workload().arrival();
        Arrivals arrivals = switch (arrival.kind()) {
            case POISSON -> {
                double rate = arrival.rate().orElseThrow(() -> new IllegalArgumentException("Poisson run without a rate"));
                // --request-rate with --max-concurrency: the client holds back requests beyond the limit
                yield arrival.concurrency().isPresent() ? new Arrivals.CappedPoisson(rate, arrival.concurrency().getAsInt())
                        : new Arrivals.Poisson(rate);
            }
            case CONCURRENCY -> new Arrivals.Concurrency(arrival.concurrency().orElseThrow(
                    () -> new IllegalArgumentException("closed loop without a concurrency")));
            case BURST -> new Arrivals.Burst();
            case KNEE -> null;
        };
        // a published knee is replayed as GKE measures its profiles and kiq sweeps its own (RateSweep.run: rate x 300 s
        // requests a rate, whole runs); its trace is the capacity probe, as large as a shipped profile's
        int requests = arrivals == null ? PerformanceModel.requestsPerRate(RateSweep.DEFAULT_REQUESTS_PER_RATE, setup)
                : Math.min(prompts, MAX_PROMPTS);
        RequestTrace trace = RequestTrace.generate(workload, requests, SEED);
        if (p.workload().prefixCache().isPresent()) {
            trace = withPrefixCache(trace, p.workload().prefixCache().get());
        }
        double readingWeight = p.reading() == PublishedPoint.Reading.FIGURE ? 0.5 : 1.0;
        List<Target> targets = new ArrayList<>();
        for (Figure f : p.figures()) {
            target(f, arrivals == null, readingWeight).ifPresent(targets::add);
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no figure the model predicts");
        }
        return new CalibrationCase(p.source().id(), p.qualifiedId(), EfficiencyFactors.Family.of(accelerator), setup,
                workload, trace, arrivals, LoadRun.Window.WHOLE_RUN, targets, p.workload().chatStream(), p.hold());
    }

    /**
     * The trace with what the run found in vLLM's prefix cache (the reader checked that prefix caching is on:
     * V1's default, V0 with {@code enable_prefix_caching}); the engine makes the hits block-granular.
     */
    static RequestTrace withPrefixCache(RequestTrace trace, PrefixCache cache) {
        int[] cached = new int[trace.size()];
        int[] groups = new int[trace.size()];
        for (int i = 0; i < cached.length; i++) {
            cached[i] = cache.cachedTokens(i, trace.inputTokens(i));
            groups[i] = cache.prefixGroup(i);
        }
        return trace.withCachedPrefix(cached, groups);
    }

    /** The published engine, its version's defaults (async scheduling, full decode CUDA graphs) and the arguments that change them. */
    static EngineOptions engineOptions(EngineOptions.Engine engine, String version, EngineArgs args) {
        boolean asyncDefault = engine == EngineOptions.Engine.V1 && EngineOptions.forVllmVersion(version).asyncScheduling();
        boolean async = args.asyncScheduling().orElse(asyncDefault);
        int steps = args.numSchedulerSteps().orElse(1);
        // V0 before 0.6 processes outputs between the GPU steps
        boolean sync = engine == EngineOptions.Engine.V0 && EngineOptions.forVllmVersion(version).syncOutputProcessing();
        // on a TPU, vLLM before 0.11 runs the PyTorch/XLA backend, not tpu-inference
        boolean torchXla = EngineOptions.forVllmVersion(version).torchXlaTpu();
        // V1 from 0.11 replays decode-only steps as full CUDA graphs (a V0 run of 0.8-0.10 does not)
        boolean fullGraphs = engine == EngineOptions.Engine.V1 && EngineOptions.forVllmVersion(version).fullDecodeCudaGraphs();
        return new EngineOptions(engine, steps, async, EngineOptions.isFp8KvCacheDtype(args.kvCacheDtype()), false, sync,
                torchXla, fullGraphs);
    }

    /** The model with the weights' dtype as served: {@code --quantization fp8} gives 1-byte weights; {@code --dtype} 16 bits. */
    static ModelArchitecture withServedDtype(ModelArchitecture m, EngineArgs args) {
        String dtype = m.dtype();
        if (args.quantization().map(q -> q.toLowerCase(Locale.ROOT).startsWith("fp8")).orElse(false)) {
            dtype = "fp8";
        } else if (args.dtype().map(d -> !d.equals("auto")).orElse(false) && !dtype.equals("fp8")) {
            dtype = args.dtype().get();
        }
        if (dtype.equals(m.dtype())) {
            return m;
        }
        return new ModelArchitecture(m.id(), m.modelType(), m.parameterCount(), m.numLayers(), m.hiddenSize(),
                m.numAttentionHeads(), m.numKeyValueHeads(), m.headDim(), m.intermediateSize(), m.vocabSize(),
                m.numExperts(), m.expertsPerToken(), m.maxContext(), dtype, m.tiedEmbeddings(), m.slidingWindow(),
                m.slidingWindowLayers());
    }

    /** The scheduler defaults of the catalog's vLLM version of the same engine (V0: v0.7.2; V1: the oldest V1 version). */
    SchedulerDefaults defaultsFor(EngineOptions.Engine engine, Accelerator accelerator) {
        ModelServer vllm = catalog.modelServer("vllm");
        for (ModelServerVersion v : vllm.versions().stream()
                .sorted(java.util.Comparator.comparing(ModelServerVersion::releaseDate)).toList()) {
            if (EngineOptions.forVllmVersion(v.version()).engine() == engine && v.schedulerDefaults(accelerator.id()).isPresent()) {
                return v.schedulerDefaults(accelerator.id()).get();
            }
        }
        throw new IllegalArgumentException("the catalog has no vLLM " + engine + " scheduler defaults for " + accelerator.id());
    }

    /**
     * V0's token budget when chunked prefill is on and the run gives none: 512 before vLLM 0.6.5, the catalog's (2048) from
     * then on. vllm-project/vllm#10544 ("Update default max_num_batch_tokens for chunked prefill to 2048", merged
     * 2024-11-21, after 0.6.4.post1) raised V0 SchedulerConfig's chunked default from 512; without chunked prefill the
     * default, max(max_model_len, 2048), did not change. V1 takes its budget from the catalog's defaults of its hardware.
     */
    static int chunkedBudget(EngineOptions.Engine engine, String version, SchedulerDefaults d) {
        return engine == EngineOptions.Engine.V0 && EngineOptions.releaseBefore(version, 0, 6, 5) ? V0_CHUNKED_BUDGET_BEFORE_065
                : d.maxNumBatchedTokens();
    }

    static final int V0_CHUNKED_BUDGET_BEFORE_065 = 512;

    static ServingSetup setup(ModelArchitecture model, Accelerator accelerator, int count, SchedulerDefaults d,
                              EngineOptions options, EngineArgs args, Workload workload, String version) {
        int len;
        if (args.maxModelLen().isPresent()) {
            len = args.maxModelLen().getAsInt();
        } else {
            PerformanceModel.setup(model, accelerator, count, d, options)
                    .orElseThrow(() -> new IllegalArgumentException(model.id() + " does not fit on " + count + "x " + accelerator.id()));
            // as vLLM derives it without --max-model-len: the model's context (max_position_embeddings), not the length
            // kiq would choose for its own profiles; a server that started holds one such sequence (ServingSetup.kvBlocks)
            len = model.maxContext();
        }
        if (workload.longestRequest() > len) {
            throw new IllegalArgumentException("requests of up to " + workload.longestRequest() + " tokens exceed max_model_len " + len);
        }
        // V1 always schedules chunks (chunked prefill off only raises the budget to a whole prompt); V0 chunks when told
        // to or, by default, above the version's max_model_len threshold
        boolean v1 = options.engine() == EngineOptions.Engine.V1;
        boolean chunkedArg = args.chunkedPrefill().orElse(v1 || d.chunkedPrefill(len));
        boolean chunked = v1 || chunkedArg;
        int budget = args.maxNumBatchedTokens().orElse(chunkedArg ? chunkedBudget(options.engine(), version, d)
                : Math.max(len, d.maxNumBatchedTokens()));
        // without --max-num-seqs: the version's default for the hardware, at most the budget (V1's _set_default_args:
        // min(default_max_num_seqs, max_num_batched_tokens)); a given one above the budget vLLM refuses at start-up
        int seqs = Math.min(args.maxNumSeqs().orElse(d.maxNumSeqs()), budget);
        double gmu = args.gpuMemoryUtilization().orElse(d.gpuMemoryUtilization());
        ServingSetup s = new ServingSetup(model, accelerator, count, seqs, budget, chunked, gmu, len, d.blockSize(), options);
        if (s.memoryPlan().kvBlocks() == 0) {
            // a cache of max_model_len (ServingSetup.kvBlocks) presumes that the weights and activations fit
            throw new IllegalArgumentException(model.id() + " on " + count + "x " + accelerator.id()
                    + " leaves no memory for the KV cache");
        }
        return s;
    }

    /** Request lengths from what the source printed. */
    static Workload workload(PublishedWorkload w) {
        boolean shareGpt = w.dataset().toLowerCase(Locale.ROOT).contains("sharegpt");
        TokenLengthDistribution in = lengths(w.input(), shareGpt, true);
        TokenLengthDistribution out = lengths(w.output(), shareGpt, false);
        return new Workload(w.dataset(), in, out);
    }

    private static TokenLengthDistribution lengths(Lengths l, boolean shareGpt, boolean input) {
        if (l.fixed().isPresent()) {
            return TokenLengthDistribution.fixed((int) Math.round(l.fixed().getAsDouble()));
        }
        if (l.min().isPresent() && l.median().isPresent() && l.mean().isPresent() && l.p90().isPresent()
                && l.p99().isPresent() && l.max().isPresent()) {
            return TokenLengthDistribution.fitMean((int) l.min().getAsDouble(), (int) l.median().getAsDouble(),
                    l.mean().getAsDouble(), (int) l.p90().getAsDouble(), (int) l.p99().getAsDouble(), (int) l.max().getAsDouble());
        }
        if (l.mean().isPresent() && shareGpt) {
            int mean = (int) Math.round(l.mean().getAsDouble());
            Workload scaled = Workload.shareGpt().withMeans(input ? mean : 226, input ? 195 : mean, SHAREGPT_MAX);
            return input ? scaled.input() : scaled.output();
        }
        if (l.mean().isPresent()) {
            return TokenLengthDistribution.fixed((int) Math.round(l.mean().getAsDouble()));
        }
        if (l.median().isPresent()) {
            return TokenLengthDistribution.fixed((int) Math.round(l.median().getAsDouble()));
        }
        if (shareGpt) {
            // no statistics printed: ShareGPT as vLLM's benchmark samples it (SPEC §3's table)
            return input ? Workload.shareGpt().input() : Workload.shareGpt().output();
        }
        throw new IllegalArgumentException("the source gives no " + (input ? "input" : "output") + " length the model can use");
    }

    private static Optional<Target> target(Figure f, boolean knee, double weight) {
        Quantity q = switch (f.metric()) {
            case REQUEST_THROUGHPUT -> Quantity.REQUESTS_PER_SECOND;
            case OUTPUT_THROUGHPUT -> Quantity.OUTPUT_TOKENS_PER_SECOND;
            case TOTAL_THROUGHPUT -> Quantity.TOTAL_TOKENS_PER_SECOND;
            case TTFT -> Quantity.TTFT;
            case TPOT -> Quantity.TPOT;
            case ITL -> Quantity.ITL;
            case NTPOT -> Quantity.NTPOT;
            case E2E_LATENCY -> Quantity.E2E;
        };
        Stat stat = switch (f.statistic()) {
            case MEAN -> Stat.MEAN;
            case P90 -> Stat.P90;
            case P99 -> Stat.P99;
            default -> Stat.MEDIAN;
        };
        if (!(f.value() > 0)) {
            return Optional.empty();
        }
        if (knee && (q == Quantity.E2E || stat != Stat.MEDIAN)) {
            return Optional.empty(); // a sweep's knee carries medians only
        }
        // the figure's own weight; a knee's weight is the fit's (FactorFit.KNEE_WEIGHT), as for a user's measured knee
        double w = weight * (stat == Stat.P90 || stat == Stat.P99 ? TAIL_WEIGHT : 1.0);
        return Optional.of(new Target(q, stat, f.value(), w));
    }
}
