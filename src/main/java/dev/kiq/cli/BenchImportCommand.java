package dev.kiq.cli;

import dev.kiq.KiqException;
import dev.kiq.Version;
import dev.kiq.bench.MeasuredProfile;
import dev.kiq.bench.importer.ImportedPoint;
import dev.kiq.bench.importer.ResultImporter;
import dev.kiq.catalog.Catalog;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kiq bench import}: other tools' result files (one per rate) into one measured profile. */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Turn benchmark result files into one measured profile: AI-Hypercomputer/inference-benchmark "
                + "(--save-json-results), vLLM benchmark_serving.py / `vllm bench serve` (--save-result) and "
                + "kubernetes-sigs/inference-perf (stage_N_lifecycle_metrics.json). One file per request rate."})
final class BenchImportCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Result files, one per rate.")
    List<Path> files;

    @Option(names = "--model", description = "Model id (default: as the files name it).")
    String model;

    @Option(names = "--model-server", description = "Model server (default: as the files name it, else vllm).")
    String modelServer;

    @Option(names = "--model-server-version", required = true, paramLabel = "V", description = "Server version the results were measured on, e.g. v0.7.2.")
    String modelServerVersion;

    @Option(names = "--accelerator-type", required = true, paramLabel = "TYPE", description = "Accelerator the results were measured on, e.g. nvidia-h100-80gb.")
    String acceleratorType;

    @Option(names = "--accelerator-count", defaultValue = "1", paramLabel = "N", description = "Accelerators per replica (default ${DEFAULT-VALUE}).")
    int acceleratorCount;

    @Option(names = "--max-model-len", paramLabel = "N", description = "The server's --max-model-len (default: the model's context length).")
    Integer maxModelLen;

    @Option(names = "--output-path", paramLabel = "FILE", description = "Where to save the profile (.yaml or .json; default: the per-user profile folder).")
    Path outputPath;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (maxModelLen != null && maxModelLen < 1) {
            throw new KiqException("--max-model-len " + maxModelLen + " is not valid; give the server's context length in"
                    + " tokens (at least 1), or leave it out to use the model's.");
        }
        if (acceleratorCount < 1) {
            throw new KiqException("--accelerator-count " + acceleratorCount + " is not valid; give at least 1.");
        }
        Catalog.bundled().accelerator(acceleratorType);
        if (modelServer != null) {
            Catalog.bundled().modelServerVersion(modelServer, modelServerVersion);
        }
        OutputPath.checkProfilePath(outputPath);
        List<ImportedPoint> imported = new ArrayList<>();
        for (Path f : files) {
            imported.add(ResultImporter.read(f));
        }
        Set<String> models = imported.stream().flatMap(p -> p.model().stream()).collect(Collectors.toCollection(LinkedHashSet::new));
        String chosenModel = model;
        if (chosenModel == null) {
            if (models.isEmpty()) {
                throw new KiqException("The files do not name their model; pass --model.");
            }
            if (models.size() > 1) {
                throw new KiqException("The files are for different models (" + String.join(", ", models)
                        + "); import each model's files separately, or pass --model to override.");
            }
            chosenModel = models.iterator().next();
        }
        String server = modelServer != null ? modelServer
                : imported.stream().flatMap(p -> p.modelServer().stream()).findFirst().orElse("vllm");
        Map<Double, ImportedPoint> byRate = new LinkedHashMap<>();
        for (ImportedPoint p : imported) {
            ImportedPoint previous = byRate.put(p.point().queriesPerSecond(), p);
            if (previous != null) {
                out.printf(Locale.ROOT, "note: %s and %s are both at %.3g req/s; kept %s%n", previous.file(), p.file(),
                        p.point().queriesPerSecond(), p.file());
            }
        }
        Catalog.bundled().modelServerVersion(server, modelServerVersion);
        MeasuredProfile.Target target = MeasuredProfile.target(Catalog.bundled(), chosenModel, server, modelServerVersion,
                acceleratorType, acceleratorCount, maxModelLen == null ? OptionalInt.empty() : OptionalInt.of(maxModelLen));
        List<PerformancePoint> points = byRate.values().stream().map(ImportedPoint::point).toList();
        String tools = imported.stream().map(p -> p.format().tool()).distinct().collect(Collectors.joining("+"));
        String date = imported.stream().flatMap(p -> p.date().stream()).sorted().findFirst()
                .orElse(LocalDate.now(ZoneOffset.UTC).toString());
        Profile profile = MeasuredProfile.build(target, points, tools, "imported by kiq " + Version.current(), date,
                "imported from " + imported.size() + " " + tools + " result file" + (imported.size() == 1 ? "" : "s"));
        for (ImportedPoint p : imported) {
            for (String n : p.notes()) {
                out.println("note: " + p.file().getFileName() + ": " + n);
            }
        }
        target.notes().forEach(n -> out.println("note: " + n));
        out.printf(Locale.ROOT, "imported %d rate%s from %s%n", points.size(), points.size() == 1 ? "" : "s", tools);
        profile.knee().ifPresent(k -> out.printf(Locale.ROOT, "knee: %.3g req/s, %.1f output tok/s, NTPOT p50 %.2f ms%n",
                k.queriesPerSecond(), k.outputTokensPerSecond(), k.ntpotMilliseconds()));
        MeasuredProfile.noKnee(profile).ifPresent(out::println);
        out.println("Output saved to " + ProfileOutput.write(outputPath, profile));
        out.flush();
        return 0;
    }
}
