package dev.kiq.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.kiq.catalog.Accelerator;
import dev.kiq.catalog.ModelArchitecture;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every term of the roofline ({@link IterationCost}), the parameter groups ({@link ModelShape}) and the
 * memory split ({@link MemoryPlan}) on a toy transformer small enough to count by hand: 2 layers, hidden 8,
 * 2 attention heads and 2 KV heads of dimension 4, a gated MLP of 16, a vocabulary of 10. Its parameters:
 * input embedding 10 x 8 = 80, an untied lm_head 80, per layer the MLP 3 x 8 x 16 = 384 and attention
 * q, k, v, o of 8 x 8 = 64 each (256), so 80 + 80 + 2 x (384 + 256) = 1440.
 *
 * <p>The accelerator is equally small: 1 MB/s of memory bandwidth (0.001 GB/s), 1 MFLOP/s in BF16
 * (1e-6 TFLOPS), 2 MFLOP/s in FP8, 1 MB/s per link. With the factors below the roofline sees 500 000 B/s,
 * 250 000 FLOP/s and 500 000 B/s of link. Every expected value in this class is worked out in its comment
 * from those numbers and the formulas of the classes' Javadoc, not read from the code's output.
 */
class ToyModelArithmeticTest {

    /** bandwidth 0.5, compute 0.25, V0 2 ms + 10 µs/sequence, V1 1 ms + 5 µs/sequence, all-reduce step 4 µs, link 0.5. */
    private static final EfficiencyFactors F = new EfficiencyFactors(0.5, 0.25, 2.0, 1.0, 10.0, 5.0, 4.0, 0.5, false,
            "hand-computed test factors");

    private static final ModelArchitecture TOY = new ModelArchitecture("test/toy", "llama", 1440,
            2, 8, 2, 2, 4, 16, 10, 1, 1, 1024, "bfloat16", false, Optional.empty(), 0);

    private static Accelerator chip(String interconnect) {
        return new Accelerator("toy-chip", "Toy chip", Accelerator.Family.GPU, 4, 0.001, 1e-6, Optional.of(2e-6),
                0.001, interconnect, List.of(), "test");
    }

    private static final Accelerator NVLINK = chip("NVLink 4");
    private static final Accelerator PCIE = chip(" PCIe Gen4");

    /**
     * One iteration of two sequences: a 4-token prompt's only chunk (cached 0, new 4) and a decode of a
     * sequence with 10 cached tokens (new 1). Tokens 5; both sample; context 4 + 11 = 15; causal pairs
     * 4 x 5 / 2 = 10 for the prompt and 10 + 1 = 11 for the decode, 21 in all.
     */
    private static final IterationCost.Work MIXED = new IterationCost.Work(2, 5, 2, 15, 15, 21, 21);

    private static final double PERCENT = 1e-9;

    @Test
    void theToyModelsParameterGroupsAreCountedAsByHand() {
        ModelShape s = ModelShape.of(TOY);
        assertThat(s.embeddingParams()).isEqualTo(80);
        assertThat(s.expertParamsPerLayer()).isEqualTo(384);
        // 1440 - 160 (embedding and untied head) - 768 (two MLPs) = 512 of attention, plus the two MLPs
        assertThat(s.activeBodyParams()).isEqualTo(512 + 768);
        assertThat(s.numKeyValueHeads()).isEqualTo(2);
        // tied: the head is the embedding, so 80 more parameters are body: 1440 - 80 - 768 = 592, + 768
        assertThat(ModelShape.of(withTied(TOY)).activeBodyParams()).isEqualTo(592 + 768);
    }

    @Test
    void aMixedIterationOnOneChipCostsEachTermAsCountedByHand() {
        IterationCost.Breakdown b = new IterationCost(TOY, NVLINK, 1, F).breakdown(MIXED);
        // bytes: weights without the input embedding (1440 - 80) x 2 B = 2720;
        // KV 2 (K, V) x 2 heads x 4 x 2 B = 32 B per token and layer, read for 2 layers x 15 context tokens
        // and written for 2 layers x 5 new tokens: 40 x 32 = 1280;
        // activations 2 layers x (6 x 8 + 3 x 16) x 2 B = 384 per token, x 5 = 1920.
        // 5920 B / 500 000 B/s
        assertThat(b.memorySeconds()).isCloseTo(5920 / 500_000.0, withinPercentage(PERCENT));
        // FLOPs: body 2 x 1280 x 5 tokens = 12 800; lm_head 2 x 10 x 8 x 2 sampled = 320;
        // attention 4 x 2 heads x 4 = 32 per pair and layer, x 2 layers x 21 pairs = 1344. 14 464 / 250 000 FLOP/s
        assertThat(b.computeSeconds()).isCloseTo(14_464 / 250_000.0, withinPercentage(PERCENT));
        assertThat(b.commSeconds()).isZero();
        // V0: 2 ms fixed, 2 sequences x 10 µs, added to the device time (compute-bound: 0.057856 s)
        assertThat(b.overheadSeconds()).isCloseTo(0.002, withinPercentage(PERCENT));
        assertThat(b.hostSeconds()).isCloseTo(20e-6, withinPercentage(PERCENT));
        assertThat(b.deviceSeconds()).isCloseTo(0.057856, withinPercentage(PERCENT));
        assertThat(b.totalSeconds()).isCloseTo(0.002 + 20e-6 + 0.057856, withinPercentage(PERCENT));
        assertThat(new IterationCost(TOY, NVLINK, 1, F).seconds(MIXED)).isEqualTo(b.totalSeconds());
    }

    @Test
    void twoChipsSplitTheWorkAndPayTheirAllReducesPerLink() {
        IterationCost.Breakdown nv = new IterationCost(TOY, NVLINK, 2, F).breakdown(MIXED);
        // per chip: weights 1360 x 2 B / 2 = 1360; one KV head: 16 B per token and layer, x 40 = 640;
        // activations 2 x (48 + 3 x 16 / 2) x 2 B = 288 per token, x 5 = 1440. 3440 B
        assertThat(nv.memorySeconds()).isCloseTo(3440 / 500_000.0, withinPercentage(PERCENT));
        // body 1280 x 5 = 6400; lm_head 80 x 2 = 160; attention 16 x 42 = 672. 7232 FLOPs
        assertThat(nv.computeSeconds()).isCloseTo(7232 / 250_000.0, withinPercentage(PERCENT));
        // all-reduce: 2 per layer, 2 layers; each one NVLink step of 4 µs plus 2 x (2-1)/2 x 8 x 2 B = 16 B
        // per token x 5 tokens over 500 000 B/s: 4 x (4e-6 + 80 / 500 000) = 6.56e-4 s
        assertThat(nv.commSeconds()).isCloseTo(6.56e-4, withinPercentage(PERCENT));
        // over PCIe NCCL's ring takes 2 (tp - 1) = 2 steps: 4 x (8e-6 + 1.6e-4) = 6.72e-4 s
        assertThat(new IterationCost(TOY, PCIE, 2, F).breakdown(MIXED).commSeconds())
                .isCloseTo(6.72e-4, withinPercentage(PERCENT));
        assertThat(nv.deviceSeconds()).isCloseTo(7232 / 250_000.0 + 6.56e-4, withinPercentage(PERCENT));
    }

    @Test
    void theLinkIsReadFromTheCatalogsInterconnectText() {
        assertThat(IterationCost.isPcie(PCIE)).isTrue();
        assertThat(IterationCost.isPcie(chip("PCIE gen5"))).isTrue();
        assertThat(IterationCost.isPcie(NVLINK)).isFalse();
        assertThat(IterationCost.isPcie(chip("ICI"))).isFalse();
        assertThat(IterationCost.isPcie(chip(null))).isFalse();
    }

    @Test
    void v1PaysItsOwnOverheadsAndAsyncSchedulingHidesTheHostWorkUnderTheDevice() {
        EngineOptions v1 = new EngineOptions(EngineOptions.Engine.V1, 1, false, false);
        IterationCost.Breakdown sync = new IterationCost(TOY, NVLINK, 1, F, v1).breakdown(MIXED);
        // V1: 1 ms fixed, 2 x 5 µs, both added
        assertThat(sync.overheadSeconds()).isCloseTo(0.001, withinPercentage(PERCENT));
        assertThat(sync.hostSeconds()).isCloseTo(10e-6, withinPercentage(PERCENT));
        assertThat(sync.totalSeconds()).isCloseTo(0.001 + 10e-6 + 0.057856, withinPercentage(PERCENT));
        // async: max(10 µs, 0.057856 s) after the fixed 1 ms
        IterationCost async = new IterationCost(TOY, NVLINK, 1, F, v1.withAsyncScheduling(true));
        assertThat(async.seconds(MIXED)).isCloseTo(0.001 + 0.057856, withinPercentage(PERCENT));
        // a decode-free batch of 1000 one-token sequences: bytes 2720 + 2 layers x 1000 written x 32 B
        // + 1000 x 384 = 450 720 (0.90144 s); FLOPs 2560 x 1000 = 2 560 000 (10.24 s): the device takes 10.24 s
        // and the host 1000 x 5 µs = 5 ms hides under it
        IterationCost.Work wide = new IterationCost.Work(1000, 1000, 0, 0, 0, 0, 0);
        IterationCost.Breakdown w = async.breakdown(wide);
        assertThat(w.memorySeconds()).isCloseTo(450_720 / 500_000.0, withinPercentage(PERCENT));
        assertThat(w.totalSeconds()).isCloseTo(0.001 + 10.24, withinPercentage(PERCENT));
        // at 20 ms per sequence the host work (20 s) outlasts the device and is what the iteration costs
        EfficiencyFactors slowHost = new EfficiencyFactors(0.5, 0.25, 2.0, 1.0, 10.0, 20_000.0, 4.0, 0.5, false, "test");
        IterationCost.Breakdown h = new IterationCost(TOY, NVLINK, 1, slowHost, v1.withAsyncScheduling(true)).breakdown(wide);
        assertThat(h.totalSeconds()).isCloseTo(0.001 + 20.0, withinPercentage(PERCENT));
    }

    @Test
    void vllmBefore06ProcessesEachSequencesOutputBetweenTheSteps() {
        // V0 of vLLM 0.5: 2 ms fixed, 2 sequences x (10 µs + 40 µs of output processing), added to 57.856 ms
        EngineOptions v05 = EngineOptions.forVllmVersion("0.5.4");
        assertThat(v05.syncOutputProcessing()).isTrue();
        EfficiencyFactors f = new EfficiencyFactors(0.5, 0.25, 2.0, 1.0, 10.0, 5.0, 4.0, 0.5, 3.0, 2.0, 20.0, 15.0, 2.0,
                60.0, 40.0, false, "test");
        IterationCost.Breakdown b = new IterationCost(TOY, NVLINK, 1, f, v05).breakdown(MIXED);
        assertThat(b.hostSeconds()).isCloseTo(100e-6, withinPercentage(PERCENT));
        assertThat(b.totalSeconds()).isCloseTo(0.002 + 100e-6 + 0.057856, withinPercentage(PERCENT));
        // vLLM 0.6 overlaps it with the next step: 2 x 10 µs only
        IterationCost.Breakdown b06 = new IterationCost(TOY, NVLINK, 1, f, EngineOptions.forVllmVersion("0.6.0")).breakdown(MIXED);
        assertThat(b06.hostSeconds()).isCloseTo(20e-6, withinPercentage(PERCENT));
        // the factor's prior when none is given: vllm-project/vllm#6913 profiled vLLM 0.5's output processing at
        // 0.2 ms for one sequence and 3.4 ms for 32, (3.4 - 0.2) / 31 = 103 µs per sequence, rounded down to 100
        assertThat(F.syncOutputUs()).isEqualTo(100.0).isCloseTo((3.4 - 0.2) / 31 * 1000, within(5.0));
    }

    @Test
    void aMultiStepStepPaysTheWholeFixedOverheadAndAShareOfTheSequenceCostAndAnEmptyIterationCostsNothing() {
        IterationCost cost = new IterationCost(TOY, NVLINK, 1, F);
        IterationCost.Work quarter = new IterationCost.Work(2, 5, 2, 15, 15, 21, 21, 0.25);
        IterationCost.Breakdown b = cost.breakdown(quarter);
        // the whole 2 ms fixed overhead (V0 runs its engine step and executor call every GPU step of a group) and a
        // quarter of 2 x 10 µs per-sequence cost (one scheduler call and input preparation per group of 4); the device
        // time is the same as with the whole host share
        assertThat(b.overheadSeconds()).isCloseTo(0.002, withinPercentage(PERCENT));
        assertThat(b.hostSeconds()).isCloseTo(5e-6, withinPercentage(PERCENT));
        assertThat(b.totalSeconds()).isCloseTo(0.002 + 5e-6 + 0.057856, withinPercentage(PERCENT));
        assertThat(b.deviceSeconds()).isCloseTo(0.057856, withinPercentage(PERCENT));
        IterationCost.Breakdown none = cost.breakdown(new IterationCost.Work(3, 0, 0, 0, 0, 0, 0));
        assertThat(none.totalSeconds()).isZero();
    }

    @Test
    void anFp8CheckpointReadsOneBytePerWeightAndRunsAtTheFp8Peak() {
        ModelArchitecture fp8 = withDtype(TOY, "fp8");
        IterationCost.Breakdown b = new IterationCost(fp8, NVLINK, 1, F).breakdown(MIXED);
        // weights 1360 x 1 B; KV (16-bit cache) 1280 and activations (16-bit) 1920 as before: 4560 B
        assertThat(b.memorySeconds()).isCloseTo(4560 / 500_000.0, withinPercentage(PERCENT));
        // the same 14 464 FLOPs at 2e-6 TFLOPS x 0.25 = 500 000 FLOP/s
        assertThat(b.computeSeconds()).isCloseTo(14_464 / 500_000.0, withinPercentage(PERCENT));
        // an FP8 KV cache halves the KV term: 1280 / 2 = 640, so 1360 + 640 + 1920 = 3920 B
        EngineOptions fp8Cache = EngineOptions.V0_DEFAULTS.withFp8KvCache(true);
        assertThat(new IterationCost(fp8, NVLINK, 1, F, fp8Cache).breakdown(MIXED).memorySeconds())
                .isCloseTo(3920 / 500_000.0, withinPercentage(PERCENT));
        // a chip without an FP8 peak runs FP8 weights at its BF16 peak: 14 464 / 250 000
        Accelerator noFp8 = new Accelerator("toy-old", "Toy", Accelerator.Family.GPU, 4, 0.001, 1e-6, Optional.empty(),
                0.001, "NVLink", List.of(), "test");
        assertThat(new IterationCost(fp8, noFp8, 1, F).breakdown(MIXED).computeSeconds())
                .isCloseTo(14_464 / 250_000.0, withinPercentage(PERCENT));
    }

    @Test
    void aMixtureOfExpertsReadsTheExpertsItsTokensAreExpectedToRouteTo() {
        // 4 experts of 384 parameters per layer, 2 per token: experts 2 x 4 x 384 = 3072, attention 512,
        // embedding and head 160: 3744 parameters
        ModelArchitecture moe = new ModelArchitecture("test/toy-moe", "mixtral", 3744,
                2, 8, 2, 2, 4, 16, 10, 4, 2, 1024, "bfloat16", false, Optional.empty(), 0);
        ModelShape s = ModelShape.of(moe);
        // attention 512 plus two experts in each of 2 layers: 512 + 2 x 2 x 384
        assertThat(s.activeBodyParams()).isEqualTo(512 + 1536);
        IterationCost cost = new IterationCost(moe, NVLINK, 1, F);
        // always read: (3744 - 3072 - 80) x 2 B = 1184; one expert in one layer is 384 x 2 B = 768
        // one token: each of the 4 experts untouched with probability (1 - 2/4)^1 = 1/2, so 2 layers x 4 x 1/2
        // experts read: 1184 + 4 x 768 = 4256 B. KV 32 B x 2 layers x (1 context + 1 new) = 128;
        // activations 2 layers x (48 + 3 x 32) x 2 B = 576
        IterationCost.Work one = new IterationCost.Work(1, 1, 1, 1, 1, 1, 1);
        assertThat(cost.breakdown(one).memorySeconds()).isCloseTo((4256 + 128 + 576) / 500_000.0, withinPercentage(PERCENT));
        // two tokens: untouched with probability 1/4, so 2 x 4 x 3/4 = 6 experts: 1184 + 6 x 768 = 5792 B;
        // KV 32 x 2 x (2 + 2) = 256; activations 2 x 576 = 1152
        IterationCost.Work two = new IterationCost.Work(2, 2, 2, 2, 2, 2, 2);
        assertThat(cost.breakdown(two).memorySeconds()).isCloseTo((5792 + 256 + 1152) / 500_000.0, withinPercentage(PERCENT));
        // FLOPs of one token: body 2 x 2048 = 4096, lm_head 160, attention 32 x 2 layers x 1 pair = 64
        assertThat(cost.breakdown(one).computeSeconds()).isCloseTo(4320 / 250_000.0, withinPercentage(PERCENT));
    }

    @Test
    void slidingWindowLayersReadAndAttendOverTheirCappedContext() {
        // one of the two layers uses a window of 8 tokens
        ModelArchitecture windowed = new ModelArchitecture("test/toy-swa", "gemma2", 1440,
                2, 8, 2, 2, 4, 16, 10, 1, 1, 1024, "bfloat16", false, Optional.of(8), 1);
        IterationCost cost = new IterationCost(windowed, NVLINK, 1, F);
        assertThat(cost.slidingWindow()).isEqualTo(8);
        assertThat(new IterationCost(TOY, NVLINK, 1, F).slidingWindow()).isEqualTo(Integer.MAX_VALUE);
        // a decode at 20 cached tokens: the global layer reads 21, the windowed one 8; 1 new token in 2 layers.
        // KV (21 + 8 + 2) x 32 = 992; weights 2720; activations 384: 4096 B
        IterationCost.Work decode = new IterationCost.Work(1, 1, 1, 21, 8, 21, 8);
        IterationCost.Breakdown b = cost.breakdown(decode);
        assertThat(b.memorySeconds()).isCloseTo(4096 / 500_000.0, withinPercentage(PERCENT));
        // FLOPs 2560 + 160 + 32 x (21 + 8) = 3648
        assertThat(b.computeSeconds()).isCloseTo(3648 / 250_000.0, withinPercentage(PERCENT));
    }

    @Test
    void theToyModelsMemoryIsSplitAsVllmSizesItsCache() {
        // 4 GiB x 0.5 = 2 GiB usable
        MemoryPlan p = MemoryPlan.of(TOY, NVLINK, 1, 0.5, 100, 10, 16);
        assertThat(p.memoryBytes()).isEqualTo(2.0 * MemoryPlan.GIB);
        assertThat(p.weightBytes()).isEqualTo(2880);
        // 100 batched tokens x (6 x 8 + 3 x 16) x 2 B = 19 200; fp32 logits 2 x 10 seqs x 10 vocab x 4 B = 800; 1.5 GiB
        assertThat(p.activationBytes()).isEqualTo(20_000 + 1.5 * MemoryPlan.GIB);
        // 2 x 2 layers x 2 KV heads x 4 x 2 B = 64 B per token
        assertThat(p.kvBytesPerToken()).isEqualTo(64);
        // (2 GiB - 2880 - 1.5 GiB - 20 000) = 536 848 032 B over 64 x 16 = 1024 B per block: 524 265.66 -> 524 265
        assertThat(p.kvBlocks()).isEqualTo(524_265);
        assertThat(p.kvCapacityTokens()).isEqualTo(524_265L * 16);
        assertThat(p.requiredBytes(1000)).isEqualTo(2880 + 20_000 + 1.5 * MemoryPlan.GIB + 64_000);
        // two chips: weights 1440, activations 100 x (48 + 24) x 2 = 14 400 + logits 2 x 10 x 5 x 4 = 400;
        // one KV head: 32 B per token; (536 870 912 - 1440 - 14 800) / 512 = 1 048 544.28 -> 1 048 544 blocks
        MemoryPlan two = MemoryPlan.of(TOY, NVLINK, 2, 0.5, 100, 10, 16);
        assertThat(two.activationBytes()).isEqualTo(14_800 + 1.5 * MemoryPlan.GIB);
        assertThat(two.kvBlocks()).isEqualTo(1_048_544);
        // an FP8 cache: 32 B per token on one chip, 536 848 032 / 512 = 1 048 531.3 -> 1 048 531 blocks
        assertThat(MemoryPlan.of(TOY, NVLINK, 1, 0.5, 100, 10, 16, 1).kvBlocks()).isEqualTo(1_048_531);
        // 1.5 GiB of 4 GiB x 0.3 = 1.2 GiB: nothing left for the cache
        assertThat(MemoryPlan.of(TOY, NVLINK, 1, 0.3, 100, 10, 16).kvBlocks()).isZero();
    }

    private static ModelArchitecture withTied(ModelArchitecture m) {
        return new ModelArchitecture(m.id(), m.modelType(), m.parameterCount(), m.numLayers(), m.hiddenSize(),
                m.numAttentionHeads(), m.numKeyValueHeads(), m.headDim(), m.intermediateSize(), m.vocabSize(),
                m.numExperts(), m.expertsPerToken(), m.maxContext(), m.dtype(), true, m.slidingWindow(),
                m.slidingWindowLayers());
    }

    private static ModelArchitecture withDtype(ModelArchitecture m, String dtype) {
        return new ModelArchitecture(m.id(), m.modelType(), m.parameterCount(), m.numLayers(), m.hiddenSize(),
                m.numAttentionHeads(), m.numKeyValueHeads(), m.headDim(), m.intermediateSize(), m.vocabSize(),
                m.numExperts(), m.expertsPerToken(), m.maxContext(), dtype, m.tiedEmbeddings(), m.slidingWindow(),
                m.slidingWindowLayers());
    }
}
