package dev.kiq.bench;

import dev.kiq.KiqException;
import dev.kiq.catalog.Accelerator;
import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.MachineType;
import dev.kiq.catalog.ModelServerVersion;
import dev.kiq.catalog.SchedulerDefaults;
import dev.kiq.profile.ModelServerInfo;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.profile.Provenance;
import dev.kiq.profile.ResourcesUsed;
import dev.kiq.profile.ServerConfig;
import dev.kiq.profile.KneeDetector;
import dev.kiq.profile.WorkloadShape;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Turns measured rates (from {@code bench run} or imported result files) into a {@code measured}
 * profile, with its knee found by the same {@link KneeDetector} as modeled profiles, so the wizard,
 * {@code profiles list} and {@code manifests create} use it like any other.
 */
public final class MeasuredProfile {

    private MeasuredProfile() {
    }

    /**
     * What the measured server was: the profile's identity and the server settings assumed for it.
     *
     * @param notes what had to be assumed, for the user
     */
    public record Target(ModelServerInfo server, String acceleratorType, int acceleratorCount, Optional<String> tpuTopology,
                         String instanceType, ServerConfig serverConfig, List<String> notes) {
        public Target {
            notes = List.copyOf(notes);
        }
    }

    /**
     * Resolves a target against the catalog: the accelerator must be known (the message lists valid
     * ids), the machine type comes from its count, and the server settings are the version's defaults
     * for that accelerator (what a server started without flags uses) with {@code maxModelLen} as the
     * server reported it, else the model's context length.
     */
    public static Target target(Catalog catalog, String model, String modelServer, String version, String acceleratorType,
                                int acceleratorCount, OptionalInt reportedMaxModelLen) {
        List<String> notes = new ArrayList<>();
        Accelerator accelerator = catalog.accelerator(acceleratorType);
        if (acceleratorCount < 1) {
            throw new KiqException("--accelerator-count must be at least 1, got " + acceleratorCount + ".");
        }
        Optional<MachineType> machine = accelerator.machineFor(acceleratorCount);
        if (machine.isEmpty()) {
            notes.add("the catalog has no machine type with " + acceleratorCount + " x " + accelerator.id() + "; instanceType left empty");
        }
        int maxModelLen = reportedMaxModelLen.orElseGet(() -> catalog.findModel(model).map(m -> m.maxContext()).orElse(0));
        if (maxModelLen <= 0) {
            maxModelLen = 2048;
            notes.add("the server did not report max_model_len and the model is not in the catalog; assumed 2048");
        }
        Optional<ModelServerVersion> v = catalog.findModelServer(modelServer).flatMap(s -> s.version(version.startsWith("v") ? version : "v" + version));
        Optional<SchedulerDefaults> defaults = v.flatMap(x -> x.schedulerDefaults(accelerator.id()));
        ServerConfig config;
        if (defaults.isPresent()) {
            SchedulerDefaults d = defaults.get();
            config = new ServerConfig(maxModelLen, d.effectiveMaxNumSeqs(maxModelLen), d.effectiveMaxNumBatchedTokens(maxModelLen),
                    d.gpuMemoryUtilization());
            notes.add("serverConfig assumes " + modelServer + " " + version + " defaults on " + accelerator.id()
                    + " (max_num_seqs " + config.maxNumSeqs() + ", max_num_batched_tokens " + config.maxNumBatchedTokens() + ")");
        } else {
            config = new ServerConfig(maxModelLen, 256, Math.max(2048, maxModelLen), 0.9);
            notes.add("no scheduler defaults in the catalog for " + modelServer + " " + version + " on " + accelerator.id()
                    + "; serverConfig assumes vLLM's generic defaults");
        }
        return new Target(new ModelServerInfo(model, modelServer, version.startsWith("v") ? version : "v" + version),
                accelerator.id(), acceleratorCount, machine.flatMap(MachineType::tpuTopology),
                machine.map(MachineType::name).orElse(""), config, notes);
    }

    /** One profile point of a measured rate: client-side p50s and the server's mean gauges (0 when not scraped). */
    public static PerformancePoint point(RateResult r) {
        return new PerformancePoint(r.offeredRate(), r.outputTokensPerSecond(), r.inputTokensPerSecond(),
                r.ntpot().p50(), r.ttft().p50(), Double.isNaN(r.itl().p50()) ? 0 : r.itl().p50(),
                r.server().queueSize().orElse(0), r.server().batchSize().orElse(0),
                Math.min(1, r.server().kvCacheUsage().orElse(0)));
    }

    /**
     * For a measured profile without a knee, one line saying so plainly ({@link KneeDetector#whyNoKnee}) and what its
     * highest rate is not; empty when it has a knee.
     */
    public static Optional<String> noKnee(Profile profile) {
        return profile.knee().isPresent() ? Optional.empty() : KneeDetector.whyNoKnee(profile.performanceStats())
                .map(why -> why + ". The highest rate is only the highest measured, not where the server saturates;"
                        + " measure more rates (kiq bench run --sweep) to find the knee.");
    }

    public static Profile build(Target target, List<PerformancePoint> points, String tool, String toolVersion, String date,
                                String workload) {
        return build(target, points, tool, toolVersion, date, workload, Optional.empty());
    }

    /** @param shape the workload's use case and mean lengths; empty for the chat (ShareGPT) workload */
    public static Profile build(Target target, List<PerformancePoint> points, String tool, String toolVersion, String date,
                                String workload, Optional<WorkloadShape> shape) {
        if (points.isEmpty()) {
            throw new KiqException("No rate completed, so there is no profile to write.");
        }
        List<PerformancePoint> sorted = points.stream().sorted(Comparator.comparingDouble(PerformancePoint::queriesPerSecond)).toList();
        return new Profile(target.server(), target.acceleratorType(), target.tpuTopology(), target.instanceType(),
                new ResourcesUsed(target.acceleratorCount()), sorted,
                new Provenance(Provenance.Kind.measured, tool, toolVersion, date, workload).withShape(shape),
                target.serverConfig(),
                KneeDetector.knee(sorted));
    }
}
