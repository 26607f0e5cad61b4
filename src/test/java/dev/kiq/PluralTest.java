package dev.kiq;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PluralTest {

    @Test
    void oneIsSingularEveryOtherCountPlural() {
        assertThat(Plural.of(1, "recommendation")).isEqualTo("1 recommendation");
        assertThat(Plural.of(0, "replica")).isEqualTo("0 replicas");
        assertThat(Plural.of(2, "replica")).isEqualTo("2 replicas");
        assertThat(Plural.of(8, "TPU chip", "TPU chips")).isEqualTo("8 TPU chips");
        assertThat(Plural.pick(1, "makes", "make")).isEqualTo("makes");
        assertThat(Plural.pick(3, "makes", "make")).isEqualTo("make");
    }
}
