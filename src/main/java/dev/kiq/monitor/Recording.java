package dev.kiq.monitor;

import dev.kiq.Version;
import dev.kiq.bench.MeasuredProfile;
import dev.kiq.catalog.Catalog;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Live windows kept as points of a {@code measured} profile, so real traffic can feed calibration: one point
 * per full, non-overlapping window with traffic, each one replica's share (as profiles describe one replica).
 */
public final class Recording {

    private final MeasuredProfile.Target target;
    private final long windowNanos;
    private final List<PerformancePoint> points = new ArrayList<>();
    private long lastEnd = Long.MIN_VALUE;

    /** @throws dev.kiq.KiqException when the accelerator is not in the catalog (the message lists valid ones) */
    public Recording(Catalog catalog, Watched watched, java.time.Duration window) {
        this.target = MeasuredProfile.target(catalog, watched.model(), watched.modelServer(), watched.modelServerVersion(),
                watched.acceleratorType().orElseThrow(() -> new dev.kiq.KiqException(
                        "Recording needs the accelerator the server runs on; give --accelerator-type.")),
                watched.acceleratorCount().orElse(1), OptionalInt.empty());
        this.windowNanos = window.toNanos();
    }

    /**
     * Keeps the window when it spans (nearly) the full window length, starts at or after the end of the last kept
     * one, and requests finished in it (a profile's point needs a request rate and latencies, and its points have
     * distinct request rates as written: a window at the rate of a kept one, to the file's
     * {@value ProfileWriter#DECIMALS} decimals, is not kept).
     *
     * @return whether it was kept
     */
    public synchronized boolean offer(Monitor.Refresh refresh) {
        LiveWindow window = refresh.window();
        if (window.replicas() == 0 || window.outputTokensPerSecond() <= 0 || window.requestsPerSecond() <= 0
                || refresh.endNanos() - refresh.startNanos() < windowNanos * 0.9 || refresh.startNanos() < lastEnd) {
            return false;
        }
        PerformancePoint point = window.perReplica();
        double rate = ProfileWriter.asWritten(point.queriesPerSecond());
        if (points.stream().anyMatch(p -> ProfileWriter.asWritten(p.queriesPerSecond()) == rate)) {
            return false;
        }
        points.add(point);
        lastEnd = refresh.endNanos();
        return true;
    }

    public synchronized int size() {
        return points.size();
    }

    /** The profile of the windows kept so far; empty when none was. */
    public synchronized java.util.Optional<Profile> profile() {
        if (points.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(MeasuredProfile.build(target, points, "kiq-monitor", Version.current(),
                LocalDate.now(ZoneOffset.UTC).toString(), "live traffic (kiq monitor windows)"));
    }
}
