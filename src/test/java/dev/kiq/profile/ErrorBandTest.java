package dev.kiq.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The region a curve may lie in with both its throughput and latency errors, worked out by hand. */
class ErrorBandTest {

    /**
     * Two points (100, 10) and (200, 20), throughput ±10%, latency ±20%. Upper edge through the rectangles' upper-left
     * corners (90, 12) and (180, 24), lower edge through the lower-right ones (110, 8) and (220, 16), each flat beyond its
     * ends: at x = 90 the band is 8..12, at 110 it is 8..(12 + 20/90 * 12 = 14.667), at 180 it is (8 + 70/110 * 8 =
     * 13.091)..24, at 220 it is 16..24.
     */
    @Test
    void aRisingCurveSweepsItsRectanglesFromCornerToCorner() {
        List<List<ErrorBand.Slice>> runs = ErrorBand.of(new double[] {100, 200}, new double[] {10, 20}, 0.1, 0.2);
        assertThat(runs).hasSize(1);
        assertSlices(runs.get(0), new double[][] {{90, 8, 12}, {110, 8, 12 + 20.0 / 90 * 12}, {180, 8 + 70.0 / 110 * 8, 24},
                {220, 16, 24}});
    }

    /**
     * Past the knee throughput falls back while latency rises: (100, 10), (200, 20), (150, 40) with ±10% / ±20% is two
     * runs, the second from the turning point (200, 20) leftwards. Along it the upper edge is on the right (the side x
     * came from): (220, 24) to (165, 48); the lower edge on the left: (180, 16) to (135, 32). At x = 165 the upper edge
     * is 48 and the lower one 16 + (165 - 180) / (135 - 180) * 16 = 21.333.
     */
    @Test
    void aRunWhereThroughputFallsBackHasItsUpperEdgeOnTheRight() {
        List<List<ErrorBand.Slice>> runs = ErrorBand.of(new double[] {100, 200, 150}, new double[] {10, 20, 40}, 0.1, 0.2);
        assertThat(runs).hasSize(2);
        List<ErrorBand.Slice> back = runs.get(1);
        double[] xs = {220, 180, 165, 135};
        assertThat(back).hasSize(xs.length);
        for (int i = 0; i < xs.length; i++) {
            assertThat(back.get(i).x()).isCloseTo(xs[i], within(1e-9));
        }
        ErrorBand.Slice at165 = back.get(2);
        assertThat(at165.high()).isCloseTo(48, within(1e-9));
        assertThat(at165.low()).isCloseTo(16 + 15.0 / 45 * 16, within(1e-9));
        assertThat(back.get(3).low()).isCloseTo(32, within(1e-9));
        assertThat(back.get(3).high()).isCloseTo(48, within(1e-9));
    }

    /**
     * Three points (100, 10), (200, 20), (300, 30) with ±10% / ±20%: the edges have inner corners, upper (90, 12),
     * (180, 24), (270, 36) and lower (110, 8), (220, 16), (330, 24). At 110 the upper edge is 12 + 20/90 * 12 = 14.667;
     * at 180 the lower is 8 + 70/110 * 8 = 13.091; at 220 the upper is 24 + 40/90 * 12 = 29.333; at 270 the lower, on its
     * second segment, is 16 + 50/110 * 8 = 19.636.
     */
    @Test
    void anEdgeIsInterpolatedOnTheSegmentThatSpansX() {
        List<ErrorBand.Slice> s = ErrorBand.of(new double[] {100, 200, 300}, new double[] {10, 20, 30}, 0.1, 0.2).get(0);
        assertSlices(s, new double[][] {{90, 8, 12}, {110, 8, 12 + 20.0 / 90 * 12}, {180, 8 + 70.0 / 110 * 8, 24},
                {220, 16, 24 + 40.0 / 90 * 12}, {270, 16 + 50.0 / 110 * 8, 36}, {330, 24, 36}});
    }

    /**
     * Two points at the same throughput (7 of the 89 shipped curves end so: 13910.7202 tok/s at 976 and at 1021 ms for
     * gemma-2-2b-it on one H100) make each edge vertical there, and the band at that x spans the whole vertical.
     * (100, 10), (200, 20), (200, 30), (300, 40) with ±10% / ±20%: upper edge (90, 12), (180, 24), (180, 36), (270, 48);
     * lower edge (110, 8), (220, 16), (220, 24), (330, 32). At x = 180 the rectangle of (200, 30), 180..220 by 24..36,
     * reaches 36, and the lower edge is 8 + 70/110 * 8 = 13.091: 13.091..36 (the band said 13.091..24). At x = 220 the
     * rectangle of (200, 20), 180..220 by 16..24, reaches down to 16, the upper edge is 36 + 40/90 * 12 = 41.333:
     * 16..41.333. Elsewhere as before: 90 8..12, 110 8..(12 + 20/90 * 12 = 14.667), 270 (24 + 50/110 * 8 = 27.636)..48,
     * 330 32..48. Ending on the vertical, (100, 10), (200, 20), (200, 30): at 220 the band is 16..36 (it said 24..36).
     */
    @Test
    void whereTwoPointsShareAThroughputTheBandSpansTheWholeVertical() {
        List<ErrorBand.Slice> s = ErrorBand.of(new double[] {100, 200, 200, 300}, new double[] {10, 20, 30, 40}, 0.1, 0.2)
                .get(0);
        assertSlices(s, new double[][] {{90, 8, 12}, {110, 8, 12 + 20.0 / 90 * 12}, {180, 8 + 70.0 / 110 * 8, 36},
                {220, 16, 36 + 40.0 / 90 * 12}, {270, 24 + 50.0 / 110 * 8, 48}, {330, 32, 48}});
        List<ErrorBand.Slice> end = ErrorBand.of(new double[] {100, 200, 200}, new double[] {10, 20, 30}, 0.1, 0.2).get(0);
        assertSlices(end, new double[][] {{90, 8, 12}, {110, 8, 12 + 20.0 / 90 * 12}, {180, 8 + 70.0 / 110 * 8, 36},
                {220, 16, 36}});
    }

    /**
     * Two close points, (100, 10) and (105, 20), with ±10% / ±20%: the rectangles overlap, so their corners interleave in
     * x (90 and 110 of the first, 94.5 and 115.5 of the second) and the slices must be sorted to come in the run's order.
     * Upper edge (90, 12) to (94.5, 24), lower edge (110, 8) to (115.5, 16), each flat beyond its ends: at 90 the band is
     * 8..12, at 94.5 and at 110 it is 8..24, at 115.5 it is 16..24.
     */
    @Test
    void overlappingRectanglesGiveSlicesInRisingOrder() {
        List<ErrorBand.Slice> s = ErrorBand.of(new double[] {100, 105}, new double[] {10, 20}, 0.1, 0.2).get(0);
        assertSlices(s, new double[][] {{90, 8, 12}, {94.5, 8, 24}, {110, 8, 24}, {115.5, 16, 24}});
    }

    /**
     * The same overlap on a run where throughput falls back: (100, 10), (200, 20), (195, 40). The second run, from
     * (200, 20) leftwards, has its upper edge on the right, (220, 24) to (214.5, 48), and its lower edge on the left,
     * (180, 16) to (175.5, 32); its corners 220, 180, 214.5, 175.5 sorted falling: at 220 the band is 16..24, at 214.5 and
     * at 180 it is 16..48, at 175.5 it is 32..48.
     */
    @Test
    void overlappingRectanglesGiveSlicesInFallingOrderPastTheTurn() {
        List<List<ErrorBand.Slice>> runs = ErrorBand.of(new double[] {100, 200, 195}, new double[] {10, 20, 40}, 0.1, 0.2);
        assertThat(runs).hasSize(2);
        assertSlices(runs.get(1), new double[][] {{220, 16, 24}, {214.5, 16, 48}, {180, 16, 48}, {175.5, 32, 48}});
    }

    /** Errors of 0 are valid: the band is the curve itself, one slice a point, (100, 10) and (200, 20). */
    @Test
    void zeroErrorsGiveTheCurveItself() {
        List<List<ErrorBand.Slice>> runs = ErrorBand.of(new double[] {100, 200}, new double[] {10, 20}, 0, 0);
        assertThat(runs).hasSize(1);
        assertSlices(runs.get(0), new double[][] {{100, 10, 10}, {200, 20, 20}});
        assertThat(ErrorBand.of(new double[0], new double[0], 0.1, 0.2)).isEmpty();
        assertThatThrownBy(() -> ErrorBand.of(new double[] {1}, new double[] {1}, -0.01, 0.2))
                .hasMessage("errors are fractions of at least 0: -0.01, 0.2");
        assertThatThrownBy(() -> ErrorBand.of(new double[] {1}, new double[] {1}, 0.1, Double.NaN))
                .hasMessage("errors are fractions of at least 0: 0.1, NaN");
    }

    /** Each expected slice as {x, low, high}, in order. */
    private static void assertSlices(List<ErrorBand.Slice> slices, double[][] expected) {
        assertThat(slices).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            ErrorBand.Slice s = slices.get(i);
            assertThat(s.x()).as("x of slice %d", i).isCloseTo(expected[i][0], within(1e-9));
            assertThat(s.low()).as("low at %s", s.x()).isCloseTo(expected[i][1], within(1e-9));
            assertThat(s.high()).as("high at %s", s.x()).isCloseTo(expected[i][2], within(1e-9));
        }
    }

    @Test
    void aBandNeedsTheThroughputErrorAndTheLatencysOwn() {
        ExpectedError ntpotOnly = new ExpectedError(OptionalDouble.empty(), OptionalDouble.of(0.12), OptionalDouble.empty(),
                OptionalDouble.empty());
        assertThat(ntpotOnly.band("NTPOT")).isEmpty();
        ExpectedError noNtpot = new ExpectedError(OptionalDouble.of(0.1), OptionalDouble.empty(), OptionalDouble.of(0.07),
                OptionalDouble.of(0.28));
        assertThat(noNtpot.band("NTPOT")).isEmpty();
        assertThat(noNtpot.band("TTFT")).contains(new ErrorBand.Errors(0.1, 0.28));
        assertThat(noNtpot.band("ITL")).contains(new ErrorBand.Errors(0.1, 0.07));
    }

    /**
     * Each metric named with its error to whole percent (0.344 -> 34.4 -> ±34%, 0.071 -> ±7%, 0.249 -> 24.9 -> ±25%), in
     * the order throughput, NTPOT, TPOT/ITL, TTFT, a metric without a figure as not known.
     */
    @Test
    void perMetricNamesEveryMetricAndSaysWhichAreNotKnown() {
        ExpectedError some = new ExpectedError(OptionalDouble.of(0.344), OptionalDouble.empty(), OptionalDouble.of(0.071),
                OptionalDouble.of(0.249));
        assertThat(some.perMetric()).isEqualTo("throughput ±34%, NTPOT not known, TPOT/ITL ±7%, TTFT ±25%");
        assertThat(ExpectedError.NONE.perMetric())
                .isEqualTo("throughput not known, NTPOT not known, TPOT/ITL not known, TTFT not known");
    }

    @Test
    void theCaptionSaysWhyNoBandIsDrawnAndWhatTheBandSpans() {
        Provenance ntpotOnly = new Provenance(Provenance.Kind.modeled, "kiq-perf-model", "t", "2026-12-02", "sharegpt",
                Basis.calibrated, new ExpectedError(OptionalDouble.empty(), OptionalDouble.of(0.12), OptionalDouble.empty(),
                OptionalDouble.empty()));
        assertThat(ntpotOnly.accuracyDescription("NTPOT")).contains("Expected NTPOT error ±12%. No band is drawn: the"
                + " throughput error is not known");
        Provenance both = new Provenance(Provenance.Kind.modeled, "kiq-perf-model", "t", "2026-12-02", "sharegpt",
                Basis.extrapolated, new ExpectedError(OptionalDouble.of(0.2), OptionalDouble.of(0.1), OptionalDouble.empty(),
                OptionalDouble.empty()));
        assertThat(both.accuracyDescription("NTPOT")).contains("Expected NTPOT error ±10% or more. The band spans it and the"
                + " throughput error ±20% or more across.");
    }

    /**
     * The TPU family's errors (accuracy.yaml: throughput, TPOT and TTFT, no NTPOT): under the NTPOT chart, which draws no
     * band, the caption says there is none and why; the walk's caption said only that the NTPOT error is not known.
     */
    @Test
    void theCaptionSaysNoBandIsDrawnWhenTheLatencysOwnErrorIsTheOneMissing() {
        Provenance tpu = new Provenance(Provenance.Kind.modeled, "kiq-perf-model", "t", "2026-12-02", "sharegpt",
                Basis.calibrated, new ExpectedError(OptionalDouble.of(0.057), OptionalDouble.empty(), OptionalDouble.of(0.069),
                OptionalDouble.of(0.274)));
        assertThat(tpu.accuracyDescription("NTPOT")).contains("NTPOT error not known: no published measurement of its"
                + " family gives it. No band is drawn: a band of the throughput error ±6% alone would show NTPOT as exact.");
        assertThat(tpu.accuracyDescription("TTFT")).contains("The band spans it").doesNotContain("No band");
        Provenance ttftOnly = new Provenance(Provenance.Kind.modeled, "kiq-perf-model", "t", "2026-12-02", "sharegpt",
                Basis.extrapolated, new ExpectedError(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.of(0.3)));
        assertThat(ttftOnly.accuracyDescription("ITL")).contains("No band is drawn: neither its ITL nor its throughput"
                + " error is known.");
    }
}
