package dev.kiq.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kiq.catalog.Accelerator;
import dev.kiq.catalog.ModelArchitecture;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The thresholds at which vLLM switches kernels, on their edges (PIT's surviving boundary mutants of
 * {@link IterationCost#allReduceTerms} and {@link FusedMoeJit}): the custom all-reduce's 8 MiB, 512 KiB and 256 KiB
 * limits (strict: {@code inp_size < max_size} in {@code custom_all_reduce.py}, {@code bytes < 512 * 1024} and
 * {@code bytes < 256 * 1024} in {@code custom_all_reduce.cuh}) and its world sizes 2, 4, 6 and 8; the TPU's ICI
 * all-reduce; V0's CUDA-graph batch sizes ({@code _get_graph_batch_size}: up to 2 as is, 3-4 to 4, then multiples
 * of 8); and the padded-length divisibility of the fused-MoE key for an expert count that is not a multiple of 8.
 * Expected values are {steps, bytes each chip moves} from the formulas in {@link IterationCost}'s Javadoc.
 */
class KernelThresholdTest {

    private static final double KIB = 1024;
    private static final double MIB = 1024 * 1024;

    private static double[] nvlink(int tp, double message) {
        return IterationCost.allReduceTerms(IterationCost.AllReduce.NVLINK, tp, message);
    }

    @Test
    void nvlinksCustomAllReduceStopsAtEightMibAndAtEightGpus() {
        // 8 GPUs: just under 8 MiB the custom kernel's two-shot (2 steps, 2 x 7/8 of the message); at 8 MiB NCCL's
        // ring (2 x 7 = 14 steps, the same bytes)
        assertThat(nvlink(8, 8 * MIB - 16)).containsExactly(2, 1.75 * (8 * MIB - 16));
        assertThat(nvlink(8, 8 * MIB)).containsExactly(14, 1.75 * 8 * MIB);
        // 10 GPUs: no custom kernel (world sizes 2, 4, 6, 8 only): a ring of 18 steps, 2 x 9/10 of the message
        assertThat(nvlink(10, 1000)).containsExactly(new double[] {18, 1800}, within(1e-9));
        // 3 GPUs (odd): the ring, 4 steps, 4/3 of the message
        assertThat(nvlink(3, 3000)).containsExactly(new double[] {4, 4000}, within(1e-9));
        // 6 GPUs: custom; one-shot below 256 KiB (5 peers' whole messages), two-shot above (2 x 5/6)
        assertThat(nvlink(6, 100 * KIB)).containsExactly(1, 5 * 100 * KIB);
        assertThat(nvlink(6, 300 * KIB)).containsExactly(new double[] {2, 512_000}, within(1e-6));
        // 2 GPUs: one-shot whatever the size below 8 MiB
        assertThat(nvlink(2, 4 * MIB)).containsExactly(1, 4 * MIB);
    }

    @Test
    void oneShotEndsAt512KibOnFourGpusAnd256KibOnEight() {
        assertThat(nvlink(4, 512 * KIB - 16)).containsExactly(1, 3 * (512 * KIB - 16));
        assertThat(nvlink(4, 512 * KIB)).containsExactly(2, 1.5 * 512 * KIB);
        assertThat(nvlink(8, 256 * KIB - 16)).containsExactly(1, 7 * (256 * KIB - 16));
        assertThat(nvlink(8, 256 * KIB)).containsExactly(2, 1.75 * 256 * KIB);
    }

    @Test
    void oneChipMovesNothing() {
        for (IterationCost.AllReduce kind : IterationCost.AllReduce.values()) {
            assertThat(IterationCost.allReduceTerms(kind, 1, 1000)).containsExactly(0, 0);
        }
    }

    /*
     * A TPU's all-reduce over ICI: tp - 1 steps and 2 (tp - 1) / tp of the message. A toy model of 2 layers and
     * hidden size 8 on 4 toy TPU chips (ICI 0.001 GB/s = 1 MB/s at efficiency 0.5: 500 000 B/s; 4 µs per step),
     * a decode of 5 tokens: message 5 x 8 x 2 B = 80 B, 3 steps and 1.5 x 80 = 120 B per all-reduce, two per layer:
     * 2 x 2 x (3 x 4 µs + 120 B / 500 000 B/s) = 4 x (12 + 240) µs = 1.008 ms.
     */
    @Test
    void aTpuAllReduceTakesTpMinusOneStepsOverIci() {
        assertThat(IterationCost.allReduceTerms(IterationCost.AllReduce.ICI, 4, 80)).containsExactly(3, 120);
        ModelArchitecture toy = new ModelArchitecture("test/toy", "llama", 1440, 2, 8, 2, 2, 4, 16, 10, 1, 1, 1024,
                "bfloat16", false, Optional.empty(), 0);
        Accelerator tpu = new Accelerator("toy-tpu", "Toy TPU", Accelerator.Family.TPU, 4, 0.001, 1e-6, Optional.empty(),
                0.001, "ICI", List.of(), "test");
        EfficiencyFactors f = new EfficiencyFactors(0.5, 0.25, 2.0, 1.0, 10.0, 5.0, 4.0, 0.5, false, "test");
        IterationCost cost = new IterationCost(toy, tpu, 4, f);
        double comm = cost.breakdown(new IterationCost.Work(5, 5, 5, 50, 50, 50, 50)).commSeconds();
        assertThat(comm).isCloseTo(1.008e-3, within(1e-12));
    }

    @Test
    void v0CapturesGraphsUpToItsPaddedMaximumBatch() {
        assertThat(FusedMoeJit.graphSizes(1)).containsExactly(1);
        assertThat(FusedMoeJit.graphSizes(2)).containsExactly(1, 2);
        assertThat(FusedMoeJit.graphSizes(4)).containsExactly(1, 2, 4);
        assertThat(FusedMoeJit.graphSizes(5)).containsExactly(1, 2, 4, 8);
        assertThat(FusedMoeJit.graphSizes(8)).containsExactly(1, 2, 4, 8);
    }

    /*
     * 60 experts, 4 per token (Qwen1.5-MoE-A2.7B's routing): 3 tokens route 12 token-expert pairs, not a multiple of
     * 16; the padded length 12 + 60 (B - 1) is 12 - 60 = -48 = 0 (mod 16): divisible. The tuned count nearest 3 is
     * 2 or 4 (both 1 away): the smaller, 2. Key: 2 x 4 + 0 + 1 = 9.
     */
    @Test
    void thePaddedLengthSubtractsTheExpertCountModuloSixteen() {
        ModelArchitecture moe = new ModelArchitecture("test/moe-60x4", "qwen2_moe", 14_315_784_192L, 24, 2048, 16, 16,
                128, 1408, 151936, 60, 4, 8192, "bfloat16", false, Optional.empty(), 0);
        FusedMoeJit jit = new FusedMoeJit(moe, EngineOptions.V0_DEFAULTS.withColdStart(true), 256, 2048);
        assertThat(jit.key(3)).isEqualTo(9);
    }

    /*
     * V0 with max_num_seqs 250 captures graphs up to 256 and replays a decode of 250 sequences from them. Its key
     * (Mixtral, 8 experts, 2 per token): 500 routed (500 mod 16 = 4), padded 492 (mod 16 = 12), tiles of 256: a key no
     * start-up batch compiled (the captured multiples of 8 all route a multiple of 16). Replayed, it compiles nothing.
     */
    @Test
    void aDecodeOfExactlyMaxNumSeqsIsReplayedFromAGraph() {
        FusedMoeJit jit = new FusedMoeJit(Fixtures.MIXTRAL_8X7B, EngineOptions.V0_DEFAULTS.withColdStart(true), 250, 2048);
        int before = jit.compiledKeys();
        assertThat(jit.seconds(new IterationCost.Work(250, 250, 250, 25_000, 25_000, 25_000, 25_000))).isZero();
        assertThat(jit.compiledKeys()).isEqualTo(before);
        // the same key from a prefill (not replayed in V0) is new: one compile
        assertThat(jit.seconds(new IterationCost.Work(1, 250, 1, 250, 250, 250 * 251 / 2.0, 250 * 251 / 2.0)))
                .isEqualTo(FusedMoeJit.COMPILE_SECONDS);
    }
}
