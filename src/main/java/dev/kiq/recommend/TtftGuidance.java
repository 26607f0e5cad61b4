package dev.kiq.recommend;

import dev.kiq.Plural;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The time to first token a recommendation must not pass over in silence (issue 11 defect 13): the default
 * TTFT target of latency-sensitive serving per use case, and the TTFT at which a recommendation says that
 * users wait seconds for the first token. The CLI and the wizard both ask here.
 *
 * <p>Sources, MLPerf Inference's latency constraints ({@code loadgen/mlperf.conf} of mlcommons/inference at
 * commit 001712e9daf80386e0dda43f97b8f36981d792c4, p99 TTFT): the interactive scenarios allow 450 ms
 * (llama2-70b, OpenOrca questions), 500 ms (llama3_1-8b, CNN/DailyMail summaries) and 4500 ms (llama3_1-405b,
 * long-context prompts); the non-interactive Server scenario allows 2000 ms (llama2-70b, llama3_1-8b,
 * mixtral-8x7b). kiq's targets are p50, so a default taken from a p99 bound is a lenient one.
 */
public final class TtftGuidance {

    /** At or above this p50 TTFT (ms) a recommendation says users wait seconds: MLPerf's non-interactive bound. */
    public static final double MULTI_SECOND_MS = 2000;

    /** The default TTFT target of a latency-sensitive use case kiq has no entry for: MLPerf's interactive chat bound. */
    public static final double DEFAULT_TARGET_MS = 450;

    /** Per use case id of {@code profiles/catalog/use-cases.yaml}: the MLPerf interactive bound of the closest workload. */
    private static final Map<String, Double> LATENCY_SENSITIVE_TARGET_MS = Map.of(
            "chatbot", 450.0,
            "code-completion", 450.0,
            "code-generation", 450.0,
            "summarization", 500.0,
            "multi-agent-summarization", 500.0,
            "rag", 4500.0);

    private TtftGuidance() {
    }

    /** The p50 TTFT target (ms) latency-sensitive serving of the use case gets unless the user gives one. */
    public static double latencySensitiveTarget(String useCaseId) {
        return LATENCY_SENSITIVE_TARGET_MS.getOrDefault(useCaseId, DEFAULT_TARGET_MS);
    }

    /** One sentence on where the default comes from, for the wizard's hint and the CLI's note. */
    public static String targetBasis(String useCaseId) {
        return "the default TTFT target of latency-sensitive " + useCaseId + " serving, "
                + Format.number(latencySensitiveTarget(useCaseId)) + " ms (MLPerf Inference's interactive bound)";
    }

    public static boolean multiSecond(PerformancePoint point) {
        return point.ttftMilliseconds() >= MULTI_SECOND_MS;
    }

    /** What a user must be told about one option's TTFT at its operating point (at its knee when it has none). */
    public static Optional<String> warning(ProfileOption option) {
        return warning(option.profile(), point(option));
    }

    /** What a user must be told about a profile's TTFT at a point of its curve. */
    public static Optional<String> warning(Profile profile, PerformancePoint point) {
        if (!multiSecond(point)) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "TTFT %s s on %s: users wait seconds for the first token"
                + " (%s s or more is beyond interactive use).", seconds(point.ttftMilliseconds()),
                Recommender.describe(profile), seconds(MULTI_SECOND_MS)));
    }

    private static PerformancePoint point(ProfileOption option) {
        return option.operatingPoint().map(OperatingPoint::point).orElseGet(() -> option.recommendation().end().point());
    }

    /**
     * One note for a list of recommended options: which of them make users wait seconds for the first token,
     * and the TTFT target that would rule them out; empty when none does.
     */
    public static Optional<String> note(List<ProfileOption> shown, String useCaseId) {
        boolean withModel = Recommender.manyModels(shown);
        List<String> slow = shown.stream().filter(o -> warning(o).isPresent())
                .map(o -> Recommender.describe(o.profile(), withModel) + " " + seconds(point(o).ttftMilliseconds()) + " s")
                .toList();
        if (slow.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Plural.of(slow.size(), "recommendation") + " " + Plural.pick(slow.size(), "makes", "make") + " users wait seconds for the first token (p50 TTFT of "
                + seconds(MULTI_SECOND_MS) + " s or more): " + String.join(", ", slow) + ". For latency-sensitive "
                + "serving, target a TTFT: " + targetBasis(useCaseId) + ".");
    }

    private static String seconds(double milliseconds) {
        return Format.oneDecimal(milliseconds / 1000);
    }
}
