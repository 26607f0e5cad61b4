package dev.kiq.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.kiq.catalog.Accelerator;
import dev.kiq.catalog.ModelArchitecture;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The engine options that change timing, each against a small case computed by hand: V0 vs V1 host
 * overhead, full decode CUDA graphs, async scheduling, multi-step scheduling, client-side TTFT (the API server), all-reduce by TP size and link,
 * and the dtype rules (float32 served in 16 bits, FP8 weights with a 16-bit KV cache).
 */
class EngineFidelityTest {

    /**
     * Factors that make the device time negligible (a billion times the data-sheet speed), so that an
     * iteration costs exactly its host terms: 1 ms fixed, 1000 µs per sequence on V0, 250 µs on V1.
     */
    private static final EfficiencyFactors HOST_ONLY = new EfficiencyFactors(1e9, 1e9, 1.0, 1.0, 1000.0, 250.0, 5.0, 1e9,
            false, "test");

    private static IterationCost.Work decode(int batch, int context) {
        return new IterationCost.Work(batch, batch, batch, (long) batch * context, (long) batch * context,
                (double) batch * context, (double) batch * context);
    }

    @Test
    void versionsMapToTheirEngine() {
        assertThat(EngineOptions.forVllmVersion("v0.7.2")).isEqualTo(EngineOptions.V0_DEFAULTS.withTorchXlaTpu(true));
        assertThat(EngineOptions.forVllmVersion("v0.8.0").engine()).isEqualTo(EngineOptions.Engine.V1);
        assertThat(EngineOptions.forVllmVersion("v0.11.0").asyncScheduling()).isFalse();
        // async scheduling is on by default from v0.14.0 (its release notes), not before
        assertThat(EngineOptions.forVllmVersion("v0.13.0").asyncScheduling()).isFalse();
        assertThat(EngineOptions.forVllmVersion("v0.14.0").asyncScheduling()).isTrue();
        assertThat(EngineOptions.forVllmVersion("v0.19.1").asyncScheduling()).isTrue();
        // full decode CUDA graphs (FULL_AND_PIECEWISE) are the default from v0.11.0 (its release notes)
        assertThat(EngineOptions.forVllmVersion("v0.10.2").fullDecodeCudaGraphs()).isFalse();
        assertThat(EngineOptions.forVllmVersion("v0.11.0").fullDecodeCudaGraphs()).isTrue();
        assertThat(EngineOptions.forVllmVersion("v0.7.2").fullDecodeCudaGraphs()).isFalse();
        assertThatThrownBy(() -> new EngineOptions(EngineOptions.Engine.V1, 8, false, false))
                .hasMessageContaining("V0");
    }

    @Test
    void v0AddsItsPerSequenceHostTimeV1SyncAddsLessAndV1AsyncOverlapsIt() {
        // 1x H100, DeepSeek 7B, decode of 100 sequences at 1000 tokens of context
        EfficiencyFactors f = new EfficiencyFactors(0.8, 0.5, 2.0, 2.0, 40.0, 10.0, 4.0, 0.7, false, "test");
        IterationCost v0 = new IterationCost(Fixtures.DEEPSEEK_7B, Fixtures.H100_80, 1, f, EngineOptions.V0_DEFAULTS);
        IterationCost v1 = new IterationCost(Fixtures.DEEPSEEK_7B, Fixtures.H100_80, 1, f,
                new EngineOptions(EngineOptions.Engine.V1, 1, false, false));
        IterationCost v1Async = new IterationCost(Fixtures.DEEPSEEK_7B, Fixtures.H100_80, 1, f,
                new EngineOptions(EngineOptions.Engine.V1, 1, true, false));
        IterationCost.Breakdown b0 = v0.breakdown(decode(100, 1000));
        double device = b0.deviceSeconds();
        // V0: 2 ms + 100 x 40 µs + device; V1: 2 ms + 100 x 10 µs + device
        assertThat(b0.totalSeconds()).isCloseTo(0.002 + 0.004 + device, within(1e-12));
        assertThat(v1.seconds(decode(100, 1000))).isCloseTo(0.002 + 0.001 + device, within(1e-12));
        // async: the 1 ms of host work hides under the device time (the weights alone take > 1 ms)
        assertThat(device).isGreaterThan(0.001);
        assertThat(v1Async.seconds(decode(100, 1000))).isCloseTo(0.002 + device, within(1e-12));
        // only V1 with async scheduling runs its scheduler a step ahead of the GPU (what the engine and the run ask)
        assertThat(v1Async.schedulesAhead()).isTrue();
        assertThat(v1.schedulesAhead()).isFalse();
        assertThat(v0.schedulesAhead()).isFalse();
    }

    @Test
    void fullDecodeGraphsReproduceTheOutsideMeasurementTheirShareComesFrom() {
        // vllm-project/vllm#51349: Qwen2-VL-2B-Instruct (language model Qwen2-1.5B: 28 layers, 1536 wide, 12 heads,
        // 2 KV heads of 128, MLP 8960, vocabulary 151936, tied embeddings, 1 543 714 304 parameters) on one H800
        // (3.35 TB/s), vLLM main of 2026-08 (full decode graphs, async scheduling), concurrency 1: median TPOT 2.42 ms.
        ModelArchitecture qwen2 = new ModelArchitecture("Qwen/Qwen2-1.5B-Instruct", "qwen2", 1_543_714_304L,
                28, 1536, 12, 2, 128, 8960, 151936, 1, 1, 32768, "bfloat16", true, Optional.empty(), 0);
        IterationCost v019 = new IterationCost(qwen2, Fixtures.H100_80, 1, EfficiencyFactors.HOPPER_PRIOR,
                EngineOptions.forVllmVersion("v0.19.1"));
        // by hand: 0.42 x 3 ms = 1.26 ms of step overhead; weights 1 543 714 304 x 2 B = 3.087 GB at 3.35 TB/s x 0.80
        // = 1.152 ms; KV of one decode at 860 tokens of context (about 768 in, 92 out): 860 x 28 layers x 2 x 2 heads
        // x 128 x 2 B = 24.7 MB, 0.009 ms; activations 28 x (6 x 1536 + 3 x 8960) x 2 B = 2.0 MB, 0.001 ms; the
        // 20 µs of per-sequence host time hides under the device (async scheduling): 2.42 ms
        double weights = 1_543_714_304.0 * 2 / (3350e9 * 0.80);
        double kv = 860.0 * 28 * 2 * 2 * 128 * 2 / (3350e9 * 0.80);
        double activations = 28.0 * (6 * 1536 + 3 * 8960) * 2 / (3350e9 * 0.80);
        double device = weights + kv + activations;
        assertThat(v019.seconds(decode(1, 860))).isCloseTo(0.00126 + device, within(1e-6));
        assertThat(v019.seconds(decode(1, 860)) * 1e3).isCloseTo(2.42, within(0.02));
        // vLLM 0.11 (full decode graphs, no async scheduling): 1.26 ms + 20 µs + the device time
        IterationCost v011 = new IterationCost(qwen2, Fixtures.H100_80, 1, EfficiencyFactors.HOPPER_PRIOR,
                EngineOptions.forVllmVersion("v0.11.0"));
        assertThat(v011.seconds(decode(1, 860))).isCloseTo(0.00126 + 0.00002 + device, within(1e-6));
        // vLLM 0.10 (piecewise graphs only): the whole 3 ms
        IterationCost v010 = new IterationCost(qwen2, Fixtures.H100_80, 1, EfficiencyFactors.HOPPER_PRIOR,
                EngineOptions.forVllmVersion("v0.10.2"));
        assertThat(v010.seconds(decode(1, 860))).isCloseTo(0.003 + 0.00002 + device, within(1e-6));
    }

    @Test
    void onlyAUniformDecodeBatchPaysTheFullGraphShareAndNotOnATpu() {
        // host terms only (device negligible): 1 ms fixed, 250 µs per sequence on V1, synchronous scheduling
        EngineOptions full = new EngineOptions(EngineOptions.Engine.V1, 1, false, false).withFullDecodeCudaGraphs(true);
        IterationCost gpu = new IterationCost(Fixtures.DEEPSEEK_7B, Fixtures.H100_80, 1, HOST_ONLY, full);
        // 4 decodes, one token each: 0.42 x 1 ms + 4 x 250 µs = 1.42 ms
        assertThat(gpu.seconds(decode(4, 100))).isCloseTo(0.00042 + 0.001, within(1e-9));
        assertThat(gpu.breakdown(decode(4, 100)).overheadSeconds()).isCloseTo(0.00042, within(1e-12));
        // 3 decodes and a 50-token prefill chunk (53 tokens, 4 sequences): a mixed batch runs piecewise, 1 ms + 1 ms
        IterationCost.Work mixed = new IterationCost.Work(4, 53, 4, 400, 400, 400, 400);
        assertThat(gpu.seconds(mixed)).isCloseTo(0.001 + 0.001, within(1e-9));
        assertThat(gpu.breakdown(mixed).overheadSeconds()).isCloseTo(0.001, within(1e-12));
        // without full graphs (V1 before 0.11) the decode pays the whole 1 ms
        IterationCost piecewise = new IterationCost(Fixtures.DEEPSEEK_7B, Fixtures.H100_80, 1, HOST_ONLY,
                new EngineOptions(EngineOptions.Engine.V1, 1, false, false));
        assertThat(piecewise.seconds(decode(4, 100))).isCloseTo(0.001 + 0.001, within(1e-9));
        // a TPU has no CUDA graphs: the same options leave the whole 1 ms
        Accelerator v6e = new Accelerator("tpu-v6e-slice", "Cloud TPU v6e", Accelerator.Family.TPU, 32, 1638, 918,
                Optional.empty(), 400, "ICI", List.of(), "test");
        IterationCost tpu = new IterationCost(Fixtures.DEEPSEEK_7B, v6e, 1, HOST_ONLY, full);
        assertThat(tpu.seconds(decode(4, 100))).isCloseTo(0.001 + 0.001, within(1e-9));
        // a host share of 1/2 halves the per-sequence cost only: 0.42 x 1 ms + 4 x 250 µs / 2
        IterationCost.Work half = new IterationCost.Work(4, 4, 4, 400, 400, 400, 400, 0.5);
        assertThat(gpu.seconds(half)).isCloseTo(0.00042 + 0.001 / 2, within(1e-9));
    }

    @Test
    void multiStepPaysTheSequenceHostWorkOncePerGroupTheFixedOverheadEveryStepAndAdmitsNothingInside() {
        SchedulerSettings settings = new SchedulerSettings(8, 4096, false, 16, 1000, 4096, 4);
        IterationCost cost = new IterationCost(Fixtures.DEEPSEEK_7B, Fixtures.H100_80, 1, HOST_ONLY);
        ContinuousBatchingEngine engine = new ContinuousBatchingEngine(settings, cost);
        engine.submit(1, 16, 9);
        // prefill: 1 ms + 1 sequence x 1 ms
        var prefill = engine.step();
        assertThat(prefill.seconds()).isCloseTo(0.002, within(1e-6));
        // a group of 4 decode steps: each pays the 1 ms fixed overhead (LLMEngine.step and execute_model run every
        // GPU step) and a quarter of the sequence's 1 ms (scheduled and prepared once per group): 1.25 ms
        var first = engine.step();
        assertThat(first.seconds()).isCloseTo(0.00125, within(1e-6));
        engine.submit(2, 16, 2);
        for (int i = 0; i < 3; i++) {
            var it = engine.step();
            assertThat(it.prefillTokens()).isZero();
            assertThat(it.tokens()).containsExactly(1L);
            assertThat(it.seconds()).isCloseTo(0.00125, within(1e-6));
        }
        // the group is over: request 2's prompt is admitted (V0 runs prompts first), full host cost again
        var admission = engine.step();
        assertThat(admission.prefillTokens()).isEqualTo(16);
        assertThat(admission.seconds()).isCloseTo(0.002, within(1e-6));
    }

    /*
     * vLLM V0 keeps a multi-step group's batch for all its k steps (the worker reuses the group's first model input,
     * MultiStepWorker/_advance_step; the engine skips the scheduler while the group has steps left): a sequence that
     * gets its last token inside the group is still decoded, and its outputs are handed over at the group's last step.
     * Host-only costs (1 ms fixed, 1 ms per sequence), 4 steps. Request 1 (16 prompt, 2 output tokens) and request 2
     * (16, 5) prefill together: 1 + 2 x 1 = 3 ms, one token each. Iterations 2-5 are one group of 4, each
     * 1 + 2 x 1 / 4 = 1.5 ms (the fixed overhead every step, the sequences' cost shared by the group) with both
     * sequences in the batch, though request 1 has its last token at iteration 2;
     * the contexts grow by one per sequence and step: 17 + 17 = 34, then 36, 38, 40 tokens. Request 2 gets a token at
     * each; request 1's last token and finish come with the group's end at iteration 5, after request 2's.
     * Total 3 + 4 x 1.5 = 9 ms (with the finished sequence dropped from the batch it would be 3 + 1.5 + 3 x 1.25).
     */
    @Test
    void aMultiStepGroupKeepsItsBatchUntilItEndsAndHandsTheFinishOverThen() {
        SchedulerSettings settings = new SchedulerSettings(8, 4096, false, 16, 1000, 4096, 4);
        IterationCost cost = new IterationCost(Fixtures.DEEPSEEK_7B, Fixtures.H100_80, 1, HOST_ONLY);
        List<IterationCost.Work> work = new ArrayList<>();
        ContinuousBatchingEngine engine = new ContinuousBatchingEngine(settings, w -> {
            work.add(w);
            return cost.seconds(w);
        }, Integer.MAX_VALUE);
        engine.submit(1, 16, 2);
        engine.submit(2, 16, 5);
        var prefill = engine.step();
        assertThat(prefill.seconds()).isCloseTo(0.003, within(1e-9));
        assertThat(prefill.tokens()).containsExactly(1L, 2L);
        double total = prefill.seconds();
        long[] contexts = {34, 36, 38, 40};
        for (int i = 0; i < 4; i++) {
            var it = engine.step();
            total += it.seconds();
            IterationCost.Work w = work.get(i + 1);
            assertThat(w.sequences()).as("group step %d", i + 1).isEqualTo(2);
            assertThat(w.contextTokensGlobal()).as("group step %d", i + 1).isEqualTo(contexts[i]);
            assertThat(it.seconds()).as("group step %d", i + 1).isCloseTo(0.0015, within(1e-9));
            if (i < 3) {
                assertThat(it.tokens()).containsExactly(2L);
                assertThat(it.finished()).isEmpty();
            } else {
                assertThat(it.tokens()).containsExactly(2L, 1L);
                assertThat(it.finished()).containsExactly(2L, 1L);
            }
        }
        assertThat(total).isCloseTo(0.009, within(1e-9));
        assertThat(engine.hasWork()).isFalse();
    }

    @Test
    void oneSchedulerStepPaysTheHostCostEveryIteration() {
        SchedulerSettings settings = new SchedulerSettings(8, 4096, false, 16, 1000, 4096, 1);
        ContinuousBatchingEngine engine = new ContinuousBatchingEngine(settings,
                new IterationCost(Fixtures.DEEPSEEK_7B, Fixtures.H100_80, 1, HOST_ONLY));
        engine.submit(1, 16, 9);
        double total = 0;
        while (engine.hasWork()) {
            total += engine.step().seconds();
        }
        // 9 iterations (1 prefill + 8 decodes) of 2 ms; with 4 steps it would be 2 + 8 x 0.5 = 6 ms
        assertThat(total).isCloseTo(0.018, within(1e-6));
    }

    @Test
    void clientSideTtftAddsTheApiServersWorkAndLatency() {
        RequestTrace trace = RequestTrace.generate(Workload.shareGpt(), 1, 7);
        int in = trace.inputTokens(0);
        int out = trace.outputTokens(0);
        SchedulerSettings settings = new SchedulerSettings(8, 4096, false, 16, 1000, 4096);
        // the host-only engine behind a V0 API server: 3 ms latency, 2 ms per request, 20 µs per streamed token
        EfficiencyFactors f = new EfficiencyFactors(1e9, 1e9, 1.0, 1.0, 1000.0, 250.0, 5.0, 1e9,
                3.0, 2.0, 20.0, 15.0, 2.0, 60.0, false, "test");
        IterationCost cost = new IterationCost(Fixtures.DEEPSEEK_7B, Fixtures.H100_80, 1, f);
        LoadRun.Result r = LoadRun.run(() -> new ContinuousBatchingEngine(settings, cost), trace, 1.0);
        // taken in: 2 ms + 1 µs per prompt token; the prefill iteration, 2 ms; streamed: 20 µs; latency 3 ms
        double ttftMs = 2.0 + in / 1000.0 + 2.0 + 0.02 + 3.0;
        assertThat(r.point().ttftMilliseconds()).isCloseTo(ttftMs, within(0.01));
        // NTPOT: (intake + prefill + (out - 1) decodes of 2 ms, the last token streamed, latency) / out; the
        // streaming of one token (20 µs) overlaps the next iteration, so the decodes are not held up
        double e2eMs = 2.0 + in / 1000.0 + 2.0 * out + 0.02 + 3.0;
        assertThat(r.point().ntpotMilliseconds()).isCloseTo(e2eMs / out, within(0.01));
    }

    /** Gemma 2 27B (46 layers, hidden 4608), an iteration of {@code tokens} decodes: its all-reduce seconds. */
    private static double comm(Accelerator accelerator, int tp, int tokens, EfficiencyFactors f) {
        return new IterationCost(Fixtures.GEMMA_2_27B, accelerator, tp, f).breakdown(decode(tokens, 100)).commSeconds();
    }

    @Test
    void nvlinkAllReducesFollowVllmsCustomKernelOneShotTwoShotThenNcclsRing() {
        // step latency 5 µs, link efficiency 0.5: H100 450 GB/s per direction -> 225 GB/s; two all-reduces per layer
        EfficiencyFactors f = new EfficiencyFactors(0.8, 0.5, 1.0, 1.0, 40.0, 10.0, 5.0, 0.5, false, "test");
        double bw = 450e9 * 0.5;
        // 10 tokens: a message of 10 x 4608 x 2 = 92 160 bytes, below 256 KiB: one-shot at every tp, one step,
        // each GPU reads the whole message from each of its tp - 1 peers
        double m10 = 92_160;
        assertThat(comm(Fixtures.H100_80, 2, 10, f)).isCloseTo(92 * (5e-6 + m10 / bw), within(1e-12));
        assertThat(comm(Fixtures.H100_80, 4, 10, f)).isCloseTo(92 * (5e-6 + 3 * m10 / bw), within(1e-12));
        assertThat(comm(Fixtures.H100_80, 8, 10, f)).isCloseTo(92 * (5e-6 + 7 * m10 / bw), within(1e-12));
        // 100 tokens: 921 600 bytes, above 512 KiB: two-shot on 4 and 8 GPUs (2 steps, 2 (tp-1)/tp of the message),
        // one-shot on 2 whatever the size
        double m100 = 921_600;
        assertThat(comm(Fixtures.H100_80, 2, 100, f)).isCloseTo(92 * (5e-6 + m100 / bw), within(1e-12));
        assertThat(comm(Fixtures.H100_80, 4, 100, f)).isCloseTo(92 * (2 * 5e-6 + 1.5 * m100 / bw), within(1e-12));
        assertThat(comm(Fixtures.H100_80, 8, 100, f)).isCloseTo(92 * (2 * 5e-6 + 1.75 * m100 / bw), within(1e-12));
        // 40 tokens on 8 GPUs: 368 640 bytes, between 256 and 512 KiB: two-shot on 8, one-shot on 4
        double m40 = 368_640;
        assertThat(comm(Fixtures.H100_80, 8, 40, f)).isCloseTo(92 * (2 * 5e-6 + 1.75 * m40 / bw), within(1e-12));
        assertThat(comm(Fixtures.H100_80, 4, 40, f)).isCloseTo(92 * (5e-6 + 3 * m40 / bw), within(1e-12));
        // 1000 tokens: 9 216 000 bytes, above the custom kernel's 8 MiB: NCCL's ring, 2 (tp-1) steps
        double m1000 = 9_216_000;
        assertThat(comm(Fixtures.H100_80, 8, 1000, f)).isCloseTo(92 * (14 * 5e-6 + 1.75 * m1000 / bw), within(1e-12));
        // the step latency does not grow with tp below the ring: 8 GPUs pay one step like 2
        EfficiencyFactors latencyOnly = new EfficiencyFactors(0.8, 0.5, 1.0, 1.0, 40.0, 10.0, 5.0, 1e9, false, "test");
        assertThat(comm(Fixtures.H100_80, 8, 10, latencyOnly)).isCloseTo(comm(Fixtures.H100_80, 2, 10, latencyOnly), within(1e-12));
        assertThat(comm(Fixtures.H100_80, 1, 10, f)).isZero();
    }

    @Test
    void aPcieAllReduceIsNcclsRingOfTwiceTpMinusOneSteps() {
        EfficiencyFactors f = new EfficiencyFactors(0.8, 0.5, 1.0, 1.0, 40.0, 10.0, 5.0, 0.5, false, "test");
        double bytes = 10 * 4608 * 2.0;
        for (int tp : new int[] {2, 4, 8}) {
            double share = 2.0 * (tp - 1) / tp * bytes;
            // PCIe (L4, 32 GB/s): a ring of 2 (tp - 1) steps
            double pcie = 2 * 46 * (2 * (tp - 1) * 5e-6 + share / (32e9 * 0.5));
            assertThat(comm(Fixtures.L4, tp, 10, f)).isCloseTo(pcie, within(1e-12));
        }
    }

    @Test
    void vllmBeforeElevenOnATpuRunsPyTorchXlaAtOnePointThreeTwoTimesTheDeviceTime() {
        // the TPU backend by version: PyTorch/XLA up to 0.10, tpu-inference from 0.11 (its first release v0.11.1)
        assertThat(EngineOptions.forVllmVersion("0.8.main").torchXlaTpu()).isTrue();
        assertThat(EngineOptions.forVllmVersion("v0.10.2").torchXlaTpu()).isTrue();
        assertThat(EngineOptions.forVllmVersion("v0.11.0").torchXlaTpu()).isFalse();
        assertThat(EngineOptions.forVllmVersion("0.11.main").torchXlaTpu()).isFalse();
        assertThat(EngineOptions.forVllmVersion("v0.19.1").torchXlaTpu()).isFalse();
        // the vLLM TPU blog: ~20% from the JAX lowering, ~10% from RPA v3 over RPA v2
        assertThat(EngineOptions.TORCH_XLA_TPU_DEVICE_TIME).isCloseTo(1.32, within(1e-12));

        Accelerator v6e = new Accelerator("tpu-v6e-slice", "Cloud TPU v6e", Accelerator.Family.TPU, 32, 1638, 918,
                Optional.empty(), 400, "ICI", List.of(), "test");
        EfficiencyFactors f = new EfficiencyFactors(0.5, 0.5, 2.0, 2.0, 40.0, 10.0, 4.0, 0.6, false, "test");
        EngineOptions jax = new EngineOptions(EngineOptions.Engine.V1, 1, false, false);
        IterationCost tpuInference = new IterationCost(Fixtures.DEEPSEEK_7B, v6e, 1, f, jax);
        IterationCost torchXla = new IterationCost(Fixtures.DEEPSEEK_7B, v6e, 1, f, jax.withTorchXlaTpu(true));
        // 10 000 more tokens of context read: 28 layers x 4 KV heads x 128 x (K, V) x 2 bytes = 57 344 bytes each,
        // at 1638 GB/s x 0.5, times 1.32 on PyTorch/XLA
        double kv = 10_000 * 57_344.0 / (1638e9 * 0.5);
        double xlaKv = torchXla.breakdown(decode(1, 10_001)).memorySeconds() - torchXla.breakdown(decode(1, 1)).memorySeconds();
        double jaxKv = tpuInference.breakdown(decode(1, 10_001)).memorySeconds()
                - tpuInference.breakdown(decode(1, 1)).memorySeconds();
        assertThat(jaxKv).isCloseTo(kv, within(kv * 1e-9));
        assertThat(xlaKv).isCloseTo(kv * 1.32, within(kv * 1e-9));
        // a 2000-token prefill: memory and compute both take 1.32 times as long; the host terms do not change
        IterationCost.Work prefill = new IterationCost.Work(1, 2000, 1, 2000, 2000, 2000 * 2001 / 2.0, 2000 * 2001 / 2.0);
        IterationCost.Breakdown a = tpuInference.breakdown(prefill);
        IterationCost.Breakdown b = torchXla.breakdown(prefill);
        assertThat(b.computeSeconds()).isCloseTo(a.computeSeconds() * 1.32, within(a.computeSeconds() * 1e-9));
        assertThat(b.memorySeconds()).isCloseTo(a.memorySeconds() * 1.32, within(a.memorySeconds() * 1e-9));
        // V1 without async scheduling: 2 ms + 1 x 10 µs + device
        assertThat(b.totalSeconds()).isCloseTo(0.002 + 0.00001 + 1.32 * Math.max(a.memorySeconds(), a.computeSeconds()),
                within(1e-12));
        // a GPU has no such backend: the flag changes nothing
        IterationCost h100 = new IterationCost(Fixtures.DEEPSEEK_7B, Fixtures.H100_80, 1, f, jax);
        IterationCost h100Flag = new IterationCost(Fixtures.DEEPSEEK_7B, Fixtures.H100_80, 1, f, jax.withTorchXlaTpu(true));
        assertThat(h100Flag.seconds(prefill)).isEqualTo(h100.seconds(prefill));
    }

    @Test
    void aFloat32CheckpointIsServedInSixteenBits() {
        ModelArchitecture fp32 = withDtype(Fixtures.DEEPSEEK_7B, "float32");
        assertThat(fp32.bytesPerParameter()).isEqualTo(2);
        MemoryPlan plan = MemoryPlan.of(fp32, Fixtures.A100_40, 1, 0.9, 2048, 256, 16);
        // 7 615 616 512 parameters x 2 bytes
        assertThat(plan.weightBytes()).isEqualTo(7_615_616_512.0 * 2);
    }

    @Test
    void anFp8CheckpointKeepsASixteenBitKvCacheUnlessKvCacheDtypeSaysFp8() {
        ModelArchitecture fp8 = withDtype(Fixtures.DEEPSEEK_7B, "fp8");
        assertThat(fp8.bytesPerParameter()).isEqualTo(1);
        // 28 layers x 4 KV heads x 128 x (K and V) x 2 bytes = 57 344 bytes per token, as for BF16
        assertThat(fp8.kvBytesPerToken()).isEqualTo(57_344);
        MemoryPlan auto = MemoryPlan.of(fp8, Fixtures.A100_40, 1, 0.9, 2048, 256, 16);
        assertThat(auto.kvBytesPerToken()).isEqualTo(57_344);
        assertThat(auto.weightBytes()).isEqualTo(7_615_616_512.0);
        ServingSetup setup = new ServingSetup(fp8, Fixtures.A100_40, 1, 256, 2048, true, 0.9, 4096, 16,
                EngineOptions.V0_DEFAULTS.withFp8KvCache(EngineOptions.isFp8KvCacheDtype(Optional.of("fp8_e4m3"))));
        assertThat(setup.memoryPlan().kvBytesPerToken()).isEqualTo(28_672);
        assertThat(setup.memoryPlan().kvBlocks()).isBetween(2 * auto.kvBlocks() - 1, 2 * auto.kvBlocks() + 1);
        // the iteration reads half the KV bytes: a decode at 10 000 tokens of context, weights excluded
        IterationCost kv16 = new IterationCost(fp8, Fixtures.A100_40, 1, HOST_ONLY);
        IterationCost kv8 = setup.iterationCost(HOST_ONLY);
        double w = kv16.breakdown(decode(1, 1)).memorySeconds();
        double a = kv16.breakdown(decode(1, 10_001)).memorySeconds() - w;
        double b = kv8.breakdown(decode(1, 10_001)).memorySeconds() - kv8.breakdown(decode(1, 1)).memorySeconds();
        assertThat(b).isCloseTo(a / 2, within(a * 1e-9));
    }

    private static ModelArchitecture withDtype(ModelArchitecture m, String dtype) {
        return new ModelArchitecture(m.id(), m.modelType(), m.parameterCount(), m.numLayers(), m.hiddenSize(),
                m.numAttentionHeads(), m.numKeyValueHeads(), m.headDim(), m.intermediateSize(), m.vocabSize(),
                m.numExperts(), m.expertsPerToken(), m.maxContext(), dtype, m.tiedEmbeddings(), m.slidingWindow(),
                m.slidingWindowLayers());
    }
}
