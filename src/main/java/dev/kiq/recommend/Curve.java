package dev.kiq.recommend;

import dev.kiq.profile.PerformancePoint;

/** Linear interpolation between two neighbouring points of a profile's curve. */
final class Curve {

    private Curve() {
    }

    /** The point a fraction {@code t} (0–1) of the way from {@code a} to {@code b}, every field interpolated. */
    static PerformancePoint between(PerformancePoint a, PerformancePoint b, double t) {
        return new PerformancePoint(
                lerp(a.queriesPerSecond(), b.queriesPerSecond(), t),
                lerp(a.outputTokensPerSecond(), b.outputTokensPerSecond(), t),
                lerp(a.inputTokensPerSecond(), b.inputTokensPerSecond(), t),
                lerp(a.ntpotMilliseconds(), b.ntpotMilliseconds(), t),
                lerp(a.ttftMilliseconds(), b.ttftMilliseconds(), t),
                lerp(a.itlMilliseconds(), b.itlMilliseconds(), t),
                lerp(a.queueSize(), b.queueSize(), t),
                lerp(a.batchSize(), b.batchSize(), t),
                lerp(a.kvCacheUsage(), b.kvCacheUsage(), t));
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }
}
