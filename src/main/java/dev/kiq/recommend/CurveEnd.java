package dev.kiq.recommend;

import dev.kiq.profile.PerformancePoint;
import java.util.Optional;

/**
 * Where the part of a profile's curve that a recommendation may use ends: its knee, or, for a curve without one (a
 * measured profile of two rates, say), the highest-throughput point measured, which is only the highest load tried and
 * says nothing of where the server saturates.
 *
 * @param point  the knee, or the highest-throughput point of a curve without one
 * @param noKnee why the curve has no knee ({@link dev.kiq.profile.KneeDetector#whyNoKnee}); empty when {@code point} is its knee
 */
public record CurveEnd(PerformancePoint point, Optional<String> noKnee) {

    /** The knee, if the curve has one. */
    public Optional<PerformancePoint> knee() {
        return noKnee.isEmpty() ? Optional.of(point) : Optional.empty();
    }

    /** What the point is, for a sentence: {@code the knee} or {@code the highest rate measured (no knee: ...)}. */
    public String describe() {
        return noKnee.map(why -> "the highest rate measured (" + why + ")").orElse("the knee");
    }
}
