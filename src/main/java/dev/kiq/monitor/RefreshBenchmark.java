package dev.kiq.monitor;

import dev.kiq.catalog.MetricNames;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The cost of one monitor refresh over many pods ({@code kiq monitor --endpoint URL --benchmark}, issue 13's speed
 * goal: 10 pods over a 10 s window under 0.5 s CPU). Every "pod" is the same real server's {@code /metrics}, read over
 * HTTP one after another as the cluster source reads its pods, and the refresh forms each pod's window as the
 * monitor does for a release. CPU is this process's (the server under test runs in another), so it counts the HTTP
 * client, the parsing, the window math and the JVM's own threads.
 */
public final class RefreshBenchmark {

    /**
     * @param cpuMillis   this process's CPU time per refresh
     * @param threadMillis the refreshing thread's own CPU time per refresh
     * @param wallMillis  wall time per refresh
     * @param pageSamples   the samples on one pod's page
     * @param podsWithAWindow pods in the last refresh's window (all of them when every scrape was read)
     */
    public record Result(int pods, Duration window, List<Double> cpuMillis, List<Double> threadMillis, List<Double> wallMillis,
                         int pageSamples, int podsWithAWindow) {

        public static double median(List<Double> v) {
            return quantile(v, 0.5);
        }

        public static double quantile(List<Double> v, double q) {
            List<Double> s = new ArrayList<>(v);
            Collections.sort(s);
            return s.isEmpty() ? Double.NaN : s.get(Math.min(s.size() - 1, (int) Math.floor(q * s.size())));
        }
    }

    private RefreshBenchmark() {
    }

    /**
     * @param warmUp refreshes run first and not counted (the JIT compiles the parser)
     */
    public static Result run(URI metricsUrl, MetricNames names, int pods, Duration window, Duration interval, int warmUp,
                             int refreshes) {
        List<EndpointSource> endpoints = new ArrayList<>();
        for (int i = 0; i < pods; i++) {
            endpoints.add(new EndpointSource(metricsUrl));
        }
        int[] pageSamples = new int[1];
        MetricsSource source = new MetricsSource() {
            @Override
            public List<PodPage> scrape() {
                List<PodPage> pages = new ArrayList<>();
                for (int i = 0; i < endpoints.size(); i++) {
                    PodPage p = endpoints.get(i).scrape().get(0);
                    p.page().ifPresent(t -> pageSamples[0] = t.size());
                    pages.add(new PodPage("pod-" + i, p.atNanos(), p.page(), p.fault()));
                }
                return pages;
            }
        };
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Double> cpu = new ArrayList<>();
        List<Double> thread = new ArrayList<>();
        List<Double> wall = new ArrayList<>();
        int withWindow = 0;
        try (Monitor m = new Monitor(source, names, window, 1)) {
            for (int i = 0; i < warmUp + refreshes; i++) {
                long next = System.nanoTime() + interval.toNanos();
                long cpu0 = processCpuNanos();
                long thread0 = threads.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                Monitor.Refresh r = m.refresh();
                long wall1 = System.nanoTime();
                long thread1 = threads.getCurrentThreadCpuTime();
                long cpu1 = processCpuNanos();
                if (!r.notes().isEmpty() && r.read() == 0) {
                    throw new dev.kiq.KiqException("Cannot read " + metricsUrl + ": " + String.join("; ", r.notes()));
                }
                if (i >= warmUp) {
                    cpu.add((cpu1 - cpu0) / 1e6);
                    thread.add((thread1 - thread0) / 1e6);
                    wall.add((wall1 - wall0) / 1e6);
                    withWindow = r.window().replicas();
                }
                while (System.nanoTime() < next) {
                    LockSupport.parkNanos(next - System.nanoTime());
                }
            }
        }
        return new Result(pods, window, cpu, thread, wall, pageSamples[0], withWindow);
    }

    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
}
