package dev.kiq.calibration;

import dev.kiq.KiqException;
import dev.kiq.calibration.CalibrationCase.Quantity;
import dev.kiq.calibration.CalibrationCase.Stat;
import dev.kiq.calibration.CalibrationCase.Target;
import dev.kiq.catalog.Accelerator;
import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.ClosestId;
import dev.kiq.catalog.ModelArchitecture;
import dev.kiq.catalog.ModelServer;
import dev.kiq.catalog.ModelServerVersion;
import dev.kiq.catalog.SchedulerDefaults;
import dev.kiq.perf.Arrivals;
import dev.kiq.perf.EfficiencyFactors;
import dev.kiq.perf.EfficiencyFactors.Family;
import dev.kiq.perf.EngineOptions;
import dev.kiq.perf.FactorTable;
import dev.kiq.perf.LoadRun;
import dev.kiq.perf.PerformanceModel;
import dev.kiq.perf.RateSweep;
import dev.kiq.perf.RequestTrace;
import dev.kiq.perf.SchedulerSettings;
import dev.kiq.perf.ServingSetup;
import dev.kiq.perf.Workload;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileReader;
import dev.kiq.profile.Provenance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Calibration from a user's own benchmark ({@code kiq calibrate --from measured.yaml}): the measured
 * profiles' points become cases (Poisson runs of kiq's ShareGPT-shaped workload at each measured rate,
 * the profile's server configuration, measured in steady state as {@code kiq bench run} does), and the
 * generation's factors are refitted to them with the factors in use (the shipped fit over the published
 * corpus, or an earlier calibration) as the prior: the published measurements keep in place what the
 * user's points cannot move, the user's points decide what they measure.
 */
public final class UserCalibration {

    /** Requests replayed per measured rate. */
    public static final int REQUESTS_PER_POINT = RateSweep.DEFAULT_REQUESTS_PER_RATE;

    private UserCalibration() {
    }

    /** The generations kiq can calibrate from measured vLLM profiles, for messages. */
    public static String whatItCanDo(Catalog catalog) {
        List<String> parts = new ArrayList<>();
        for (Family f : Family.values()) {
            List<String> ids = catalog.accelerators().stream().filter(a -> Family.of(a) == f).map(Accelerator::id).toList();
            parts.add(f.key() + " (" + String.join(", ", ids) + ")");
        }
        return "kiq calibrates the vLLM performance model from measured vLLM profiles (kiq bench run or kiq bench import) "
                + "of these accelerator families: " + String.join("; ", parts) + ".";
    }

    /**
     * Refuses a measured point given again in another file (a copy of a profile, or one profile imported twice): the
     * same setup (model, server, accelerator and count, serverConfig) and the same figures at the same rate would weigh
     * twice in the fit. A repeat measurement at the same rate has figures of its own and is kept.
     *
     * @param earlier the profiles of the files given before {@code file}, by file name
     * @throws KiqException naming {@code file}'s point and the earlier file's
     */
    public static void refuseRepeats(Profile p, String file, java.util.Map<String, Profile> earlier) {
        for (var e : earlier.entrySet()) {
            Profile q = e.getValue();
            if (!q.modelServerInfo().equals(p.modelServerInfo()) || !q.acceleratorType().equals(p.acceleratorType())
                    || q.acceleratorCount() != p.acceleratorCount() || !q.serverConfig().equals(p.serverConfig())) {
                continue;
            }
            for (int i = 0; i < p.performanceStats().size(); i++) {
                int j = q.performanceStats().indexOf(p.performanceStats().get(i));
                if (j >= 0) {
                    throw ProfileReader.fieldProblem(file, List.of("performanceStats", i), "the same measurement as "
                            + e.getKey() + "'s performanceStats[" + j + "] (same setup, rate and figures): it would weigh twice "
                            + "in the fit; valid: each measurement once (leave one of the two files out, or the point).");
                }
            }
        }
    }

    /**
     * The cases of one measured profile.
     *
     * @throws KiqException naming the file when kiq cannot calibrate from it (not measured, not vLLM,
     *                      an accelerator or model outside the catalog, no usable point)
     */
    public static List<CalibrationCase> cases(Profile p, String file, Catalog catalog) {
        if (p.provenance().kind() != Provenance.Kind.measured) {
            throw ProfileReader.fieldProblem(file, List.of("provenance", "kind"), "a modeled profile; calibrate from measurements. "
                    + whatItCanDo(catalog));
        }
        if (!p.modelServerInfo().modelServer().equals("vllm")) {
            throw ProfileReader.fieldProblem(file, List.of("modelServerInfo", "modelServer"), "measured on "
                    + p.modelServerInfo().modelServer() + ", not vLLM. " + whatItCanDo(catalog));
        }
        Accelerator accelerator = catalog.findAccelerator(p.acceleratorType()).orElseThrow(() -> ProfileReader.fieldProblem(file,
                List.of("acceleratorType"), p.acceleratorType() + " is not in kiq's catalog. " + whatItCanDo(catalog)));
        ModelArchitecture model = catalog.findModel(p.modelServerInfo().model()).orElseThrow(() -> ProfileReader.fieldProblem(file,
                List.of("modelServerInfo", "model"), ClosestId.unknown("model", p.modelServerInfo().model(),
                        catalog.models().stream().map(ModelArchitecture::id).toList()).getMessage() + " kiq calibrates from profiles of catalog models (kiq models list)."));
        ModelServer server = catalog.modelServer("vllm");
        String versionId = p.modelServerInfo().modelServerVersion();
        String catalogVersions = String.join(", ", server.versions().stream().map(ModelServerVersion::version).toList());
        EngineOptions options;
        try {
            options = EngineOptions.forVllmVersion(versionId);
        } catch (IllegalArgumentException notAVersion) {
            throw ProfileReader.fieldProblem(file, List.of("modelServerInfo", "modelServerVersion"), "\"" + versionId
                    + "\" is not a vLLM release; valid: a version such as " + server.latest().version()
                    + " (kiq's catalog has " + catalogVersions + ").");
        }
        // kiq models a release through its catalog entry (scheduler defaults per accelerator, engine behaviour), and kiq
        // bench run and bench import only write catalog releases: a release it does not list was not measured with kiq
        // and would be fitted with another release's defaults
        ModelServerVersion version = server.version(versionId.startsWith("v") ? versionId : "v" + versionId).orElseThrow(() ->
                ProfileReader.fieldProblem(file, List.of("modelServerInfo", "modelServerVersion"), "vLLM " + versionId
                        + " is not in kiq's catalog, so kiq cannot model it; valid: one of " + catalogVersions
                        + ", the releases kiq bench run and kiq bench import write."));
        // a catalog release without defaults for the accelerator has no build for it in kiq's catalog (vLLM 0.7.2 on TPU)
        SchedulerDefaults defaults = version.schedulerDefaults(accelerator.id()).orElseThrow(() -> {
            List<String> releases = server.versions().stream().filter(v -> v.schedulerDefaults(accelerator.id()).isPresent())
                    .map(ModelServerVersion::version).toList();
            return ProfileReader.fieldProblem(file, List.of("modelServerInfo", "modelServerVersion"), "kiq's catalog has no vLLM "
                    + versionId + " for " + accelerator.id() + " (no scheduler defaults of that release there), so kiq cannot "
                    + "model it; valid for " + accelerator.id() + ": " + (releases.isEmpty() ? "none. " + whatItCanDo(catalog)
                    : String.join(", ", releases) + "."));
        });
        var config = p.serverConfig();
        // a setup vLLM refuses to start cannot have been measured: said before the minutes of the fit
        if (model.numAttentionHeads() % p.acceleratorCount() != 0) {
            throw ProfileReader.fieldProblem(file, List.of("resourcesUsed", "acceleratorCount"), p.acceleratorCount()
                    + " accelerators cannot serve " + model.id() + ": vLLM splits its " + model.numAttentionHeads()
                    + " attention heads evenly over the tensor-parallel ranks; valid: a count that divides "
                    + model.numAttentionHeads() + ".");
        }
        if (config.maxModelLen() > model.maxContext()) {
            throw ProfileReader.fieldProblem(file, List.of("serverConfig", "maxModelLen"), config.maxModelLen()
                    + " is longer than " + model.id() + "'s context; vLLM refuses it at start-up; valid: at most "
                    + model.maxContext() + ".");
        }
        // a setup vLLM refuses at start-up (SchedulerSettings.startupRefusal) cannot have been measured
        boolean chunkedPrefill = options.engine() == EngineOptions.Engine.V1 || defaults.chunkedPrefill(config.maxModelLen());
        var refusal = SchedulerSettings.startupRefusal(config.maxNumBatchedTokens(),
                java.util.OptionalInt.of(config.maxNumSeqs()), config.maxModelLen(), chunkedPrefill);
        if (refusal.isPresent()) {
            throw ProfileReader.fieldProblem(file, List.of("serverConfig", "maxNumBatchedTokens"), config.maxNumBatchedTokens()
                    + switch (refusal.get()) {
                        case BUDGET_BELOW_MAX_NUM_SEQS -> " is below serverConfig.maxNumSeqs " + config.maxNumSeqs()
                                + ": vLLM refuses to start so (" + refusal.get().reason() + "); valid: at least "
                                + config.maxNumSeqs() + ".";
                        case BUDGET_BELOW_MAX_MODEL_LEN -> " is below serverConfig.maxModelLen " + config.maxModelLen()
                                + " and vLLM " + versionId + " runs without chunked prefill at that maxModelLen: vLLM refuses"
                                + " to start so (" + refusal.get().reason() + "); valid: at least " + config.maxModelLen() + ".";
                    });
        }
        ServingSetup setup = new ServingSetup(model, accelerator, p.acceleratorCount(), config.maxNumSeqs(),
                config.maxNumBatchedTokens(), chunkedPrefill,
                config.gpuMemoryUtilization(), config.maxModelLen(), defaults.blockSize(), options);
        Workload workload = Workload.shareGpt();
        if (setup.memoryPlan().kvCapacityTokens() < workload.longestRequest()) {
            throw ProfileReader.fieldProblem(file, List.of("resourcesUsed", "acceleratorCount"), model.id() + " on "
                    + p.acceleratorCount() + "x " + accelerator.id() + " at gpuMemoryUtilization " + config.gpuMemoryUtilization()
                    + " leaves a KV cache of " + Math.max(0, setup.memoryPlan().kvCapacityTokens()) + " tokens, less than one request of "
                    + workload.longestRequest() + " tokens: vLLM would not start; valid: more accelerators or a higher "
                    + "serverConfig.gpuMemoryUtilization.");
        }
        RequestTrace trace = RequestTrace.generate(workload, PerformanceModel.requestsPerRate(REQUESTS_PER_POINT, setup),
                PerformanceModel.DEFAULT_SEED);
        List<CalibrationCase> cases = new ArrayList<>();
        int i = 0;
        for (PerformancePoint point : p.performanceStats()) {
            i++;
            if (!(point.queriesPerSecond() > 0) || !(point.outputTokensPerSecond() > 0)) {
                continue;
            }
            List<Target> targets = new ArrayList<>();
            targets.add(new Target(Quantity.OUTPUT_TOKENS_PER_SECOND, Stat.MEDIAN, point.outputTokensPerSecond(), 1));
            if (point.ntpotMilliseconds() > 0) {
                targets.add(new Target(Quantity.NTPOT, Stat.MEDIAN, point.ntpotMilliseconds(), 1));
            }
            if (point.ttftMilliseconds() > 0) {
                targets.add(new Target(Quantity.TTFT, Stat.MEDIAN, point.ttftMilliseconds(), 1));
            }
            if (point.itlMilliseconds() > 0) {
                targets.add(new Target(Quantity.TPOT, Stat.MEDIAN, point.itlMilliseconds(), 1));
            }
            cases.add(new CalibrationCase(file, file + "#" + i, Family.of(accelerator), setup, workload, trace,
                    new Arrivals.Poisson(point.queriesPerSecond()), LoadRun.Window.STEADY_STATE, targets));
        }
        if (cases.isEmpty()) {
            throw ProfileReader.fieldProblem(file, List.of("performanceStats"),
                    "no measured point with a request rate and a throughput to calibrate from; valid: points whose "
                            + "queriesPerSecond and outputTokensPerSecond are above 0.");
        }
        // The measured knee is what the recommendation, the HPA threshold and the replica count are read at: like the
        // seed's published knees (hold: true), it is held by the fit (FactorFit holds a held case's figures within its
        // margin), so that factors which fit the sweep's points do not move the knee to a neighbouring rate. Its figures
        // weigh 1 here, as a measured point's: the fit gives every held case FactorFit.KNEE_WEIGHT.
        p.knee().filter(k -> k.outputTokensPerSecond() > 0 && k.ntpotMilliseconds() > 0).ifPresent(k -> cases.add(
                new CalibrationCase(file, file + "#knee", Family.of(accelerator), setup, workload, trace, null,
                        LoadRun.Window.STEADY_STATE, List.of(
                                new Target(Quantity.OUTPUT_TOKENS_PER_SECOND, Stat.MEDIAN, k.outputTokensPerSecond(), 1),
                                new Target(Quantity.NTPOT, Stat.MEDIAN, k.ntpotMilliseconds(), 1)), false, true)));
        return cases;
    }

    /**
     * One generation's calibration.
     *
     * @param before median absolute error of the user's figures with the factors in use
     * @param after  the same with the refitted factors
     */
    public record Result(Family family, EfficiencyFactors before, EfficiencyFactors after, double errorBefore,
                         double errorAfter, int measurements, FactorFit.Result fit) {

        /**
         * Whether the refitted factors predict the user's measurements at least as well as the factors in use: a refit
         * that predicts them worse is not saved. It happens when the fit cannot hold a measured knee ({@link
         * FactorFit.Result#kneesHeld()}): the knee of a few measured rates can lie far from the knee of the model's own
         * rate sweep, to which the fit holds it, and the fit then bends every factor toward it (a 4-rate bench run of
         * the emulator on 1x L4: 37.8% before, 67.1% after).
         */
        public boolean improves() {
            return !(errorAfter > errorBefore);
        }

        /**
         * Whether the refitted factors may be saved as a model of the user's server: they reproduce the user's
         * measurements within {@link #REPRODUCTION_LIMIT} and hold no fraction of the accelerator's peak at {@link
         * #PEAK} or above. A refit that fails either was bent as far as the model's physics lets it: such measurements
         * describe another setup than the profile names (an A100 profile's latencies x 8 fit at 36% of its memory
         * bandwidth and still miss by 57%; a TPU replica's latencies / 4 fit at 99.9% of its bandwidth within 24%).
         */
        public boolean plausible() {
            return !(errorAfter > REPRODUCTION_LIMIT) && atPeak().isEmpty();
        }

        /**
         * The refitted fractions of the accelerator's peak at {@link #PEAK} or above, in words (e.g. "memory
         * bandwidth"): the measurements are faster than the named accelerators can serve.
         */
        public List<String> atPeak() {
            List<String> peak = new ArrayList<>();
            if (after.bandwidthFraction() >= PEAK) {
                peak.add("memory bandwidth");
            }
            if (after.computeFraction() >= PEAK) {
                peak.add("compute");
            }
            if (after.interconnectFraction() >= PEAK) {
                peak.add("interconnect bandwidth");
            }
            return peak;
        }
    }

    /**
     * A fraction of the accelerator's peak no server reaches: the fit caps the fractions at 1, and one within 1% of
     * that cap means the fit wanted more than the hardware has.
     */
    public static final double PEAK = 0.99;

    /**
     * The largest median absolute error of the user's own measurements a saved refit may leave: the error issue 10
     * allows an accelerator family against the published corpus (25%). A user's measurements of one setup are
     * easier to fit than a family's many sources, so a refit that misses them by more cannot be trusted to model it.
     */
    public static final double REPRODUCTION_LIMIT = 0.25;

    /** Refits {@code family} to the cases, with the factors of {@code current} as the prior. */
    public static Result calibrate(Family family, List<CalibrationCase> cases, FactorTable current) {
        EfficiencyFactors before = current.factors(family);
        int previous = current.userMeasurements(family);
        int measurements = measurements(cases);
        String basis = Provenance.userCalibration(previous + measurements);
        FactorFit.Result fit = FactorFit.fit(cases, before, basis, FactorFit.SIGMA_OWN_MEASUREMENTS);
        return new Result(family, before, fit.factors(), medianAbsolute(FactorFit.logErrors(cases, before)),
                medianAbsolute(FactorFit.logErrors(cases, fit.factors())), previous + measurements, fit);
    }

    /**
     * The user's measurements among {@code cases}: the figures of their measured points. A knee case repeats the
     * knee's throughput and NTPOT as a constraint of the fit and adds none.
     */
    public static int measurements(List<CalibrationCase> cases) {
        return cases.stream().filter(c -> !c.isKnee()).mapToInt(c -> c.targets().size()).sum();
    }

    /** The measured points among {@code cases} (a knee case is not one). */
    public static long points(List<CalibrationCase> cases) {
        return cases.stream().filter(c -> !c.isKnee()).count();
    }

    static double medianAbsolute(double[] logErrors) {
        return CorpusCalibration.CrossValidation.medianOf(Arrays.stream(logErrors).map(e -> Math.abs(Math.exp(e) - 1)).toArray());
    }

}
