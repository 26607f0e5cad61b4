package dev.kiq.perf;

import dev.kiq.catalog.Accelerator;
import dev.kiq.catalog.ModelArchitecture;

/**
 * Time of one scheduler iteration from a roofline of its work, on one tensor-parallel group.
 *
 * <pre>
 * t = overhead + host + device                 (V0; V1 without async scheduling; overhead per engine)
 * t = overhead + max(host, device)             (V1 with async scheduling: the next step is scheduled meanwhile)
 * overhead = fixed overhead (V0 or V1) / num_scheduler_steps   (a multi-step decode group pays its host work once)
 *            V1 with full decode CUDA graphs (vLLM 0.11 on, a GPU), a decode-only step (one token per sequence):
 *            0.42 of V1's fixed overhead ({@link EngineOptions#FULL_GRAPH_STEP_OVERHEAD_SHARE})
 * host    = per-sequence overhead (V0 or V1; V0 before vLLM 0.6 plus its synchronous output processing)
 *           * sequences / num_scheduler_steps
 * device  = max(bytes / (BW * f_bw), flops / (PEAK * f_c)) * backend + allReduce
 * backend = 1.32 on a TPU with vLLM before 0.11 (PyTorch/XLA; {@link EngineOptions#TORCH_XLA_TPU_DEVICE_TIME}), else 1
 * bytes   = weights read (MoE: only the experts the batch's tokens route to)
 *         + KV read (every scheduled sequence's context, per layer; sliding-window layers capped at the window)
 *         + KV written (the new tokens) + activations (per token and layer)
 * flops   = 2 * active body parameters * tokens + 2 * vocab * hidden * sampled tokens
 *         + 4 * heads * headDim * (query, key) pairs per layer          (attention: QK^T and PV)
 * allReduce = 2 * layers * (steps * latency + bytes moved per chip / (link BW * f_link)),  message M = tokens * hidden * 2 B
 *   NVLink (vLLM's custom all-reduce, tp 2/4/6/8 and M up to 8 MiB; every GPU reads its peers directly, all at once):
 *     one-shot (tp 2; tp 4 below 512 KiB; tp 8 below 256 KiB): 1 step,  (tp-1) * M       (reads the whole message of every peer)
 *     two-shot (larger messages):                               2 steps, 2 (tp-1)/tp * M  (reduce-scatter, then all-gather)
 *   NCCL's ring (PCIe; NVLink above 8 MiB):                     2 (tp-1) steps, 2 (tp-1)/tp * M
 *   ICI (TPU):                                                  tp - 1 steps, 2 (tp-1)/tp * M
 * </pre>
 * Everything is per accelerator: weights, KV heads, FLOPs and activations are divided among the
 * {@code tp} chips. The factors are {@link EfficiencyFactors}.
 */
public final class IterationCost {

    private final int layers;
    private final int globalLayers;
    private final int localLayers;
    private final int slidingWindow;
    private final int tp;
    private final int numExperts;
    private final int expertsPerToken;
    /** Weight bytes read every iteration whatever the batch (attention, norms, router, lm_head; all of a dense MLP). */
    private final double alwaysReadWeightBytes;
    /** Bytes of one expert's MLP in one layer, per chip (MoE only). */
    private final double expertBytesPerLayer;
    private final double kvBytesPerTokenPerLayer;
    private final double activationBytesPerToken;
    private final double bodyFlopsPerToken;
    private final double lmHeadFlopsPerSampledToken;
    private final double attentionFlopsPerPairPerLayer;
    /** Bytes of one token's hidden state in an all-reduce (16-bit activations). */
    private final double allReduceMessageBytesPerToken;
    private final AllReduce allReduce;
    private final double memoryBytesPerSecond;
    private final double flopsPerSecond;
    private final double linkBytesPerSecond;
    private final double overheadSeconds;
    /** The fixed overhead of a decode-only step: {@link #overheadSeconds}, or its full-graph share. */
    private final double decodeOverheadSeconds;
    private final double sequenceOverheadSeconds;
    private final double allReduceLatencySeconds;
    private final boolean overlapHost;
    private final ApiServer apiServer;
    private final ModelArchitecture model;
    private final EngineOptions options;
    /** Whether a cold start compiles fused-MoE kernels: an MoE model on a GPU (Triton {@code fused_moe}). */
    private final boolean tritonMoe;

    /** The cost on vLLM's V0 engine with its defaults. */
    public IterationCost(ModelArchitecture model, Accelerator accelerator, int tensorParallel, EfficiencyFactors factors) {
        this(model, accelerator, tensorParallel, factors, EngineOptions.V0_DEFAULTS);
    }

    public IterationCost(ModelArchitecture model, Accelerator accelerator, int tensorParallel, EfficiencyFactors factors,
                         EngineOptions options) {
        ModelShape shape = ModelShape.of(model);
        this.layers = model.numLayers();
        this.localLayers = model.slidingWindow().isPresent() ? model.slidingWindowLayers() : 0;
        this.globalLayers = layers - localLayers;
        this.slidingWindow = model.slidingWindow().orElse(Integer.MAX_VALUE);
        this.tp = tensorParallel;
        this.numExperts = model.numExperts();
        this.expertsPerToken = model.expertsPerToken();
        int bytes = model.bytesPerParameter();

        double expertParams = model.isMoe() ? shape.expertParamsPerLayer() * layers * numExperts : 0;
        double inputEmbeddingNotRead = model.tiedEmbeddings() ? 0 : shape.embeddingParams();
        this.alwaysReadWeightBytes = (model.parameterCount() - expertParams - inputEmbeddingNotRead) * bytes / tp;
        this.expertBytesPerLayer = model.isMoe() ? shape.expertParamsPerLayer() * bytes / tp : 0;
        this.kvBytesPerTokenPerLayer = 2.0 * shape.kvHeadsPerChip(tp) * model.headDim() * options.kvCacheBytes();
        int activeIntermediate = model.intermediateSize() * model.expertsPerToken();
        // read+write of the per-layer activations that fused kernels still spill to memory (16-bit)
        this.activationBytesPerToken = layers * (6.0 * model.hiddenSize() + 3.0 * activeIntermediate / tp) * ACTIVATION_BYTES;
        this.bodyFlopsPerToken = 2.0 * shape.activeBodyParams() / tp;
        this.lmHeadFlopsPerSampledToken = 2.0 * model.vocabSize() * model.hiddenSize() / tp;
        this.attentionFlopsPerPairPerLayer = 4.0 * model.numAttentionHeads() * model.headDim() / tp;
        this.allReduceMessageBytesPerToken = model.hiddenSize() * (double) ACTIVATION_BYTES;
        this.allReduce = isPcie(accelerator) ? AllReduce.RING
                : accelerator.family() == Accelerator.Family.TPU || accelerator.id().startsWith("tpu-") ? AllReduce.ICI
                : AllReduce.NVLINK;

        // vLLM's PyTorch/XLA TPU backend (before 0.11) takes TORCH_XLA_TPU_DEVICE_TIME times tpu-inference's memory and compute time
        double backend = allReduce == AllReduce.ICI && options.torchXlaTpu() ? EngineOptions.TORCH_XLA_TPU_DEVICE_TIME : 1.0;
        this.memoryBytesPerSecond = accelerator.memoryBandwidthGBps() * 1e9 * factors.bandwidthFraction() / backend;
        double peakTflops = bytes == 1 ? accelerator.fp8Tflops().orElse(accelerator.bf16Tflops()) : accelerator.bf16Tflops();
        this.flopsPerSecond = peakTflops * 1e12 * factors.computeFraction() / backend;
        this.linkBytesPerSecond = accelerator.interconnectGBps() * 1e9 * factors.interconnectFraction();
        this.overheadSeconds = (options.engine() == EngineOptions.Engine.V0
                ? factors.iterationOverheadMs() : factors.v1IterationOverheadMs()) / 1e3;
        // a uniform decode batch replays one full CUDA graph (no CUDA graphs on a TPU)
        boolean fullGraphs = options.engine() == EngineOptions.Engine.V1 && options.fullDecodeCudaGraphs()
                && allReduce != AllReduce.ICI;
        this.decodeOverheadSeconds = overheadSeconds * (fullGraphs ? EngineOptions.FULL_GRAPH_STEP_OVERHEAD_SHARE : 1);
        this.sequenceOverheadSeconds = (options.engine() == EngineOptions.Engine.V0
                ? factors.sequenceOverheadUs() + (options.syncOutputProcessing() ? factors.syncOutputUs() : 0)
                : factors.v1SequenceOverheadUs()) / 1e6;
        this.allReduceLatencySeconds = factors.allReduceLatencyUs() / 1e6;
        this.overlapHost = options.engine() == EngineOptions.Engine.V1 && options.asyncScheduling();
        this.apiServer = ApiServer.of(factors, options.engine());
        this.model = model;
        this.options = options;
        this.tritonMoe = model.isMoe() && allReduce != AllReduce.ICI;
    }

    /**
     * The iteration times of one engine (one server) with these settings: {@link #seconds}, plus, on a cold
     * start of an MoE model, the fused-MoE kernel compiles the server has not done yet ({@link FusedMoeJit}).
     * Each call returns a fresh server's timer.
     */
    Timer timer(SchedulerSettings settings) {
        if (!options.coldStart() || !tritonMoe) {
            return this::seconds;
        }
        FusedMoeJit jit = new FusedMoeJit(model, options, settings.maxNumSeqs(), settings.maxNumBatchedTokens());
        return (sequences, tokens, sampled, contextGlobal, contextLocal, pairsGlobal, pairsLocal, hostShare) ->
                seconds(sequences, tokens, sampled, contextGlobal, contextLocal, pairsGlobal, pairsLocal, hostShare)
                        + jit.seconds(new Work(sequences, tokens, sampled, contextGlobal, contextLocal, pairsGlobal,
                                pairsLocal, hostShare));
    }

    /**
     * An iteration's seconds from the fields of its {@link Work}, passed one by one: the engine asks for one at
     * every iteration, millions in a profile, and a Work (and a {@link Breakdown}) each time would be garbage.
     */
    @FunctionalInterface
    interface Timer {
        double seconds(int sequences, long tokens, long sampledTokens, long contextTokensGlobal, long contextTokensLocal,
                       double attentionPairsGlobal, double attentionPairsLocal, double hostShare);
    }

    /** Activations are 16-bit whatever the weights' dtype. */
    static final int ACTIVATION_BYTES = 2;

    /** vLLM's custom all-reduce handles messages up to 8 MiB ({@code CustomAllreduce(max_size=8192 * 1024)}); NCCL above. */
    static final double CUSTOM_ALL_REDUCE_MAX_BYTES = 8 * 1024 * 1024;

    /** How a tensor-parallel all-reduce travels between the chips. */
    enum AllReduce {
        /** NVLink through NVSwitch (H100, A100 SXM): vLLM's custom all-reduce, NCCL's ring for large messages. */
        NVLINK,
        /** PCIe only (L4): NCCL's ring. */
        RING,
        /** TPU ICI: XLA's all-reduce over the torus. */
        ICI
    }

    /**
     * Link steps and bytes each chip moves for one all-reduce of {@code message} bytes over {@code tp} chips.
     * NVLink follows vLLM's custom all-reduce kernel ({@code csrc/custom_all_reduce.cuh}: {@code cross_device_reduce_1stage}
     * for two GPUs, for 4 below 512 KiB and 8 below 256 KiB, {@code cross_device_reduce_2stage} above; start and end
     * synchronisation each one peer-to-peer write to all peers at once, so the latency does not grow with tp) up to
     * 8 MiB and for tp 2, 4, 6 or 8; NCCL's ring otherwise.
     *
     * @return {steps, bytes moved per chip}
     */
    static double[] allReduceTerms(AllReduce kind, int tp, double message) {
        Path path = path(kind, tp, message);
        return new double[] {path.steps(tp), path.bytes(tp, message)};
    }

    /** The way one all-reduce goes ({@link #allReduceTerms}): decided once, read by steps and bytes without allocating. */
    enum Path {
        NONE, RING, ICI, ONE_SHOT, TWO_STAGE;

        /** Link steps of one all-reduce. */
        double steps(int tp) {
            return switch (this) {
                case NONE -> 0;
                case RING -> 2.0 * (tp - 1);
                case ICI -> tp - 1.0;
                case ONE_SHOT -> 1;
                case TWO_STAGE -> 2;
            };
        }

        /** Bytes each chip moves in one all-reduce of {@code message} bytes. */
        double bytes(int tp, double message) {
            return switch (this) {
                case NONE -> 0;
                case ONE_SHOT -> (tp - 1) * message;
                case RING, ICI, TWO_STAGE -> 2.0 * (tp - 1) / tp * message;
            };
        }
    }

    static Path path(AllReduce kind, int tp, double message) {
        if (tp <= 1) {
            return Path.NONE;
        }
        return switch (kind) {
            case RING -> Path.RING;
            case ICI -> Path.ICI;
            case NVLINK -> {
                boolean custom = tp % 2 == 0 && tp <= 8 && message < CUSTOM_ALL_REDUCE_MAX_BYTES;
                if (!custom) {
                    yield Path.RING;
                }
                boolean oneShot = tp == 2 || (tp <= 4 && message < 512 * 1024) || message < 256 * 1024;
                yield oneShot ? Path.ONE_SHOT : Path.TWO_STAGE;
            }
        };
    }

    /** Whether tensor parallelism goes over PCIe (no NVLink or ICI), from the catalog's interconnect text. */
    static boolean isPcie(Accelerator accelerator) {
        String link = accelerator.interconnect() == null ? "" : accelerator.interconnect().trim().toLowerCase(java.util.Locale.ROOT);
        return link.startsWith("pcie");
    }

    /** Seconds for an iteration with the given work (see {@link Work}). */
    public double seconds(Work work) {
        return seconds(work.sequences(), work.tokens(), work.sampledTokens(), work.contextTokensGlobal(),
                work.contextTokensLocal(), work.attentionPairsGlobal(), work.attentionPairsLocal(), work.hostShare());
    }

    /** {@code breakdown(work).totalSeconds()} from the fields of {@code work}, without allocating ({@link Timer}). */
    double seconds(int sequences, long tokens, long sampledTokens, long contextTokensGlobal, long contextTokensLocal,
                   double attentionPairsGlobal, double attentionPairsLocal, double hostShare) {
        if (tokens == 0) {
            return 0;
        }
        return Breakdown.total(overheadSeconds(sequences, tokens), sequenceOverheadSeconds * sequences * hostShare,
                memorySeconds(tokens, contextTokensGlobal, contextTokensLocal),
                computeSeconds(tokens, sampledTokens, attentionPairsGlobal, attentionPairsLocal), commSeconds(tokens),
                overlapHost);
    }

    /** The terms of the roofline for an iteration, for documentation and tests. */
    public Breakdown breakdown(Work work) {
        if (work.tokens() == 0) {
            return new Breakdown(0, 0, 0, 0, 0, false);
        }
        return new Breakdown(overheadSeconds(work.sequences(), work.tokens()),
                sequenceOverheadSeconds * work.sequences() * work.hostShare(),
                memorySeconds(work.tokens(), work.contextTokensGlobal(), work.contextTokensLocal()),
                computeSeconds(work.tokens(), work.sampledTokens(), work.attentionPairsGlobal(), work.attentionPairsLocal()),
                commSeconds(work.tokens()), overlapHost);
    }

    /**
     * The fixed overhead of a step: a uniform decode batch (one token per scheduled sequence, vLLM's
     * {@code max_query_len == 1}) with full decode CUDA graphs pays the full-graph share; every other step (a prefill
     * or mixed batch runs piecewise graphs under FULL_AND_PIECEWISE) pays the whole overhead.
     */
    private double overheadSeconds(int sequences, long tokens) {
        return tokens == sequences ? decodeOverheadSeconds : overheadSeconds;
    }

    private double memorySeconds(long tokens, long contextTokensGlobal, long contextTokensLocal) {
        double weightBytes = alwaysReadWeightBytes;
        if (numExperts > 1) {
            // expected distinct experts hit when each of T tokens routes to k of E experts
            double untouched = Math.pow(1.0 - (double) expertsPerToken / numExperts, tokens);
            weightBytes += layers * numExperts * (1.0 - untouched) * expertBytesPerLayer;
        }
        double kvReadTokenLayers = (double) globalLayers * contextTokensGlobal
                + (double) localLayers * contextTokensLocal;
        double kvBytes = (kvReadTokenLayers + (double) layers * tokens) * kvBytesPerTokenPerLayer;
        double activationBytes = tokens * activationBytesPerToken;
        return (weightBytes + kvBytes + activationBytes) / memoryBytesPerSecond;
    }

    private double computeSeconds(long tokens, long sampledTokens, double attentionPairsGlobal, double attentionPairsLocal) {
        double flops = bodyFlopsPerToken * tokens
                + lmHeadFlopsPerSampledToken * sampledTokens
                + attentionFlopsPerPairPerLayer * (globalLayers * attentionPairsGlobal
                        + localLayers * attentionPairsLocal);
        return flops / flopsPerSecond;
    }

    private double commSeconds(long tokens) {
        double commSeconds = 0;
        if (tp > 1) {
            double message = allReduceMessageBytesPerToken * tokens;
            Path path = path(allReduce, tp, message);
            commSeconds = 2.0 * layers * (path.steps(tp) * allReduceLatencySeconds + path.bytes(tp, message) / linkBytesPerSecond);
        }
        return commSeconds;
    }

    /** Whether the scheduler runs one step ahead of the GPU (V1 with async scheduling; {@link ContinuousBatchingEngine#schedulesAhead()}). */
    public boolean schedulesAhead() {
        return overlapHost;
    }

    /** The API server in front of this engine (same factors and engine generation). */
    public ApiServer apiServer() {
        return apiServer;
    }

    /** The sliding window of the local-attention layers, {@code Integer.MAX_VALUE} when there is none. */
    public int slidingWindow() {
        return slidingWindow;
    }

    /**
     * The work of one iteration, summed over its scheduled sequences.
     *
     * @param sequences            sequences in the batch
     * @param tokens               tokens processed (prefill chunk lengths plus one per decoding sequence)
     * @param sampledTokens        sequences that sample a token (decodes and last prefill chunks): they run the lm_head
     * @param contextTokensGlobal  sum over sequences of the context attended to (cached + new), full-attention layers
     * @param contextTokensLocal   the same capped at the sliding window, for sliding-window layers
     * @param attentionPairsGlobal (query, key) pairs of causal attention, full-attention layers
     * @param attentionPairsLocal  the same capped at the sliding window
     * @param hostShare            the share of the iteration's per-sequence host cost this iteration pays: 1, or 1/k
     *                             inside a multi-step group of k decode steps (vLLM V0 schedules and prepares the inputs
     *                             once per group). The fixed overhead is paid by every iteration, in a group too: V0's
     *                             {@code LLMEngine.step} runs once per GPU step and calls the executor's
     *                             {@code execute_model} every time; only {@code Scheduler.schedule} is skipped while the
     *                             group has steps left ({@code _has_remaining_steps})
     */
    public record Work(int sequences, long tokens, long sampledTokens, long contextTokensGlobal, long contextTokensLocal,
                       double attentionPairsGlobal, double attentionPairsLocal, double hostShare) {

        /** Work that pays the whole host cost. */
        public Work(int sequences, long tokens, long sampledTokens, long contextTokensGlobal, long contextTokensLocal,
                    double attentionPairsGlobal, double attentionPairsLocal) {
            this(sequences, tokens, sampledTokens, contextTokensGlobal, contextTokensLocal, attentionPairsGlobal,
                    attentionPairsLocal, 1.0);
        }
    }

    /**
     * Seconds spent in each term. Memory and compute overlap (roofline); the all-reduces add to them
     * (the device time); the per-sequence host time adds to the device time, or overlaps it with async
     * scheduling; the fixed overhead always adds.
     */
    public record Breakdown(double overheadSeconds, double hostSeconds, double memorySeconds, double computeSeconds,
                            double commSeconds, boolean hostOverlapsDevice) {

        public double deviceSeconds() {
            return device(memorySeconds, computeSeconds, commSeconds);
        }

        public double totalSeconds() {
            return total(overheadSeconds, hostSeconds, memorySeconds, computeSeconds, commSeconds, hostOverlapsDevice);
        }

        private static double device(double memorySeconds, double computeSeconds, double commSeconds) {
            return Math.max(memorySeconds, computeSeconds) + commSeconds;
        }

        static double total(double overheadSeconds, double hostSeconds, double memorySeconds, double computeSeconds,
                            double commSeconds, boolean hostOverlapsDevice) {
            double device = device(memorySeconds, computeSeconds, commSeconds);
            return overheadSeconds + (hostOverlapsDevice ? Math.max(hostSeconds, device) : hostSeconds + device);
        }
    }
}
