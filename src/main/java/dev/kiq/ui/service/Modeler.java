package dev.kiq.ui.service;

import dev.kiq.catalog.ModelArchitecture;
import dev.kiq.profile.Profile;
import java.nio.file.Path;
import java.util.List;

/** The performance model, run for a model given as a Hugging Face config.json. */
public interface Modeler {

    /** Reads a config.json; throws {@link dev.kiq.KiqException} naming a missing field. */
    ModelArchitecture read(Path configJson);

    /** Accelerator ids the model can be simulated on. */
    List<String> accelerators();

    /** One modeled profile of the latest vLLM on the smallest count of {@code accelerator} that fits. */
    Profile simulate(ModelArchitecture model, String accelerator);
}
