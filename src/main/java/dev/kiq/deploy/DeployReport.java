package dev.kiq.deploy;

import dev.kiq.Plural;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What is on the cluster after a deploy: every object with its outcome, the pre-flight warnings, and
 * the failure if there was one. Nothing kiq applied is left out, even when a later step failed.
 *
 * @param followUp how to look at the release and remove it, in the words of the front end that deployed it
 */
public record DeployReport(String context, String namespace, String release, boolean dryRun,
        List<ObjectResult> objects, List<PreflightFinding> warnings, Optional<Problem> failure, boolean rolledOut,
        String followUp) {

    /** One object and what happened to it. */
    public record ObjectResult(ObjectRef object, ApplyOutcome outcome) {
    }

    public DeployReport {
        objects = List.copyOf(objects);
        warnings = List.copyOf(warnings);
    }

    public boolean succeeded() {
        return failure.isEmpty();
    }

    /** The user stopped the deploy (or its rollout watch); what was applied stays applied. */
    public boolean cancelled() {
        return failure.filter(p -> p.kind() == ProblemKind.CANCELLED).isPresent();
    }

    /** Stopped while watching the rollout: every object the deploy meant to apply is applied. */
    public boolean stoppedWatching() {
        return cancelled() && !objects.isEmpty()
                && objects.stream().allMatch(o -> o.outcome().isApplied() || o.outcome() == ApplyOutcome.SKIPPED);
    }

    public List<ObjectRef> with(ApplyOutcome outcome) {
        return objects.stream().filter(o -> o.outcome() == outcome).map(ObjectResult::object).toList();
    }

    public List<ObjectRef> applied() {
        return objects.stream().filter(o -> o.outcome().isApplied()).map(ObjectResult::object).toList();
    }

    public List<ObjectRef> notApplied() {
        return objects.stream().filter(o -> !o.outcome().isApplied()).map(ObjectResult::object).toList();
    }

    /** True when every object was already as the manifests say. */
    public boolean nothingChanged() {
        return !objects.isEmpty() && objects.stream().allMatch(o -> o.outcome() == ApplyOutcome.UNCHANGED);
    }

    /** A few lines saying what is on the cluster now. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        if (dryRun) {
            sb.append(failure.isEmpty() ? "Dry run passed" : "Dry run failed")
                    .append(" in namespace ").append(namespace).append("; nothing was changed on the cluster.");
            return sb.toString();
        }
        if (failure.isPresent() && !stoppedWatching()) {
            sb.append(cancelled() ? "Deploy cancelled in namespace " : "Deploy failed in namespace ")
                    .append(namespace).append('.');
            sb.append("\n  Applied: ").append(names(applied()));
            sb.append("\n  Not applied: ").append(names(notApplied()));
            return sb.toString();
        }
        if (nothingChanged()) {
            sb.append("Nothing changed: all ").append(objects.size())
                    .append(" objects already match the manifests in namespace ").append(namespace).append('.');
        } else {
            sb.append("Applied ").append(applied().size()).append(" of ").append(objects.size())
                    .append(" objects to namespace ").append(namespace)
                    .append(" (created ").append(with(ApplyOutcome.CREATED).size())
                    .append(", configured ").append(with(ApplyOutcome.CONFIGURED).size())
                    .append(", unchanged ").append(with(ApplyOutcome.UNCHANGED).size()).append(").");
            List<ObjectRef> skipped = with(ApplyOutcome.SKIPPED);
            if (!skipped.isEmpty()) {
                sb.append("\n  Skipped: ").append(names(skipped));
            }
        }
        if (stoppedWatching()) {
            sb.append("\n  Stopped watching the rollout; it goes on in the cluster.");
        }
        if (!warnings.isEmpty()) {
            sb.append("\n  ").append(Plural.of(warnings.size(), "warning")).append(" above.");
        }
        if (!followUp.isEmpty()) {
            sb.append("\n  Release ").append(release).append(": ").append(followUp);
        }
        return sb.toString();
    }

    private static String names(List<ObjectRef> refs) {
        return refs.isEmpty() ? "none" : refs.stream().map(ObjectRef::toString).collect(Collectors.joining(", "));
    }
}
