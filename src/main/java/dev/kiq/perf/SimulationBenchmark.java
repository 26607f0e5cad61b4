package dev.kiq.perf;

import dev.kiq.KiqException;
import dev.kiq.catalog.Catalog;
import dev.kiq.profile.Profile;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The performance model's speed benchmark ({@code kiq simulate --benchmark}): one full profile's compute, first cold
 * (its first run in a new JVM, as a one-off {@code kiq simulate} computes it) and then the median of warm runs, and
 * the time of generating every shipped profile into a temporary directory (on all cores). The profile is the seed's
 * (DeepSeek-R1-Distill-Qwen-7B on 1x nvidia-tesla-a100, vLLM v0.7.2: a capacity probe of
 * {@value RateSweep#DEFAULT_REQUESTS_PER_RATE} requests, then whole runs of rate x {@value RateSweep#PUBLISHED_RUN_SECONDS} s
 * requests each, at most {@value RateSweep#PUBLISHED_MAX_REQUESTS}), or the one the command names (then without the
 * shipped profiles). Wall-clock and CPU time are both reported: on a busy machine wall time also counts other
 * processes. CPU time is the process's: the sweep runs its rates side by side on the common pool, and a cold run's
 * JIT compiling happens on the compiler threads.
 */
public final class SimulationBenchmark {

    private static final int WARM_UP = 3;

    private SimulationBenchmark() {
    }

    /**
     * The default benchmark: the seed's profile (cold, then its median, see {@link #one}) and, when {@code repeat} is
     * above 0, every shipped profile.
     */
    public static void run(Catalog catalog, int repeat, Consumer<String> out) {
        ShippedProfiles.Target seed = new ShippedProfiles.Target(
                catalog.model("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B"), catalog.accelerator("nvidia-tesla-a100"), 1,
                catalog.modelServer("vllm"), catalog.modelServerVersion("vllm", "v0.7.2"));
        one(String.format(Locale.ROOT, "%s on 1x %s, %s; capacity probe of %d requests, then rates of rate x %.0f s"
                        + " requests each, at most %d", seed.model().id(), seed.accelerator().id(), seed.version().version(),
                RateSweep.DEFAULT_REQUESTS_PER_RATE, RateSweep.PUBLISHED_RUN_SECONDS, RateSweep.PUBLISHED_MAX_REQUESTS),
                seed::simulate, repeat, out);
        if (repeat > 0) {
            allShipped(catalog, Math.min(repeat, 3), out);
        }
    }

    /**
     * One profile's compute: its first run in this JVM (cold: the interpreter and the JIT compiling as a one-off
     * {@code kiq simulate} does, without the JVM's start and the catalog read before it), then, when {@code repeat} is
     * above 0, the median of {@code repeat} runs after {@value #WARM_UP} warm-up runs.
     */
    public static void one(String label, Supplier<Profile> profile, int repeat, Consumer<String> out) {
        Timed<Profile> cold = Timed.of(profile);
        out.accept(String.format(Locale.ROOT, "one profile (%s; %d points): first run in this JVM (cold) %.0f ms wall,"
                + " %.0f ms CPU (whole process)", label, cold.result().performanceStats().size(), cold.wall() * 1e3,
                cold.cpu() * 1e3));
        if (repeat < 1) {
            return;
        }
        for (int i = 1; i < WARM_UP; i++) {
            profile.get();
        }
        double[] wall = new double[repeat];
        double[] cpu = new double[repeat];
        for (int i = 0; i < repeat; i++) {
            Timed<Profile> t = Timed.of(profile);
            wall[i] = t.wall() * 1e3;
            cpu[i] = t.cpu() * 1e3;
        }
        out.accept(String.format(Locale.ROOT, "one profile, warm: median %.0f ms wall, %.0f ms CPU (whole process) over %d"
                + " runs after %d", median(wall), median(cpu), repeat, WARM_UP));
    }

    private static void allShipped(Catalog catalog, int allRepeat, Consumer<String> out) {
        double[] allWall = new double[allRepeat];
        double[] allCpu = new double[allRepeat];
        int files = 0;
        for (int i = 0; i < allRepeat; i++) {
            Path dir = tempDir();
            try {
                Timed<List<Path>> t = Timed.of(() -> ShippedProfiles.generate(catalog, dir, f -> { }));
                allWall[i] = t.wall();
                allCpu[i] = t.cpu();
                files = t.result().size();
            } finally {
                delete(dir);
            }
        }
        out.accept(String.format(Locale.ROOT,
                "all shipped profiles (%d files, %d threads): median %.1f s wall, %.1f s CPU (whole process) over %d runs",
                files, Runtime.getRuntime().availableProcessors(), median(allWall), median(allCpu), allRepeat));
    }

    /** One piece of work's result and its wall-clock and CPU seconds (CPU of the whole JVM: all threads, GC and JIT). */
    private record Timed<T>(T result, double wall, double cpu) {

        static <T> Timed<T> of(Supplier<T> work) {
            long c = processCpuNanos();
            long w = System.nanoTime();
            T result = work.get();
            return new Timed<>(result, (System.nanoTime() - w) / 1e9, (processCpuNanos() - c) / 1e9);
        }
    }

    /** CPU time of the whole JVM (all threads, including GC), or 0 where the platform does not report it. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("kiq-bench-profiles");
        } catch (IOException e) {
            throw new KiqException("Cannot create a temporary directory for the benchmark: " + e.getMessage(), e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
