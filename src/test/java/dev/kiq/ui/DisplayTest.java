package dev.kiq.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DisplayTest {

    @Test
    void linuxWithoutXOrWaylandHasNoDisplayAndSaysTheCliWorks() {
        assertThat(Display.missing("Linux", Map.of(), "")).hasValueSatisfying(m -> assertThat(m)
                .startsWith("the desktop wizard needs a display").contains("$DISPLAY").contains("kiq --help"));
        assertThat(Display.missing("Linux", Map.of("DISPLAY", " "), "gtk")).isPresent();
    }

    @Test
    void anXServerAWaylandSessionOrTheHeadlessToolkitIsEnough() {
        assertThat(Display.missing("Linux", Map.of("DISPLAY", ":84"), "")).isEmpty();
        assertThat(Display.missing("Linux", Map.of("WAYLAND_DISPLAY", "wayland-0"), "")).isEmpty();
        assertThat(Display.missing("Linux", Map.of(), "Monocle")).isEmpty();
        assertThat(Display.missing("Mac OS X", Map.of(), "")).isEmpty();
    }
}
