package dev.kiq.profile;

import static org.assertj.core.api.Assertions.assertThat;
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
        List<ErrorBand.Slice> s = runs.get(0);
        double[] xs = {90, 110, 180, 220};
        double[][] expected = {{8, 12}, {8, 12 + 20.0 / 90 * 12}, {8 + 70.0 / 110 * 8, 24}, {16, 24}};
        assertThat(s).hasSize(xs.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(s.get(i).x()).isCloseTo(xs[i], within(1e-9));
            assertThat(s.get(i).low()).as("low at %s", s.get(i).x()).isCloseTo(expected[i][0], within(1e-9));
            assertThat(s.get(i).high()).as("high at %s", s.get(i).x()).isCloseTo(expected[i][1], within(1e-9));
        }
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
