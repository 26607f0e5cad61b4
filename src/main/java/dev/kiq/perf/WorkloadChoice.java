package dev.kiq.perf;

import dev.kiq.KiqException;
import dev.kiq.profile.WorkloadShape;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The workload a user asked for (a use case, optionally moved to given mean lengths), resolved to
 * the distributions a simulation draws from and the shape profiles are matched on. The one home of
 * the rules shared by the CLI's {@code --use-case}/{@code --target-input-length}/{@code --target-output-length}
 * and the wizard's Workload step.
 *
 * @param useCase   the use case the lengths' shape comes from
 * @param workload  the request lengths
 * @param shape     use case and mean lengths, as profiles record them
 * @param isDefault true for the default use case at its own lengths (the shipped profiles' workload)
 */
public record WorkloadChoice(UseCase useCase, Workload workload, WorkloadShape shape, boolean isDefault) {

    /** Profiles whose mean lengths are within this fraction of the wanted ones answer for it (GKE's rule). */
    public static final double MATCH_TOLERANCE = 0.2;
    /** Largest mean length accepted before a model's context is known. */
    static final int NO_CAP = 1 << 24;

    /** The default use case (chatbot, ShareGPT) at its own lengths. */
    public static WorkloadChoice defaultChoice() {
        return of(UseCases.bundled(), Optional.empty(), OptionalInt.empty(), OptionalInt.empty());
    }

    /**
     * The use case {@code useCaseId} (default: chatbot), moved to the given mean input and output lengths
     * when both are given.
     *
     * @throws KiqException for an unknown use case (with did-you-mean), a length below 1, or only one length
     */
    public static WorkloadChoice of(UseCases useCases, Optional<String> useCaseId, OptionalInt meanInput,
                                    OptionalInt meanOutput) {
        UseCase u = useCaseId.map(useCases::find).orElseGet(useCases::defaultUseCase);
        if (meanInput.isPresent() != meanOutput.isPresent()) {
            throw new KiqException("Give both the input and the output length, or neither (only the "
                    + (meanInput.isPresent() ? "input" : "output") + " length was given).");
        }
        if (meanInput.isEmpty()) {
            return new WorkloadChoice(u, u.workload(),
                    new WorkloadShape(u.id(), u.input().mean(), u.output().mean()), u.isDefault());
        }
        int in = meanInput.getAsInt();
        int out = meanOutput.getAsInt();
        if (in < 1 || out < 1) {
            throw new KiqException("A length of " + (in < 1 ? in : out) + " tokens is not valid; lengths are whole "
                    + "numbers of tokens, at least 1.");
        }
        Workload w = u.workload().withMeans(in, out, NO_CAP).named(u.id() + ", mean " + in + " in / " + out + " out");
        return new WorkloadChoice(u, w, new WorkloadShape(u.id(), in, out), false);
    }

    /** How output names this workload, e.g. {@code Summarization (mean 2588 input / 291 output tokens)}. */
    public String label() {
        return useCase.name() + String.format(java.util.Locale.ROOT, " (mean %.0f input / %.0f output tokens)",
                shape.meanInputTokens(), shape.meanOutputTokens());
    }

    /** True when a profile made for {@code other} answers for this workload (mean lengths within 20%). */
    public boolean answeredBy(WorkloadShape other) {
        return other.within(shape, MATCH_TOLERANCE);
    }

    /**
     * The workload as a server with {@code maxModelLen} serves it: a request longer than the context is cut
     * (outputs to at most half of it, prompts to the rest).
     *
     * @throws KiqException when the mean lengths alone exceed the context
     */
    public Workload servedWithin(int maxModelLen, String modelId) {
        return servedWithin(maxModelLen, modelId, "");
    }

    /**
     * As {@link #servedWithin(int, String)} for a context shorter than the model's own, {@code shorterBecause}
     * saying why after the context's length (" on 8x nvidia-tesla-a100, ...").
     */
    public Workload servedWithin(int maxModelLen, String modelId, String shorterBecause) {
        if (shape.meanInputTokens() + shape.meanOutputTokens() > maxModelLen) {
            throw new KiqException(String.format(java.util.Locale.ROOT,
                    "The workload's mean lengths (%.0f input + %.0f output tokens) exceed %s's context of %d tokens%s; "
                            + "valid: lengths whose sum is at most %d.",
                    shape.meanInputTokens(), shape.meanOutputTokens(), modelId, maxModelLen, shorterBecause, maxModelLen));
        }
        if (workload.longestRequest() <= maxModelLen) {
            return workload;
        }
        int outCap = Math.min(workload.output().max(), maxModelLen / 2);
        int inCap = maxModelLen - outCap;
        return new Workload(workload.name() + ", cut to a " + maxModelLen + "-token context",
                workload.input().scaled(1.0, inCap), workload.output().scaled(1.0, outCap));
    }
}
