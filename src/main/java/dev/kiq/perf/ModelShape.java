package dev.kiq.perf;

import dev.kiq.catalog.ModelArchitecture;

/**
 * Parameter groups of a decoder-only transformer with gated MLPs (SwiGLU/GeGLU: gate, up and
 * down projections), derived from its architecture: what the roofline reads and multiplies.
 *
 * @param embeddingParams      vocab * hidden (the input embedding; the lm_head too when tied)
 * @param expertParamsPerLayer one MLP (one expert for MoE) in one layer: 3 * hidden * intermediate
 * @param activeBodyParams     parameters one token multiplies outside the embedding and lm_head:
 *                             attention, router and the MLPs of its {@code expertsPerToken} experts
 * @param numKeyValueHeads     the model's KV heads
 */
public record ModelShape(double embeddingParams, double expertParamsPerLayer, double activeBodyParams, int numKeyValueHeads) {

    public static ModelShape of(ModelArchitecture m) {
        double embedding = (double) m.vocabSize() * m.hiddenSize();
        double mlp = 3.0 * m.hiddenSize() * m.intermediateSize();
        double embeddingAndHead = embedding * (m.tiedEmbeddings() ? 1 : 2);
        double allExperts = mlp * m.numLayers() * m.numExperts();
        // attention, norms, router: everything that is neither embedding/head nor expert MLP
        double shared = Math.max(0, m.parameterCount() - embeddingAndHead - allExperts);
        double active = shared + mlp * m.numLayers() * m.expertsPerToken();
        return new ModelShape(embedding, mlp, active, m.numKeyValueHeads());
    }

    /** KV heads each of {@code tp} chips stores: vLLM splits them, replicating when there are fewer heads than chips. */
    public int kvHeadsPerChip(int tp) {
        return Math.max(1, numKeyValueHeads / tp);
    }
}
