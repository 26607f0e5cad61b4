package dev.kiq.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WorkloadTest {

    private static final int N = 200_000;

    @Test
    void shareGptInputLengthsReproduceTheSpecTable() {
        int[] s = sample(Workload.shareGpt().input());
        assertStatistics(s, 4, 108, 226, 635, 887, 1024);
    }

    @Test
    void shareGptOutputLengthsReproduceTheSpecTable() {
        int[] s = sample(Workload.shareGpt().output());
        assertStatistics(s, 1, 132, 195, 488, 778, 1024);
    }

    @Test
    void fittedMeanIsExactForTheContinuousDistribution() {
        assertThat(Workload.shareGpt().input().continuousMean()).isCloseTo(226, within(0.01));
        assertThat(Workload.shareGpt().output().continuousMean()).isCloseTo(195, within(0.01));
    }

    @Test
    void sameSeedGivesTheSameTrace() {
        RequestTrace a = RequestTrace.generate(Workload.shareGpt(), 500, 7);
        RequestTrace b = RequestTrace.generate(Workload.shareGpt(), 500, 7);
        RequestTrace c = RequestTrace.generate(Workload.shareGpt(), 500, 8);
        boolean differs = false;
        for (int i = 0; i < 500; i++) {
            assertThat(a.inputTokens(i)).isEqualTo(b.inputTokens(i));
            assertThat(a.outputTokens(i)).isEqualTo(b.outputTokens(i));
            assertThat(a.arrivalSeconds(i, 3.0)).isEqualTo(b.arrivalSeconds(i, 3.0));
            differs |= a.inputTokens(i) != c.inputTokens(i);
        }
        assertThat(differs).isTrue();
    }

    @Test
    void arrivalsArePoissonAtTheRequestedRate() {
        RequestTrace t = RequestTrace.generate(Workload.shareGpt(), 20_000, 3);
        double span = t.arrivalSeconds(t.size() - 1, 4.0) - t.arrivalSeconds(0, 4.0);
        assertThat((t.size() - 1) / span).isCloseTo(4.0, within(0.1));
    }

    private static int[] sample(TokenLengthDistribution d) {
        SplittableRandom r = new SplittableRandom(12345);
        int[] s = new int[N];
        for (int i = 0; i < N; i++) {
            s[i] = d.sample(r);
        }
        Arrays.sort(s);
        return s;
    }

    private static void assertStatistics(int[] sorted, int min, int median, double mean, int p90, int p99, int max) {
        assertThat(sorted[0]).isGreaterThanOrEqualTo(min).isLessThanOrEqualTo(min + 1);
        assertThat(sorted[sorted.length - 1]).isLessThanOrEqualTo(max).isGreaterThanOrEqualTo((int) (max * 0.97));
        assertThat((double) sorted[sorted.length / 2]).isCloseTo(median, within(median * 0.03));
        assertThat(Arrays.stream(sorted).average().orElseThrow()).isCloseTo(mean, within(mean * 0.03));
        assertThat((double) sorted[(int) (sorted.length * 0.9)]).isCloseTo(p90, within(p90 * 0.03));
        assertThat((double) sorted[(int) (sorted.length * 0.99)]).isCloseTo(p99, within(p99 * 0.03));
    }
}
