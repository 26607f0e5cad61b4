package dev.kiq.corpus;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The vLLM engine arguments a published run set away from their defaults (vLLM's names, in
 * snake_case as on its command line without the dashes). An empty field means the default of that
 * version and accelerator.
 *
 * @param others the remaining arguments that were set, by name, as written
 */
public record EngineArgs(
        OptionalInt maxModelLen,
        OptionalInt maxNumSeqs,
        OptionalInt maxNumBatchedTokens,
        Optional<Boolean> chunkedPrefill,
        OptionalInt numSchedulerSteps,
        Optional<Boolean> asyncScheduling,
        Optional<String> dtype,
        Optional<String> quantization,
        Optional<String> kvCacheDtype,
        OptionalDouble gpuMemoryUtilization,
        Optional<Boolean> prefixCaching,
        Map<String, String> others) {

    public EngineArgs {
        others = Map.copyOf(others);
    }

    /** Typed arguments, with their value kinds; any other known argument goes to {@link #others}. */
    static final Map<String, Class<?>> TYPED = Map.ofEntries(
            Map.entry("max_model_len", Integer.class),
            Map.entry("max_num_seqs", Integer.class),
            Map.entry("max_num_batched_tokens", Integer.class),
            Map.entry("enable_chunked_prefill", Boolean.class),
            Map.entry("num_scheduler_steps", Integer.class),
            Map.entry("async_scheduling", Boolean.class),
            Map.entry("dtype", String.class),
            Map.entry("quantization", String.class),
            Map.entry("kv_cache_dtype", String.class),
            Map.entry("gpu_memory_utilization", Double.class),
            Map.entry("enable_prefix_caching", Boolean.class));

    /** Arguments accepted besides the typed ones (they do not change the modeled timing, or kiq does not model them). */
    static final java.util.List<String> OTHER = java.util.List.of(
            "tensor_parallel_size", "pipeline_parallel_size", "block_size", "swap_space", "enforce_eager",
            "disable_log_requests", "disable_log_stats", "use_v2_block_manager", "trust_remote_code",
            "distributed_executor_backend", "max_seq_len_to_capture", "compilation_config", "load_format",
            "seed", "disable_custom_all_reduce", "env");
}
