package dev.kiq.profile;

/** Accelerators one replica uses (gkerecommender v1 {@code resourcesUsed}). */
public record ResourcesUsed(int acceleratorCount) {
}
