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
 */
public record PublishedWorkload(String dataset, OptionalInt prompts, Lengths input, Lengths output,
                                boolean ignoreEos, Arrival arrival, Optional<PrefixCache> prefixCache) {
}
