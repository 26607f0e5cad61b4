package dev.kiq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A request longer than the server's context is cut by the model's rule: output to half the context, prompt to the rest. */
class BenchRequestTest {

    @Test
    void aRequestThatFitsIsSentAsItIs() {
        BenchRequest r = new BenchRequest("x".repeat(4000), 1000, 3096);
        assertThat(r.within(4096)).isSameAs(r);
    }

    @Test
    void aLongPromptKeepsItsOutputAndLosesTheTokensOverTheContext() {
        // 3000 + 2000 > 4096: output 2000 <= 2048 stays, prompt 4096 - 2000 = 2096 tokens = 8384 characters
        BenchRequest cut = new BenchRequest("abcd".repeat(3000), 3000, 2000).within(4096);
        assertThat(cut.outputTokens()).isEqualTo(2000);
        assertThat(cut.promptTokens()).isEqualTo(2096);
        assertThat(cut.prompt()).hasSize(8384);
        assertThat(cut.promptTokens() + cut.outputTokens()).isEqualTo(4096);
    }

    @Test
    void aLongOutputIsCutToHalfTheContextFirst() {
        // 3000 + 3000 > 4096: output to 2048, prompt to 4096 - 2048 = 2048
        BenchRequest cut = new BenchRequest("abcd".repeat(3000), 3000, 3000).within(4096);
        assertThat(cut.outputTokens()).isEqualTo(2048);
        assertThat(cut.promptTokens()).isEqualTo(2048);
        // a short prompt keeps all of itself
        BenchRequest shortPrompt = new BenchRequest("abcd".repeat(100), 100, 5000).within(4096);
        assertThat(shortPrompt.outputTokens()).isEqualTo(2048);
        assertThat(shortPrompt.promptTokens()).isEqualTo(100);
    }
}
