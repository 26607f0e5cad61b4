package dev.kiq.perf;

import dev.kiq.KiqException;
import dev.kiq.catalog.Accelerator;
import dev.kiq.catalog.MachineType;
import dev.kiq.catalog.ModelArchitecture;
import dev.kiq.catalog.ModelServer;
import dev.kiq.catalog.ModelServerVersion;
import dev.kiq.catalog.SchedulerDefaults;
import dev.kiq.profile.ModelAccuracy;
import dev.kiq.profile.ModelServerInfo;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.profile.Provenance;
import dev.kiq.profile.ResourcesUsed;
import dev.kiq.profile.ServerConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The performance model's front door: from catalog records (model, accelerator, model-server
 * version) to a modeled {@link Profile}. It decides how a replica is configured (the version's
 * scheduler defaults for that accelerator, the longest {@code max_model_len} the memory allows),
 * whether a model fits, and the smallest accelerator count that does, then runs a {@link RateSweep}.
 *
 * <p>A model fits on {@code n} accelerators when {@code n} is a count some machine type carries
 * (one node, at most {@value #MAX_NODE_ACCELERATORS}), the attention heads divide evenly over the
 * {@code n} tensor-parallel ranks (a vLLM requirement), and after weights and activations the KV cache
 * holds at least {@value #MIN_USEFUL_KV_TOKENS} tokens and one sequence of {@code max_model_len}.
 * {@code max_model_len} is the model's context if that fits, else the largest power of two that
 * does (down to 2048, the workload's longest request).
 */
public final class PerformanceModel {

    /** Provenance tool name of modeled profiles. */
    public static final String TOOL = "kiq-perf-model";
    /** Version of the model's equations and factors; bump it when either changes. */
    public static final String MODEL_VERSION = "2";
    public static final long DEFAULT_SEED = 42;
    /** KV space below which a replica is not useful: about 40 average ShareGPT requests, or 8 of the longest. */
    public static final int MIN_USEFUL_KV_TOKENS = 16384;
    public static final int MAX_NODE_ACCELERATORS = 8;
    /** Longest request of the ShareGPT-shaped workload (1024 in + 1024 out). */
    public static final int MIN_MAX_MODEL_LEN = 2048;
    /** Minimum requests per rate for each slot of the batch (see {@link #requestsPerRate}). */
    public static final int REQUESTS_PER_BATCH_SLOT = 7;

    private PerformanceModel() {
    }

    /** Counts of this accelerator one node offers (from the machine types), ascending, at most 8 (TPU: the slice topologies). */
    public static List<Integer> nodeCounts(Accelerator accelerator) {
        TreeSet<Integer> counts = new TreeSet<>();
        for (MachineType m : accelerator.machineTypes()) {
            if (m.acceleratorCount() <= MAX_NODE_ACCELERATORS) {
                counts.add(m.acceleratorCount());
            }
        }
        return List.copyOf(counts);
    }

    /** The version's scheduler defaults on this accelerator, or a user error naming the versions that have them. */
    public static SchedulerDefaults schedulerDefaults(ModelServer server, ModelServerVersion version, Accelerator accelerator) {
        return version.schedulerDefaults(accelerator.id())
                .filter(d -> version.image(accelerator.family()).isPresent())
                .orElseThrow(() -> new KiqException(server.id() + " " + version.version() + " does not run on "
                        + accelerator.id() + " (no " + accelerator.family() + " image); versions that do: "
                        + String.join(", ", server.versions().stream()
                                .filter(v -> v.schedulerDefaults(accelerator.id()).isPresent()
                                        && v.image(accelerator.family()).isPresent())
                                .map(ModelServerVersion::version).toList()) + "."));
    }

    /** The replica on {@code count} accelerators with V0's engine options, or empty when the model does not fit. */
    public static Optional<ServingSetup> setup(ModelArchitecture model, Accelerator accelerator, int count,
                                              SchedulerDefaults defaults) {
        return setup(model, accelerator, count, defaults, EngineOptions.V0_DEFAULTS);
    }

    /** The replica on {@code count} accelerators, or empty when the model does not fit (see the class comment). */
    public static Optional<ServingSetup> setup(ModelArchitecture model, Accelerator accelerator, int count,
                                              SchedulerDefaults defaults, EngineOptions options) {
        if (model.numAttentionHeads() % count != 0) {
            return Optional.empty();
        }
        for (int len : maxModelLenCandidates(model)) {
            ServingSetup s = setupWith(model, accelerator, count, defaults, len, options);
            long capacity = s.memoryPlan().kvCapacityTokens();
            if (capacity >= Math.max(len, MIN_USEFUL_KV_TOKENS)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The smallest node count on which the model fits. */
    public static Optional<Integer> smallestFittingCount(ModelArchitecture model, Accelerator accelerator,
                                                         SchedulerDefaults defaults) {
        return nodeCounts(accelerator).stream()
                .filter(n -> setup(model, accelerator, n, defaults).isPresent())
                .findFirst();
    }

    /**
     * The replica on {@code count} accelerators, or a user error saying how much memory it needs per
     * accelerator against what is available, and the smallest count that fits.
     */
    public static ServingSetup requireSetup(ModelArchitecture model, Accelerator accelerator, int count,
                                            SchedulerDefaults defaults) {
        return requireSetup(model, accelerator, count, defaults, EngineOptions.V0_DEFAULTS);
    }

    /** As {@link #requireSetup(ModelArchitecture, Accelerator, int, SchedulerDefaults)} with these engine options. */
    public static ServingSetup requireSetup(ModelArchitecture model, Accelerator accelerator, int count,
                                            SchedulerDefaults defaults, EngineOptions options) {
        Optional<ServingSetup> s = setup(model, accelerator, count, defaults, options);
        if (s.isPresent()) {
            return s.get();
        }
        String smallest = smallestFittingCount(model, accelerator, defaults)
                .map(n -> "the smallest count that fits is " + n + " (--accelerator-count " + n + ")")
                .orElse("it does not fit on one node of " + accelerator.id() + " (at most "
                        + nodeCounts(accelerator).stream().mapToInt(Integer::intValue).max().orElse(0) + ")");
        if (model.numAttentionHeads() % count != 0) {
            throw new KiqException(model.id() + " cannot be split over " + count + " accelerators: its "
                    + model.numAttentionHeads() + " attention heads must divide evenly by the tensor-parallel size; "
                    + smallest + ".");
        }
        ServingSetup smallestLen = setupWith(model, accelerator, count, defaults, MIN_MAX_MODEL_LEN, options);
        MemoryPlan plan = smallestLen.memoryPlan();
        double required = plan.requiredBytes(MIN_USEFUL_KV_TOKENS);
        throw new KiqException(String.format(Locale.ROOT,
                "%s does not fit on %dx %s: it needs %.1f GB per accelerator (weights %.1f GB, activations and runtime %.1f GB, "
                        + "KV cache for %d tokens %.1f GB) but each has %.1f GB usable (%.0f GiB x gpu_memory_utilization %.2f); %s.",
                model.id(), count, accelerator.id(), required / 1e9, plan.weightBytes() / 1e9, plan.activationBytes() / 1e9,
                MIN_USEFUL_KV_TOKENS, MIN_USEFUL_KV_TOKENS * plan.kvBytesPerToken() / 1e9, plan.memoryBytes() / 1e9,
                accelerator.memoryGb(), defaults.gpuMemoryUtilization(), smallest));
    }

    /**
     * A modeled profile of {@code model} on {@code count} accelerators, served by {@code version}.
     *
     * @param date provenance date (ISO), fixed for shipped profiles so that they regenerate byte for byte
     */
    public static Profile profile(ModelArchitecture model, Accelerator accelerator, int count, ModelServer server,
                                  ModelServerVersion version, long seed, int requestsPerRate, String date) {
        return profile(model, accelerator, count, server, version, seed, requestsPerRate, date,
                WorkloadChoice.defaultChoice());
    }

    /**
     * A modeled profile for {@code choice}'s workload. The default workload (chatbot, ShareGPT) is served as
     * the shipped profiles are (the longest {@code max_model_len} memory allows); any other gets a server
     * fitted to it ({@link #setupFor}) and records its workload shape in the provenance.
     */
    public static Profile profile(ModelArchitecture model, Accelerator accelerator, int count, ModelServer server,
                                  ModelServerVersion version, long seed, int requestsPerRate, String date,
                                  WorkloadChoice choice) {
        return profile(model, accelerator, count, server, version, seed, requestsPerRate, date, choice, List.of());
    }

    /**
     * A modeled profile at the given arrivals (Poisson rates, concurrencies) instead of the sweep; empty
     * {@code arrivals} is the sweep. Points are in increasing request rate.
     */
    public static Profile profile(ModelArchitecture model, Accelerator accelerator, int count, ModelServer server,
                                  ModelServerVersion version, long seed, int requestsPerRate, String date,
                                  WorkloadChoice choice, List<Arrivals> arrivals) {
        return profile(model, accelerator, count, server, version, seed, requestsPerRate, date, choice, arrivals,
                FactorTable.current());
    }

    /**
     * As {@link #profile(ModelArchitecture, Accelerator, int, ModelServer, ModelServerVersion, long, int, String)}
     * with the efficiency factors of {@code factors} (the shipped profiles use {@link FactorTable#shipped()}).
     * A profile modeled with a user's calibration says so in its provenance.
     */
    public static Profile profile(ModelArchitecture model, Accelerator accelerator, int count, ModelServer server,
                                  ModelServerVersion version, long seed, int requestsPerRate, String date,
                                  FactorTable factors) {
        return profile(model, accelerator, count, server, version, seed, requestsPerRate, date,
                WorkloadChoice.defaultChoice(), List.of(), factors);
    }

    /** The profile for a workload and arrivals, with these factors. */
    public static Profile profile(ModelArchitecture model, Accelerator accelerator, int count, ModelServer server,
                                  ModelServerVersion version, long seed, int requestsPerRate, String date,
                                  WorkloadChoice choice, List<Arrivals> arrivals, FactorTable factors) {
        if (model.maxContext() < MIN_MAX_MODEL_LEN) {
            throw new KiqException(model.id() + " has a context of " + model.maxContext() + " tokens; kiq's"
                    + " workloads need " + MIN_MAX_MODEL_LEN + " (1024 prompt + 1024 output tokens).");
        }
        SchedulerDefaults defaults = schedulerDefaults(server, version, accelerator);
        MachineType machine = accelerator.machineFor(count).orElseThrow(() -> new KiqException(
                "No machine type carries " + count + "x " + accelerator.id() + "; valid counts: "
                        + nodeCounts(accelerator) + "."));
        EngineOptions options = EngineOptions.forVllmVersion(version.version());
        ServingSetup setup;
        Workload workload;
        if (choice.isDefault()) {
            setup = requireSetup(model, accelerator, count, defaults, options);
            workload = choice.workload();
        } else {
            choice.servedWithin(model.maxContext(), model.id()); // mean lengths over the context: a user error
            setup = setupFor(model, accelerator, count, defaults, options, choice.workload())
                    .orElseGet(() -> requireSetup(model, accelerator, count, defaults, options));
            // a context the accelerators' memory shortened is said to be theirs: "exceed the model's context of 8192
            // tokens" read as the model's own when Mixtral-8x22B's is 65536 (8x A100 40GB, RAG; Xvfb walk and CLI)
            workload = choice.servedWithin(setup.maxModelLen(), model.id(), setup.maxModelLen() >= model.maxContext() ? ""
                    : String.format(Locale.ROOT, " on %dx %s, the longest whose KV cache its memory holds (the model's own"
                            + " context is %d tokens)", count, accelerator.id(), model.maxContext()));
        }
        int requests = requestsPerRate(requestsPerRate, setup);
        EfficiencyFactors.Family family = EfficiencyFactors.Family.of(accelerator);
        RateSweep.Result sweep = arrivals.isEmpty()
                ? RateSweep.run(setup, setup.iterationCost(factors.factors(family)), RequestTrace.generate(workload, requests, seed),
                        workload, seed)
                : RateSweep.runAt(setup, workload, requests, seed, arrivals);
        int userMeasurements = factors.userMeasurements(family);
        // the basis and expected error of the factors in use: the cross-validation of the family's fit
        // (profiles/calibration/accuracy.yaml); factors that were never fitted carry no known error
        ModelAccuracy.Uncertainty uncertainty = factors.factors(family).calibrated()
                ? ModelAccuracy.bundled().uncertainty(accelerator.id()) : ModelAccuracy.Uncertainty.UNCALIBRATED;
        String toolVersion = userMeasurements == 0 ? MODEL_VERSION : Provenance.userCalibrated(MODEL_VERSION, userMeasurements);
        String description = workload.name() + (arrivals.isEmpty()
                ? String.format(Locale.ROOT, ", Poisson arrivals, rate x %.0f s requests per rate (at most %d), whole runs,"
                        + " capacity probe of %d requests, seed %d", RateSweep.PUBLISHED_RUN_SECONDS,
                        RateSweep.PUBLISHED_MAX_REQUESTS, requests, seed)
                : ", " + String.join(", ", arrivals.stream().map(Arrivals::describe).toList()) + ", " + requests
                        + " requests per rate, seed " + seed);
        List<PerformancePoint> points = arrivals.isEmpty() ? sweep.points()
                : sweep.points().stream().sorted(Comparator.comparingDouble(
                        PerformancePoint::queriesPerSecond)).toList();
        return new Profile(
                new ModelServerInfo(model.id(), server.id(), version.version()),
                accelerator.id(),
                machine.tpuTopology(),
                machine.name(),
                new ResourcesUsed(count),
                points,
                new Provenance(Provenance.Kind.modeled, TOOL, toolVersion, date, description, uncertainty.basis(),
                        uncertainty.expectedError())
                        .withShape(choice.isDefault() ? Optional.empty() : Optional.of(choice.shape())),
                new ServerConfig(setup.maxModelLen(), setup.maxNumSeqs(), setup.maxNumBatchedTokens(),
                        setup.gpuMemoryUtilization()),
                sweep.knee());
    }

    /**
     * The replica fitted to a workload: {@code max_model_len} the smallest power of two (at least
     * {@value #MIN_MAX_MODEL_LEN}) that holds the workload's longest request, at most the model's context,
     * halved while the memory cannot hold it; with chunked prefill, a token budget of at least one mean
     * prompt (rounded up to a power of two, at most {@code max_model_len}), so that a typical prompt is
     * prefilled in one iteration rather than in chunks. Empty when nothing from
     * {@value #MIN_MAX_MODEL_LEN} tokens up fits.
     */
    public static Optional<ServingSetup> setupFor(ModelArchitecture model, Accelerator accelerator, int count,
                                                  SchedulerDefaults defaults, EngineOptions options, Workload workload) {
        if (model.numAttentionHeads() % count != 0) {
            return Optional.empty();
        }
        int wanted = Math.min(model.maxContext(), powerOfTwoAtLeast(Math.max(workload.longestRequest(), MIN_MAX_MODEL_LEN)));
        for (int len = wanted; len >= MIN_MAX_MODEL_LEN; len = len == wanted && Integer.bitCount(len) != 1
                ? Integer.highestOneBit(len) : len / 2) {
            boolean chunked = defaults.chunkedPrefill(len);
            int budget = defaults.effectiveMaxNumBatchedTokens(len);
            if (chunked) {
                budget = Math.max(budget, Math.min(len, powerOfTwoAtLeast((int) Math.ceil(workload.input().mean()))));
            }
            ServingSetup s = new ServingSetup(model, accelerator, count, Math.min(defaults.effectiveMaxNumSeqs(len), budget),
                    budget, chunked, defaults.gpuMemoryUtilization(), len, defaults.blockSize(), options);
            if (s.memoryPlan().kvCapacityTokens() >= Math.max(len, MIN_USEFUL_KV_TOKENS)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    static int powerOfTwoAtLeast(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    /**
     * Requests simulated per rate: at least {@code requested}, and at least
     * {@value #REQUESTS_PER_BATCH_SLOT} per batch slot ({@code max_num_seqs}) so that a large batch can
     * fill and stay full long enough to be measured in steady state.
     */
    public static int requestsPerRate(int requested, ServingSetup setup) {
        return requestsPerRate(requested, setup.maxNumSeqs());
    }

    /**
     * {@link #requestsPerRate(int, ServingSetup)} for a server known by its {@code max_num_seqs} only ({@code kiq bench
     * run} sends each rate this many requests, so that it measures what the model and {@code calibrate --from}'s replay
     * measure).
     */
    public static int requestsPerRate(int requested, int maxNumSeqs) {
        return Math.max(requested, REQUESTS_PER_BATCH_SLOT * maxNumSeqs);
    }

    private static ServingSetup setupWith(ModelArchitecture model, Accelerator accelerator, int count,
                                          SchedulerDefaults d, int maxModelLen, EngineOptions options) {
        return new ServingSetup(model, accelerator, count,
                d.effectiveMaxNumSeqs(maxModelLen), d.effectiveMaxNumBatchedTokens(maxModelLen),
                d.chunkedPrefill(maxModelLen), d.gpuMemoryUtilization(), maxModelLen, d.blockSize(), options);
    }

    private static List<Integer> maxModelLenCandidates(ModelArchitecture model) {
        List<Integer> lens = new ArrayList<>();
        lens.add(model.maxContext());
        int p = Integer.highestOneBit(Math.max(model.maxContext() - 1, 1));
        while (p >= MIN_MAX_MODEL_LEN) {
            if (p < model.maxContext()) {
                lens.add(p);
            }
            p /= 2;
        }
        return lens;
    }
}
