package dev.kiq.profile;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a modeled latency-vs-throughput curve's truth may lie, given the expected errors of both axes: each point
 * (x, y) of the curve may be anywhere in x·(1 ± e_x) by y·(1 ± e_y), and the band is the region those rectangles sweep
 * along the curve. A band of the latency's error alone (vertical bars) claims the throughput is exact: with a ±20%
 * throughput error the knee of a 3,254 tok/s curve may lie anywhere from about 2,600 to 3,900 tok/s, which such a band
 * hides.
 *
 * <p>The curve is cut into runs along which x only rises or only falls (past the knee throughput may fall back while
 * latency rises; one band through such a turn would fold over itself). Along a run where latency rises with x, the
 * band's upper edge joins the rectangles' corners on the side x came from (x·(1 − d·e_x), y·(1 + e_y), d the run's
 * direction) and its lower edge the opposite corners (x·(1 + d·e_x), y·(1 − e_y)); beyond the end of an edge the edge
 * stays at its last corner's height (the first and last rectangles' flat sides). Each run is given as edges sampled at
 * every corner's x, so that a renderer of vertical intervals draws the swept region exactly; where two points of the
 * curve share a throughput (the last rates of a saturated sweep) an edge is vertical, and the slice there spans it whole.
 */
public final class ErrorBand {

    /** The relative errors of a band: {@code throughput} across, {@code latency} up and down. */
    public record Errors(double throughput, double latency) {
    }

    /** One vertical slice of the band: at {@code x}, the truth lies between {@code low} and {@code high}. */
    public record Slice(double x, double low, double high) {
    }

    private ErrorBand() {
    }

    /**
     * The band of a curve given as {@code xs[i], ys[i]} in sweep order, with relative errors {@code ex} (horizontal)
     * and {@code ey} (vertical), as runs of slices in the run's own x order (rising or falling).
     */
    public static List<List<Slice>> of(double[] xs, double[] ys, double ex, double ey) {
        if (xs.length != ys.length) {
            throw new IllegalArgumentException(xs.length + " x values for " + ys.length + " y values");
        }
        if (!(ex >= 0 && ey >= 0)) {
            throw new IllegalArgumentException("errors are fractions of at least 0: " + ex + ", " + ey);
        }
        List<List<Slice>> runs = new ArrayList<>();
        int start = 0;
        while (start < xs.length) {
            int end = start;
            double direction = 0;
            while (end + 1 < xs.length) {
                double step = Math.signum(xs[end + 1] - xs[end]);
                if (step != 0 && direction != 0 && step != direction) {
                    break;
                }
                if (step != 0) {
                    direction = step;
                }
                end++;
            }
            runs.add(run(xs, ys, start, end, direction == 0 ? 1 : direction, ex, ey));
            if (end == xs.length - 1) {
                break;
            }
            start = end; // the next run starts at the turning point, so the band has no gap
        }
        return runs;
    }

    private static List<Slice> run(double[] xs, double[] ys, int from, int to, double d, double ex, double ey) {
        int n = to - from + 1;
        double[] topX = new double[n];
        double[] topY = new double[n];
        double[] bottomX = new double[n];
        double[] bottomY = new double[n];
        List<Double> at = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double x = xs[from + i];
            double y = ys[from + i];
            topX[i] = x * (1 - d * ex);
            topY[i] = y * (1 + ey);
            bottomX[i] = x * (1 + d * ex);
            bottomY[i] = Math.max(0, y * (1 - ey));
            at.add(topX[i]);
            at.add(bottomX[i]);
        }
        at.sort(d > 0 ? Double::compare : (a, b) -> Double.compare(b, a));
        List<Slice> slices = new ArrayList<>();
        for (double x : at) {
            if (!slices.isEmpty() && slices.get(slices.size() - 1).x() == x) {
                continue;
            }
            double[] top = edge(topX, topY, x, d);
            double[] bottom = edge(bottomX, bottomY, x, d);
            slices.add(new Slice(x, Math.min(Math.min(top[0], bottom[0]), Math.min(top[1], bottom[1])),
                    Math.max(Math.max(top[0], bottom[0]), Math.max(top[1], bottom[1]))));
        }
        return slices;
    }

    /**
     * The lowest and highest heights at x of the piecewise-linear edge through (ex[i], ey[i]) (x monotone in direction d),
     * flat beyond its ends. They differ only where the edge is vertical at x: two points of the curve at the same
     * throughput put two corners at the same x, and the band there spans both.
     */
    private static double[] edge(double[] ex, double[] ey, double x, double d) {
        int n = ex.length;
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        if ((x - ex[0]) * d <= 0) {
            low = high = ey[0];
        }
        if ((x - ex[n - 1]) * d >= 0) {
            low = Math.min(low, ey[n - 1]);
            high = Math.max(high, ey[n - 1]);
        }
        for (int i = 1; i < n; i++) {
            if ((x - ex[i - 1]) * d >= 0 && (x - ex[i]) * d <= 0) {
                double span = ex[i] - ex[i - 1];
                double y = span == 0 ? Math.max(ey[i - 1], ey[i]) : ey[i - 1] + (x - ex[i - 1]) / span * (ey[i] - ey[i - 1]);
                double other = span == 0 ? Math.min(ey[i - 1], ey[i]) : y;
                low = Math.min(low, other);
                high = Math.max(high, y);
            }
        }
        return new double[] {low, high};
    }
}
