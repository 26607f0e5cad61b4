package dev.kiq.recommend;

import dev.kiq.profile.Basis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The order in which options are offered: cheapest output tokens first ({@link ProfileOption#CHEAPEST_FIRST}),
 * except that when two neighbours' costs agree within their expected errors, the one whose numbers
 * are better founded (measured, then calibrated, extrapolated, uncalibrated) comes first, and its
 * note says so, in the words of {@link Basis#word()}.
 *
 * <p>Two costs tie when their error intervals overlap: {@code c₁·(1+e₁) ≥ c₂·(1−e₂)} for the cheaper
 * {@code c₁}. A cost's relative error ({@link #costError}) is the spread of the throughput at its operating point
 * ({@link ThroughputSpread}; cost per token is price over throughput): the throughput error at the knee, and under a
 * latency target the latency's error as well, since the target then binds elsewhere on the curve. The costs compared
 * are those at the operating points, so their errors are the errors of those points; a user reading "±N%" under each
 * cost expects the tie to use exactly those figures, and the tables print them. A measured profile, and a modeled one
 * whose error is unknown, count as 0: a tie is only claimed where an error is known to cover the difference.
 */
public final class Ranking {

    private Ranking() {
    }

    /**
     * An option in its place.
     *
     * @param note why it stands above cheaper options, if it was moved up
     */
    public record Ranked(ProfileOption option, Optional<String> note) {
    }

    /** The options in offering order, each with the note of a tie-break it won. */
    public static List<Ranked> order(List<ProfileOption> options) {
        List<ProfileOption> sorted = new ArrayList<>(options.stream().sorted(ProfileOption.CHEAPEST_FIRST).toList());
        List<List<ProfileOption>> overtaken = new ArrayList<>();
        sorted.forEach(o -> overtaken.add(new ArrayList<>()));
        // insertion passes: a better-founded option climbs past the cheaper ones it ties with
        for (int i = 1; i < sorted.size(); i++) {
            for (int j = i; j > 0 && ties(sorted.get(j - 1), sorted.get(j))
                    && basis(sorted.get(j)).isBetterThan(basis(sorted.get(j - 1))); j--) {
                overtaken.get(j).add(sorted.get(j - 1));
                swap(sorted, j);
                swap(overtaken, j);
            }
        }
        List<Ranked> ranked = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            ProfileOption option = sorted.get(i);
            List<ProfileOption> passed = overtaken.get(i);
            ranked.add(new Ranked(option, passed.isEmpty() ? Optional.empty() : Optional.of(note(option, passed))));
        }
        return ranked;
    }

    /** The options in offering order (see {@link #order}). */
    public static List<ProfileOption> sort(List<ProfileOption> options) {
        return order(options).stream().map(Ranked::option).toList();
    }

    /** Whether two priced, achievable options' costs agree within their expected errors. */
    static boolean ties(ProfileOption cheaper, ProfileOption dearer) {
        Optional<Double> low = cheaper.costPerMillionOutputTokens();
        Optional<Double> high = dearer.costPerMillionOutputTokens();
        if (low.isEmpty() || high.isEmpty()) {
            return false;
        }
        return low.get() * (1 + costError(cheaper).orElse(0)) >= high.get() * (1 - costError(dearer).orElse(0));
    }

    /**
     * The expected relative error of an option's cost per token, the one the tie-break uses: the spread of the throughput
     * at its operating point ({@link ProfileOption#spread()}, the larger of its two sides; cost is price over throughput).
     * Empty for a measured profile and where the error is not known.
     */
    public static OptionalDouble costError(ProfileOption option) {
        return option.spread().stream().mapToDouble(ThroughputSpread::relative).findFirst();
    }

    /**
     * The cost's expected error as the tables print it under a cost, such as {@code ±11%}, {@code ±22% or more} (an
     * extrapolated profile, or a latency error not known): the one {@link #costError} gives; empty for a measured profile,
     * an uncalibrated one and where the error is not known.
     */
    public static Optional<String> costErrorText(ProfileOption option) {
        return option.costPerMillionOutputTokens().flatMap(c -> option.spread().map(ThroughputSpread::text));
    }

    /**
     * A cost per million output tokens as the note quotes it, with its expected error ({@link #costError}) when known:
     * {@code $0.144 ±11%}, three decimals as the tables print costs.
     */
    public static String costWithError(ProfileOption option) {
        String cost = option.costPerMillionOutputTokens().map(c -> String.format(Locale.ROOT, "$%.3f", c)).orElse("?");
        return cost + costErrorText(option).map(e -> " " + e).orElse("");
    }

    private static Basis basis(ProfileOption option) {
        return option.profile().provenance().basis();
    }

    private static String note(ProfileOption option, List<ProfileOption> passed) {
        StringBuilder text = new StringBuilder("Ranked above ");
        for (int i = 0; i < passed.size(); i++) {
            ProfileOption other = passed.get(i);
            text.append(i == 0 ? "" : i == passed.size() - 1 ? " and " : ", ").append(describe(other));
        }
        // the option's own cost too, so that the reader can check the overlap with the figures the table shows
        text.append(": the costs per million output tokens agree within the expected errors (this option's ")
                .append(costWithError(option)).append("), and this option's numbers are ")
                .append(basis(option).word()).append(passed.size() == 1
                        ? ", the other's " + basis(passed.get(0)).word()
                        : ", the others' less founded").append('.');
        // a cost whose error is larger than its row's Accuracy figure read as a mistake (Xvfb walk, 1024x700: "$4.118
        // ±41%" beside "±13%"): say why when a latency target binds one of the operating points compared
        boolean targetBinds = java.util.stream.Stream.concat(java.util.stream.Stream.of(option), passed.stream())
                .anyMatch(o -> o.operatingPoint().filter(op -> !op.atCurveEnd()).isPresent());
        if (targetBinds) {
            text.append(" Where a latency target sets the operating point, the cost's error holds that latency's error"
                    + " too: it moves the point along the curve.");
        }
        return text.toString();
    }

    private static String describe(ProfileOption option) {
        var p = option.profile();
        return p.acceleratorCount() + "x " + p.acceleratorType() + " (" + costWithError(option) + ", " + p.provenance().basis().word()
                + ")";
    }

    private static <T> void swap(List<T> list, int j) {
        T moved = list.get(j);
        list.set(j, list.get(j - 1));
        list.set(j - 1, moved);
    }
}
