package dev.kiq.bench;

/**
 * One request the load generator sends.
 *
 * @param prompt       the prompt text (completions) or user message (chat)
 * @param promptTokens tokens the prompt is expected to have; the server's {@code usage} wins when reported
 * @param outputTokens {@code max_tokens}; sent with {@code ignore_eos} so the server generates that many
 */
public record BenchRequest(String prompt, int promptTokens, int outputTokens) {
}
