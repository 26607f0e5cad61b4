package dev.kiq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
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

    @Test
    void aCommandLineNamingAVerbBuildsOnlyThatVerb() {
        assertThat(KiqCommand.verbsFor("models", "list")).containsExactly(ListingCommands.Models.class);
        assertThat(KiqCommand.verbsFor("profiles", "list", "--model", "x")).containsExactly(ProfilesCommand.class);
    }

    @Test
    void theVersionAloneBuildsNoVerbAndStillPrintsIt() {
        assertThat(KiqCommand.verbsFor("--version")).isEmpty();
        assertThat(KiqCommand.verbsFor("-V")).isEmpty();
        assertThat(KiqCommand.verbsFor("--version", "models")).isEqualTo(KiqCommand.VERBS);
        StringWriter out = new StringWriter();
        CommandLine cl = KiqCommand.commandLine(() -> { });
        cl.setOut(new PrintWriter(out));
        PrintStream saved = System.out;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(KiqCommand.run(() -> { }, "--version")).isZero();
        } finally {
            System.setOut(saved);
        }
        assertThat(cl.execute("--version")).isZero();
        assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8).strip()).startsWith("kiq ")
                .isEqualTo(out.toString().strip());
        // the launcher prints Version.line() for the version alone without building the command line
        assertThat(dev.kiq.Version.line()).isEqualTo(out.toString().strip());
        assertThat(dev.kiq.Version.askedAlone("-V")).isTrue();
        assertThat(dev.kiq.Version.askedAlone("--version", "models")).isFalse();
    }

    @Test
    void helpNoVerbOrAnUnknownVerbBuildsTheWholeTree() {
        assertThat(KiqCommand.verbsFor()).isEqualTo(KiqCommand.VERBS);
        assertThat(KiqCommand.verbsFor("--help")).isEqualTo(KiqCommand.VERBS);
        assertThat(KiqCommand.verbsFor("help", "models")).isEqualTo(KiqCommand.VERBS);
        assertThat(KiqCommand.verbsFor("modles", "list")).isEqualTo(KiqCommand.VERBS);
    }

    @Test
    void aVerbBuiltAloneShowsTheSameHelpAsInTheWholeTree() {
        StringWriter alone = new StringWriter();
        StringWriter whole = new StringWriter();
        PrintStream saved = System.out;
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            System.setOut(new PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(KiqCommand.run(() -> { }, "models", "list", "--help")).isZero();
            alone.write(bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            System.setOut(saved);
        }
        CommandLine cl = KiqCommand.commandLine(() -> { });
        cl.setOut(new PrintWriter(whole));
        assertThat(cl.execute("models", "list", "--help")).isZero();
        assertThat(alone.toString()).contains("kiq models list").isEqualTo(whole.toString());
    }
    @Test
    void everyVerbsHelpRendersWithoutAPicocliWarning() {
        // picocli formats each description line with String.format: a lone '%' ("within 2% of") makes it warn on
        // stderr ("[picocli WARN] Could not format ...") under the user's --help
        PrintStream saved = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        StringWriter out = new StringWriter();
        java.util.List<String> verbs = new java.util.ArrayList<>();
        try {
            System.setErr(new PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
            java.util.Deque<CommandLine> todo = new java.util.ArrayDeque<>(java.util.List.of(KiqCommand.commandLine(() -> { })));
            while (!todo.isEmpty()) {
                CommandLine cl = todo.pop();
                verbs.add(cl.getCommandSpec().qualifiedName());
                cl.usage(new PrintWriter(out));
                todo.addAll(cl.getSubcommands().values());
            }
        } finally {
            System.setErr(saved);
        }
        assertThat(verbs).contains("kiq bench selftest", "kiq calibrate", "kiq monitor");
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).isEmpty();
        assertThat(out.toString()).contains("within 2% of the offered rate");
    }
}
