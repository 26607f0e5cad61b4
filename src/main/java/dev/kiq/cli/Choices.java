package dev.kiq.cli;

import dev.kiq.Plural;
import dev.kiq.KiqException;
import dev.kiq.catalog.PricingModel;
import dev.kiq.perf.UseCases;
import dev.kiq.recommend.ProfileOption;
import dev.kiq.recommend.Recommender;
import dev.kiq.recommend.TtftGuidance;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Parsing of the verbs' enumerated flags, with messages that list the valid values. */
final class Choices {

    private Choices() {
    }

    static String format(String value, List<String> valid) {
        if (!valid.contains(value)) {
            throw new KiqException("--format " + value + " is not supported here; valid: " + String.join(", ", valid) + ".");
        }
        return value;
    }

    static PricingModel pricingModel(String value) {
        return PricingModel.byId(value).orElseThrow(() -> new KiqException("--pricing-model " + value
                + " is unknown; valid: " + Arrays.stream(PricingModel.values()).map(PricingModel::id)
                .collect(Collectors.joining(", ")) + "."));
    }

    static double ratio(double value) {
        if (!(value > 0 && Double.isFinite(value))) {
            throw new KiqException("--output-input-cost-ratio must be a positive number, got " + value + ".");
        }
        return value;
    }

    /**
     * The achievable options. When targets rule out every profile the error says why for the first one;
     * when they rule out some, one line on {@code err} says how many and where to see why.
     */
    static List<ProfileOption> achievable(List<ProfileOption> options, dev.kiq.recommend.Recommender recommender,
            dev.kiq.recommend.Targets targets, java.io.PrintWriter err) {
        List<ProfileOption> ok = options.stream().filter(ProfileOption::achievable).toList();
        if (!ok.isEmpty() && ok.size() < options.size()) {
            int out = options.size() - ok.size();
            err.println("NOTE: " + Plural.of(out, "profile") + " cannot meet the targets and " + Plural.pick(out, "is", "are")
                    + " not listed; --format yaml shows why.");
            err.flush();
        }
        if (ok.isEmpty() && !options.isEmpty()) {
            Optional<String> first = options.get(0).reason();
            String why = recommender.noneMeets(options.stream().map(ProfileOption::profile).toList(), targets)
                    .orElse(first.orElse(""));
            throw new KiqException("No profile meets the targets: " + why + (options.size() > 1
                    ? " (" + Plural.of(options.size() - 1, "more profile", "more profiles")
                            + " cannot meet them either; --format yaml shows why.)" : ""));
        }
        return ok;
    }

    /**
     * A NOTE on {@code err} when some shown options make users wait seconds for the first token (the core's
     * {@link TtftGuidance}), with the flag that sets the use case's default TTFT target.
     */
    static void ttftNote(List<ProfileOption> shown, WorkloadOptions workload, java.io.PrintWriter err) {
        String useCase = useCaseId(workload);
        TtftGuidance.note(shown, useCase).ifPresent(note -> {
            err.println("NOTE: " + note + ttftFlag(useCase));
            err.flush();
        });
    }

    /** A NOTE on {@code err} for each shown option whose figures are at the highest rate of a curve without a knee (the core's sentence). */
    static void noKneeNotes(List<ProfileOption> shown, java.io.PrintWriter err) {
        shown.forEach(o -> o.noKneeNote().ifPresent(note -> err.println("NOTE: " + note)));
        err.flush();
    }

    /**
     * A NOTE on {@code err} for each shown option modeled with the user's own factors (the core's sentence): a table's
     * Accuracy column shows the published calibration's error alone, and the table said nothing of the calibration.
     */
    static void userCalibrationNotes(List<ProfileOption> shown, java.io.PrintWriter err) {
        shown.forEach(o -> o.profile().provenance().userCalibrationNote().ifPresent(note -> err.println(note(o, shown, note))));
        err.flush();
    }

    /**
     * A NOTE about one shown option, named as the core names it ({@link Recommender#describe(dev.kiq.profile.Profile, boolean)}: its
     * server version, and its model when the list has several); "1x nvidia-l4:" alone named two rows of a list of models.
     */
    static String note(ProfileOption option, List<ProfileOption> shown, String note) {
        return "NOTE: " + Recommender.describe(option.profile(), Recommender.manyModels(shown)) + ": " + note;
    }

    /** The use case the workload flags name, or the default one. */
    static String useCaseId(WorkloadOptions workload) {
        return workload.useCase != null ? workload.useCase : UseCases.bundled().defaultUseCase().id();
    }

    /** How the CLI sets the use case's default TTFT target. */
    static String ttftFlag(String useCase) {
        return " Set it with --target-ttft-milliseconds " + Math.round(TtftGuidance.latencySensitiveTarget(useCase))
                + " (kiq profiles list, kiq manifests create).";
    }
}
