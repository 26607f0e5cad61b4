package dev.kiq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.KiqException;
import org.junit.jupiter.api.Test;

/** kiq ui on a machine without GTK 3 printed JavaFX's stack trace; now one ERROR line saying what to install. */
class UiCommandTest {

    @Test
    void noGtkIsOneLineSayingWhatToInstall() {
        CommandLineRun run = run(() -> {
            throw new RuntimeException(new UnsupportedOperationException("Unable to load glass GTK library."));
        });
        assertThat(run.code()).isEqualTo(KiqException.FAILED);
        assertThat(run.err()).startsWith("ERROR: kiq ui needs GTK 3").contains("apt-get install libgtk-3-0")
                .doesNotContain("\tat ");
    }

    @Test
    void anyOtherFailureIsNotDressedUpAsAMissingDesktop() {
        assertThat(UiCommand.missingDesktop(new IllegalStateException("a bug"))).isEmpty();
    }

    private record CommandLineRun(int code, String err) {
    }

    private static CommandLineRun run(Runnable desktop) {
        java.io.StringWriter err = new java.io.StringWriter();
        var cl = KiqCommand.commandLine(desktop);
        cl.setErr(new java.io.PrintWriter(err));
        int code = cl.execute("ui");
        return new CommandLineRun(code, err.toString());
    }
}
