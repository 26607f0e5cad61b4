package dev.kiq.profile;

import dev.kiq.catalog.Catalog;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Benchmark (not a test): how long a fresh JVM takes to load the catalog and every profile.
 *
 * <pre>
 * ./mvnw -q -B package -DskipTests
 * java -cp target/kiq.jar:target/test-classes dev.kiq.profile.ProfileRepositoryBenchmark generate /tmp/p 1000
 * java -cp target/kiq.jar:target/test-classes dev.kiq.profile.ProfileRepositoryBenchmark load /tmp/p
 * </pre>
 * {@code load} prints: profiles, problems, ms since JVM start, ms spent loading.
 */
public final class ProfileRepositoryBenchmark {

    public static void main(String[] args) throws Exception {
        if (args[0].equals("generate")) {
            generate(Path.of(args[1]), Integer.parseInt(args[2]));
            return;
        }
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long cpu0 = threads.getCurrentThreadCpuTime();
        Catalog catalog = Catalog.bundled();
        long catalogMs = (System.nanoTime() - start) / 1_000_000;
        long cpu1 = threads.getCurrentThreadCpuTime();
        ProfileRepository repository = ProfileRepository.load(Optional.empty(), args.length > 1 ? List.of(Path.of(args[1])) : List.of());
        long loadMs = (System.nanoTime() - start) / 1_000_000;
        long cpu2 = threads.getCurrentThreadCpuTime();
        long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println(repository.size() + " profiles, " + repository.problems().size() + " problems, "
                + catalog.models().size() + " models, " + sinceJvmStart + " ms since JVM start, " + loadMs + " ms loading (catalog " + catalogMs + " ms), main-thread CPU catalog " + (cpu1 - cpu0) / 1_000_000
                + " ms + profiles " + (cpu2 - cpu1) / 1_000_000 + " ms, process CPU "
                + ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000 + " ms");
    }

    /** Writes {@code count} distinct profiles of 20 points each (distinct keys through the version). */
    private static void generate(Path dir, int count) throws Exception {
        Files.createDirectories(dir);
        Profile base = ProfileFixtures.gpuProfile();
        for (int i = 0; i < count; i++) {
            List<PerformancePoint> points = new ArrayList<>();
            for (int p = 1; p <= 20; p++) {
                points.add(ProfileFixtures.point(p * 0.75, p * 150.3 + i, 20 + p * p * 0.37, Math.min(1, p * 0.049)));
            }
            Profile profile = new Profile(new ModelServerInfo(base.modelServerInfo().model(), "vllm", "v0.0." + i),
                    base.acceleratorType(), base.tpuTopology(), base.instanceType(), base.resourcesUsed(), points,
                    base.provenance(), base.serverConfig(), Optional.of(points.get(14)));
            ProfileWriter.write(profile, dir.resolve("p" + i + ".yaml"));
        }
    }
}
