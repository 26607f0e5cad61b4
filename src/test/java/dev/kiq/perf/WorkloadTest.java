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

    @Test
    void fixedLengthsAreExact() {
        RequestTrace t = RequestTrace.generate(Workload.fixed(1024, 128), 300, 1);
        for (int i = 0; i < t.size(); i++) {
            assertThat(t.inputTokens(i)).isEqualTo(1024);
            assertThat(t.outputTokens(i)).isEqualTo(128);
        }
        assertThat(Workload.fixed(1024, 128).longestRequest()).isEqualTo(1152);
    }

    @Test
    void randomLengthsAreUniformOverTheRangeLikeVllmsRandomDataset() {
        // --random-input-len 1000 --random-range-ratio 0.5: whole numbers 500..1500, each with mass 1/1001
        TokenLengthDistribution d = Workload.random(1000, 200, 0.5).input();
        int[] s = sample(d);
        assertThat(s[0]).isEqualTo(500);
        assertThat(s[s.length - 1]).isEqualTo(1500);
        assertThat(Arrays.stream(s).average().orElseThrow()).isCloseTo(1000, within(3.0));
        long at500 = Arrays.stream(s).filter(v -> v == 500).count();
        long at1000 = Arrays.stream(s).filter(v -> v == 1000).count();
        // expected N / 1001 = 200 each; a binomial's sd is about 14
        assertThat(at500).isBetween(140L, 260L);
        assertThat(at1000).isBetween(140L, 260L);
        assertThat(d.mean()).isCloseTo(1000, within(1.0));
    }

    @Test
    void givenMeansMoveTheShapeAndKeepItsSkew() {
        Workload w = Workload.shareGpt().withMeans(1000, 100, 8192);
        assertThat(w.input().mean()).isCloseTo(1000, within(10.0));
        assertThat(w.output().mean()).isCloseTo(100, within(1.0));
        // ShareGPT's input median is 108/226 of its mean
        assertThat((double) w.input().percentile(0.5)).isCloseTo(1000 * 108 / 226.0, within(10.0));
        assertThat(w.name()).isEqualTo("sharegpt-shaped, mean 1000 in / 100 out");
    }

    @Test
    void aCapKeepsTheMeanByStretchingTheRest() {
        // mean 900 with a cap of 1024: the ShareGPT tail is clipped, the factor grows to compensate
        TokenLengthDistribution d = Workload.shareGpt().withMeans(900, 100, 1024).input();
        assertThat(d.max()).isEqualTo(1024);
        assertThat(d.continuousMean()).isCloseTo(900, within(1.0));
    }

    @Test
    void empiricalLengthsFollowTheData() {
        int[] data = new int[1000];
        for (int i = 0; i < data.length; i++) {
            data[i] = i < 500 ? 10 : 100; // half short, half long: mean 55
        }
        TokenLengthDistribution d = TokenLengthDistribution.empirical(data, 1001);
        assertThat(d.min()).isEqualTo(10);
        assertThat(d.max()).isEqualTo(100);
        assertThat(d.percentile(0.25)).isEqualTo(10);
        assertThat(d.percentile(0.75)).isEqualTo(100);
        assertThat(d.mean()).isCloseTo(55, within(0.5));
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
