package dev.kiq.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiq.KiqException;
import org.junit.jupiter.api.Test;

class SizeParserTest {

    static final long GIB = 1024L * 1024 * 1024;

    @Test
    void readsBytesAndBinaryAndDecimalUnits() {
        assertThat(SizeParser.parse("1048576", "--x", 1, GIB)).isEqualTo(1_048_576);
        assertThat(SizeParser.parse("512KiB", "--x", 1, GIB)).isEqualTo(524_288);
        assertThat(SizeParser.parse("4MiB", "--x", 1, GIB)).isEqualTo(4_194_304);
        assertThat(SizeParser.parse("4m", "--x", 1, GIB)).isEqualTo(4_194_304);
        assertThat(SizeParser.parse("8MB", "--x", 1, GIB)).isEqualTo(8_000_000);
        assertThat(SizeParser.parse(" 1 GiB ", "--x", 1, GIB)).isEqualTo(GIB);
    }

    @Test
    void refusesWhatIsNotASizeOrOutOfRange() {
        assertThatThrownBy(() -> SizeParser.parse("lots", "--x", 1, GIB)).isInstanceOf(KiqException.class)
                .hasMessage("--x lots is not a size; give bytes or a size such as 512KiB, 4MiB or 8MB.");
        assertThatThrownBy(() -> SizeParser.parse("1025MiB", "--x", 1024, GIB))
                .hasMessage("--x 1025MiB is out of range; give from 1024 bytes to 1024 MiB.");
        assertThatThrownBy(() -> SizeParser.parse("1023", "--x", 1024, GIB)).hasMessageContaining("out of range");
        // 2^63 bytes and more digits than a long holds are out of range, not a crash
        assertThatThrownBy(() -> SizeParser.parse("8388608TiB", "--x", 1024, GIB)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> SizeParser.parse("99999999999999999999", "--x", 1024, GIB)).hasMessageContaining("out of range");
    }
}
