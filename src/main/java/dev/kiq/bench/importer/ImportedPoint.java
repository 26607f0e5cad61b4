package dev.kiq.bench.importer;

import dev.kiq.profile.PerformancePoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One rate read from another tool's result file.
 *
 * @param model       the model the file names, when it names one
 * @param modelServer the backend the file names ({@code vllm}, …), when it names one
 * @param notes       what the importer had to assume (missing fields, approximations), for the user
 */
public record ImportedPoint(
        Path file,
        ResultFormat format,
        PerformancePoint point,
        Optional<String> model,
        Optional<String> modelServer,
        Optional<String> date,
        List<String> notes) {

    public ImportedPoint {
        notes = List.copyOf(notes);
    }
}
