package dev.kiq.perf;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The vLLM engine options that change an iteration's timing beyond the scheduler's budgets
 * ({@link SchedulerSettings}): which engine runs the loop, multi-step scheduling, async scheduling
 * and the KV-cache dtype.
 *
 * <ul>
 *   <li><b>V0</b> (vLLM up to 0.7, and {@code VLLM_USE_V1=0} up to 0.10): scheduling, input
 *       preparation, sampling and output processing run in the engine loop between GPU steps, so
 *       their per-sequence cost adds to every iteration
 *       ({@link EfficiencyFactors#sequenceOverheadUs()}).</li>
 *   <li><b>V1</b> (default from 0.8, only engine from 0.11): a persistent batch (input tensors are
 *       updated by the difference from the last step, not rebuilt) and detokenisation in the API
 *       process lower the per-sequence cost to {@link EfficiencyFactors#v1SequenceOverheadUs()};
 *       with async scheduling the next step is scheduled while the GPU runs the current one, so the
 *       per-sequence host time overlaps the device time instead of adding to it.</li>
 *   <li><b>Multi-step</b> ({@code --num-scheduler-steps k}, V0 0.6–0.10): a decode batch runs k GPU
 *       steps per scheduler call; the per-sequence host cost is paid once per k steps and no request
 *       is admitted inside the group.</li>
 *   <li><b>KV-cache dtype</b>: vLLM keeps the KV cache in 16 bits, also for FP8 checkpoints, unless
 *       {@code --kv-cache-dtype fp8} is given.</li>
 *   <li><b>Cold start</b>: the measured requests are the first the server serves after it started (no
 *       warm-up traffic), so it still compiles the kernels its start-up did not reach ({@link FusedMoeJit}:
 *       the Triton fused-MoE GEMMs of an MoE model). kiq's own profiles describe a warm server.</li>
 *   <li><b>Synchronous output processing</b> (V0 before 0.6): after every GPU step the engine loop moved the
 *       sampled tokens to the CPU, detokenised them, checked the stop criteria and built the request outputs
 *       before it scheduled the next step; vLLM 0.6.0 overlaps this with the next step (asynchronous output
 *       processing, vllm-project/vllm#7049; the v0.6.0 performance blog, 2024-09-05). Its per-sequence cost
 *       ({@link EfficiencyFactors#syncOutputUs()}) then adds to every iteration.</li>
 *   <li><b>PyTorch/XLA TPU backend</b> (before 0.11): vLLM's TPU builds lowered the PyTorch model through
 *       PyTorch/XLA with the ragged paged attention kernel v2. From 0.11 vLLM on TPU is tpu-inference
 *       (first release v0.11.1, 2025-10-15; every vllm/vllm-tpu semver image from v0.11.1 on): models are
 *       lowered through JAX and attention is RPA v3. The vLLM TPU blog (2025-10-16, "vLLM TPU: A New Unified
 *       Backend Supporting PyTorch and JAX on TPU") reports about 20% higher throughput from the JAX lowering
 *       alone and about 10% more from RPA v3 over RPA v2 on v6e; on a TPU the older backend's device time is
 *       therefore {@link #TORCH_XLA_TPU_DEVICE_TIME} = 1.2 · 1.1 times tpu-inference's
 *       ({@link IterationCost}).</li>
 *   <li><b>Full decode CUDA graphs</b> (V1 from 0.11 on a GPU): a decode-only step is replayed as one CUDA graph
 *       ({@code FULL_AND_PIECEWISE}, vLLM's default cudagraph mode from 0.11, vllm-project/vllm#25444) instead of
 *       piecewise graphs with the attention launched between them, so only
 *       {@link #FULL_GRAPH_STEP_OVERHEAD_SHARE} of V1's fixed time per step remains ({@link IterationCost}).
 *       No effect on a TPU.</li>
 * </ul>
 *
 * @param engine            V0 or V1
 * @param numSchedulerSteps {@code --num-scheduler-steps} (1: off); V0 only
 * @param asyncScheduling   {@code --async-scheduling}; V1 only
 * @param fp8KvCache        {@code --kv-cache-dtype fp8} (or {@code fp8_e4m3}/{@code fp8_e5m2})
 * @param coldStart         the run starts on a freshly started server (no warm-up traffic)
 * @param syncOutputProcessing output processing between GPU steps, not overlapped with them (vLLM before 0.6); V0 only
 * @param torchXlaTpu       on a TPU, the version runs the PyTorch/XLA backend (vLLM before 0.11), not tpu-inference;
 *                          no effect on a GPU
 * @param fullDecodeCudaGraphs decode-only steps replay one full CUDA graph (V1 from vLLM 0.11); V1 only, no effect on
 *                          a TPU
 */
public record EngineOptions(Engine engine, int numSchedulerSteps, boolean asyncScheduling, boolean fp8KvCache,
                            boolean coldStart, boolean syncOutputProcessing, boolean torchXlaTpu,
                            boolean fullDecodeCudaGraphs) {

    /**
     * Device time of vLLM's PyTorch/XLA TPU backend over tpu-inference's on the same work: 1.2 (the JAX lowering,
     * "~20% higher throughput") times 1.1 (RPA v3 over RPA v2 on v6e, "~10%"), the vLLM TPU blog of 2025-10-16.
     * A published prior, not fitted: one corpus source per backend cannot validate it.
     */
    public static final double TORCH_XLA_TPU_DEVICE_TIME = 1.2 * 1.1;

    /**
     * The share of V1's fitted fixed time per step ({@link EfficiencyFactors#v1IterationOverheadMs()}, which the V1
     * runs of vLLM 0.8 to 0.10 with piecewise CUDA graphs fit) that a V1 step still pays with full decode CUDA graphs
     * (vLLM 0.11 on, vllm-project/vllm#25444): 0.42. A published measurement, not fitted: vLLM main of 2026-08 (full
     * decode graphs and async scheduling by default) serving Qwen2-VL-2B-Instruct on one H800 (3.35 TB/s) at
     * concurrency 1 prints a median TPOT of 2.42 ms (vllm-project/vllm#51349); its language model, Qwen2-1.5B
     * (1.54 B parameters, 3.09 GB read per decode step), takes 1.15 ms at the Hopper prior's 80% of the bandwidth,
     * which leaves 1.27 ms of step overhead against the Hopper prior's 3 ms for V1: 1.27 / 3 = 0.42. That run had
     * async scheduling as well; #25444's own table credits full graphs with most of the two's gain (Qwen3-Coder-30B-A3B
     * on one H100: 4.07 requests/s piecewise, 5.98 full and piecewise, 6.20 with async scheduling too), so the share
     * is keyed on full graphs. That key was chosen after seeing the corpus (docs §10: keyed on async scheduling, the
     * vLLM 0.11 and 0.19 Hopper sources fell on either side of it), so its cross-validation is not a blind test. Runs
     * that switch full graphs alone (vllm-project/vllm#16072, #20059) save about 0.4 ms per decode step of a 1.5B model,
     * less than this share removes: for a small dense model part of it is async scheduling's and later host work's
     * (docs/performance-model.md §10, a partial contradiction recorded, not acted on).
     */
    public static final double FULL_GRAPH_STEP_OVERHEAD_SHARE = 0.42;

    /** vLLM's engine generations. */
    public enum Engine {
        V0, V1
    }

    /** Options of a warm server (see {@link #coldStart()}) of vLLM 0.6 or later. */
    public EngineOptions(Engine engine, int numSchedulerSteps, boolean asyncScheduling, boolean fp8KvCache) {
        this(engine, numSchedulerSteps, asyncScheduling, fp8KvCache, false, false, false);
    }

    /** Options of vLLM 0.6 or later (output processing overlapped with the GPU's next step). */
    public EngineOptions(Engine engine, int numSchedulerSteps, boolean asyncScheduling, boolean fp8KvCache,
                         boolean coldStart) {
        this(engine, numSchedulerSteps, asyncScheduling, fp8KvCache, coldStart, false, false);
    }

    /** Options of a vLLM whose TPU builds are tpu-inference (0.11 or later; no effect on a GPU). */
    public EngineOptions(Engine engine, int numSchedulerSteps, boolean asyncScheduling, boolean fp8KvCache,
                         boolean coldStart, boolean syncOutputProcessing) {
        this(engine, numSchedulerSteps, asyncScheduling, fp8KvCache, coldStart, syncOutputProcessing, false);
    }

    /** Options with piecewise CUDA graphs only (V1 before vLLM 0.11, and V0, whose overhead is fitted on its own). */
    public EngineOptions(Engine engine, int numSchedulerSteps, boolean asyncScheduling, boolean fp8KvCache,
                         boolean coldStart, boolean syncOutputProcessing, boolean torchXlaTpu) {
        this(engine, numSchedulerSteps, asyncScheduling, fp8KvCache, coldStart, syncOutputProcessing, torchXlaTpu, false);
    }

    /** V0 with one scheduler step, a 16-bit KV cache: vLLM 0.7's defaults. */
    public static final EngineOptions V0_DEFAULTS = new EngineOptions(Engine.V0, 1, false, false);

    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?.*");

    public EngineOptions {
        if (engine == null) {
            throw new IllegalArgumentException("engine is required");
        }
        if (numSchedulerSteps < 1) {
            throw new IllegalArgumentException("num_scheduler_steps must be at least 1, got " + numSchedulerSteps);
        }
        if (engine == Engine.V1 && numSchedulerSteps > 1) {
            throw new IllegalArgumentException("num_scheduler_steps > 1 exists only in vLLM's V0 engine");
        }
        if (engine == Engine.V0 && asyncScheduling) {
            throw new IllegalArgumentException("async scheduling exists only in vLLM's V1 engine");
        }
        if (engine == Engine.V1 && syncOutputProcessing) {
            throw new IllegalArgumentException("synchronous output processing exists only in vLLM's V0 engine before 0.6");
        }
        if (engine == Engine.V0 && fullDecodeCudaGraphs) {
            throw new IllegalArgumentException("full decode CUDA graphs are a V1 option (vLLM 0.11 on); V0's fixed overhead is fitted on its own");
        }
    }

    /**
     * A vLLM version's defaults: V0 before 0.8 (V1 became the default engine in 0.8.0), with synchronous
     * output processing before 0.6; V1 with async scheduling from 0.14 (on by default since vllm-project/vllm#27614:
     * the v0.14.0 release notes list "Async scheduling is now enabled by default" among its breaking changes; the
     * v0.11.1 notes still only "expect --async-scheduling to be enabled by default in the next release"), V1 without
     * it in between; full decode CUDA graphs from 0.11 (FULL_AND_PIECEWISE, vllm-project/vllm#25444: the v0.11.0
     * release notes list the default change of the CUDA graph mode); one scheduler step and a 16-bit KV cache;
     * on a TPU the PyTorch/XLA backend before 0.11, tpu-inference from 0.11 (see {@link #torchXlaTpu()}).
     */
    public static EngineOptions forVllmVersion(String version) {
        Matcher m = VERSION.matcher(version.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a vLLM version: " + version);
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        boolean from011 = major > 0 || minor >= 11;
        boolean torchXla = !from011;
        if (major == 0 && minor < 8) {
            return (minor < 6 ? V0_DEFAULTS.withSyncOutputProcessing(true) : V0_DEFAULTS).withTorchXlaTpu(torchXla);
        }
        return new EngineOptions(Engine.V1, 1, major > 0 || minor >= 14, false).withTorchXlaTpu(torchXla)
                .withFullDecodeCudaGraphs(from011);
    }

    /** Whether vLLM {@code version} (e.g. {@code 0.6.4.post1}; a missing patch is 0) is older than major.minor.patch. */
    public static boolean releaseBefore(String version, int major, int minor, int patch) {
        Matcher m = VERSION.matcher(version.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a vLLM version: " + version);
        }
        int[] v = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3) == null ? 0 : Integer.parseInt(m.group(3))};
        return java.util.Arrays.compare(v, new int[] {major, minor, patch}) < 0;
    }

    /** KV-cache bytes per element: 1 with an FP8 cache, else 2 (vLLM's "auto" keeps 16 bits even for FP8 weights). */
    public int kvCacheBytes() {
        return fp8KvCache ? 1 : 2;
    }

    public EngineOptions withNumSchedulerSteps(int steps) {
        return new EngineOptions(engine, steps, asyncScheduling, fp8KvCache, coldStart, syncOutputProcessing, torchXlaTpu, fullDecodeCudaGraphs);
    }

    public EngineOptions withAsyncScheduling(boolean async) {
        return new EngineOptions(engine, numSchedulerSteps, async, fp8KvCache, coldStart, syncOutputProcessing, torchXlaTpu, fullDecodeCudaGraphs);
    }

    public EngineOptions withFp8KvCache(boolean fp8) {
        return new EngineOptions(engine, numSchedulerSteps, asyncScheduling, fp8, coldStart, syncOutputProcessing, torchXlaTpu, fullDecodeCudaGraphs);
    }

    public EngineOptions withColdStart(boolean cold) {
        return new EngineOptions(engine, numSchedulerSteps, asyncScheduling, fp8KvCache, cold, syncOutputProcessing, torchXlaTpu, fullDecodeCudaGraphs);
    }

    public EngineOptions withSyncOutputProcessing(boolean sync) {
        return new EngineOptions(engine, numSchedulerSteps, asyncScheduling, fp8KvCache, coldStart, sync, torchXlaTpu, fullDecodeCudaGraphs);
    }

    public EngineOptions withTorchXlaTpu(boolean torchXla) {
        return new EngineOptions(engine, numSchedulerSteps, asyncScheduling, fp8KvCache, coldStart, syncOutputProcessing, torchXla, fullDecodeCudaGraphs);
    }

    public EngineOptions withFullDecodeCudaGraphs(boolean fullGraphs) {
        return new EngineOptions(engine, numSchedulerSteps, asyncScheduling, fp8KvCache, coldStart, syncOutputProcessing,
                torchXlaTpu, fullGraphs);
    }

    /** Whether {@code --kv-cache-dtype VALUE} asks for an FP8 cache ({@code fp8}, {@code fp8_e4m3}, {@code fp8_e5m2}). */
    public static boolean isFp8KvCacheDtype(Optional<String> kvCacheDtype) {
        return kvCacheDtype.map(d -> d.toLowerCase(Locale.ROOT).startsWith("fp8")).orElse(false);
    }
}
