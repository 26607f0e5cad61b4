package dev.kiq.perf;

import dev.kiq.catalog.Accelerator;
import dev.kiq.profile.PerformancePoint;

/**
 * The tool the efficiency factors were fitted with (not a test): for one accelerator, a grid over
 * iteration overhead (ms), per-sequence overhead (us) and compute fraction, over several seeds, printing
 * the knee and its error against the published measurement. See docs/performance-model.md.
 * Usage: {@code java -cp target/classes:target/test-classes:<deps> dev.kiq.perf.CalibrationSearch a100 24 40 0.66 1,2,3}
 */
public final class CalibrationSearch {

    static PerformancePoint knee(Accelerator acc, EfficiencyFactors f, long seed) {
        ServingSetup s = Fixtures.v072(Fixtures.DEEPSEEK_7B, acc, 1);
        RequestTrace trace = RequestTrace.generate(Workload.shareGpt(), 2000, seed);
        var settings = s.schedulerSettings();
        var cost = new IterationCost(s.model(), acc, 1, f);
        var sat = LoadRun.run(() -> new ContinuousBatchingEngine(settings, cost), trace, Double.POSITIVE_INFINITY);
        double cap = sat.point().queriesPerSecond();
        var pts = new java.util.ArrayList<PerformancePoint>();
        for (double fr : RateSweep.LOAD_FRACTIONS) {
            pts.add(LoadRun.run(() -> new ContinuousBatchingEngine(settings, cost), trace, RateSweep.round3(cap * fr)).point());
        }
        return dev.kiq.recommend.KneeDetector.knee(pts).orElseThrow();
    }

    public static void main(String[] args) {
        String which = args[0];
        Accelerator acc = which.equals("a100") ? Fixtures.A100_40 : Fixtures.H100_80;
        double tThr = which.equals("a100") ? 3357 : 6934;
        double tLat = which.equals("a100") ? 72 : 30;
        double[] of = parse(args[1]);
        double[] os = parse(args[2]);
        double[] ec = parse(args[3]);
        double[] seeds = args.length > 4 ? parse(args[4]) : new double[] {42};
        for (double o : of) {
            for (double s : os) {
                for (double c : ec) for (double seed : seeds) {
                    var f = new EfficiencyFactors(0.8, c, o, s, 8, 0.7, true, "search");
                    var k = knee(acc, f, (long) seed);
                    System.out.printf("seed=%.0f o=%.1f s=%.0f c=%.2f -> %.0f tok/s (%+.1f%%) %.1f ms (%+.1f%%) b=%.0f q=%.1f%n", seed, o, s, c,
                            k.outputTokensPerSecond(), 100 * (k.outputTokensPerSecond() / tThr - 1),
                            k.ntpotMilliseconds(), 100 * (k.ntpotMilliseconds() / tLat - 1), k.batchSize(), k.queueSize());
                }
            }
        }
    }

    static double[] parse(String s) {
        return java.util.Arrays.stream(s.split(",")).mapToDouble(Double::parseDouble).toArray();
    }
}
