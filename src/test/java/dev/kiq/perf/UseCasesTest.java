package dev.kiq.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.kiq.KiqException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class UseCasesTest {

    private static final int N = 200_000;

    static java.util.List<String> ids() {
        return UseCases.bundled().ids();
    }

    @Test
    void theIssuesSixUseCasesAreThereWithChatbotTheDefault() {
        assertThat(UseCases.bundled().ids()).contains("chatbot", "summarization", "code-completion", "code-generation",
                "rag", "multi-agent-summarization");
        assertThat(UseCases.bundled().defaultUseCase().id()).isEqualTo("chatbot");
        assertThat(UseCases.bundled().defaultUseCase().workload()).isEqualTo(Workload.shareGpt());
        for (UseCase u : UseCases.bundled().all()) {
            assertThat(u.source()).as(u.id()).hasSizeGreaterThan(60);
            assertThat(u.basis()).isIn("dataset", "table", "reason");
        }
    }

    /** The issue's test: sampled statistics within 3% of the table (min and max exactly, up to rounding). */
    @ParameterizedTest
    @MethodSource("ids")
    void sampledLengthsMatchTheUseCaseTable(String id) {
        UseCase u = UseCases.bundled().find(id);
        assertStatistics(id + " input", sample(u.workload().input(), 1), u.input());
        assertStatistics(id + " output", sample(u.workload().output(), 2), u.output());
    }

    @Test
    void theTablesAreTheSourcesFigures() {
        // independent of the knots: the published headline figures of the sources
        UseCase code = UseCases.bundled().find("code-completion");
        assertThat(code.input().median()).isCloseTo(1500, within(45)); // Splitwise: "median prompt about 1500"
        assertThat(code.output().median()).isEqualTo(13);             // Splitwise: median 13 output tokens
        UseCase chat = UseCases.bundled().find("chatbot");
        assertThat(chat.input().mean()).isEqualTo(226);
        assertThat(chat.output().mean()).isEqualTo(195);
        // a long-input use case has far longer prompts than chat, and a summary shorter than its document
        UseCase summary = UseCases.bundled().find("summarization");
        assertThat(summary.input().mean()).isGreaterThan(10 * chat.input().mean());
        assertThat(summary.output().median()).isLessThan(summary.input().median() / 10);
    }

    @Test
    void anUnknownUseCaseSuggestsTheClosest() {
        assertThatThrownBy(() -> UseCases.bundled().find("sumarization"))
                .isInstanceOf(KiqException.class)
                .hasMessageContaining("did you mean \"summarization\"")
                .hasMessageContaining("code-completion");
    }

    private static int[] sample(TokenLengthDistribution d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] s = new int[N];
        for (int i = 0; i < N; i++) {
            s[i] = d.sample(r);
        }
        Arrays.sort(s);
        return s;
    }

    private static void assertStatistics(String what, int[] sorted, UseCase.LengthTable t) {
        assertThat(sorted[0]).as(what + " min").isBetween(t.min(), t.min() + 1);
        assertThat(sorted[sorted.length - 1]).as(what + " max").isBetween((int) (t.max() * 0.97), t.max());
        assertThat((double) sorted[sorted.length / 2]).as(what + " median").isCloseTo(t.median(), within(t.median() * 0.03));
        assertThat(Arrays.stream(sorted).average().orElseThrow()).as(what + " mean").isCloseTo(t.mean(), within(t.mean() * 0.03));
        assertThat((double) sorted[(int) (sorted.length * 0.9)]).as(what + " p90").isCloseTo(t.p90(), within(t.p90() * 0.03));
        assertThat((double) sorted[(int) (sorted.length * 0.99)]).as(what + " p99").isCloseTo(t.p99(), within(t.p99() * 0.03));
    }
}
