package dev.kiq.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiq.KiqException;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The edges of a chosen workload's lengths (PIT's surviving boundary mutants of {@link WorkloadChoice}). */
class WorkloadChoiceEdgeTest {

    private static WorkloadChoice chatbot(int in, int out) {
        return WorkloadChoice.of(UseCases.bundled(), Optional.of("chatbot"), OptionalInt.of(in), OptionalInt.of(out));
    }

    @Test
    void oneTokenIsTheShortestLength() {
        assertThat(chatbot(1, 1).shape().meanInputTokens()).isEqualTo(1);
        assertThatThrownBy(() -> chatbot(0, 1)).isInstanceOf(KiqException.class).hasMessageContaining("A length of 0 tokens");
    }

    /* Means of 3000 input + 1096 output tokens fill a 4096-token context exactly: served; one more token is not. */
    @Test
    void meanLengthsMayFillTheContextExactly() {
        assertThat(chatbot(3000, 1096).servedWithin(4096, "m")).isNotNull();
        assertThatThrownBy(() -> chatbot(3001, 1096).servedWithin(4096, "m")).isInstanceOf(KiqException.class)
                .hasMessageContaining("exceed m's context of 4096 tokens");
    }
}
