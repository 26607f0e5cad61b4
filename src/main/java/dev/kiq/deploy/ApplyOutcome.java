package dev.kiq.deploy;

/** What happened (or, in a dry run, would happen) to one object. */
public enum ApplyOutcome {
    CREATED("created", "would be created"),
    CONFIGURED("configured", "would be configured"),
    UNCHANGED("unchanged", "unchanged"),
    /** Not sent because the cluster cannot take it (e.g. its CRD is missing); a warning says why. */
    SKIPPED("skipped", "would be skipped"),
    FAILED("failed", "failed the dry run"),
    /** Not attempted because an earlier step failed or the user cancelled. */
    NOT_APPLIED("not applied", "not checked");

    private final String done;
    private final String dryRun;

    ApplyOutcome(String done, String dryRun) {
        this.done = done;
        this.dryRun = dryRun;
    }

    public String describe(boolean isDryRun) {
        return isDryRun ? dryRun : done;
    }

    /** True when the object is on the cluster as kiq applied it. */
    public boolean isApplied() {
        return this == CREATED || this == CONFIGURED || this == UNCHANGED;
    }
}
