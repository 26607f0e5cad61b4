package dev.kiq.profile;

import java.util.Comparator;
import java.util.Optional;

/**
 * What makes two profiles "the same profile": a user profile with the same key replaces the
 * shipped one.
 */
public record ProfileKey(
        String model,
        String modelServer,
        String modelServerVersion,
        String acceleratorType,
        int acceleratorCount,
        Optional<String> tpuTopology) implements Comparable<ProfileKey> {

    private static final Comparator<ProfileKey> ORDER = Comparator.comparing(ProfileKey::model)
            .thenComparing(ProfileKey::modelServer)
            .thenComparing(ProfileKey::modelServerVersion)
            .thenComparing(ProfileKey::acceleratorType)
            .thenComparingInt(ProfileKey::acceleratorCount)
            .thenComparing(k -> k.tpuTopology().orElse(""));

    public static ProfileKey of(Profile profile) {
        ModelServerInfo info = profile.modelServerInfo();
        return new ProfileKey(info.model(), info.modelServer(), info.modelServerVersion(), profile.acceleratorType(),
                profile.acceleratorCount(), profile.tpuTopology());
    }

    @Override
    public int compareTo(ProfileKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return model + " on " + modelServer + " " + modelServerVersion + ", " + acceleratorCount + "x " + acceleratorType
                + tpuTopology.map(t -> " (" + t + ")").orElse("");
    }
}
