package dev.kiq.corpus;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The load a published run applied.
 *
 * @param dataset   e.g. {@code sharegpt}, {@code random}, {@code sonnet}
 * @param prompts   number of requests of the run, when given
 * @param input     prompt lengths in tokens
 * @param output    output lengths in tokens
 * @param ignoreEos whether outputs ran to their requested length ({@code --ignore-eos}); false when not stated
 * @param arrival   the arrival process
 * @param prefixCache what the run found in vLLM's automatic prefix cache; empty: nothing (no prompt repeats
 *                  or shares a prefix of a whole block, or prefix caching is off)
 * @param chatStream the client streamed from vLLM's {@code /v1/chat/completions} and timed every chunk that carries
 *                  a choice, as {@code vllm bench serve --backend openai-chat} (and {@code benchmark_serving.py}'s
 *                  openai-chat backend) does: vLLM's role-only first chunk, sent with the first token, then adds one
 *                  inter-token gap of about zero per request (docs/performance-model.md §7); false when not stated
 */
public record PublishedWorkload(String dataset, OptionalInt prompts, Lengths input, Lengths output,
                                boolean ignoreEos, Arrival arrival, Optional<PrefixCache> prefixCache,
                                boolean chatStream) {

    /** A workload whose client did not time a chat stream's role chunk (the completions endpoint, or not stated). */
    public PublishedWorkload(String dataset, OptionalInt prompts, Lengths input, Lengths output, boolean ignoreEos,
                             Arrival arrival, Optional<PrefixCache> prefixCache) {
        this(dataset, prompts, input, output, ignoreEos, arrival, prefixCache, false);
    }
}
