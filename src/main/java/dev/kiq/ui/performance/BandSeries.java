package dev.kiq.ui.performance;

import dev.kiq.profile.ErrorBand;
import java.util.ArrayList;
import java.util.List;
import org.jfree.data.xy.YIntervalSeries;

/**
 * The core's {@link ErrorBand} as JFreeChart series for a {@code DeviationRenderer}: one series per run (the first
 * named {@code name}, the others after it), each slice an interval at its x. The performance chart and the Monitor's
 * live chart draw their bands with it.
 */
public final class BandSeries {

    private BandSeries() {
    }

    /** The band of the curve {@code xs[i], ys[i]} (sweep order) with the errors {@code e}. */
    public static List<YIntervalSeries> of(String name, double[] xs, double[] ys, ErrorBand.Errors e) {
        List<List<ErrorBand.Slice>> runs = ErrorBand.of(xs, ys, e.throughput(), e.latency());
        List<YIntervalSeries> series = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            YIntervalSeries run = new YIntervalSeries(r == 0 ? name : name + " (" + (r + 1) + ")", false, true);
            for (ErrorBand.Slice s : runs.get(r)) {
                run.add(s.x(), (s.low() + s.high()) / 2, s.low(), s.high());
            }
            series.add(run);
        }
        return series;
    }
}
