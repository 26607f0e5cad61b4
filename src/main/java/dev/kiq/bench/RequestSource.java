package dev.kiq.bench;

import java.util.SplittableRandom;

/** Where benchmark requests come from: a synthetic ShareGPT-shaped workload or a real dataset. */
public interface RequestSource {

    BenchRequest next(SplittableRandom random);

    /** How the profile's provenance names this workload, e.g. {@code sharegpt-shaped}. */
    String description();
}
