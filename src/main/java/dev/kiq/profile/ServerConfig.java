package dev.kiq.profile;

/**
 * Model-server settings a profile was produced with; the manifest passes them as args.
 *
 * @param maxModelLen          longest sequence (prompt + output) the server accepts
 * @param maxNumSeqs           most requests in one batch
 * @param maxNumBatchedTokens  token budget of one scheduler iteration
 * @param gpuMemoryUtilization fraction of accelerator memory the server may use
 */
public record ServerConfig(int maxModelLen, int maxNumSeqs, int maxNumBatchedTokens, double gpuMemoryUtilization) {
}
