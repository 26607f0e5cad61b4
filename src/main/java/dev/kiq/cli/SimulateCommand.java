package dev.kiq.cli;

import dev.kiq.KiqException;
import dev.kiq.catalog.Accelerator;
import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.ModelArchitecture;
import dev.kiq.catalog.ModelConfigParser;
import dev.kiq.catalog.ModelServer;
import dev.kiq.catalog.ModelServerVersion;
import dev.kiq.catalog.SchedulerDefaults;
import dev.kiq.perf.Arrivals;
import dev.kiq.perf.PerformanceModel;
import dev.kiq.perf.WorkloadChoice;
import dev.kiq.perf.ShippedProfiles;
import dev.kiq.perf.SimulationBenchmark;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileFormat;
import dev.kiq.profile.ProfileWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kiq simulate}: a modeled latency profile from the performance model. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {
                "Model a latency profile: simulate vLLM continuous batching of a workload's requests (--use-case, default the "
                        + "ShareGPT chatbot) at a sweep of request rates, or at --rates / --concurrency, and print one "
                        + "Profile (performanceStats and the knee).",
                "With --all, regenerate every shipped modeled profile into --output-dir.",
                "With --benchmark, print the compute time of one profile (cold: its first run in the process; then warm)"
                        + " and of all shipped profiles; with a model and accelerator, of that profile alone."})
final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "ID", description = "Catalog model id, e.g. google/gemma-2-27b-it.")
    String model;

    @Option(names = "--model-config", paramLabel = "PATH",
            description = "A Hugging Face config.json (dense or mixture-of-experts) instead of a catalog model.")
    Path modelConfig;

    @Option(names = "--accelerator-type", paramLabel = "LABEL", description = "GKE accelerator label, e.g. nvidia-h100-80gb.")
    String acceleratorType;

    @Option(names = "--accelerator-count", paramLabel = "N",
            description = "Accelerators per replica (tensor parallel size). Default: the smallest count whose memory "
                    + "holds the weights plus useful KV-cache space.")
    Integer acceleratorCount;

    @Option(names = "--model-server", paramLabel = "ID", defaultValue = "vllm", description = "Model server (default: ${DEFAULT-VALUE}).")
    String modelServer;

    @Option(names = "--model-server-version", paramLabel = "VERSION", description = "Model server version (default: the newest in the catalog).")
    String modelServerVersion;

    @Option(names = "--format", paramLabel = "yaml|json", defaultValue = "yaml", description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--output-path", paramLabel = "FILE", description = "Write the profile to FILE (atomically) instead of standard output.")
    Path outputPath;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Random seed of the workload (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--requests-per-rate", paramLabel = "N", defaultValue = "2000",
            description = "Requests simulated at each request rate, at least (default: ${DEFAULT-VALUE}; raised to "
                    + "7 x max_num_seqs so a large batch reaches steady state).")
    int requestsPerRate;

    @Mixin
    WorkloadOptions workload;

    @Option(names = "--concurrency", paramLabel = "N[,N...]", split = ",",
            description = "Simulate these fixed concurrencies (closed loop: each client sends its next request when the"
                    + " last one finished) instead of the rate sweep.")
    List<Integer> concurrency;

    @Option(names = "--rates", paramLabel = "R[,R...]", split = ",",
            description = "Simulate these Poisson request rates (requests per second) instead of the rate sweep.")
    List<Double> rates;

    @Option(names = "--all", description = "Regenerate every shipped modeled profile (fixed seed and date) into --output-dir.")
    boolean all;

    @Option(names = "--output-dir", paramLabel = "DIR", defaultValue = "profiles/modeled",
            description = "Directory for --all (default: ${DEFAULT-VALUE}).")
    Path outputDir;

    @Option(names = "--benchmark", description = "Print the compute time of one full profile, its first (cold) run and the"
            + " median of warm runs, and of all shipped profiles. With --model (or --model-config) and --accelerator-type,"
            + " of that profile alone.")
    boolean benchmark;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "5",
            description = "Measured warm repetitions for --benchmark (default: ${DEFAULT-VALUE}; 0: the cold run only).")
    int repeat;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Catalog catalog = Catalog.bundled();
        List<Arrivals> arrivals = arrivals();
        if (workload.given() && (all || benchmark)) {
            throw new KiqException("--use-case and the target lengths model one profile; they do not go with --all"
                    + " (the shipped chatbot profiles) or --benchmark.");
        }
        WorkloadChoice choice = workload.given() ? workload.choice() : WorkloadChoice.defaultChoice();
        if (requestsPerRate < 100) {
            throw new KiqException("--requests-per-rate " + requestsPerRate + " is too small; use at least 100 (default 2000).");
        }
        if (requestsPerRate > MAX_REQUESTS_PER_RATE) {
            throw new KiqException("--requests-per-rate " + requestsPerRate + " is too large: the simulation keeps every"
                    + " request of a rate in memory, about " + memory(requestsPerRate) + " at that count; use at most "
                    + MAX_REQUESTS_PER_RATE + " (default 2000).");
        }
        if (benchmark) {
            if (repeat < 0) {
                throw new KiqException("--repeat " + repeat + " is not valid; use 0 (the first, cold run only) or more.");
            }
            if (model == null && modelConfig == null && acceleratorType == null && acceleratorCount == null
                    && modelServerVersion == null) {
                SimulationBenchmark.run(catalog, repeat, out::println);
            } else {
                Target t = target(catalog);
                SimulationBenchmark.one(t.architecture().id() + " on " + t.count() + "x " + t.accelerator().id() + ", "
                        + t.version().version(), () -> profile(t, choice, arrivals), repeat, out::println);
            }
            return 0;
        }
        if (all) {
            if (model != null || modelConfig != null || acceleratorType != null || acceleratorCount != null
                    || modelServerVersion != null || outputPath != null) {
                throw new KiqException("--all regenerates every shipped profile with fixed settings; it takes only"
                        + " --output-dir, not --model, --model-config, --accelerator-type, --accelerator-count,"
                        + " --model-server-version or --output-path.");
            }
            List<Path> files = ShippedProfiles.generate(catalog, outputDir, f -> { });
            out.println("Wrote " + files.size() + " profiles under " + outputDir);
            return 0;
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--output-dir")) {
            throw new KiqException("--output-dir is the folder for --all (every shipped profile); to write this one"
                    + " profile to a file, use --output-path FILE.");
        }
        ProfileFormat profileFormat = switch (format.toLowerCase(Locale.ROOT)) {
            case "yaml", "yml" -> ProfileFormat.YAML;
            case "json" -> ProfileFormat.JSON;
            default -> throw new KiqException("--format " + format + " is not valid; use yaml or json.");
        };
        Profile profile = profile(target(catalog), choice, arrivals);
        String text = ProfileWriter.write(profile, profileFormat);
        if (outputPath == null) {
            out.print(text);
            out.flush();
        } else {
            OutputPath.write(outputPath, text, out);
        }
        return 0;
    }

    /** The model, accelerator, count and server version the options name, checked. */
    private Target target(Catalog catalog) {
        ModelArchitecture architecture = resolveModel(catalog);
        if (acceleratorType == null) {
            throw new KiqException("--accelerator-type is required; valid ids: "
                    + String.join(", ", catalog.accelerators().stream().map(Accelerator::id).toList()) + ".");
        }
        Accelerator accelerator = catalog.accelerator(acceleratorType);
        ModelServer server = catalog.modelServer(modelServer);
        ModelServerVersion version = modelServerVersion == null ? server.latest()
                : catalog.modelServerVersion(server.id(), modelServerVersion);
        SchedulerDefaults defaults = PerformanceModel.schedulerDefaults(server, version, accelerator);
        int count = acceleratorCount != null ? acceleratorCount
                : PerformanceModel.smallestFittingCount(architecture, accelerator, defaults)
                        .orElseGet(() -> largestCount(accelerator));
        if (count < 1) {
            throw new KiqException("--accelerator-count " + count + " is not valid; valid counts for " + accelerator.id()
                    + ": " + PerformanceModel.nodeCounts(accelerator) + ".");
        }
        return new Target(architecture, accelerator, count, server, version);
    }

    /** The profile of {@code t} at {@code arrivals} (empty: the sweep), with this command's workload, seed and requests. */
    private Profile profile(Target t, WorkloadChoice choice, List<Arrivals> arrivals) {
        return PerformanceModel.profile(t.architecture(), t.accelerator(), t.count(), t.server(), t.version(), seed,
                requestsPerRate, LocalDate.now(ZoneOffset.UTC).toString(), choice, arrivals);
    }

    /** What a profile of this command models. */
    private record Target(ModelArchitecture architecture, Accelerator accelerator, int count, ModelServer server,
                          ModelServerVersion version) {
    }

    /** The --rates and --concurrency points, checked; empty for the sweep. */
    private List<Arrivals> arrivals() {
        List<Arrivals> list = new ArrayList<>();
        for (Double r : rates == null ? List.<Double>of() : rates) {
            if (r == null || !(r > 0) || r.isInfinite()) {
                throw new KiqException("--rates " + r + " is not valid; valid: request rates above 0 per second,"
                        + " e.g. --rates 0.5,1,2.");
            }
            list.add(new Arrivals.Poisson(r));
        }
        for (Integer c : concurrency == null ? List.<Integer>of() : concurrency) {
            if (c == null || c < 1) {
                throw new KiqException("--concurrency " + c + " is not valid; valid: whole numbers of clients of at"
                        + " least 1, e.g. --concurrency 1,8,64.");
            }
            list.add(new Arrivals.Concurrency(c));
        }
        if (!list.isEmpty() && (all || benchmark)) {
            throw new KiqException("--rates and --concurrency model one profile; they do not go with --all or --benchmark.");
        }
        return list;
    }

    private ModelArchitecture resolveModel(Catalog catalog) {
        if (model != null && modelConfig != null) {
            throw new KiqException("Give either --model or --model-config, not both.");
        }
        if (modelConfig != null) {
            return ModelConfigParser.parse(modelConfig);
        }
        if (model == null) {
            throw new KiqException("--model (or --model-config PATH) is required; valid ids: "
                    + String.join(", ", catalog.models().stream().map(ModelArchitecture::id).toList()) + ".");
        }
        return catalog.model(model);
    }

    /** 50 times the default: tight enough percentiles, about 1.2 GB. */
    static final int MAX_REQUESTS_PER_RATE = 100_000;
    /**
     * Memory per simulated request of a rate: max RSS of {@code simulate} grew from 234 MB at 2,000 requests per
     * rate to 706 MB at 40,000 (Llama 3 8B on L4, 2026-12-01), about 12 kB a request.
     */
    static final long BYTES_PER_REQUEST = 12_000;

    private static String memory(long requests) {
        double gb = requests * (double) BYTES_PER_REQUEST / 1e9;
        return gb >= 1 ? String.format(Locale.ROOT, "%.0f GB", gb) : String.format(Locale.ROOT, "%.0f MB", gb * 1000);
    }

    /** No count fits: report it for the largest one a node offers (the error names what is needed). */
    private static int largestCount(Accelerator accelerator) {
        List<Integer> counts = PerformanceModel.nodeCounts(accelerator);
        return counts.isEmpty() ? 1 : counts.get(counts.size() - 1);
    }
}
