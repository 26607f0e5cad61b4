package dev.kiq.corpus;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What a published run found in vLLM's automatic prefix cache: exactly one of
 *
 * <ul>
 *   <li>{@code cachedPrompts}: the run's first N prompts were served whole before on the same server
 *       (benchmark_serving.py's seeded datasets repeat their prompts run after run, and its initial test
 *       request is the run's first prompt) and are still cached;</li>
 *   <li>{@code sharedPrefix}: every prompt starts with the same N tokens (a system prompt,
 *       {@code --random-prefix-len}), computed once before the run; with {@code prefixes: K}, one of K such
 *       prefixes (K documents each asked several questions), prompt i starting with prefix i mod K. Running
 *       requests with the same prefix share its cached blocks;</li>
 *   <li>{@code hitRate}: the fraction of every prompt's tokens served from the cache, when the source
 *       reports only a rate.</li>
 * </ul>
 */
public record PrefixCache(OptionalInt cachedPrompts, OptionalInt sharedPrefix, OptionalDouble hitRate, int prefixes) {

    /** Field names in a corpus file's {@code workload.prefixCache}. */
    public static final List<String> FIELDS = List.of("cachedPrompts", "sharedPrefix", "hitRate", "prefixes");

    public PrefixCache {
        int given = (cachedPrompts.isPresent() ? 1 : 0) + (sharedPrefix.isPresent() ? 1 : 0) + (hitRate.isPresent() ? 1 : 0);
        if (given != 1) {
            throw new IllegalArgumentException("exactly one of cachedPrompts, sharedPrefix, hitRate");
        }
        if (prefixes < 1 || (prefixes > 1 && sharedPrefix.isEmpty())) {
            throw new IllegalArgumentException("prefixes: at least 1, and more than 1 only with sharedPrefix");
        }
    }

    /** One way of finding the cache (a single shared prefix when it is {@code sharedPrefix}). */
    public PrefixCache(OptionalInt cachedPrompts, OptionalInt sharedPrefix, OptionalDouble hitRate) {
        this(cachedPrompts, sharedPrefix, hitRate, 1);
    }

    /**
     * The prefix group of request {@code i}: with {@code sharedPrefix} the prefix it starts with ({@code i mod prefixes}),
     * which running requests of the same group share; otherwise -1, its cached prefix is its own (a repeated prompt, or
     * a hit rate whose sharing is unknown).
     */
    public int prefixGroup(int i) {
        return sharedPrefix.isPresent() ? i % prefixes : -1;
    }

    /**
     * Leading prompt tokens of request {@code i} (prompt of {@code inputTokens}) in the cache when it arrives,
     * before vLLM's block rounding.
     */
    public int cachedTokens(int i, int inputTokens) {
        if (cachedPrompts.isPresent()) {
            return i < cachedPrompts.getAsInt() ? inputTokens : 0;
        }
        if (sharedPrefix.isPresent()) {
            return Math.min(sharedPrefix.getAsInt(), inputTokens);
        }
        return (int) Math.floor(hitRate.getAsDouble() * inputTokens);
    }
}
