package dev.kiq.cli;

import dev.kiq.Plural;
import dev.kiq.KiqException;
import dev.kiq.bench.ShareGptDataset;
import dev.kiq.catalog.Catalog;
import dev.kiq.perf.OnDemandProfiles;
import dev.kiq.perf.UseCases;
import dev.kiq.perf.WorkloadChoice;
import dev.kiq.profile.Profile;
import dev.kiq.settings.UserFolders;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Option;

/**
 * {@code --use-case}, {@code --target-input-length} and {@code --target-output-length}: the workload the
 * figures are for. Profiles whose workload is within 20% answer; otherwise one is modeled and cached
 * in the per-user folder ({@link OnDemandProfiles}).
 */
final class WorkloadOptions {

    @Option(names = "--use-case", paramLabel = "USE_CASE",
            description = "The workload, a use case from 'kiq use-cases list' (default: chatbot).")
    String useCase;

    @Option(names = "--target-input-length", paramLabel = "TOKENS",
            description = "Mean prompt length in tokens, with --target-output-length: the use case's shape moved to "
                    + "these lengths. Profiles within 20%% answer; otherwise one is modeled and cached.")
    Integer inputLength;

    @Option(names = "--target-output-length", paramLabel = "TOKENS",
            description = "Mean output length in tokens, with --target-input-length.")
    Integer outputLength;

    @Option(names = "--dataset", paramLabel = "FILE",
            description = "The workload of a ShareGPT JSON file (an array of {\"conversations\": [...]}): the prompt and"
                    + " reply lengths of each conversation's first human/gpt pair, tokens estimated as characters / 4.")
    Path dataset;

    /** True when any workload flag was given (else the shipped chatbot profiles answer as they are). */
    boolean given() {
        return useCase != null || inputLength != null || outputLength != null || dataset != null;
    }

    WorkloadChoice choice() {
        if (dataset != null) {
            if (useCase != null || inputLength != null || outputLength != null) {
                throw new KiqException("--dataset is a workload of its own; it does not go with --use-case,"
                        + " --target-input-length or --target-output-length.");
            }
            if (chosen == null) {
                chosen = ShareGptDataset.load(dataset).workloadChoice();
            }
            return chosen;
        }
        return choice(useCase, "--target-input-length", inputLength, "--target-output-length", outputLength);
    }

    /**
     * The workload of a use case moved to two mean lengths, whatever a verb calls the length flags: both lengths or
     * neither, each at least one token. The one home of these checks ({@code bench run} names them
     * {@code --input-length} and {@code --output-length}).
     */
    static WorkloadChoice choice(String useCase, String inputFlag, Integer inputLength, String outputFlag, Integer outputLength) {
        if ((inputLength == null) != (outputLength == null)) {
            throw new KiqException((inputLength == null ? outputFlag : inputFlag) + " needs "
                    + (inputLength == null ? inputFlag : outputFlag) + " too; give both mean lengths in tokens, or neither.");
        }
        if (inputLength != null && inputLength < 1) {
            throw new KiqException(inputFlag + " " + inputLength + " is not valid; valid: a whole number of tokens of at least 1.");
        }
        if (outputLength != null && outputLength < 1) {
            throw new KiqException(outputFlag + " " + outputLength + " is not valid; valid: a whole number of tokens of at least 1.");
        }
        return WorkloadChoice.of(UseCases.bundled(), Optional.ofNullable(useCase),
                inputLength == null ? OptionalInt.empty() : OptionalInt.of(inputLength),
                outputLength == null ? OptionalInt.empty() : OptionalInt.of(outputLength));
    }

    /**
     * The profiles that answer for the workload, one per configuration of {@code candidates}: without
     * workload flags the chat ones (no modeling); otherwise matching ones, or modeled on demand (progress on
     * {@code err}).
     */
    List<Profile> answer(List<Profile> candidates, Catalog catalog, PrintWriter err) {
        if (!given()) {
            // the chat profiles as they are; profiles measured for other workloads answer only when asked for
            List<Profile> chat = OnDemandProfiles.existingFor(candidates, WorkloadChoice.defaultChoice());
            long others = candidates.stream().filter(p -> !chat.contains(p)
                    && !p.provenance().workloadShape().equals(WorkloadChoice.defaultChoice().shape())).count();
            if (others > 0 && chat.size() < candidates.size()) {
                err.println("Note: " + Plural.of(others, "profile") + " for other workloads " + Plural.pick(others, "is", "are") + " not listed; give --use-case or "
                        + "--target-input-length with --target-output-length to use them.");
                err.flush();
            }
            return chat;
        }
        WorkloadChoice choice = choice();
        OnDemandProfiles.Answer answer = new OnDemandProfiles(catalog, cacheDir()).answer(candidates, choice, line -> {
            err.println(line + " ...");
            err.flush();
        });
        if (answer.profiles().isEmpty() && !answer.leftOut().isEmpty()) {
            throw answer.leftOut().get(0).why(); // nothing can serve it: the model's own reason, with its exit code
        }
        for (OnDemandProfiles.LeftOut out : answer.leftOut()) {
            err.println("Note: " + out.key() + " is left out: " + out.why().getMessage());
        }
        if (answer.modeled() > 0) {
            err.println("Modeled " + Plural.of(answer.modeled(), "profile") + " for this workload; cached in " + cacheDir() + ".");
        }
        err.flush();
        return answer.profiles();
    }

    /** The dataset read once, however often the command asks. */
    private WorkloadChoice chosen;

    /** The line that names the workload above a table. */
    String headline() {
        return "Workload: " + (given() ? choice() : WorkloadChoice.defaultChoice()).label();
    }

    static Path cacheDir() {
        return UserFolders.forCurrentUser().workloadCacheDir();
    }
}
