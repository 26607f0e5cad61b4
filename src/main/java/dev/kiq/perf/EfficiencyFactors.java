package dev.kiq.perf;

import dev.kiq.catalog.Accelerator;

/**
 * How much of an accelerator's data-sheet speed vLLM achieves, and what each scheduler iteration
 * costs beyond the roofline. These are the performance model's only tuned numbers; they are per
 * accelerator generation ({@link Family}) and the same for every model. The shipped values are
 * fitted to the published measurements ({@link FactorTable}, {@code profiles/calibration/factors.yaml});
 * the constants below are the prior estimates the fit starts from and falls back to where a family
 * has no data (see {@code docs/performance-model.md}).
 *
 * @param bandwidthFraction   achievable fraction of peak memory bandwidth for weight/KV streaming
 * @param computeFraction     achievable fraction of dense BF16 (or FP8) peak for the iteration's GEMMs and attention
 * @param iterationOverheadMs fixed time per scheduler iteration in vLLM's V0 engine: kernel launches,
 *                            synchronisation, the engine loop
 * @param v1IterationOverheadMs the same in the V1 engine (engine core in its own process, CUDA graphs
 *                            captured by torch.compile)
 * @param sequenceOverheadUs  host time per scheduled sequence and iteration in vLLM's V0 engine:
 *                            scheduling, block tables, input preparation, sampling and output processing in Python
 * @param v1SequenceOverheadUs the same in the V1 engine (persistent batch, detokenisation in the API
 *                            process); with async scheduling it overlaps the device time (see {@link EngineOptions})
 * @param allReduceLatencyUs  latency of one step of a tensor-parallel all-reduce (one synchronisation of vLLM's
 *                            custom all-reduce over NVLink, one ring step of NCCL over PCIe, one peer over ICI;
 *                            see {@link IterationCost})
 * @param interconnectFraction achievable fraction of the per-direction interconnect bandwidth for all-reduce
 * @param apiLatencyMs        V0's API server ({@link ApiServer}): latency per request that costs the server no capacity
 *                            (network round trip, hops between the processes), ms
 * @param apiRequestMs        V0's API server: serial work per request before the engine sees it (HTTP, chat template,
 *                            hand-over), ms
 * @param apiTokenUs          V0's API server: serial work per streamed token and request (one server-sent-events chunk;
 *                            V0 detokenises in the engine loop), µs
 * @param v1ApiLatencyMs      the same for V1 (one more process hop: API server, engine core), ms
 * @param v1ApiRequestMs      the same for V1, ms
 * @param v1ApiTokenUs        the same for V1, which also detokenises and processes outputs in the API server, µs
 * @param syncOutputUs        host time per scheduled sequence and iteration of V0's synchronous output processing
 *                            before vLLM 0.6 (moving the sampled tokens to the CPU, detokenising, checking the stop
 *                            criteria, building the outputs between GPU steps), on top of {@code sequenceOverheadUs};
 *                            vLLM 0.6 overlaps it with the next step ({@link EngineOptions#syncOutputProcessing()}), µs
 * @param calibrated          whether the factors were fitted to measurements; uncalibrated ones are the prior estimates
 * @param basis               one line saying where the numbers come from
 */
public record EfficiencyFactors(
        double bandwidthFraction,
        double computeFraction,
        double iterationOverheadMs,
        double v1IterationOverheadMs,
        double sequenceOverheadUs,
        double v1SequenceOverheadUs,
        double allReduceLatencyUs,
        double interconnectFraction,
        double apiLatencyMs,
        double apiRequestMs,
        double apiTokenUs,
        double v1ApiLatencyMs,
        double v1ApiRequestMs,
        double v1ApiTokenUs,
        double syncOutputUs,
        boolean calibrated,
        String basis) {

    /**
     * Prior of {@link #syncOutputUs()}: 100 µs per sequence and step, from outside the corpus. vLLM 0.5's
     * {@code LLMEngine._process_model_outputs} (detokenisation, stop checks, freeing finished groups, building the
     * request outputs: what vLLM 0.6's asynchronous output processing moved off the critical path,
     * vllm-project/vllm#7049) was profiled at 0.2 ms for one sequence and 3.4 ms for 32 (vllm-project/vllm#6913,
     * Llama-3-70B FP8 on 4 H100): 103 µs per added sequence. The PR that overlapped it with multi-step execution
     * (vllm-project/vllm#8050, Llama-3-8B on one H100, a ShareGPT burst of 500) measured a TPOT of 44.48 ms with the
     * processing between the steps and 32.38 ms with it overlapped: 12.1 ms a step, at least 47 µs a sequence (a
     * burst's steps run up to 256). The prior takes the direct measurement, rounded down; its width (σ 0.7 in log
     * space, a factor of two) covers both. The same for every family (it is the host CPU's, docs §5); fitted like the
     * others where vLLM 0.5 runs exist.
     */
    public static final double SYNC_OUTPUT_PRIOR_US = 100.0;

    /** Factors with these API servers and the prior {@link #syncOutputUs()}. */
    public EfficiencyFactors(double bandwidthFraction, double computeFraction, double iterationOverheadMs,
                             double v1IterationOverheadMs, double sequenceOverheadUs, double v1SequenceOverheadUs,
                             double allReduceLatencyUs, double interconnectFraction, double apiLatencyMs,
                             double apiRequestMs, double apiTokenUs, double v1ApiLatencyMs, double v1ApiRequestMs,
                             double v1ApiTokenUs, boolean calibrated, String basis) {
        this(bandwidthFraction, computeFraction, iterationOverheadMs, v1IterationOverheadMs, sequenceOverheadUs,
                v1SequenceOverheadUs, allReduceLatencyUs, interconnectFraction, apiLatencyMs, apiRequestMs, apiTokenUs,
                v1ApiLatencyMs, v1ApiRequestMs, v1ApiTokenUs, SYNC_OUTPUT_PRIOR_US, calibrated, basis);
    }

    /**
     * Prior of V0's API server: 3 ms of latency (the client on the same network as the server, the
     * hand-over to the engine process), 2 ms of serial work per request (HTTP, validation, chat template,
     * tokenisation call), 20 µs per streamed token (one JSON chunk written per token and request).
     * The same for every family: it is the host CPU's, not the accelerator's (docs §5).
     */
    public static final double[] V0_API_PRIOR = {3.0, 2.0, 20.0};
    /**
     * Prior of V1's API server: 15 ms of latency (a light-load TTFT of 28.6 ms measured for Llama-3.1-8B
     * on H100 under V1, llm-d/llm-d-autoscaling#1025, less its prefill and half a decode step), 2 ms per
     * request, 60 µs per streamed token (vLLM V1 with one API server streamed 12 850 tokens/s at 63.6
     * requests/s of about 200 output tokens, Llama-3.2-1B on A100, vllm-project/vllm#12287 "before":
     * (15.7 ms - 2 ms) / 202 tokens = 68 µs, rounded down for the optimisations that PR made).
     */
    public static final double[] V1_API_PRIOR = {15.0, 2.0, 60.0};

    /** Factors with the prior API server of both engines. */
    public EfficiencyFactors(double bandwidthFraction, double computeFraction, double iterationOverheadMs,
                             double v1IterationOverheadMs, double sequenceOverheadUs, double v1SequenceOverheadUs,
                             double allReduceLatencyUs, double interconnectFraction, boolean calibrated, String basis) {
        this(bandwidthFraction, computeFraction, iterationOverheadMs, v1IterationOverheadMs, sequenceOverheadUs,
                v1SequenceOverheadUs, allReduceLatencyUs, interconnectFraction, V0_API_PRIOR[0], V0_API_PRIOR[1],
                V0_API_PRIOR[2], V1_API_PRIOR[0], V1_API_PRIOR[1], V1_API_PRIOR[2], calibrated, basis);
    }

    /** Accelerator generations that share factors; {@link #key()} names them in the calibration files. */
    public enum Family {
        /** A100 40 GB and 80 GB. */
        AMPERE,
        /** H100, H200 (and B200 until it has data of its own). */
        HOPPER,
        /** L4 and other PCIe-only GPUs. */
        ADA,
        /** Cloud TPU v5e, v6e. */
        TPU;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static java.util.Optional<Family> ofKey(String key) {
            for (Family f : values()) {
                if (f.key().equals(key)) {
                    return java.util.Optional.of(f);
                }
            }
            return java.util.Optional.empty();
        }

        /** The generation of an accelerator, from its id (GKE label) and family. */
        public static Family of(Accelerator accelerator) {
            String id = accelerator.id();
            if (accelerator.family() == Accelerator.Family.TPU || id.startsWith("tpu-")) {
                return TPU;
            }
            if (id.contains("a100")) {
                return AMPERE;
            }
            if (id.contains("h100") || id.contains("h200") || id.contains("b200")) {
                return HOPPER;
            }
            return ADA;
        }
    }

    /**
     * Prior for Ampere: 80% of HBM bandwidth, the seed calibration's compute fraction; V0 (vLLM 0.6 and 0.7: API server
     * in its own process, output processing overlapped) 3 ms per step and 130 µs per scheduled sequence. The split is
     * the seed A100 knee's (DeepSeek-R1-Distill-Qwen-7B at a batch of about 240: 3 + 240 × 0.13 = 34 ms of host time a
     * step, as the 24 ms + 40 µs before it) and a fixed part small enough for one request at a time (a batch of 1 pays
     * the fixed part alone: AccelMark's one-request-at-a-time TPOT). That Ampere's per-sequence cost is twice Hopper's is
     * the knees', not a measurement; it is the host CPU's, and A100 machines carry an older CPU generation than H100
     * machines (GKE: a2 Cascade Lake, a3 Sapphire Rapids; docs §5).
     */
    public static final EfficiencyFactors AMPERE_PRIOR = new EfficiencyFactors(
            0.80, 0.66, 3.0, 6.0, 130.0, 20.0, 4.0, 0.70, false, "prior estimate");

    /** Prior for Hopper: V0 2 ms per step and 60 µs per scheduled sequence (holds the seed H100 knee, docs §5). */
    public static final EfficiencyFactors HOPPER_PRIOR = new EfficiencyFactors(
            0.80, 0.44, 2.0, 3.0, 60.0, 20.0, 4.0, 0.70, false, "prior estimate");

    /** Prior for Ada/PCIe GPUs: the mean of Ampere and Hopper; PCIe ring steps slower than NVLink peers. */
    public static final EfficiencyFactors ADA_PRIOR = new EfficiencyFactors(
            0.80, 0.55, 2.5, 4.5, 95.0, 20.0, 8.0, 0.70, false, "prior estimate");

    /** Prior for TPU: slightly lower bandwidth fraction (XLA's paged attention), Hopper's overheads. */
    public static final EfficiencyFactors TPU_PRIOR = new EfficiencyFactors(
            0.75, 0.45, 2.0, 3.0, 60.0, 20.0, 5.0, 0.60, false, "prior estimate");

    public static EfficiencyFactors prior(Family family) {
        return switch (family) {
            case AMPERE -> AMPERE_PRIOR;
            case HOPPER -> HOPPER_PRIOR;
            case ADA -> ADA_PRIOR;
            case TPU -> TPU_PRIOR;
        };
    }

    /** The factors in use for an accelerator: the shipped fit, or the user's own calibration ({@link FactorTable#current()}). */
    public static EfficiencyFactors forAccelerator(Accelerator accelerator) {
        return FactorTable.current().factors(Family.of(accelerator));
    }

    /** These factors with another basis line and calibration flag. */
    public EfficiencyFactors withBasis(boolean isCalibrated, String newBasis) {
        return new EfficiencyFactors(bandwidthFraction, computeFraction, iterationOverheadMs, v1IterationOverheadMs,
                sequenceOverheadUs, v1SequenceOverheadUs, allReduceLatencyUs, interconnectFraction, apiLatencyMs,
                apiRequestMs, apiTokenUs, v1ApiLatencyMs, v1ApiRequestMs, v1ApiTokenUs, syncOutputUs, isCalibrated, newBasis);
    }
}
