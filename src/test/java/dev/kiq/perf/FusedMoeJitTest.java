package dev.kiq.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fused-MoE compiles of a cold server ({@link FusedMoeJit}), against cases worked out by hand for
 * Mixtral-8x7B (E = 8 experts, k = 2 per token) on vLLM's V0 engine with 256 sequences and a 2048-token budget.
 */
class FusedMoeJitTest {

    private static final EngineOptions COLD_V0 = EngineOptions.V0_DEFAULTS.withColdStart(true);

    private static IterationCost.Work prefill(long tokens) {
        return new IterationCost.Work(1, tokens, 1, tokens, tokens, tokens * (tokens + 1) / 2.0, tokens * (tokens + 1) / 2.0);
    }

    private static IterationCost.Work decode(int batch) {
        return new IterationCost.Work(batch, batch, batch, batch * 100L, batch * 100L, batch * 100.0, batch * 100.0);
    }

    @Test
    void aBatchUsesTheTileConfigurationOfTheNearestTunedTokenCount() {
        assertThat(FusedMoeJit.tunedTokenCount(1)).isEqualTo(1);
        assertThat(FusedMoeJit.tunedTokenCount(300)).isEqualTo(256);    // 44 from 256, 212 from 512
        assertThat(FusedMoeJit.tunedTokenCount(400)).isEqualTo(512);    // 144 from 256, 112 from 512
        assertThat(FusedMoeJit.tunedTokenCount(384)).isEqualTo(256);    // 128 from both: the smaller, as Python's min
        assertThat(FusedMoeJit.tunedTokenCount(1280)).isEqualTo(1024);  // 256 from both
        assertThat(FusedMoeJit.tunedTokenCount(20)).isEqualTo(16);      // 4 from both
        assertThat(FusedMoeJit.tunedTokenCount(9000)).isEqualTo(4096);
    }

    @Test
    void theCompileKeyAddsTheDivisibilityOfRoutedAndPaddedTokenCounts() {
        FusedMoeJit jit = new FusedMoeJit(Fixtures.MIXTRAL_8X7B, COLD_V0, 256, 2048);
        // 300 tokens: 600 routed (600 mod 16 = 8: no), padded 600 - 8 = 592 = 37 * 16: yes -> 256 * 4 + 1
        assertThat(jit.key(300)).isEqualTo(1025);
        // 64 tokens: 128 routed = 8 * 16: yes; 120 mod 16 = 8: no -> 64 * 4 + 2
        assertThat(jit.key(64)).isEqualTo(258);
        // 290 tokens: 580 mod 16 = 4, 572 mod 16 = 12: neither -> 256 * 4
        assertThat(jit.key(290)).isEqualTo(1024);
    }

    @Test
    void vllmCapturesGraphsForOneTwoFourAndMultiplesOfEight() {
        assertThat(FusedMoeJit.graphSizes(3)).containsExactly(1, 2, 4);
        assertThat(FusedMoeJit.graphSizes(20)).containsExactly(1, 2, 4, 8, 16, 24);
        List<Integer> upTo256 = new ArrayList<>(List.of(1, 2, 4));
        for (int s = 8; s <= 256; s += 8) {
            upTo256.add(s);
        }
        assertThat(FusedMoeJit.graphSizes(256)).containsExactly(upTo256.stream().mapToInt(Integer::intValue).toArray());
    }

    @Test
    void startUpCompilesTheProfilingBatchAndTheCapturedDecodeSizes() {
        // capture 1, 2, 4: three keys (1*4+0, 2*4+0, 4*4+1); 8..256 step 8: routed 16i divisible, padded 16i - 8 not,
        // tile configurations 8, 16, 24, 32, 48, 64, 96, 128, 256 (nine keys); profiling 2048: (2048, routed divisible)
        FusedMoeJit jit = new FusedMoeJit(Fixtures.MIXTRAL_8X7B, COLD_V0, 256, 2048);
        assertThat(jit.compiledKeys()).isEqualTo(3 + 9 + 1);
    }

    @Test
    void aNewKeyCostsOneCompileOnceAndWarmOrGraphReplayedBatchesNothing() {
        FusedMoeJit jit = new FusedMoeJit(Fixtures.MIXTRAL_8X7B, COLD_V0, 256, 2048);
        double c = FusedMoeJit.COMPILE_SECONDS;
        assertThat(jit.seconds(prefill(300))).isEqualTo(c);      // new: (256, padded divisible)
        assertThat(jit.seconds(prefill(300))).isZero();          // compiled now
        assertThat(jit.seconds(prefill(316))).isZero();          // 632 mod 16 = 8, 624 = 39 * 16: the same key
        assertThat(jit.seconds(prefill(290))).isEqualTo(c);      // same tiles, other divisibility: a key of its own
        assertThat(jit.seconds(prefill(64))).isZero();           // the captured decode batch of 64 compiled it
        assertThat(jit.seconds(prefill(2048))).isZero();         // the profiling pass compiled it
        assertThat(jit.seconds(decode(100))).isZero();           // replayed from the graph of 104
        assertThat(jit.seconds(decode(300))).isZero();           // eager above 256, but 300 tokens are compiled by now
        assertThat(jit.seconds(decode(400))).isEqualTo(c);       // eager, (512, 800 divisible): new
        assertThat(jit.compiledKeys()).isEqualTo(13 + 3);
    }

    @Test
    void v1ReplaysEveryBatchUpTo512TokensFromGraphs() {
        EngineOptions coldV1 = new EngineOptions(EngineOptions.Engine.V1, 1, false, false, true);
        FusedMoeJit jit = new FusedMoeJit(Fixtures.MIXTRAL_8X7B, coldV1, 256, 8192);
        assertThat(jit.seconds(prefill(300))).isZero();
        assertThat(jit.seconds(prefill(700))).isEqualTo(FusedMoeJit.COMPILE_SECONDS);
    }

    /**
     * Through the engine: one 300-token prompt and 4 output tokens on a cold server takes its warm time plus one
     * compile (the prefill's key is new; the decodes of one sequence replay the graph of 1); a second identical
     * request on the same server pays nothing more; a dense model and a warm server never compile.
     */
    @Test
    void theEngineOfAColdMoeServerWaitsForEachNewKeyOnce() {
        ServingSetup warm = new ServingSetup(Fixtures.MIXTRAL_8X7B, Fixtures.H100_80, 2, 256, 2048, false, 0.9, 2000, 16);
        ServingSetup cold = warm.withOptions(COLD_V0);
        EfficiencyFactors f = EfficiencyFactors.HOPPER_PRIOR;
        double warmOne = drain(new ContinuousBatchingEngine(warm.schedulerSettings(), warm.iterationCost(f)), 1);
        double coldOne = drain(new ContinuousBatchingEngine(cold.schedulerSettings(), cold.iterationCost(f)), 1);
        double coldTwo = drain(new ContinuousBatchingEngine(cold.schedulerSettings(), cold.iterationCost(f)), 2);
        double warmTwo = drain(new ContinuousBatchingEngine(warm.schedulerSettings(), warm.iterationCost(f)), 2);
        assertThat(coldOne - warmOne).isCloseTo(FusedMoeJit.COMPILE_SECONDS, within(1e-9));
        assertThat(coldTwo - warmTwo).isCloseTo(FusedMoeJit.COMPILE_SECONDS, within(1e-9));

        ServingSetup dense = new ServingSetup(Fixtures.DEEPSEEK_7B, Fixtures.H100_80, 1, 256, 2048, false, 0.9, 2000, 16);
        double denseWarm = drain(new ContinuousBatchingEngine(dense.schedulerSettings(), dense.iterationCost(f)), 1);
        ServingSetup denseCold = dense.withOptions(COLD_V0);
        double denseColdTime = drain(new ContinuousBatchingEngine(denseCold.schedulerSettings(), denseCold.iterationCost(f)), 1);
        assertThat(denseColdTime).isEqualTo(denseWarm);
    }

    /** Sends {@code requests} requests of 300 prompt and 4 output tokens one after the other; the total seconds. */
    private static double drain(ContinuousBatchingEngine engine, int requests) {
        double t = 0;
        for (int r = 0; r < requests; r++) {
            engine.submit(r, 300, 4);
            while (engine.hasWork()) {
                t += engine.step().seconds();
            }
        }
        return t;
    }
}
