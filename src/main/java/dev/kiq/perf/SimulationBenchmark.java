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
import java.util.stream.Stream;

/**
 * The performance model's speed benchmark ({@code kiq simulate --benchmark}): the median time of one
 * full profile (DeepSeek-R1-Distill-Qwen-7B on 1x nvidia-tesla-a100, vLLM v0.7.2: a capacity probe of
 * {@value RateSweep#DEFAULT_REQUESTS_PER_RATE} requests, then whole runs of rate x {@value RateSweep#PUBLISHED_RUN_SECONDS} s
 * requests each, at most {@value RateSweep#PUBLISHED_MAX_REQUESTS}), and of
 * generating every shipped profile into a temporary directory (on all cores). Wall-clock and CPU
 * time are both reported: on a busy machine wall time also counts other processes. CPU time is the
 * process's for both: the sweep runs its rates side by side on the common pool, so the calling thread's
 * CPU time (what this benchmark reported before 2026-12-02) left most of a profile's work out.
 */
public final class SimulationBenchmark {

    private static final int WARM_UP = 3;

    private SimulationBenchmark() {
    }

    public static void run(Catalog catalog, int repeat, Consumer<String> out) {
        ShippedProfiles.Target one = new ShippedProfiles.Target(
                catalog.model("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B"), catalog.accelerator("nvidia-tesla-a100"), 1,
                catalog.modelServer("vllm"), catalog.modelServerVersion("vllm", "v0.7.2"));
        for (int i = 0; i < WARM_UP; i++) {
            one.simulate();
        }
        double[] wall = new double[repeat];
        double[] cpu = new double[repeat];
        int points = 0;
        for (int i = 0; i < repeat; i++) {
            long c0 = processCpuNanos();
            long w0 = System.nanoTime();
            Profile p = one.simulate();
            wall[i] = (System.nanoTime() - w0) / 1e6;
            cpu[i] = (processCpuNanos() - c0) / 1e6;
            points = p.performanceStats().size();
        }
        out.accept(String.format(Locale.ROOT,
                "one profile (%s on 1x %s, %s; capacity probe of %d requests, then %d rates of rate x %.0f s requests each, at most"
                        + " %d): median %.0f ms wall, %.0f ms CPU (whole process) over %d runs",
                one.model().id(), one.accelerator().id(), one.version().version(), RateSweep.DEFAULT_REQUESTS_PER_RATE,
                points, RateSweep.PUBLISHED_RUN_SECONDS, RateSweep.PUBLISHED_MAX_REQUESTS, median(wall), median(cpu),
                repeat));

        int allRepeat = Math.min(repeat, 3);
        double[] allWall = new double[allRepeat];
        double[] allCpu = new double[allRepeat];
        int files = 0;
        for (int i = 0; i < allRepeat; i++) {
            Path dir = tempDir();
            try {
                long c0 = processCpuNanos();
                long w0 = System.nanoTime();
                List<Path> written = ShippedProfiles.generate(catalog, dir, f -> { });
                allWall[i] = (System.nanoTime() - w0) / 1e9;
                allCpu[i] = (processCpuNanos() - c0) / 1e9;
                files = written.size();
            } finally {
                delete(dir);
            }
        }
        out.accept(String.format(Locale.ROOT,
                "all shipped profiles (%d files, %d threads): median %.1f s wall, %.1f s CPU (whole process) over %d runs",
                files, Runtime.getRuntime().availableProcessors(), median(allWall), median(allCpu), allRepeat));
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
