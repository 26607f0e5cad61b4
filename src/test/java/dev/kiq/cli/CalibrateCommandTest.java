package dev.kiq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiq.calibration.CalibrationFiles;
import dev.kiq.catalog.Catalog;
import dev.kiq.perf.EfficiencyFactors;
import dev.kiq.perf.EfficiencyFactors.Family;
import dev.kiq.perf.FactorTable;
import dev.kiq.perf.PerformanceModel;
import dev.kiq.profile.ModelServerInfo;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileReader;
import dev.kiq.profile.ProfileWriter;
import dev.kiq.profile.Provenance;
import dev.kiq.settings.UserFolders;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code kiq calibrate --from} and {@code --reset} in a private per-user folder. */
class CalibrateCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    @TempDir
    Path home;
    private String previousHome;

    @BeforeEach
    void privateHome() {
        previousHome = System.getProperty(UserFolders.HOME_PROPERTY);
        System.setProperty(UserFolders.HOME_PROPERTY, home.toString());
        FactorTable.reload();
    }

    @AfterEach
    void restoreHome() {
        if (previousHome == null) {
            System.clearProperty(UserFolders.HOME_PROPERTY);
        } else {
            System.setProperty(UserFolders.HOME_PROPERTY, previousHome);
        }
        FactorTable.reload();
    }

    private int run(String... args) {
        CommandLine cl = KiqCommand.commandLine(() -> { });
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    /** A "measurement": the model of a TPU v6e replica whose factors are 20% slower, marked measured. */
    private static Profile measuredOnSlowerTpu() {
        Catalog catalog = Catalog.bundled();
        EfficiencyFactors s = FactorTable.shipped().factors(Family.TPU);
        EfficiencyFactors slower = new EfficiencyFactors(s.bandwidthFraction() / 1.2, s.computeFraction() / 1.2,
                s.iterationOverheadMs() * 1.2, s.v1IterationOverheadMs() * 1.2, s.sequenceOverheadUs() * 1.2,
                s.v1SequenceOverheadUs() * 1.2, s.allReduceLatencyUs() * 1.2, s.interconnectFraction() / 1.2, false, "slower");
        Profile p = PerformanceModel.profile(catalog.model("meta-llama/Llama-3.2-1B-Instruct"), catalog.accelerator("tpu-v6e-slice"), 1,
                catalog.modelServer("vllm"), catalog.modelServerVersion("vllm", "v0.19.1"), 42, 300, "2026-12-01",
                FactorTable.of(Map.of(Family.TPU, slower)));
        return withProvenance(p, new Provenance(Provenance.Kind.measured, "kiq-bench", "test", "2026-12-01", "sharegpt-shaped"));
    }

    private static Profile withProvenance(Profile p, Provenance provenance) {
        return new Profile(p.modelServerInfo(), p.acceleratorType(), p.tpuTopology(), p.instanceType(), p.resourcesUsed(),
                p.performanceStats().subList(0, 8), provenance, p.serverConfig(), p.knee());
    }

    @Test
    void calibratesTheFamilySavesTheFactorsRemodelsItsProfilesAndResetReturnsToTheShippedOnes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("measured.yaml");
        ProfileWriter.write(measuredOnSlowerTpu(), file);

        int code = run("calibrate", "--from", file.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("tpu: median absolute error of your measurements").contains("before").contains("after");
        Path factors = FactorTable.userFile(UserFolders.forCurrentUser());
        assertThat(Files.readString(factors)).contains("tpu:").contains("userMeasurements: ");
        Path calibrated = UserFolders.forCurrentUser().profilesDir().resolve(CalibrateCommand.CALIBRATED_PROFILES);
        List<Path> profiles;
        try (Stream<Path> walk = Files.walk(calibrated)) {
            profiles = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(profiles).isNotEmpty().allMatch(p -> p.toString().contains("tpu-"));
        Profile remodeled = ProfileReader.read(profiles.get(0));
        assertThat(remodeled.provenance().toolVersion()).contains("calibrated with").contains("user measurements");
        assertThat(FactorTable.current().userMeasurements(Family.TPU)).isPositive();
        // what the wizard and the tables say of it: the user's calibration, read back from the profile
        int mine = FactorTable.current().userMeasurements(Family.TPU);
        assertThat(remodeled.provenance().userMeasurements()).hasValue(mine);
        // and the command's own line counts them the same way (it said "8 measured points" beside "32 user measurements")
        assertThat(out.toString()).containsPattern("Calibrating tpu from \\d+ measured points? \\(" + mine + " measurements\\)");
        assertThat(remodeled.provenance().accuracyDescription()).contains("then calibrated with " + mine + " user measurements");

        out.getBuffer().setLength(0);
        assertThat(run("calibrate", "--reset")).isZero();
        assertThat(out.toString()).contains("shipped factors");
        assertThat(factors).doesNotExist();
        assertThat(calibrated).doesNotExist();
        assertThat(FactorTable.current().userMeasurements(Family.TPU)).isZero();
    }

    /*
     * A measured knee far below the knee of the model's own rate sweep (here the sweep's second rate, as the knee of a bench
     * run of a few rates can be): no factors hold it, the fit bends them all toward it and predicts the measurements worse
     * than the factors in use. Nothing is saved, and the unheld knee is said. Before, such factors were saved and used
     * (audit, a 4-rate kiq bench run of kiq emulator on 1x L4: 37.8% before, 67.1% after, knee 1000 tok/s against 524).
     */
    @Test
    void aRefitThatPredictsYourMeasurementsWorseIsNotSavedAndTheUnheldKneeIsSaid(@TempDir Path dir) throws Exception {
        Profile m = measuredOnSlowerTpu();
        Profile lowKnee = new Profile(m.modelServerInfo(), m.acceleratorType(), m.tpuTopology(), m.instanceType(), m.resourcesUsed(),
                m.performanceStats(), m.provenance(), m.serverConfig(), java.util.Optional.of(m.performanceStats().get(1)));
        Path file = dir.resolve("measured.yaml");
        ProfileWriter.write(lowKnee, file);

        assertThat(run("calibrate", "--from", file.toString())).as(out.toString()).isEqualTo(2);

        assertThat(out.toString()).contains("WARNING: the tpu fit could not hold your measured knee within ±4%: " + file + "#knee");
        assertThat(err.toString()).startsWith("ERROR: Nothing saved: the refit predicts your measurements worse than the factors "
                + "in use, tpu (" + file + ": ").contains("A knee the fit cannot hold").doesNotContain("Exception");
        assertThat(FactorTable.userFile(UserFolders.forCurrentUser())).doesNotExist();
        assertThat(UserFolders.forCurrentUser().profilesDir()).doesNotExist();
        assertThat(FactorTable.current().userMeasurements(Family.TPU)).isZero();
    }

    /*
     * Measurements a server cannot make: the modeled TPU replica with every latency divided by 4 (throughput as
     * modeled). The refit needs 99.9% of the TPU's memory bandwidth (and still misses them by 24%): nothing is saved, and the message says why and what would be valid. Before, such factors were saved and used
     * (audit: an A100 profile with latencies / 3 gave 253.5% before, 57.5% after, f_bw and f_c 1.000, saved).
     */
    @Test
    void measurementsFasterThanTheAcceleratorCanServeAreNotSaved(@TempDir Path dir) throws Exception {
        Profile m = measuredOnSlowerTpu();
        List<dev.kiq.profile.PerformancePoint> faster = m.performanceStats().stream().map(pt -> new dev.kiq.profile.PerformancePoint(
                pt.queriesPerSecond(), pt.outputTokensPerSecond(), pt.inputTokensPerSecond(), pt.ntpotMilliseconds() / 4,
                pt.ttftMilliseconds() / 4, pt.itlMilliseconds() / 4, pt.queueSize(), pt.batchSize(), pt.kvCacheUsage())).toList();
        Path file = dir.resolve("measured.yaml");
        ProfileWriter.write(new Profile(m.modelServerInfo(), m.acceleratorType(), m.tpuTopology(), m.instanceType(),
                m.resourcesUsed(), faster, m.provenance(), m.serverConfig(), java.util.Optional.empty()), file);

        assertThat(run("calibrate", "--from", file.toString())).as(out.toString()).isEqualTo(2);

        assertThat(err.toString()).startsWith("ERROR: Nothing saved: the refit does not model a real server (at most 25% median "
                + "error of your measurements, below the accelerators' peak), tpu (" + file + ": ")
                .contains("needs at least 99% of the accelerators' peak memory bandwidth").contains("Valid: ");
        assertThat(FactorTable.userFile(UserFolders.forCurrentUser())).doesNotExist();
        assertThat(UserFolders.forCurrentUser().profilesDir().resolve(CalibrateCommand.CALIBRATED_PROFILES)).doesNotExist();
    }

    /*
     * Where the factors go cannot be written (a file named like their folder): said before the fit, nothing re-modeled
     * or moved. Before, the fit ran, the re-modeled profiles replaced the folder of the previous ones, and only then the
     * factors file failed: profiles of the new factors beside the old factors.
     */
    @Test
    void aFactorsFileThatCannotBeWrittenIsSaidBeforeTheFitAndNothingIsWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("measured.yaml");
        ProfileWriter.write(measuredOnSlowerTpu(), file);
        Path folder = FactorTable.userFile(UserFolders.forCurrentUser()).getParent();
        Files.createDirectories(folder.getParent());
        Files.writeString(folder, "a file where kiq keeps its calibration folder\n");

        assertThat(run("calibrate", "--from", file.toString())).isEqualTo(2);

        assertThat(err.toString()).startsWith("ERROR: Cannot write ").contains(folder + " is not a folder").doesNotContain("Exception");
        assertThat(out.toString()).doesNotContain("Calibrating").doesNotContain("Re-modeling");
        assertThat(Files.readString(folder)).isEqualTo("a file where kiq keeps its calibration folder\n");
        assertThat(UserFolders.forCurrentUser().profilesDir()).doesNotExist();
    }

    @Test
    void aModeledProfileIsRefusedSayingWhatKiqCanCalibrateAndNothingIsWritten(@TempDir Path dir) {
        Path file = dir.resolve("modeled.yaml");
        Profile measured = measuredOnSlowerTpu();
        ProfileWriter.write(withProvenance(measured, new Provenance(Provenance.Kind.modeled, "kiq-perf-model", "2", "2026-12-01", "x")), file);
        assertThat(run("calibrate", "--from", file.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("ERROR: ").contains(file.toString()).contains("ampere").contains("tpu")
                .doesNotContain("Exception");
        assertThat(FactorTable.userFile(UserFolders.forCurrentUser())).doesNotExist();
    }

    @Test
    void aProfileOfAnotherModelServerIsRefused(@TempDir Path dir) {
        Path file = dir.resolve("tgi.yaml");
        Profile m = measuredOnSlowerTpu();
        ProfileWriter.write(new Profile(new ModelServerInfo(m.modelServerInfo().model(), "tgi", "2.0.0"), m.acceleratorType(),
                m.tpuTopology(), m.instanceType(), m.resourcesUsed(), m.performanceStats(), m.provenance(), m.serverConfig(),
                m.knee()), file);
        assertThat(run("calibrate", "--from", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("measured on tgi").contains("vLLM");
    }

    @Test
    void exactlyOneModeIsRequired() {
        assertThat(run("calibrate")).isEqualTo(2);
        assertThat(err.toString()).contains("--from").contains("--reset").contains("--corpus");
        assertThat(run("calibrate", "--reset")).isZero();
        assertThat(out.toString()).contains("no calibration of your own");
    }

    @Test
    void nestedGoesWithCorpusAndNeedsItsDocsSectionBeforeAnyFit(@TempDir Path dir) throws Exception {
        assertThat(run("calibrate", "--nested")).isEqualTo(2);
        assertThat(err.toString()).contains("ERROR: --nested goes with --corpus");
        // a docs file without the nested section is refused before the minutes of the nested cross-validation
        Path docs = dir.resolve("doc.md");
        java.nio.file.Files.writeString(docs, "no sections here\n");
        assertThat(run("calibrate", "--corpus", "--reduced", "1", "--nested", "--docs", docs.toString(),
                "--output-dir", dir.resolve("out").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--docs " + docs).contains(CalibrationFiles.NESTED_BEGIN);
        assertThat(java.nio.file.Files.readString(docs)).isEqualTo("no sections here\n");
    }

    /*
     * calibrate --corpus writes factors.yaml, accuracy.yaml and the docs section of one fit. An accuracy.yaml that cannot
     * be written (a folder of that name) is said before the fit and nothing is replaced. Before, the fit ran, factors.yaml
     * was replaced and only then accuracy.yaml failed: new factors beside the old accuracy and docs (seen from the jar).
     */
    @Test
    void anAccuracyFileThatCannotBeWrittenIsSaidBeforeTheFitAndTheFactorsStayAsTheyWere(@TempDir Path dir) throws Exception {
        Path docs = dir.resolve("doc.md");
        Files.writeString(docs, CalibrationFiles.DOCS_BEGIN + "\nold\n" + CalibrationFiles.DOCS_END + "\n");
        Path output = Files.createDirectory(dir.resolve("out"));
        Files.writeString(output.resolve(CalibrationFiles.FACTORS), "old factors\n");
        Files.createDirectory(output.resolve(CalibrationFiles.ACCURACY));

        assertThat(run("calibrate", "--corpus", "--reduced", "1", "--docs", docs.toString(), "--output-dir", output.toString()))
                .isEqualTo(2);

        assertThat(err.toString()).startsWith("ERROR: Cannot write " + output.resolve(CalibrationFiles.ACCURACY) + ": it is a folder");
        assertThat(out.toString()).doesNotContain("fitting");
        assertThat(Files.readString(output.resolve(CalibrationFiles.FACTORS))).isEqualTo("old factors\n");
        assertThat(Files.readString(docs)).contains("\nold\n");
    }

    /*
     * A run interrupted while putting its three files in place leaves the staged files of those not yet replaced: the
     * next run is refused before the fit, naming them and which files were replaced, and touches nothing.
     */
    @Test
    void theStagedFilesOfAnInterruptedCorpusRunAreSaidBeforeTheFit(@TempDir Path dir) throws Exception {
        Path docs = dir.resolve("doc.md");
        Files.writeString(docs, CalibrationFiles.DOCS_BEGIN + "\nold\n" + CalibrationFiles.DOCS_END + "\n");
        Path output = Files.createDirectory(dir.resolve("out"));
        Path factors = output.resolve(CalibrationFiles.FACTORS);
        Files.writeString(factors, "new factors\n");
        Path stagedAccuracy = output.resolve("." + CalibrationFiles.ACCURACY + ".kiq-staged");
        Path stagedDocs = dir.resolve(".doc.md.kiq-staged");
        Files.writeString(stagedAccuracy, "new accuracy\n");
        Files.writeString(stagedDocs, "new docs\n");

        assertThat(run("calibrate", "--corpus", "--reduced", "1", "--docs", docs.toString(), "--output-dir", output.toString()))
                .isEqualTo(2);

        assertThat(err.toString().lines().filter(l -> l.startsWith("ERROR:")).toList()).singleElement().asString()
                .contains("left " + stagedAccuracy + ", " + stagedDocs)
                .contains("replaced: " + factors + "; not replaced: " + output.resolve(CalibrationFiles.ACCURACY) + ", " + docs)
                .endsWith("run the command again, which rewrites all 3.");
        assertThat(out.toString()).doesNotContain("fitting");
        assertThat(Files.readString(docs)).contains("\nold\n");
        assertThat(Files.readString(stagedAccuracy)).isEqualTo("new accuracy\n");
        assertThat(output.resolve(CalibrationFiles.ACCURACY)).doesNotExist();
    }

    /* The same file twice (by another path too) would weigh its points twice: refused before anything is read or fitted. */
    @Test
    void theSameMeasuredFileTwiceIsRefusedBeforeTheFit(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("measured.yaml");
        ProfileWriter.write(measuredOnSlowerTpu(), file);
        assertThat(run("calibrate", "--from", file.toString(), "--from", dir.resolve(".").resolve("measured.yaml").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).startsWith("ERROR: --from " + dir.resolve(".").resolve("measured.yaml") + " is given twice (also as "
                + file + "): its points would weigh twice in the fit; valid: each measured file once.");
        assertThat(out.toString()).doesNotContain("Calibrating");
        assertThat(FactorTable.userFile(UserFolders.forCurrentUser())).doesNotExist();
    }

    /* A damaged calibration of your own is named with its line and field, before any fit; --reset still removes it. */
    @Test
    void aDamagedCalibrationOfYourOwnIsNamedWithItsLineAndField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("measured.yaml");
        ProfileWriter.write(measuredOnSlowerTpu(), file);
        Path factors = FactorTable.userFile(UserFolders.forCurrentUser());
        Files.createDirectories(factors.getParent());
        Files.writeString(factors, "tpu:\n  f_bw: 0.8\n");

        assertThat(run("calibrate", "--from", file.toString())).isEqualTo(2);

        assertThat(err.toString()).startsWith("ERROR: " + factors + ", line 2, field tpu.f_bw: unknown field").doesNotContain("Exception");
        assertThat(out.toString()).doesNotContain("Calibrating");
        assertThat(run("calibrate", "--reset")).isZero();
        assertThat(factors).doesNotExist();
    }

    /*
     * One behaviour for a calibration of your own that kiq cannot read: every verb that reads your factors, or the
     * profiles re-modeled with them, refuses with one ERROR line naming the file, line and field (exit 2) and leaves the
     * file as it was. Before, simulate and calibrate refused it while profiles list, accelerators list and manifests
     * create read the re-modeled profiles as if nothing were wrong.
     */
    @Test
    void everyVerbThatReadsYourFactorsRefusesADamagedCalibrationAndLeavesIt() throws Exception {
        String model = "meta-llama/Llama-3.2-1B-Instruct";
        String damaged = "# my calibration\nampere:\n  bandwidthFraction: banana\n";
        Path factors = FactorTable.userFile(UserFolders.forCurrentUser());
        Files.createDirectories(factors.getParent());
        Files.writeString(factors, damaged);
        // line 3 of the file (after a comment line), field ampere.bandwidthFraction, what is valid, and how to replace it
        String expected = "ERROR: " + factors + ", line 3, field ampere.bandwidthFraction: \"banana\" is not a number; "
                + "valid: a finite number (kiq calibrate --from writes this file; kiq calibrate --reset removes it)";
        for (List<String> args : List.of(
                List.of("profiles", "list"),
                List.of("accelerators", "list", "--model", model),
                List.of("manifests", "create", "--model", model, "--model-server", "vllm", "--accelerator-type", "nvidia-l4",
                        "--output-path", home.resolve("m.yaml").toString()),
                List.of("simulate", "--model", model, "--accelerator-type", "nvidia-l4", "--rates", "1"))) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            assertThat(run(args.toArray(String[]::new))).as("%s: %s", args, err).isEqualTo(2);
            assertThat(err.toString().lines().toList()).as("%s", args).containsExactly(expected);
            assertThat(out.toString()).as("%s", args).isEmpty();
            assertThat(Files.readString(factors)).as("the file after %s", args).isEqualTo(damaged);
        }
        assertThat(home.resolve("m.yaml")).doesNotExist();
        // the way out the message names still works, and only on the user's word
        assertThat(run("calibrate", "--reset")).isZero();
        assertThat(factors).doesNotExist();
        err.getBuffer().setLength(0);
        assertThat(run("profiles", "list")).as(err.toString()).isZero();
    }
}
