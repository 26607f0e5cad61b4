package dev.kiq.profile;

/**
 * Where a profile's numbers come from.
 *
 * @param kind        {@code measured} or {@code modeled}
 * @param tool        e.g. {@code kiq-perf-model}, {@code kiq-bench}, {@code inference-benchmark}
 * @param toolVersion version of that tool
 * @param date        ISO date the numbers were produced
 * @param workload    dataset/workload description, e.g. {@code sharegpt-shaped}
 */
public record Provenance(Kind kind, String tool, String toolVersion, String date, String workload) {

    public enum Kind {
        measured, modeled
    }
}
