package dev.kiq.perf;

import dev.kiq.catalog.ModelArchitecture;
import java.util.HashSet;
import java.util.Set;

/**
 * The Triton compiles of vLLM's fused-MoE GEMMs that a cold server pays during its first requests.
 *
 * <p>vLLM runs an MoE model's experts with one Triton kernel ({@code fused_moe_kernel}), launched twice per
 * layer (gate/up projection, then down projection with the routing weights). Triton compiles a kernel the
 * first time it is launched with a new <i>compile key</i>, and two things in that key change with the
 * iteration's token count M (vllm-project/vllm#55268, "Warm up the Triton fused MoE GEMMs"):
 * <ol>
 *   <li>the tile configuration, read from the tuned table of the nearest of the token counts the tuning
 *       script measures ({@link #TUNED_TOKEN_COUNTS}; {@code get_config}: {@code min(keys, key=|key - M|)});</li>
 *   <li>the 16-divisibility of two integer arguments, which Triton specialises on: the routed token count
 *       {@code num_valid_tokens = M·k} and the padded length {@code EM = M·k + E·(BLOCK_SIZE_M − 1)} (tile
 *       heights are multiples of 16, so {@code EM ≡ M·k − E (mod 16)}).</li>
 * </ol>
 * A server compiles at start-up only what start-up runs: the memory-profiling pass (one batch of
 * {@code max_num_batched_tokens}) and the CUDA-graph capture of the batch sizes it replays later
 * ({@link #graphSizes}). Any other key is compiled in the middle of serving, and the iteration that first
 * needs it waits for the compile ({@link #COMPILE_SECONDS} per key, both GEMMs). A graph-replayed batch
 * never compiles: it runs at its padded capture size, compiled at start-up. In vLLM's V0 engine only
 * decode batches are replayed from graphs (up to 256 sequences); in V1 every batch up to 512 tokens
 * (piecewise graphs, the MoE layer inside them). So a burst of ShareGPT prompts on a fresh V0 server
 * compiles once for every new (tile configuration, divisibility) its prefill batches reach.
 *
 * <p>One instance per engine (a server's compile cache); {@link #seconds} is stateful.
 */
final class FusedMoeJit {

    /** The token counts M of vLLM's tuned fused-MoE tables ({@code benchmarks/kernels/benchmark_moe.py}). */
    static final int[] TUNED_TOKEN_COUNTS = {1, 2, 4, 8, 16, 24, 32, 48, 64, 96, 128, 256, 512, 1024, 1536, 2048,
            3072, 4096};

    /**
     * Seconds to compile one new key: two Triton GEMM kernels (the gate/up and the down projection differ in
     * their constexpr arguments), about half a second each on a server CPU. Not fitted (docs §4).
     */
    static final double COMPILE_SECONDS = 1.0;

    /** V0 captures CUDA graphs for decode batches of 1, 2, 4 and multiples of 8 up to this many sequences. */
    static final int V0_MAX_GRAPH_BATCH = 256;
    /** V1 captures piecewise CUDA graphs for batches of 1, 2, 4 and multiples of 8 up to this many tokens. */
    static final int V1_MAX_GRAPH_TOKENS = 512;

    private final int expertsPerToken;
    private final int numExperts;
    private final boolean v1;
    private final int maxGraph;
    private final Set<Long> compiled = new HashSet<>();

    FusedMoeJit(ModelArchitecture model, EngineOptions options, int maxNumSeqs, int maxNumBatchedTokens) {
        this.expertsPerToken = model.expertsPerToken();
        this.numExperts = model.numExperts();
        this.v1 = options.engine() == EngineOptions.Engine.V1;
        this.maxGraph = v1 ? Math.min(V1_MAX_GRAPH_TOKENS, maxNumBatchedTokens) : Math.min(V0_MAX_GRAPH_BATCH, maxNumSeqs);
        compiled.add(key(maxNumBatchedTokens));
        for (int size : graphSizes(maxGraph)) {
            compiled.add(key(size));
        }
    }

    /** The batch sizes vLLM captures CUDA graphs for, up to {@code max} rounded up: 1, 2, 4, then every multiple of 8. */
    static int[] graphSizes(int max) {
        int top = max <= 2 ? Math.max(1, max) : max <= 4 ? 4 : (max + 7) / 8 * 8;
        java.util.List<Integer> sizes = new java.util.ArrayList<>();
        for (int s : new int[] {1, 2, 4}) {
            if (s <= top) {
                sizes.add(s);
            }
        }
        for (int s = 8; s <= top; s += 8) {
            sizes.add(s);
        }
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The tuned token count whose tile configuration a batch of {@code m} tokens uses (ties: the smaller). */
    static int tunedTokenCount(long m) {
        int best = TUNED_TOKEN_COUNTS[0];
        for (int t : TUNED_TOKEN_COUNTS) {
            if (Math.abs(t - m) < Math.abs(best - m)) {
                best = t;
            }
        }
        return best;
    }

    /** The compile key of a batch of {@code m} tokens: tile configuration and the two divisibility flags. */
    long key(long m) {
        long routed = m * expertsPerToken;
        boolean validDivisible = routed % 16 == 0;
        boolean paddedDivisible = Math.floorMod(routed - numExperts, 16) == 0;
        return tunedTokenCount(m) * 4L + (validDivisible ? 2 : 0) + (paddedDivisible ? 1 : 0);
    }

    /** Whether vLLM replays this batch from a CUDA graph captured at start-up. */
    private boolean graphReplayed(IterationCost.Work work) {
        return v1 ? work.tokens() <= maxGraph : work.tokens() == work.sequences() && work.sequences() <= maxGraph;
    }

    /** Seconds the iteration waits for compiles: {@link #COMPILE_SECONDS} when its key is new, else 0. */
    double seconds(IterationCost.Work work) {
        if (work.tokens() == 0 || graphReplayed(work)) {
            return 0;
        }
        return compiled.add(key(work.tokens())) ? COMPILE_SECONDS : 0;
    }

    /** Compile keys known so far (start-up and served), for tests. */
    int compiledKeys() {
        return compiled.size();
    }
}
