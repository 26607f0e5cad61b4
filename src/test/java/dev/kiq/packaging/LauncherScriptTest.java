package dev.kiq.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app image's {@code bin/kiq} ({@code packaging/linux/kiq-launcher.sh}) picks the JVM options by command: short
 * commands run on C1 with the serial collector, the long-running ones on the JVM's defaults. Run in a folder laid out
 * like the app image, with a {@code java} that prints the options it was given.
 */
@EnabledOnOs(OS.LINUX)
class LauncherScriptTest {

    private static final String SHORT = "-XX:TieredStopAtLevel=1";

    @TempDir
    Path app;

    @BeforeEach
    void layOutTheAppImage() throws IOException {
        Path bin = Files.createDirectories(app.resolve("bin"));
        Files.copy(Path.of("packaging/linux/kiq-launcher.sh"), bin.resolve("kiq"));
        Path java = Files.createDirectories(app.resolve("lib/runtime/bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n"); // one argument a line
        for (Path p : List.of(bin.resolve("kiq"), java)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aOneOffSimulateAndAColdBenchmarkOfItRunAsShortCommands() throws Exception {
        assertThat(options("simulate", "--model", "m", "--accelerator-type", "a")).contains(SHORT, "-XX:+UseSerialGC");
        assertThat(options("simulate", "--benchmark", "--repeat", "0", "--model", "m")).contains(SHORT);
        assertThat(options("simulate", "--benchmark", "--model", "m", "--repeat=0")).contains(SHORT);
        assertThat(options("models", "list")).contains(SHORT);
    }

    @Test
    void warmBenchmarksEveryShippedProfileAndTheLongRunningVerbsKeepTheDefaults() throws Exception {
        assertThat(options("simulate", "--benchmark")).doesNotContain(SHORT);
        assertThat(options("simulate", "--benchmark", "--repeat", "3")).doesNotContain(SHORT);
        assertThat(options("simulate", "--benchmark", "--repeat", "10")).doesNotContain(SHORT);
        assertThat(options("simulate", "--all", "--repeat", "0")).doesNotContain(SHORT);
        assertThat(options("simulate", "--seed", "0", "--all")).doesNotContain(SHORT);
        for (String verb : List.of("emulator", "bench", "ui")) {
            assertThat(options(verb)).as(verb).doesNotContain(SHORT);
        }
    }

    @Test
    void theArgumentsReachKiqAsGiven() throws Exception {
        assertThat(options("simulate", "--model", "a b", "--repeat", "0"))
                .endsWith("dev.kiq.Launcher", "simulate", "--model", "a b", "--repeat", "0")
                .contains("-XX:SharedArchiveFile=" + app.toRealPath().resolve("lib/app/kiq.jsa"));
    }

    /** What the launcher hands to {@code java}, one argument each: its options, the class path, the main class, kiq's. */
    private List<String> options(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(app.resolve("bin/kiq").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }
}
