package dev.kiq.deploy;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What is on the cluster after a deploy: every object with its outcome, the pre-flight warnings, and
 * the failure if there was one. Nothing kiq applied is left out, even when a later step failed.
 */
public record DeployReport(String context, String namespace, String release, boolean dryRun,
        List<ObjectResult> objects, List<PreflightFinding> warnings, Optional<Problem> failure, boolean rolledOut) {

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
        if (failure.isPresent()) {
            sb.append("Deploy failed in namespace ").append(namespace).append('.');
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
        if (!warnings.isEmpty()) {
            sb.append("\n  ").append(warnings.size()).append(" warning(s) above.");
        }
        sb.append("\n  Release ").append(release).append(": `kiq status -n ").append(namespace)
                .append("` shows it, `kiq undeploy -n ").append(namespace).append(" --release ").append(release)
                .append("` removes it.");
        return sb.toString();
    }

    private static String names(List<ObjectRef> refs) {
        return refs.isEmpty() ? "none" : refs.stream().map(ObjectRef::toString).collect(Collectors.joining(", "));
    }
}
