package dev.kiq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad CLI invocations against the shaded jar, each in its own JVM as a user runs it (issue 14 item 9): every line
 * of {@code bad-inputs.txt} must exit 2 with exactly one {@code ERROR:} line on stderr that names the input, no stack
 * trace, nothing on stdout that looks like an error, and no file left in its output folder. Runs in the
 * integration-test phase, after {@code package} built {@code target/kiq.jar}.
 *
 * <p>A JVM per invocation costs about a second of CPU, so the runs share an AppCDS archive made by a first run, use
 * the C1 compiler only, and go two to four at a time.
 */
@EnabledIfSystemProperty(named = "kiq.jar", matches = ".+")
class BadInputIT {

    static final Path JAR = Path.of(System.getProperty("kiq.jar", "target/kiq.jar")).toAbsolutePath();
    static final long TIMEOUT_SECONDS = 60;

    @TempDir
    static Path work;
    static Path fixtures;
    static Path archive;
    static ExecutorService pool;
    /** A model server ({@code {e}} in bad-inputs.txt) serving "my-model" with a context of 4096 tokens. */
    static dev.kiq.bench.emulator.EmulatorServer emulator;
    static final AtomicInteger passed = new AtomicInteger();

    record Case(int line, String expected, List<String> args) {
        @Override
        public String toString() {
            return "line " + line + ": kiq " + String.join(" ", args.stream().map(a -> a.isEmpty() ? "''" : a).toList());
        }
    }

    record Run(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void prepare() throws Exception {
        fixtures = Files.createDirectory(work.resolve("fixtures"));
        BadFixtures.write(fixtures);
        archive = work.resolve("kiq-bad-input.jsa");
        // one run records the classes a start loads; every later JVM maps them instead of loading them again
        run(List.of("-XX:ArchiveClassesAtExit=" + archive), List.of("models", "list"), work);
        if (!Files.isRegularFile(archive)) {
            archive = null;
        }
        emulator = new dev.kiq.bench.emulator.EmulatorServer(new dev.kiq.bench.emulator.EmulatorServer.Config("my-model",
                "v0.11.0", dev.kiq.catalog.Catalog.bundled().modelServerVersion("vllm", "v0.11.0").metrics(), 4096, 1.0,
                "127.0.0.1", 0, () -> 8), new dev.kiq.bench.emulator.FixedStepEngine(0.001, 256));
        emulator.start();
        int threads = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
        pool = Executors.newFixedThreadPool(threads);
    }

    @AfterAll
    static void report() {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (emulator != null) {
            emulator.close();
        }
        System.out.println("BadInputIT: " + passed.get() + " bad invocations answered with exit 2 and one ERROR: line");
    }

    @TestFactory
    Stream<DynamicTest> everyBadInvocationIsOneErrorLineAndExitTwo() throws Exception {
        List<Case> all = cases();
        assertThat(all).as("bad invocations listed").hasSizeGreaterThanOrEqualTo(150);
        // -Dkiq.badInput.lines=7,17 re-runs only those lines of bad-inputs.txt while fixing them
        String only = System.getProperty("kiq.badInput.lines", "");
        List<String> wanted = List.of(only.split(","));
        List<Case> cases = only.isBlank() ? all
                : all.stream().filter(c -> wanted.contains(String.valueOf(c.line()))).toList();
        // start them all at once on the pool; each dynamic test waits for its own
        List<Future<Run>> runs = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (Case c : cases) {
            Path out = Files.createDirectory(work.resolve("out-" + c.line()));
            outputs.add(out);
            List<String> args = c.args().stream()
                    .map(a -> a.replace("{d}", fixtures.toString()).replace("{o}", out.toString())
                            .replace("{e}", "http://127.0.0.1:" + emulator.port())).toList();
            Path cwd = out;
            // a leading KIQ_HOME=DIR runs the case in that kiq home instead of the shared first-run one
            Optional<Path> home = args.isEmpty() || !args.get(0).startsWith(HOME_ARG) ? Optional.empty()
                    : Optional.of(Path.of(args.get(0).substring(HOME_ARG.length())));
            List<String> kiqArgs = home.isPresent() ? args.subList(1, args.size()) : args;
            runs.add(pool.submit(() -> run(archive == null ? List.of() : List.of("-XX:SharedArchiveFile=" + archive,
                    "-Xshare:auto"), kiqArgs, cwd, home)));
        }
        return java.util.stream.IntStream.range(0, cases.size()).mapToObj(i -> DynamicTest.dynamicTest(
                cases.get(i).toString(), () -> check(cases.get(i), runs.get(i).get(TIMEOUT_SECONDS * 2, TimeUnit.SECONDS),
                        outputs.get(i))));
    }

    private static void check(Case c, Run run, Path out) throws IOException {
        String context = c + "\n--- stdout:\n" + run.out() + "\n--- stderr:\n" + run.err();
        assertThat(run.exitCode()).as("exit code of %s", context).isEqualTo(2);
        List<String> errors = run.err().lines().filter(l -> l.startsWith("ERROR:")).toList();
        assertThat(errors).as("ERROR: lines of %s", context).hasSize(1);
        assertThat(errors.get(0)).as("the ERROR: line of %s", context).contains(c.expected());
        assertThat(run.err()).as("stderr of %s", context)
                .doesNotContainPattern("(?m)^\\s+at [\\w$.]+\\(")
                .doesNotContain("Exception in thread")
                .doesNotContain("Caused by:");
        assertThat(run.out()).as("stdout of %s", context).doesNotContain("ERROR");
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left.toList()).as("files left in the output folder by %s", context).isEmpty();
        }
        passed.incrementAndGet();
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = BadInputIT.class.getResourceAsStream("bad-inputs.txt")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int sep = line.indexOf(" :: ");
                List<String> args = Stream.of(line.substring(sep + 4).strip().split(" +"))
                        .map(a -> a.equals("''") ? "" : a).toList();
                cases.add(new Case(i + 1, line.substring(0, sep).strip(), args));
            }
        }
        return cases;
    }

    /** Runs {@code java [jvm] -jar kiq.jar args} in a first-run environment (empty home, no kubeconfig or token). */
    static Run run(List<String> jvm, List<String> args, Path cwd) throws IOException, InterruptedException {
        return run(jvm, args, cwd, Optional.empty());
    }

    static final String HOME_ARG = "KIQ_HOME=";

    /** As {@link #run(List, List, Path)}, in {@code kiqHome} when given; a file there must be left as it was. */
    static Run run(List<String> jvm, List<String> args, Path cwd, Optional<Path> kiqHome) throws IOException, InterruptedException {
        Map<Path, byte[]> before = new java.util.HashMap<>();
        if (kiqHome.isPresent()) {
            try (Stream<Path> files = Files.walk(kiqHome.get())) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    before.put(f, Files.readAllBytes(f));
                }
            }
        }
        Run run = runIn(jvm, args, cwd, kiqHome);
        for (var e : before.entrySet()) {
            if (!Files.isRegularFile(e.getKey()) || !java.util.Arrays.equals(Files.readAllBytes(e.getKey()), e.getValue())) {
                return new Run(run.exitCode(), run.out(), run.err() + "\n(" + e.getKey() + " was changed or removed)");
            }
        }
        return run;
    }

    private static Run runIn(List<String> jvm, List<String> args, Path cwd, Optional<Path> kiqHome)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.awt.headless=true"));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", JAR.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        Map<String, String> env = pb.environment();
        for (String k : List.of("KUBECONFIG", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "XDG_CONFIG_HOME", "XDG_DATA_HOME",
                "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "DISPLAY", "WAYLAND_DISPLAY")) {
            env.remove(k);
        }
        Path home = work.resolve("home");
        Files.createDirectories(home);
        env.put("HOME", home.toString());
        env.put("KIQ_HOME", kiqHome.orElse(home.resolve("kiq")).toString());
        Path stdout = Files.createTempFile(work, "run", ".out");
        Path stderr = Files.createTempFile(work, "run", ".err");
        pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            return new Run(-1, Files.readString(stdout), Files.readString(stderr) + "\n(timed out after "
                    + TIMEOUT_SECONDS + " s)");
        }
        Run run = new Run(p.exitValue(), Files.readString(stdout), Files.readString(stderr));
        Files.delete(stdout);
        Files.delete(stderr);
        return run;
    }
}
