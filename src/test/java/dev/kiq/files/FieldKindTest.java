package dev.kiq.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The words for what a field of each Java type accepts, used by settings.yaml's and the manifests' messages. */
class FieldKindTest {

    private enum Shade { LIGHT, DARK }

    @Test
    void eachKindOfFieldIsSaidInTheFilesWords() {
        // an enum by the names the file writes it with (here lower case), in declaration order
        assertThat(FieldKind.of(Shade.class, c -> c.toString().toLowerCase(Locale.ROOT))).isEqualTo("light, dark");
        for (Class<?> whole : List.of(int.class, Integer.class, long.class, Long.class, short.class, Short.class)) {
            assertThat(FieldKind.of(whole, String::valueOf)).as(whole.getName()).isEqualTo("a whole number");
        }
        for (Class<?> number : List.of(double.class, Double.class, float.class, Float.class, java.math.BigDecimal.class)) {
            assertThat(FieldKind.of(number, String::valueOf)).as(number.getName()).isEqualTo("a number");
        }
        assertThat(FieldKind.of(boolean.class, String::valueOf)).isEqualTo("true or false");
        assertThat(FieldKind.of(Boolean.class, String::valueOf)).isEqualTo("true or false");
        assertThat(FieldKind.of(String.class, String::valueOf)).isEqualTo("text");
        assertThat(FieldKind.of(List.class, String::valueOf)).isEqualTo("a list (lines starting with \"- \")");
        assertThat(FieldKind.of(String[].class, String::valueOf)).isEqualTo("a list (lines starting with \"- \")");
        assertThat(FieldKind.of(Map.class, String::valueOf)).isEqualTo("a block of fields (name: value) on the lines below it");
    }
}
