package dev.kiq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class KiqCommandTest {

    @Test
    void helpListsTheUiVerb() {
        StringWriter out = new StringWriter();
        CommandLine cl = KiqCommand.commandLine(() -> { });
        cl.setOut(new PrintWriter(out));
        int code = cl.execute("--help");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("ui").contains("Open the desktop wizard");
    }

    @Test
    void uiVerbRunsTheDesktopStarter() {
        boolean[] started = {false};
        int code = KiqCommand.commandLine(() -> started[0] = true).execute("ui");
        assertThat(code).isZero();
        assertThat(started[0]).isTrue();
    }
}
