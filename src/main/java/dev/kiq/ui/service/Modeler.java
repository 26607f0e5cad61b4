package dev.kiq.ui.service;

import dev.kiq.catalog.ModelArchitecture;
import dev.kiq.perf.WorkloadChoice;
import dev.kiq.profile.Profile;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The performance model, run for a model given as a Hugging Face config.json. */
public interface Modeler {

    /** Reads a config.json as the model {@code id}; throws {@link dev.kiq.KiqException} naming a missing field. */
    ModelArchitecture read(Path configJson, String id);

    /**
     * The Hugging Face id the config.json names ({@code _name_or_path}, or a {@code models--org--name} cache
     * folder on its path), or empty.
     */
    java.util.Optional<String> suggestedId(Path configJson);

    /** Accelerator ids the model can be simulated on. */
    List<String> accelerators();

    /** One modeled profile of the latest vLLM on the smallest count of {@code accelerator} that fits. */
    Profile simulate(ModelArchitecture model, String accelerator);

    /**
     * The profile of one configuration (model, server, version, accelerator, count) for {@code choice}: one of
     * {@code configuration} whose workload is within 20%, else one read from the per-user cache or modeled
     * and cached. Empty when the configuration cannot be modeled (a model the catalog does not know and
     * this modeler did not read).
     *
     * @throws dev.kiq.KiqException saying why, when the configuration cannot serve the workload (e.g. the context its
     *                              accelerators' memory leaves is shorter than the workload's mean lengths)
     */
    Optional<Profile> forWorkload(List<Profile> configuration, WorkloadChoice choice);
}
